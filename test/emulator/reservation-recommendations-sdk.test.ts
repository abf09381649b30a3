/**
 * @module Azure's reservation recommendations through `@azure/arm-consumption` against the
 * emulator over HTTPS: the adapter asks with the scope and 30-day look-back filter, follows every
 * page, and converts legacy items; a pool that ran all month is recommended for both terms, a
 * stopped one is not (and Azure says nothing about it).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createReservationRecommendations } from "../../src/azure/reservation-recommendations.js";
import { staticTokenCredential } from "../../src/emulator/client-options.js";
import { startEmulator, type Emulator } from "../../src/emulator/index.js";
import { CostError } from "../../src/ports/costs.js";
import { smallFleet, SUB_A, SUB_B } from "./helpers.js";

let emu: Emulator;

beforeAll(async () => {
  emu = await startEmulator({ fleet: smallFleet() });
  emu.clock.set("2026-12-25T00:00:00Z"); // 32 days after the fleet's start
  emu.configure({ listPageSize: 1 }); // every item on its own page
});

afterAll(async () => {
  await emu.stop();
});

const source = () =>
  createReservationRecommendations(staticTokenCredential(), {
    endpoint: emu.url,
    ca: emu.caCertificate,
    maxRetries: 0,
  });

describe("reservation recommendations adapter on the emulator", () => {
  it("lists 30-day Single-scope recommendations across pages, converted", async () => {
    const found = await (await source()).list(SUB_A, "Single");
    const gpu = found.filter((r) => r.vmSize === "Standard_NC24ads_A100_v4");
    expect(gpu.map((r) => r.term).sort()).toEqual(["1y", "3y"]);
    for (const rec of gpu) {
      expect(rec).toMatchObject({ quantity: 2, scope: "Single", lookBackPeriod: "Last30Days" });
      expect(rec.netSavings).toBeGreaterThan(0);
      expect(rec.totalCostWithReservedInstances).toBeLessThan(rec.costWithNoReservedInstances);
    }
    expect(found.some((r) => r.vmSize === "Standard_NC4as_T4_v3")).toBe(false); // stopped
    expect(found.some((r) => r.vmSize === "Standard_NV36ads_A10_v5")).toBe(false); // other sub
  });

  it("asks for Shared scope too, per subscription", async () => {
    const shared = await (await source()).list(SUB_B, "Shared");
    expect(shared.map((r) => [r.vmSize, r.scope, r.quantity])).toContainEqual([
      "Standard_NV36ads_A10_v5",
      "Shared",
      2,
    ]);
  });

  it("maps an unknown subscription to a coded error", async () => {
    const error: unknown = await (
      await source()
    )
      .list("99999999-9999-4999-8999-999999999999", "Single")
      .catch((e: unknown) => e);
    expect(error instanceof CostError && error.code).toBe("NotFound");
  });
});
