/**
 * @module Ports to Azure cost data (SPEC §7): billed cost at a scope (Cost Management Query) and
 * Azure budgets (Consumption Budgets). Adapters in `src/azure/` use the official SDKs and map
 * their errors to {@link CostError} in one place (`src/azure/cost-errors.ts`); the fake is
 * `test/fakes/fake-costs.ts`; `test/contract/costs.contract.ts` holds both to one behaviour.
 *
 * Cost Management is rate-limited per tenant (a few queries a minute): callers ask once per scope
 * per evaluation and cache (see `src/app/budgets-cache.ts`).
 */
import type { CostRow } from "../core/report/types.js";

export type { CostRow };

/** Every way a cost call can fail, as the app sees it. */
export type CostErrorCode =
  /** 429 that could not be waited out within the adapter's bound. */
  | "Throttled"
  /** The scope or budget does not exist. */
  | "NotFound"
  /** 401/403: the identity lacks Cost Management Reader (or budget read) at the scope. */
  | "AccessDenied"
  /** 400: a bad query, or an offer Cost Management does not support (Sponsored, some credits). */
  | "Unsupported"
  /** 5xx, timeouts, dropped connections: worth retrying on the next evaluation. */
  | "Transient"
  | "Unknown";

export class CostError extends Error {
  override readonly name = "CostError";
  /** For `Throttled`: how long the service asked to wait. */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    readonly code: CostErrorCode,
    message: string,
    readonly status?: number,
    options?: { readonly cause?: unknown; readonly retryAfterSeconds?: number },
  ) {
    super(message, options);
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }
}

export interface DailyCost {
  /** UTC day, `YYYY-MM-DD`. */
  readonly day: string;
  readonly cost: number;
}

/** Billed cost of a scope from the 1st of the month (UTC) to an instant. */
export interface MonthToDate {
  readonly scope: string;
  readonly currency: string;
  readonly total: number;
  /** Days with cost, oldest first; billing lags, so the last days are often missing. */
  readonly days: readonly DailyCost[];
  /** Requests made, pages included (for the rate-limit budget). */
  readonly requests: number;
}

export interface CostSource {
  /**
   * Actual cost at `scope` (`/subscriptions/<id>[/resourceGroups/<rg>]`, a management group or a
   * billing scope) from the start of `now`'s UTC month to `now`, daily, all pages.
   */
  monthToDate(scope: string, now: Date): Promise<MonthToDate>;
}

/**
 * Billed cost by resource (SPEC §9): daily `ActualCost` rows grouped by `ResourceId`, the weekly
 * report's input. Pages are yielded as they arrive (`nextLink` followed), so a large scope is
 * never held in memory whole.
 */
export interface CostRowSource {
  /** Rows at `scope` for the UTC days `from` … `to` (`YYYY-MM-DD`, both included). */
  costRows(scope: string, from: string, to: string): AsyncIterable<readonly CostRow[]>;
}

/** An Azure (Consumption) budget as the app needs it. */
export interface AzureBudget {
  readonly name: string;
  readonly scope: string;
  readonly amount: number;
  readonly currency: string;
  /** What Azure last evaluated (once a day; lags the bill). */
  readonly currentSpend: number;
  /** Present only when the budget has a forecast notification. */
  readonly forecastSpend: number | null;
  readonly timeGrain: string;
}

export interface BudgetSource {
  /** `NotFound` when there is no such budget at the scope. */
  get(scope: string, name: string): Promise<AzureBudget>;
}
