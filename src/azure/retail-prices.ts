/**
 * @module The Azure Retail Prices API adapter (`GET {base}/api/retail/prices`, public, no auth):
 * one filtered query per VM size and region, every page followed, rows converted by
 * `retail-prices-rows.ts`. Traps minded (notes/finops.md §5): `currencyCode` is a query parameter
 * (inside `$filter` the API silently answers nothing); `$filter` values are case-sensitive, so
 * the catalog's canonical size name and a lower-case region are sent; `NextPageLink` is followed
 * only on the API's own origin, and when it is missing after a full page, `$skip` takes over.
 * 429 and 5xx answers and network failures are retried a bounded number of times (honouring
 * `Retry-After`, capped); what is left becomes a coded `PriceError` here, in one place.
 * HTTPS goes through Node's `fetch`, or — to trust the emulator's CA — through the same
 * `node:https` fetch the Slack adapter uses (built-in `fetch` cannot take a CA).
 */
import { setTimeout as sleepMs } from "node:timers/promises";
import { findSku } from "../core/skus/index.js";
import {
  ARM_NAME,
  PriceError,
  type PriceQuery,
  type PriceReader,
  type SkuPrices,
} from "../ports/prices.js";
import { httpsFetch, slackAgent } from "../slack/web-api-https.js";
import {
  fromRetailItems,
  retailPageSchema,
  type RetailItem,
  type RetailPage,
} from "./retail-prices-rows.js";

export const RETAIL_PRICES_URL = "https://prices.azure.com";
/** The api-version whose `$filter` values are case-sensitive and which has savings-plan rows. */
export const RETAIL_PRICES_API_VERSION = "2023-01-01-preview";
/** The API's page size (used to detect a full page that came without `NextPageLink`). */
const PAGE_SIZE = 100;

/** The part of `fetch` the adapter uses. */
export type FetchLike = (
  url: string,
  init: { readonly headers: Record<string, string>; readonly signal: AbortSignal },
) => Promise<{
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
}>;

export interface RetailPricesOptions {
  /** Default `https://prices.azure.com`; the emulator's URL in emulator mode. */
  readonly baseUrl?: string;
  /** PEM certificate to trust instead of the system CAs (the emulator's). */
  readonly ca?: string;
  /** Replaces the HTTPS client (tests). */
  readonly fetch?: FetchLike;
  /** Tries per request, first included (default 4). */
  readonly maxAttempts?: number;
  /** First retry delay, doubled each retry (default 1,000 ms). */
  readonly retryDelayMs?: number;
  /** Cap on one wait, also on `Retry-After` (default 30,000 ms). */
  readonly maxRetryDelayMs?: number;
  /** Limit for one request (default 30,000 ms). */
  readonly timeoutMs?: number;
  /** Pages followed at most per query (default 20). */
  readonly maxPages?: number;
  /** The clock that dates the figures (default the system clock). */
  readonly now?: () => Date;
}

/** `PriceReader` over the live Retail Prices API (or the emulator's copy of it). */
export class RetailPricesApi implements PriceReader {
  private readonly base: URL;
  private readonly fetch: FetchLike;
  private readonly now: () => Date;

  constructor(private readonly options: RetailPricesOptions = {}) {
    this.base = new URL(options.baseUrl ?? RETAIL_PRICES_URL);
    const timeoutMs = options.timeoutMs ?? 30_000;
    this.fetch =
      options.fetch ??
      (options.ca === undefined
        ? (url, init) => fetch(url, init)
        : httpsFetch(slackAgent(options.ca), timeoutMs));
    this.now = options.now ?? (() => new Date());
  }

  async prices(query: PriceQuery): Promise<SkuPrices> {
    if (!ARM_NAME.test(query.vmSize) || !ARM_NAME.test(query.region)) {
      throw new PriceError(
        "InvalidName",
        `not an ARM size and region: ${query.vmSize}, ${query.region}`,
      );
    }
    const vmSize = findSku(query.vmSize)?.vmSize ?? query.vmSize;
    const region = query.region.toLowerCase();
    const filter =
      `serviceName eq 'Virtual Machines' and armRegionName eq '${region}' ` +
      `and armSkuName eq '${vmSize}'`;
    const first = new URL("/api/retail/prices", this.base);
    first.search =
      `api-version=${RETAIL_PRICES_API_VERSION}&currencyCode=%27USD%27` +
      `&$filter=${encodeURIComponent(filter)}`;
    const items = await this.allItems(first);
    return fromRetailItems(items, { vmSize, region, readAt: this.now() });
  }

  private async allItems(first: URL): Promise<RetailItem[]> {
    const items: RetailItem[] = [];
    let next: URL | undefined = first;
    for (let page = 0; next !== undefined; page++) {
      if (page >= (this.options.maxPages ?? 20)) {
        throw new PriceError("InvalidResponse", `more than ${String(page)} pages of prices`);
      }
      const answer: RetailPage = await this.getPage(next);
      if (answer.BillingCurrency !== "USD") {
        throw new PriceError("InvalidResponse", `prices in ${answer.BillingCurrency}, not USD`);
      }
      items.push(...answer.Items);
      next = this.nextPage(first, answer, items.length);
    }
    return items;
  }

  /** The next page: `NextPageLink` on the API's origin, or `$skip` after a full page without one. */
  private nextPage(first: URL, page: RetailPage, seen: number): URL | undefined {
    const link = page.NextPageLink ?? "";
    if (link === "") {
      if (page.Items.length < PAGE_SIZE) return undefined;
      const skip = new URL(first);
      skip.search = `${first.search.slice(1)}&$skip=${String(seen)}`;
      return skip;
    }
    const url = new URL(link, this.base);
    if (url.origin !== this.base.origin) {
      throw new PriceError(
        "InvalidResponse",
        `NextPageLink leaves ${this.base.origin}: ${url.origin}`,
      );
    }
    return url;
  }

  private async getPage(url: URL): Promise<RetailPage> {
    const maxAttempts = Math.max(1, this.options.maxAttempts ?? 4);
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.tryOnce(url);
      if (outcome.kind === "page") return outcome.page;
      if (!outcome.error.retryable || attempt >= maxAttempts) throw outcome.error.error;
      await sleepMs(this.delay(attempt, outcome.error.retryAfterSeconds));
    }
  }

  private delay(attempt: number, retryAfterSeconds: number | undefined): number {
    const cap = this.options.maxRetryDelayMs ?? 30_000;
    const backoff = (this.options.retryDelayMs ?? 1000) * 2 ** (attempt - 1);
    return Math.min(cap, retryAfterSeconds === undefined ? backoff : retryAfterSeconds * 1000);
  }

  private async tryOnce(url: URL): Promise<Attempt> {
    let status: number;
    let text: string;
    let retryAfter: string | null;
    try {
      const response = await this.fetch(url.toString(), {
        headers: { accept: "application/json" },
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
      });
      status = response.status;
      retryAfter = response.headers.get("retry-after");
      text = await response.text();
    } catch (cause) {
      return {
        kind: "failed",
        error: failure("Transient", `${url.host}: ${message(cause)}`, undefined, cause),
      };
    }
    if (status !== 200) return { kind: "failed", error: httpFailure(status, text, retryAfter) };
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (cause) {
      return {
        kind: "failed",
        error: failure("InvalidResponse", "prices answer is not JSON", 200, cause),
      };
    }
    const parsed = retailPageSchema.safeParse(json);
    if (!parsed.success) {
      const detail = parsed.error.issues[0]?.message ?? "unexpected shape";
      return { kind: "failed", error: failure("InvalidResponse", `prices answer: ${detail}`, 200) };
    }
    return { kind: "page", page: parsed.data };
  }
}

interface Failure {
  readonly error: PriceError;
  readonly retryable: boolean;
  readonly retryAfterSeconds?: number;
}

type Attempt =
  | { readonly kind: "page"; readonly page: RetailPage }
  | { readonly kind: "failed"; readonly error: Failure };

/** The one place HTTP outcomes become `PriceError`s. */
function httpFailure(status: number, body: string, retryAfter: string | null): Failure {
  const seconds = retryAfter === null ? Number.NaN : Number.parseInt(retryAfter, 10);
  const wait = Number.isFinite(seconds) && seconds >= 0 ? { retryAfterSeconds: seconds } : {};
  const text = `Retail Prices API answered ${String(status)}: ${body.slice(0, 200)}`;
  if (status === 429) return { ...failure("Throttled", text, status), ...wait };
  if (status >= 500 || status === 408) return { ...failure("Transient", text, status), ...wait };
  return { error: new PriceError("Rejected", text, status), retryable: false };
}

function failure(
  code: "Throttled" | "Transient" | "InvalidResponse",
  text: string,
  status: number | undefined,
  cause?: unknown,
): Failure {
  return {
    error: new PriceError(code, text, status, cause === undefined ? undefined : { cause }),
    retryable: code !== "InvalidResponse",
  };
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
