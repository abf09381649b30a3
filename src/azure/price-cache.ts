/**
 * @module The price cache of the adapter layer: an in-memory TTL cache in front of any
 * `PriceReader` (the Retail Prices API), which falls back to the bundled, dated snapshot
 * (`src/core/skus`, basis "snapshot <date>") when the source fails. Fallback answers are kept for
 * a shorter time, so a recovered API is asked again soon. Concurrent asks for one size and region
 * share one request. Behind it, the state store's copy (`PersistedPriceReader`) serves every
 * instance for a day and stands in, stale, when the API fails.
 */
import {
  listPrice,
  PRICE_KINDS,
  findSku,
  type HourlyPrice,
  type PriceKind,
} from "../core/skus/index.js";
import {
  PriceError,
  type PriceQuery,
  type PriceReader,
  type PriceStore,
  type SkuPrices,
} from "../ports/prices.js";
import { RetailPricesApi, type RetailPricesOptions } from "./retail-prices.js";

/** The bundled snapshot's prices for a size and region (kinds it lacks are absent). */
export function snapshotPrices(query: PriceQuery): SkuPrices {
  const region = query.region.toLowerCase();
  const prices: Partial<Record<PriceKind, HourlyPrice>> = {};
  for (const kind of PRICE_KINDS) {
    const price = listPrice(query.vmSize, kind, region);
    if (price !== undefined) prices[kind] = price;
  }
  return { vmSize: findSku(query.vmSize)?.vmSize ?? query.vmSize, region, prices };
}

export interface PriceCacheOptions {
  /** How long a live answer is served from memory (default 6 h). */
  readonly ttlMs?: number;
  /** How long a snapshot fallback is served before the source is asked again (default 5 min). */
  readonly fallbackTtlMs?: number;
  /** Entries kept at most; the oldest go first (default 1,000). */
  readonly maxEntries?: number;
  /** Milliseconds clock (default `Date.now`). */
  readonly now?: () => number;
  /** Told each time the snapshot stands in for the source (for the log). */
  readonly onFallback?: (query: PriceQuery, error: PriceError) => void;
}

interface Entry {
  readonly expires: number;
  readonly answer: Promise<SkuPrices>;
}

/** A `PriceReader` that caches and never fails on a source outage (it answers from the snapshot). */
export class CachedPriceReader implements PriceReader {
  private readonly entries = new Map<string, Entry>();
  private readonly now: () => number;

  constructor(
    private readonly source: PriceReader,
    private readonly options: PriceCacheOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  prices(query: PriceQuery): Promise<SkuPrices> {
    const key = `${query.vmSize.toLowerCase()}|${query.region.toLowerCase()}`;
    const now = this.now();
    const hit = this.entries.get(key);
    if (hit !== undefined && hit.expires > now) return hit.answer;
    this.entries.delete(key);
    const ttl = this.options.ttlMs ?? 6 * 3_600_000;
    const answer = this.ask(query, key);
    this.remember(key, { expires: now + ttl, answer });
    return answer;
  }

  private async ask(query: PriceQuery, key: string): Promise<SkuPrices> {
    try {
      return await this.source.prices(query);
    } catch (e) {
      if (!(e instanceof PriceError) || e.code === "InvalidName") {
        this.entries.delete(key);
        throw e;
      }
      this.options.onFallback?.(query, e);
      const fallback = snapshotPrices(query);
      const expires = this.now() + (this.options.fallbackTtlMs ?? 300_000);
      this.remember(key, { expires, answer: Promise.resolve(fallback) });
      return fallback;
    }
  }

  private remember(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    const max = this.options.maxEntries ?? 1000;
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= max) break;
      this.entries.delete(oldest);
    }
  }
}

/**
 * A `PriceReader` that keeps the source's answers in the state store for `ttlMs` (default 24 h:
 * retail prices change rarely), so a new instance does not ask the API again, and answers from a
 * stale stored copy — better than the snapshot — when the source fails. Store failures never fail
 * a lookup: the source is asked instead, and a failed write is forgotten.
 */
export class PersistedPriceReader implements PriceReader {
  constructor(
    private readonly source: PriceReader,
    private readonly store: PriceStore,
    private readonly options: { readonly ttlMs?: number; readonly now?: () => number } = {},
  ) {}

  async prices(query: PriceQuery): Promise<SkuPrices> {
    const key = `${query.vmSize.toLowerCase()}|${query.region.toLowerCase()}`;
    const now = (this.options.now ?? Date.now)();
    const stored = await this.store.get(key).catch(() => undefined);
    const fresh = stored && Date.parse(stored.value.fetchedAt) + (this.options.ttlMs ?? 86_400_000);
    if (stored && fresh !== undefined && fresh > now) return stored.value.answer;
    try {
      const answer = await this.source.prices(query);
      await this.store
        .upsert(key, { fetchedAt: new Date(now).toISOString(), answer })
        .catch(() => undefined);
      return answer;
    } catch (e) {
      if (stored && e instanceof PriceError && e.code !== "InvalidName") return stored.value.answer;
      throw e;
    }
  }
}

/**
 * The reader the composition root builds: memory cache → the store's copy (when given) → the
 * Retail Prices API, with the bundled snapshot when all of them fail.
 */
export function retailPriceReader(
  api: RetailPricesOptions = {},
  cache: PriceCacheOptions = {},
  store?: PriceStore,
): PriceReader {
  const live = new RetailPricesApi(api);
  return new CachedPriceReader(store ? new PersistedPriceReader(live, store) : live, cache);
}
