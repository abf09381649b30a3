/**
 * @module Port to VM prices: for one VM size in one region, the pay-as-you-go, spot, 1-year and
 * 3-year reservation prices as hourly figures, each carrying its basis (live Retail Prices API or
 * the bundled snapshot), source and as-of date. The adapter is `src/azure/retail-prices.ts`
 * (with its cache and snapshot fallback in `src/azure/price-cache.ts`); `test/fakes/` has an
 * in-memory fake; `test/contract/prices.contract.ts` holds both to the same behaviour.
 */
import * as z from "zod";
import type { HourlyPrice, PriceKind } from "../core/skus/index.js";

/** Every way a price lookup can fail, as the app sees it. Mapped from HTTP in one place. */
export type PriceErrorCode =
  /** 429 after the adapter's own retries. */
  | "Throttled"
  /** 5xx, timeouts, dropped connections after the adapter's own retries. */
  | "Transient"
  /** The API refused the request (4xx other than 429), e.g. an invalid `$filter`. */
  | "Rejected"
  /** The answer was not the Retail Prices shape, in another currency, or paged off-site. */
  | "InvalidResponse"
  /** The size or region is not a plain ARM name; nothing was sent. */
  | "InvalidName";

export class PriceError extends Error {
  override readonly name = "PriceError";

  constructor(
    readonly code: PriceErrorCode,
    message: string,
    readonly status?: number,
    options?: { readonly cause?: unknown },
  ) {
    super(message, options);
  }
}

/** One VM size in one region. */
export interface PriceQuery {
  /** ARM size name, any casing (the adapter sends the catalog's canonical casing). */
  readonly vmSize: string;
  /** ARM region name, e.g. `eastus` (any casing). */
  readonly region: string;
}

/**
 * The prices of one size in one region (Linux, USD, per VM). A kind is absent when the source has
 * no such price there (no spot meter, no 3-year term sold, a size the snapshot does not list).
 */
export interface SkuPrices {
  /** Canonical ARM size name when the size is in the GPU catalog, else as asked. */
  readonly vmSize: string;
  /** Lower-case ARM region name. */
  readonly region: string;
  readonly prices: Readonly<Partial<Record<PriceKind, HourlyPrice>>>;
}

export interface PriceReader {
  /** Resolves with what the source knows (possibly nothing); rejects with a {@link PriceError}. */
  prices(query: PriceQuery): Promise<SkuPrices>;
}

/** A source's answer as kept in the state store, with when it was read. */
export interface StoredPrices {
  readonly fetchedAt: string;
  readonly answer: SkuPrices;
}

/** Answers read from the source, kept in the state store across instances (table `prices`). */
export interface PriceStore {
  get(key: string): Promise<{ readonly value: StoredPrices } | undefined>;
  upsert(key: string, value: StoredPrices): Promise<unknown>;
}

const priceFigure = z.looseObject({
  vmSize: z.string(),
  kind: z.enum(["payg", "spot", "reserved1y", "reserved3y"]),
  usdPerHour: z.number().nonnegative(),
  currency: z.literal("USD"),
  region: z.string(),
  basis: z.enum(["list-snapshot", "retail-api"]),
  asOf: z.string(),
  source: z.string(),
});

/** Checks a stored answer on its way out of storage. */
export const StoredPricesSchema = z.strictObject({
  fetchedAt: z.iso.datetime({ offset: true }),
  answer: z.strictObject({
    vmSize: z.string(),
    region: z.string(),
    prices: z.partialRecord(z.enum(["payg", "spot", "reserved1y", "reserved3y"]), priceFigure),
  }),
}) as unknown as z.ZodType<StoredPrices>;

/** ARM size and region names are letters, digits and underscores; anything else is refused. */
export const ARM_NAME = /^[A-Za-z0-9_]{1,80}$/;
