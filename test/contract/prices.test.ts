/**
 * @module Runs the prices contract against the in-memory fake and against the Retail Prices API
 * adapter talking HTTPS to an emulator started for this file (trusting its test CA); then the
 * emulator-only parts: every page followed, 429/5xx retried within bounds, errors coded, and the
 * cache with its snapshot fallback when the API fails.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CachedPriceReader } from "../../src/azure/price-cache.js";
import { RetailPricesApi, type RetailPricesOptions } from "../../src/azure/retail-prices.js";
import { priceBasisLabel } from "../../src/core/skus/index.js";
import { startEmulator, type Emulator } from "../../src/emulator/index.js";
import { PriceError, type PriceQuery } from "../../src/ports/prices.js";
import { FakePrices } from "../fakes/fake-prices.js";
import { describePricesContract, PRICES_NOW } from "./prices.contract.js";

const A100: PriceQuery = { vmSize: "Standard_NC24ads_A100_v4", region: "eastus" };

describePricesContract("in-memory fake", () => Promise.resolve(new FakePrices(() => PRICES_NOW)));

describe("on the emulator, over HTTPS", () => {
  let emulator: Emulator | undefined;
  const running = (): Emulator => {
    if (emulator === undefined) throw new Error("emulator not started");
    return emulator;
  };
  const api = (options: RetailPricesOptions = {}): RetailPricesApi =>
    new RetailPricesApi({
      baseUrl: running().url,
      ca: running().caCertificate,
      now: () => PRICES_NOW,
      retryDelayMs: 1,
      ...options,
    });
  const priceRequests = () => running().requests.list({ pathContains: "/api/retail/prices" });

  beforeAll(async () => {
    // Three rows a page, so one size's rows (Linux, Windows, Low Priority, Spot, 1 year) span pages.
    emulator = await startEmulator({ retailPrices: { pageSize: 3 } });
  });

  afterAll(async () => {
    await emulator?.stop();
  });

  beforeEach(() => {
    running().faults.clear();
    running().requests.clear();
  });

  describePricesContract("Retail Prices API adapter", () => Promise.resolve(api()));

  it("follows every page and sends currencyCode as a parameter, with case-exact filter values", async () => {
    const answer = await api().prices({ vmSize: "standard_nc24ads_a100_v4", region: "EastUS" });
    expect(answer.prices.reserved1y?.usdPerHour).toBeCloseTo(2.24, 9);
    const requests = priceRequests();
    expect(requests.map((r) => r.status)).toEqual([200, 200]);
    const first = new URLSearchParams(requests[0]?.query);
    expect(first.get("currencyCode")).toBe("'USD'");
    expect(first.get("$filter")).toBe(
      "serviceName eq 'Virtual Machines' and armRegionName eq 'eastus' and " +
        "armSkuName eq 'Standard_NC24ads_A100_v4'",
    );
    expect(new URLSearchParams(requests[1]?.query).get("$skip")).toBe("3");
  });

  it("retries 429 and 5xx answers, honouring Retry-After", async () => {
    running().faults.add({
      path: "/api/retail/prices",
      status: 429,
      retryAfterSeconds: 0,
      times: 1,
    });
    running().faults.add({ path: "/api/retail/prices", status: 503, times: 1 });
    const answer = await api().prices(A100);
    expect(answer.prices.payg?.usdPerHour).toBeCloseTo(3.673, 9);
    expect(priceRequests().map((r) => r.status)).toEqual([429, 503, 200, 200]);
  });

  it("gives up after a bounded number of tries with a coded error", async () => {
    running().faults.add({ path: "/api/retail/prices", status: 503 });
    const error = await api({ maxAttempts: 3 })
      .prices(A100)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PriceError);
    expect(error).toMatchObject({ code: "Transient", status: 503 });
    expect(priceRequests()).toHaveLength(3);

    running().faults.clear();
    running().faults.add({ path: "/api/retail/prices", status: 429 });
    const throttled = await api({ maxAttempts: 2 })
      .prices(A100)
      .catch((e: unknown) => e);
    expect(throttled).toMatchObject({ code: "Throttled", status: 429 });
  });

  it("does not retry a request the API rejects", async () => {
    running().faults.add({ path: "/api/retail/prices", status: 400, code: "BadRequest" });
    const error = await api()
      .prices(A100)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "Rejected", status: 400 });
    expect(priceRequests()).toHaveLength(1);
  });

  it("maps a dropped connection to Transient", async () => {
    running().faults.add({ path: "/api/retail/prices", drop: true });
    const error = await api({ maxAttempts: 2 })
      .prices(A100)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "Transient" });
  });

  describe("cache and snapshot fallback", () => {
    let clock = 0;
    const cached = (fallbacks: PriceQuery[] = []) =>
      new CachedPriceReader(api({ maxAttempts: 1 }), {
        ttlMs: 60_000,
        fallbackTtlMs: 5_000,
        now: () => clock,
        onFallback: (query) => fallbacks.push(query),
      });

    beforeEach(() => {
      clock = 0;
    });

    it("serves a size and region from memory until its time is up", async () => {
      const reader = cached();
      const [a, b] = await Promise.all([reader.prices(A100), reader.prices(A100)]);
      expect(b).toBe(a);
      clock = 59_999;
      await reader.prices({ vmSize: "STANDARD_NC24ADS_A100_V4", region: "EASTUS" });
      expect(priceRequests()).toHaveLength(2); // one query of two pages
      clock = 60_000;
      await reader.prices(A100);
      expect(priceRequests()).toHaveLength(4);
    });

    it("answers from the dated snapshot when the API fails, and asks again soon", async () => {
      running().faults.add({ path: "/api/retail/prices", status: 503 });
      const fallbacks: PriceQuery[] = [];
      const reader = cached(fallbacks);
      const answer = await reader.prices(A100);
      const payg = answer.prices.payg;
      expect(payg).toMatchObject({ basis: "list-snapshot", usdPerHour: 3.673 });
      expect(payg === undefined ? "" : priceBasisLabel(payg)).toBe("snapshot 2026-09-12");
      expect(fallbacks).toEqual([A100]);

      running().faults.clear();
      clock = 4_999;
      expect((await reader.prices(A100)).prices.payg?.basis).toBe("list-snapshot");
      clock = 5_000;
      expect((await reader.prices(A100)).prices.payg?.basis).toBe("retail-api");
    });

    it("does not hide a name that is not an ARM name behind the snapshot", async () => {
      const error = await cached()
        .prices({ vmSize: "a b", region: "eastus" })
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "InvalidName" });
    });
  });
});
