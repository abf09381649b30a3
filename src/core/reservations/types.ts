/**
 * @module Types of reservation advice (SPEC §8): what goes in (per region and VM size, the hourly
 * running-node series of its pools, prices with their basis, the day), what comes out (per term
 * the break-even uptime, best quantity and savings; a verdict to reserve or a refusal with its
 * reasons and the money reserving would lose), and Azure's own recommendation to show beside it.
 */
import type { HourlyPrice } from "../skus/index.js";

export type ReservationTerm = "1y" | "3y";

export const RESERVATION_TERMS: readonly ReservationTerm[] = ["1y", "3y"];

/** Hours of a year (Azure's convention: 730 h a month); reservation terms are whole years. */
export const HOURS_PER_YEAR = 8760;

export const TERM_YEARS: Readonly<Record<ReservationTerm, number>> = { "1y": 1, "3y": 3 };

/** What switches a pool's capacity off on purpose. */
export type SwitchOff = "schedule" | "idle-policy";

/** One pool of the VM size and region. */
export interface PoolUsage {
  /** How reports name the pool, e.g. `ml-dev-rg/dev-a100/gpu`. */
  readonly pool: string;
  readonly priority: "Regular" | "Spot";
  /**
   * Running nodes per hour, oldest first, ending at the same hour for every pool (a shorter
   * series is a pool that did not exist earlier). Hourly averages may be fractional; negative or
   * non-finite values count as 0.
   */
  readonly hourlyCounts: readonly number[];
  /** Set when a schedule or idle policy switches the pool off: its planned share of hours on. */
  readonly plan?: {
    readonly by: SwitchOff;
    /** Planned share of hours the pool runs (0–1), e.g. 60 / 168 for weekdays 08:00–20:00. */
    readonly uptime: number;
    /** What the plan is, for the reason text, e.g. `schedule "weekdays 08-20"`. */
    readonly detail?: string;
  };
}

export interface ReservationInput {
  /** ARM size name (any casing). */
  readonly vmSize: string;
  readonly region: string;
  readonly pools: readonly PoolUsage[];
  /** Prices of the size in the region (`payg` is needed, and at least one reservation term). */
  readonly prices: {
    readonly payg?: HourlyPrice;
    readonly reserved1y?: HourlyPrice;
    readonly reserved3y?: HourlyPrice;
  };
  /** The day of the advice (retirement is judged against it). */
  readonly on: Date;
  /** Hours of history needed to advise (default 720: 30 days). */
  readonly minHours?: number;
}

/** One term, computed exactly over the series. Money in USD on the prices' basis. */
export interface TermAnalysis {
  readonly term: ReservationTerm;
  readonly payg: HourlyPrice;
  readonly reserved: HourlyPrice;
  /** Reserved ÷ pay-as-you-go hourly: the share of hours one reserved instance must run. */
  readonly breakEvenUptime: number;
  /** The same in hours per week (168 × break-even). */
  readonly breakEvenHoursPerWeek: number;
  /** The savings-maximizing quantity (0 when no quantity saves money). */
  readonly quantity: number;
  /** Savings of `quantity` against pay-as-you-go over the series. */
  readonly seriesSavings: number;
  /** The same scaled to a year. */
  readonly annualSavings: number;
  /** Share of the reserved instance-hours that would be used (0 when quantity is 0). */
  readonly utilization: number;
  /** What reserving exactly 1 instance would save a year (negative: what it would lose). */
  readonly annualSavingsOfOne: number;
  /** Set when the size retires before the term would end: the term is never recommended. */
  readonly retiresWithinTerm: boolean;
}

/** Why a pool is left out of the sizing. */
export type PoolExclusion =
  | { readonly kind: "spot" }
  | {
      readonly kind: "switched-off";
      readonly by: SwitchOff;
      readonly detail?: string;
      readonly plannedUptime: number;
      /** The most favourable term's break-even, and what reserving 1 instance would lose a year. */
      readonly term: ReservationTerm;
      readonly breakEvenUptime: number;
      readonly annualLossOfOne: number;
    };

export interface PoolRefusal {
  readonly pool: string;
  readonly reason: PoolExclusion;
}

/** Why nothing is recommended for a size and region. */
export type RefusalReason =
  | { readonly kind: "unknown-size" }
  | { readonly kind: "retired"; readonly retirementDate: string }
  | { readonly kind: "retiring"; readonly retirementDate: string }
  | { readonly kind: "no-prices"; readonly missing: "payg" | "reservation" }
  | { readonly kind: "short-history"; readonly hours: number; readonly needed: number }
  | { readonly kind: "no-eligible-pools" }
  | {
      readonly kind: "below-break-even";
      /** Share of hours at least one instance ran (over the pools sized). */
      readonly uptime: number;
      /** The most favourable term, its break-even, and what reserving 1 would lose a year. */
      readonly term: ReservationTerm;
      readonly breakEvenUptime: number;
      readonly annualLossOfOne: number;
    };

export type Verdict =
  | {
      readonly kind: "reserve";
      readonly term: ReservationTerm;
      readonly quantity: number;
      readonly annualSavings: number;
    }
  | { readonly kind: "refuse"; readonly reasons: readonly RefusalReason[] };

export interface ReservationAdvice {
  /** Canonical size name (as asked when not in the catalog) and lower-case region. */
  readonly vmSize: string;
  readonly region: string;
  /** Hours in the series. */
  readonly hours: number;
  /** Share of hours at least one instance ran, and the most that ran in one hour (pools sized). */
  readonly uptime: number;
  readonly maxCount: number;
  /** Every term with both prices, 1-year first. */
  readonly terms: readonly TermAnalysis[];
  readonly verdict: Verdict;
  /** Pools left out of the sizing, with why. */
  readonly excluded: readonly PoolRefusal[];
}

/**
 * Azure's own recommendation (Consumption `reservationRecommendations`, legacy kind), shown beside
 * ours. Money in the billing currency, over Azure's look-back period.
 */
export interface AzureReservationRecommendation {
  readonly vmSize: string;
  readonly region: string;
  readonly term: ReservationTerm;
  readonly quantity: number;
  readonly netSavings: number;
  readonly costWithNoReservedInstances: number;
  readonly totalCostWithReservedInstances: number;
  readonly lookBackPeriod: "Last7Days" | "Last30Days" | "Last60Days";
  readonly scope: "Single" | "Shared";
  readonly firstUsageDate?: string;
}
