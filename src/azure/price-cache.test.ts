/**
 * @module The store-backed price cache: a fresh stored answer spares the API, a stale one is
 * refreshed, and when the API fails a stale copy beats the snapshot; a failing store never fails
 * a lookup.
 */
import { describe, expect, it } from "vitest";
import { FakePrices } from "../../test/fakes/fake-prices.js";
import { PriceError, type PriceStore, type StoredPrices } from "../ports/prices.js";
import { createMemoryStore } from "../storage/memory-store.js";
import { CachedPriceReader, PersistedPriceReader } from "./price-cache.js";

const QUERY = { vmSize: "Standard_NC24ads_A100_v4", region: "eastus" };
const DAY = 86_400_000;

function setup(now: { t: number }) {
  const api = new FakePrices(() => new Date(now.t));
  const store = createMemoryStore().prices;
  return { api, store, reader: new PersistedPriceReader(api, store, { now: () => now.t }) };
}

describe("PersistedPriceReader", () => {
  it("answers from a stored copy younger than a day without asking the API", async () => {
    const now = { t: Date.parse("2026-11-27T00:00:00Z") };
    const { api, reader } = setup(now);
    const first = await reader.prices(QUERY);
    now.t += DAY - 1;
    expect(await reader.prices(QUERY)).toEqual(first);
    expect(api.calls).toHaveLength(1);
    now.t += 2;
    await reader.prices(QUERY);
    expect(api.calls).toHaveLength(2);
  });

  it("serves the stale stored copy when the API fails, and fails when there is none", async () => {
    const now = { t: Date.parse("2026-11-27T00:00:00Z") };
    const { api, reader } = setup(now);
    const stored = await reader.prices(QUERY);
    now.t += 3 * DAY;
    api.failures.push(new PriceError("Transient", "503"));
    expect(await reader.prices(QUERY)).toEqual(stored);
    api.failures.push(new PriceError("Transient", "503"));
    await expect(reader.prices({ ...QUERY, region: "westus2" })).rejects.toThrow("503");
  });

  it("asks the API when the store fails, and the memory cache then falls back to the snapshot", async () => {
    const broken: PriceStore = {
      get: () => Promise.reject(new Error("table unavailable")),
      upsert: () => Promise.reject(new Error("table unavailable")),
    };
    const api = new FakePrices(() => new Date("2026-11-27T00:00:00Z"));
    const reader = new PersistedPriceReader(api, broken);
    expect((await reader.prices(QUERY)).prices.payg?.basis).toBe("retail-api");
    api.failures.push(new PriceError("Transient", "503"));
    const cached = new CachedPriceReader(reader);
    expect((await cached.prices(QUERY)).prices.payg?.basis).toBe("list-snapshot");
  });

  it("keeps what it stores readable by the next instance", async () => {
    const now = { t: Date.parse("2026-11-27T00:00:00Z") };
    const { store, reader } = setup(now);
    await reader.prices(QUERY);
    const row = await store.get("standard_nc24ads_a100_v4|eastus");
    expect(row?.value satisfies StoredPrices | undefined).toMatchObject({
      fetchedAt: "2026-11-27T00:00:00.000Z",
      answer: { vmSize: "Standard_NC24ads_A100_v4", region: "eastus" },
    });
  });
});
