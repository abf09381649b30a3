/**
 * @module The prices port contract (`PriceReader`): one suite that the in-memory fake and the
 * Retail Prices API adapter (over HTTPS against the emulator, which serves the bundled snapshot)
 * must both pass: hourly figures per kind with basis and date, reservations as hourly
 * equivalents, canonical names whatever the casing, regions kept apart, nothing invented for an
 * unpriced size or region, and names that are not ARM names refused before anything is sent.
 */
import { describe, expect, it } from "vitest";
import { PriceError, type PriceReader } from "../../src/ports/prices.js";

/** The instant every implementation dates its figures with. */
export const PRICES_NOW = new Date("2026-11-23T09:30:00Z");

export type MakePriceReader = () => Promise<PriceReader>;

async function rejection(call: Promise<unknown>): Promise<unknown> {
  return call.then(
    () => undefined,
    (e: unknown) => e,
  );
}

export function describePricesContract(name: string, make: MakePriceReader): void {
  describe(`prices contract: ${name}`, () => {
    it("prices a size in a region by kind, each figure with its basis, source and date", async () => {
      const reader = await make();
      const answer = await reader.prices({ vmSize: "Standard_NC24ads_A100_v4", region: "eastus" });
      expect(answer.vmSize).toBe("Standard_NC24ads_A100_v4");
      expect(answer.region).toBe("eastus");
      expect(Object.keys(answer.prices).sort()).toEqual(["payg", "reserved1y", "spot"]);
      expect(answer.prices.payg?.usdPerHour).toBeCloseTo(3.673, 9);
      expect(answer.prices.spot?.usdPerHour).toBeCloseTo(0.7345, 9);
      for (const [kind, price] of Object.entries(answer.prices)) {
        expect(price).toMatchObject({
          basis: "retail-api",
          kind,
          vmSize: "Standard_NC24ads_A100_v4",
          region: "eastus",
          currency: "USD",
          asOf: "2026-11-23",
          effectiveFrom: "2026-09-12",
        });
        expect(price.source).not.toBe("");
      }
    });

    it("gives reservations as hourly equivalents, not whole-term prices", async () => {
      const reader = await make();
      const answer = await reader.prices({ vmSize: "Standard_NC48ads_A100_v4", region: "eastus" });
      expect(answer.prices.reserved1y?.usdPerHour).toBeCloseTo(4.8, 9);
      expect(answer.prices.payg?.usdPerHour).toBeCloseTo(7.346, 9);
    });

    it("accepts any casing and answers with the canonical names", async () => {
      const reader = await make();
      const answer = await reader.prices({ vmSize: "standard_nc24ADS_a100_V4", region: "EastUS" });
      expect(answer.vmSize).toBe("Standard_NC24ads_A100_v4");
      expect(answer.region).toBe("eastus");
      expect(answer.prices.payg?.usdPerHour).toBeCloseTo(3.673, 9);
    });

    it("keeps regions apart", async () => {
      const reader = await make();
      const east = await reader.prices({ vmSize: "Standard_NV36ads_A10_v5", region: "eastus" });
      const east2 = await reader.prices({ vmSize: "Standard_NV36ads_A10_v5", region: "eastus2" });
      expect(Object.keys(east.prices)).toEqual(["payg"]);
      expect(Object.keys(east2.prices)).toEqual(["spot"]);
      expect(east2.prices.spot?.usdPerHour).toBeCloseTo(0.59136, 9);
    });

    it("invents nothing for a region or size without prices", async () => {
      const reader = await make();
      const west = await reader.prices({
        vmSize: "Standard_NC24ads_A100_v4",
        region: "westeurope",
      });
      expect(west.prices).toEqual({});
      const other = await reader.prices({ vmSize: "Standard_Fancy_v9", region: "eastus" });
      expect(other).toEqual({ vmSize: "Standard_Fancy_v9", region: "eastus", prices: {} });
    });

    it("refuses a size or region that is not an ARM name", async () => {
      const reader = await make();
      const error = await rejection(
        reader.prices({ vmSize: "Standard_NC24ads_A100_v4' or '1' eq '1", region: "eastus" }),
      );
      expect(error).toBeInstanceOf(PriceError);
      expect((error as PriceError).code).toBe("InvalidName");
      const region = await rejection(
        reader.prices({ vmSize: "Standard_NC4as_T4_v3", region: "east us" }),
      );
      expect((region as PriceError).code).toBe("InvalidName");
    });
  });
}
