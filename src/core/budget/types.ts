/**
 * @module The budget planner's vocabulary (SPEC §7): a budget as the planner sees it, what was
 * observed of its spend, and the record kept per budget and period — the thresholds that fired
 * and the figures they fired on. Plain data; instants are ISO-8601 strings.
 */

/** What a crossed threshold does (mirrors the policy file's `BUDGET_ACTIONS`). */
export type BudgetAction =
  "notify" | "idle-aggressive" | "scale-spot-to-zero" | "stop-clusters" | "block-starts";

export interface ThresholdRule {
  readonly percent: number;
  /** Fires on the month-end forecast instead of the spend so far. */
  readonly forecast: boolean;
  readonly actions: readonly BudgetAction[];
}

/** A budget as the planner needs it; a policy `budgets[]` entry is one. */
export interface BudgetRule {
  readonly name: string;
  readonly scope: string;
  /** A policy budget's amount; absent for an Azure budget (its amount is observed). */
  readonly amount?: number | undefined;
  readonly azureBudget?: string | undefined;
  readonly thresholds: readonly ThresholdRule[];
  readonly approvers: readonly string[];
}

/** What one evaluation observed of a budget's spend. */
export interface BudgetObservation {
  /** The amount in force: the policy's, or the Azure budget's. */
  readonly amount: number;
  readonly currency: string;
  /** Billed cost of the period so far (Cost Management, or the Azure budget's current spend). */
  readonly billed: number;
  /** The last UTC day (`YYYY-MM-DD`) with billed cost, if any. */
  readonly lastBilledDay: string | null;
  /** Azure's own month-end forecast, when it gives one. */
  readonly azureForecast: number | null;
  /** List price per hour of the scope's GPU nodes running now (USD). */
  readonly usdPerHour: number;
  /** Figures an Azure budget alert reported: the spend and forecast are at least these. */
  readonly alert?: { readonly spent?: number; readonly forecast?: number };
}

/** The rate at which the scope's GPU nodes cost money, seen at one instant. */
export interface RateSample {
  readonly at: string;
  readonly usdPerHour: number;
}

/** A threshold that fired this period; recorded once, never fired again in the period. */
export interface FiredThreshold {
  /** `actual-80`, `forecast-100`: one key per rung and period. */
  readonly key: string;
  readonly percent: number;
  readonly forecast: boolean;
  readonly actions: readonly BudgetAction[];
  readonly at: string;
  /** The budget amount it fired against: raising the amount above the spend lifts it. */
  readonly amount: number;
  /** The spend (or forecast) it fired on. */
  readonly measured: number;
}

/** What is remembered of a budget for one period (a calendar month, UTC). */
export interface BudgetRecord {
  readonly budget: string;
  /** `YYYY-MM` (UTC). */
  readonly period: string;
  readonly evaluatedAt: string;
  readonly currency: string;
  readonly amount: number;
  readonly billed: number;
  /** Billed cost is taken as complete up to this instant; the estimate covers the rest. */
  readonly billedThrough: string;
  /** Estimated cost since `billedThrough`: running GPU node-hours × list price. */
  readonly intraday: number;
  /** `billed + intraday` (at least what an alert reported). */
  readonly spent: number;
  /** Month-end forecast; `null` during the first day of the month (too early to project). */
  readonly forecast: number | null;
  /** Rate samples since `billedThrough` (the estimate integrates them), oldest first. */
  readonly samples: readonly RateSample[];
  readonly fired: readonly FiredThreshold[];
}
