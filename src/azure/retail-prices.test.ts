/**
 * @module The adapter's paging rules on answers the emulator never gives (its `NextPageLink` is
 * always right): a full page without `NextPageLink` (the 2023 outage) continues with `$skip`; a
 * link to another origin, an answer in another currency or of another shape is refused. Served
 * by a canned `fetch`; everything else is tested over HTTPS in test/contract/prices.test.ts.
 */
import { describe, expect, it } from "vitest";
import { RetailPricesApi, type FetchLike } from "./retail-prices.js";

const BASE = "https://prices.example.test";

function item(i: number) {
  return {
    currencyCode: "USD",
    retailPrice: i === 0 ? 3.673 : 9,
    unitOfMeasure: "1 Hour",
    armRegionName: "eastus",
    armSkuName: "Standard_NC24ads_A100_v4",
    meterName: "NC24ads A100 v4",
    productName: `Virtual Machines NCads A100 v4 Series${i === 0 ? "" : " Windows"}`,
    skuName: "NC24ads A100 v4",
    serviceName: "Virtual Machines",
    type: "Consumption",
    effectiveStartDate: "2026-01-01T00:00:00Z",
  };
}

/** Answers the given bodies in turn and records the URLs asked. */
function canned(bodies: unknown[]): { fetch: FetchLike; urls: string[] } {
  const urls: string[] = [];
  const fetch: FetchLike = (url) => {
    urls.push(url);
    const body = bodies.shift();
    return Promise.resolve(new Response(JSON.stringify(body), { status: 200 }));
  };
  return { fetch, urls };
}

const page = (items: unknown[], next: string | null = null, currency = "USD") => ({
  BillingCurrency: currency,
  CustomerEntityId: "Default",
  CustomerEntityType: "Retail",
  Items: items,
  NextPageLink: next,
  Count: items.length,
});

const query = { vmSize: "Standard_NC24ads_A100_v4", region: "eastus" };
const now = () => new Date("2026-11-23T00:00:00Z");

describe("RetailPricesApi paging", () => {
  it("continues with $skip after a full page that came without NextPageLink", async () => {
    const full = Array.from({ length: 100 }, (_, i) => item(i + 1));
    const { fetch, urls } = canned([page(full), page([item(0)]), page([])]);
    const answer = await new RetailPricesApi({ baseUrl: BASE, fetch, now }).prices(query);
    expect(answer.prices.payg?.usdPerHour).toBe(3.673);
    expect(urls.map((u) => new URL(u).searchParams.get("$skip"))).toEqual([null, "100"]);
  });

  it("refuses a NextPageLink to another origin", async () => {
    const { fetch } = canned([
      page([item(0)], "https://elsewhere.test/api/retail/prices?$skip=100"),
    ]);
    const error = await new RetailPricesApi({ baseUrl: BASE, fetch, now })
      .prices(query)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "InvalidResponse" });
  });

  it("follows a NextPageLink on its own origin, with the real API's :443", async () => {
    const link = `${BASE}:443/api/retail/prices?$skip=100`;
    const { fetch, urls } = canned([page([], link), page([item(0)])]);
    await new RetailPricesApi({ baseUrl: BASE, fetch, now }).prices(query);
    expect(urls[1]).toBe(`${BASE}/api/retail/prices?$skip=100`);
  });

  it("refuses an answer in another currency or of another shape", async () => {
    const eur = canned([page([item(0)], null, "EUR")]);
    const error = await new RetailPricesApi({ baseUrl: BASE, fetch: eur.fetch, now })
      .prices(query)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "InvalidResponse" });
    const odd = canned([{ value: [] }]);
    const shape = await new RetailPricesApi({ baseUrl: BASE, fetch: odd.fetch, now })
      .prices(query)
      .catch((e: unknown) => e);
    expect(shape).toMatchObject({ code: "InvalidResponse", status: 200 });
  });
});
