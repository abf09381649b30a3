/**
 * @module The emulated Retail Prices API on the wire: the real response shape, `$filter` values
 * compared case-sensitively, `and`/`or`/`ne`/parentheses, `currencyCode` as a parameter (and
 * nothing at all when it is put in `$filter`, like the real API), paging with `NextPageLink` and
 * `Count`, and 400 for what it does not understand. Unauthenticated, like the real API.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { emulatorRequest, startEmulator, type Emulator } from "../../src/emulator/index.js";

interface PricesPage {
  BillingCurrency: string;
  CustomerEntityId: string;
  CustomerEntityType: string;
  Items: Record<string, unknown>[];
  NextPageLink: string | null;
  Count: number;
}

let emulator: Emulator | undefined;

beforeAll(async () => {
  emulator = await startEmulator();
});

afterAll(async () => {
  await emulator?.stop();
});

async function get(query: string): Promise<{ status: number; body: PricesPage }> {
  if (emulator === undefined) throw new Error("emulator not started");
  const answer = await emulatorRequest(emulator, "GET", `/api/retail/prices?${query}`, {
    bearer: false,
  });
  return { status: answer.status, body: answer.body as PricesPage };
}

const filter = (text: string): string => `$filter=${encodeURIComponent(text)}`;
const A100 = "armSkuName eq 'Standard_NC24ads_A100_v4' and armRegionName eq 'eastus'";

describe("emulated Retail Prices API", () => {
  it("answers in the real shape, one row per meter, reservations at the whole-term price", async () => {
    const { status, body } = await get(`currencyCode='USD'&${filter(A100)}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      BillingCurrency: "USD",
      CustomerEntityId: "Default",
      CustomerEntityType: "Retail",
      NextPageLink: null,
      Count: 5,
    });
    const rows = body.Items.map((i) => [i.type, i.productName, i.skuName, i.retailPrice]);
    expect(rows).toEqual([
      [
        "Consumption",
        "Virtual Machines NC A100 v4 Series Windows",
        "NC24ads A100 v4",
        3.673 + 0.046 * 24,
      ],
      ["Consumption", "Virtual Machines NC A100 v4 Series", "NC24ads A100 v4 Low Priority", 0.7346],
      ["Consumption", "Virtual Machines NC A100 v4 Series", "NC24ads A100 v4", 3.673],
      ["Reservation", "Virtual Machines NC A100 v4 Series", "NC24ads A100 v4", 19622.4],
      ["Consumption", "Virtual Machines NC A100 v4 Series", "NC24ads A100 v4 Spot", 0.7345],
    ]);
    expect(body.Items[3]).toMatchObject({
      currencyCode: "USD",
      tierMinimumUnits: 0,
      reservationTerm: "1 Year",
      unitPrice: 19622.4,
      armRegionName: "eastus",
      location: "US East",
      effectiveStartDate: "2026-09-12T00:00:00Z",
      meterName: "NC24ads A100 v4",
      serviceName: "Virtual Machines",
      serviceFamily: "Compute",
      unitOfMeasure: "1 Hour",
      isPrimaryMeterRegion: true,
      armSkuName: "Standard_NC24ads_A100_v4",
    });
    expect(body.Items[3]?.meterId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
    expect(body.Items[2]).not.toHaveProperty("reservationTerm");
  });

  it("compares filter values case-sensitively", async () => {
    const lower = await get(filter("armSkuName eq 'standard_nc24ads_a100_v4'"));
    expect(lower.body.Items).toEqual([]);
    const region = await get(
      filter("armSkuName eq 'Standard_NC24ads_A100_v4' and armRegionName eq 'EastUS'"),
    );
    expect(region.body.Count).toBe(0);
    const fieldCase = await get(
      filter("ARMSKUNAME EQ 'Standard_NC24ads_A100_v4' AND priceType eq 'Reservation'"),
    );
    expect(fieldCase.body.Count).toBe(1);
  });

  it("understands or, ne and parentheses", async () => {
    const { body } = await get(
      filter(
        "(armSkuName eq 'Standard_NV36ads_A10_v5' or armSkuName eq 'Standard_NC40ads_H100_v5') " +
          "and priceType ne 'Reservation' and armRegionName eq 'eastus2'",
      ),
    );
    expect(body.Items.map((i) => [i.armSkuName, i.skuName])).toEqual([
      ["Standard_NV36ads_A10_v5", "NV36ads A10 v5 Spot"],
    ]);
  });

  it("converts with currencyCode as a parameter, and answers nothing when it is in $filter", async () => {
    const eur = await get(`currencyCode='EUR'&${filter(`${A100} and priceType eq 'Reservation'`)}`);
    expect(eur.body.BillingCurrency).toBe("EUR");
    expect(eur.body.Items[0]).toMatchObject({ currencyCode: "EUR", retailPrice: 16875.264 });
    const trap = await get(filter(`${A100} and currencyCode eq 'USD'`));
    expect(trap.status).toBe(200);
    expect(trap.body.Items).toEqual([]);
  });

  it("answers every row on one page of up to 100, and $skip moves on", async () => {
    const all = await get("currencyCode='USD'");
    expect(all.body.Items.length).toBeLessThan(100);
    expect(all.body).toMatchObject({ Count: all.body.Items.length, NextPageLink: null });
    const skipped = await get("$skip=3");
    expect(skipped.body.Items[0]).toEqual(all.body.Items[3]);
  });

  it("pages with an absolute NextPageLink that keeps the query, and the page's Count", async () => {
    const small = await startEmulator({ retailPrices: { pageSize: 10 } });
    try {
      const whole = await get("currencyCode='USD'");
      const rows: unknown[] = [];
      let path: string | null = `/api/retail/prices?currencyCode='USD'`;
      while (path !== null) {
        const answer = await emulatorRequest(small, "GET", path, { bearer: false });
        const page = answer.body as PricesPage;
        expect(page.Count).toBe(page.Items.length);
        rows.push(...page.Items);
        if (page.NextPageLink === null) path = null;
        else {
          const next = new URL(page.NextPageLink);
          expect(next.origin).toBe(small.url);
          expect(next.searchParams.get("currencyCode")).toBe("'USD'");
          expect(next.searchParams.get("$skip")).toBe(String(rows.length));
          path = `${next.pathname}${next.search}`;
        }
      }
      expect(rows).toEqual(whole.body.Items);
    } finally {
      await small.stop();
    }
  });

  it("answers 400 to a filter, currency or $skip it does not understand", async () => {
    for (const query of [
      filter("armSkuName eq Standard_NC24ads_A100_v4"),
      filter("meterRegion eq 'primary'"),
      filter("armSkuName eq 'x"),
      filter("contains(armSkuName, 'A100')"),
      "currencyCode='XYZ'",
      "$skip=-1",
    ]) {
      const { status, body } = await get(query);
      expect({ query, status }).toEqual({ query, status: 400 });
      expect(body).toHaveProperty("error.code", "BadRequest");
    }
  });
});
