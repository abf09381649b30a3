/**
 * @module The weekly report's vocabulary (SPEC §9): what goes in (billed cost rows streamed in
 * pages, the fleet, budget status, savings-ledger entries, reservation advice, hygiene findings)
 * and the report model every renderer draws from. Money is in USD, rounded to cents, and says
 * its basis: `billed` (Cost Management actual cost) or a list price (the ledger's estimates).
 */
import type { Cluster } from "../fleet/types.js";
import type { Finding } from "../hygiene/index.js";
import type { AdviceBesideAzure } from "../reservations/index.js";
import type { PriceBasis } from "../skus/index.js";

/** One row of Cost Management's query grouped by `ResourceId`, daily. */
export interface CostRow {
  /** UTC day `YYYY-MM-DD` (Cost Management's `UsageDate` 20261123 → `2026-11-23`). */
  readonly date: string;
  /** ARM id of the billed resource (any casing): a VMSS, disk, IP, the cluster itself… */
  readonly resourceId: string;
  readonly costUsd: number;
  /** The resource's `aks-managed-poolName` tag, when the query grouped by it too. */
  readonly poolTag?: string;
}

/** A budget as the report shows it (from the budget records of src/core/budget). */
export interface BudgetStatus {
  readonly name: string;
  readonly amount: number;
  /** Month to date: billed plus the intraday estimate. */
  readonly spent: number;
  /** Month-end forecast; `null` when too early to project. */
  readonly forecast: number | null;
  readonly thresholdsFired: readonly {
    readonly percent: number;
    readonly forecast: boolean;
    /** ISO-8601 instant. */
    readonly at: string;
    readonly actions: readonly string[];
  }[];
}

/**
 * An avoided-cost entry: a stop or a scale-to-zero opened it, a resume closes it. Savings are
 * node-hours avoided × price: `nodes × usdPerHour × hours(from, to ?? now)`.
 */
export interface LedgerEntry {
  readonly clusterId: string;
  readonly pool?: string;
  readonly kind: "stop" | "scale-to-zero";
  /** ISO-8601 instants; `to: null` while still stopped. */
  readonly from: string;
  readonly to: string | null;
  readonly nodes: number;
  readonly usdPerHour: number;
  readonly basis: PriceBasis;
  /** Date of the price (`asOf` of the HourlyPrice). */
  readonly priceAsOf?: string;
}

export interface ReportInput {
  readonly costPages: AsyncIterable<readonly CostRow[]>;
  readonly fleet: readonly Cluster[];
  readonly budgets: readonly BudgetStatus[];
  readonly ledger: readonly LedgerEntry[];
  readonly reservations: readonly AdviceBesideAzure[];
  readonly findings: readonly Finding[];
  /** Paid vs idle GPU node-hours of the week, from the pool samples, when known. */
  readonly gpuHours?: { readonly paid: number; readonly idle: number };
  /** Last day of the report week (`YYYY-MM-DD`); default the UTC day before `now`. */
  readonly weekEnding?: string;
}

export interface Money {
  readonly usd: number;
  readonly basis: "billed" | "list-price";
  /** For list prices: `snapshot 2026-09-12`, `retail API 2026-11-23` (joined when mixed). */
  readonly priceLabel?: string;
}

export interface PoolLine {
  readonly pool: string;
  readonly gpu: boolean;
  readonly week: number;
}

export interface ClusterLine {
  readonly clusterId: string;
  /** `resourceGroup/name`. */
  readonly cluster: string;
  readonly powerState: Cluster["powerState"];
  readonly week: number;
  readonly previousWeek: number;
  /** Of `week`: GPU pools' scale sets. */
  readonly gpuWeek: number;
  /** Pools with cost this week, most expensive first; `(cluster)` is cost outside any pool. */
  readonly pools: readonly PoolLine[];
}

export interface DaySeries {
  readonly day: string;
  /** GPU cost per cluster (`resourceGroup/name`), only clusters with cost that day. */
  readonly byCluster: Readonly<Record<string, number>>;
  readonly total: number;
  /** Cumulative month-to-date GPU cost through this day, and the budget pace for it. */
  readonly cumulative: number;
  readonly pace: number | null;
}

export interface SavingsLine {
  readonly clusterId: string;
  readonly cluster: string;
  readonly pool?: string;
  readonly kind: LedgerEntry["kind"];
  readonly hours: number;
  readonly nodeHours: number;
  readonly usd: number;
  readonly open: boolean;
}

export interface BudgetEvent {
  readonly budget: string;
  readonly percent: number;
  readonly forecast: boolean;
  readonly at: string;
  readonly actions: readonly string[];
}

export interface WeeklyReport {
  readonly generatedAt: string;
  readonly week: { readonly from: string; readonly to: string };
  readonly previousWeek: { readonly from: string; readonly to: string };
  /** Total billed cost of the week = Σ clusters[].week + other.week, exactly (cents). */
  readonly total: Money;
  readonly previousTotal: Money;
  readonly gpuTotal: Money;
  readonly clusters: readonly ClusterLine[];
  /** Cost that maps to no cluster of the fleet (other resources, deleted clusters). */
  readonly other: { readonly week: number; readonly previousWeek: number; readonly rows: number };
  readonly budgets: readonly BudgetStatus[];
  /** Budget thresholds that fired during the week. */
  readonly budgetEvents: readonly BudgetEvent[];
  /** Savings delivered in the week = Σ savings[].usd, exactly (cents); estimates at list price. */
  readonly savings: Money;
  readonly savingsLines: readonly SavingsLine[];
  readonly gpuHours: ReportInput["gpuHours"] | null;
  /** The chart: 14 days of GPU cost, the top clusters by name and the rest as `other`. */
  readonly daily: readonly DaySeries[];
  /** Σ of the budgets' amounts (the pace line: that ÷ days in the month, cumulative). */
  readonly paceBudget: number | null;
  readonly reservations: readonly AdviceBesideAzure[];
  readonly findings: readonly Finding[];
  readonly freshness: {
    /** Last day with any cost row; `null` when no row came. */
    readonly lastCostDay: string | null;
    readonly rows: number;
    /** Days of the week without any cost row (billing lag). */
    readonly missingDays: readonly string[];
    /** Rows skipped: a cost that is not a finite number or a date that is not `YYYY-MM-DD`. */
    readonly rejectedRows: number;
  };
}
