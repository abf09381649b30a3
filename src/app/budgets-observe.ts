/**
 * @module What one budget evaluation observes, with as few Cost Management calls as possible (the
 * Query API is limited per tenant to a few queries a minute): one query per distinct scope per
 * evaluation, and results kept for {@link COST_CACHE_MS} across evaluations (billed data refreshes
 * about every 4 hours; the intraday estimate covers the rest). Azure budgets: one Budgets_Get each.
 */
import type { ResolvedPolicy } from "../config/policy.js";
import type { BudgetObservation, BudgetRule } from "../core/budget/types.js";
import { gpuUsdPerHour, inScope, isClusterScope } from "../core/budget/rate.js";
import type { Cluster } from "../core/fleet/types.js";
import { resolveClusterPolicy } from "../core/policy/resolve.js";
import type { TickPolicy } from "../core/policy/types.js";
import type { BudgetSource, CostSource, MonthToDate } from "../ports/costs.js";

/** How long a month-to-date result is reused (measured on the evaluations' `now`). */
export const COST_CACHE_MS = 4 * 3_600_000;

/** Figures an Azure budget alert carried (string amounts already parsed). */
export interface AlertFigures {
  readonly amount: number | null;
  readonly spent: number;
  readonly forecast: number | null;
  readonly currency: string | null;
}

export interface ObserveDeps {
  readonly policy: ResolvedPolicy;
  readonly tickPolicy: TickPolicy;
  readonly costs: CostSource;
  readonly azureBudgets: BudgetSource;
}

/** Groups that reference a budget and may be acted on (protected groups never are). */
export function groupsOf(policy: ResolvedPolicy, budget: string): string[] {
  return policy.groups
    .filter((g) => g.budget?.name === budget && !g.policy.protected)
    .map((g) => g.name);
}

/** Observes a budget of the policy over the last discovered fleet. */
export function observeRule(
  rule: BudgetRule,
  deps: ObserveDeps,
  fleet: readonly Cluster[],
  now: Date,
  alert?: AlertFigures,
): Promise<BudgetObservation> {
  const groupOf = (c: Cluster) => {
    const resolved = resolveClusterPolicy(c, deps.tickPolicy);
    return resolved.kind === "unmanaged" ? undefined : resolved.group.name;
  };
  const clusters = clustersOf(rule, fleet, groupOf, new Set(groupsOf(deps.policy, rule.name)));
  return observeBudget(rule, deps, clusters, now, alert);
}

/** A failure as data: the coded error's code (CostError, StoreError…), else Unknown. */
export function errorOf(error: unknown): { readonly code: string; readonly message: string } {
  const code = (error as { code?: unknown } | null)?.code;
  return {
    code: typeof code === "string" ? code : "Unknown",
    message: error instanceof Error ? error.message : String(error),
  };
}

/**
 * Month-to-date cost per scope, reused while fresh and within the month. Build one per process;
 * concurrent evaluations share a query in flight.
 */
export function cachedMonthToDate(
  costs: CostSource,
  ttlMs = COST_CACHE_MS,
): CostSource & { readonly queries: () => number } {
  const cache = new Map<string, { at: number; month: string; result: Promise<MonthToDate> }>();
  let queries = 0;
  return {
    queries: () => queries,
    monthToDate(scope, now) {
      const key = scope.toLowerCase();
      const month = now.toISOString().slice(0, 7);
      const hit = cache.get(key);
      const age = hit === undefined ? Infinity : now.getTime() - hit.at;
      if (hit !== undefined && hit.month === month && age >= 0 && age < ttlMs) return hit.result;
      queries += 1;
      const result = costs.monthToDate(scope, now);
      cache.set(key, { at: now.getTime(), month, result });
      result.catch(() => {
        if (cache.get(key)?.result === result) cache.delete(key); // never cache a failure
      });
      return result;
    },
  };
}

/** The clusters whose GPU nodes count for a budget. */
export function clustersOf(
  rule: BudgetRule,
  fleet: readonly Cluster[],
  groupOf: (cluster: Cluster) => string | undefined,
  groupsOfBudget: ReadonlySet<string>,
): Cluster[] {
  if (isClusterScope(rule.scope)) return fleet.filter((c) => inScope(c, rule.scope));
  return fleet.filter((c) => {
    const group = groupOf(c);
    return group !== undefined && groupsOfBudget.has(group);
  });
}

/**
 * Observes one budget. When the cost call fails and an alert brought figures, the alert's figures
 * stand in (the alert is Azure's own reading of the bill); otherwise the error propagates.
 */
export async function observeBudget(
  rule: BudgetRule,
  deps: Pick<ObserveDeps, "costs" | "azureBudgets">,
  clusters: readonly Cluster[],
  now: Date,
  alert?: AlertFigures,
): Promise<BudgetObservation> {
  const usdPerHour = gpuUsdPerHour(clusters);
  const floor = alert
    ? {
        alert: {
          spent: alert.spent,
          ...(alert.forecast === null ? {} : { forecast: alert.forecast }),
        },
      }
    : {};
  try {
    if (rule.azureBudget !== undefined) {
      const budget = await deps.azureBudgets.get(rule.scope, rule.azureBudget);
      return {
        amount: budget.amount,
        currency: budget.currency,
        billed: budget.currentSpend,
        lastBilledDay: null,
        azureForecast: budget.forecastSpend,
        usdPerHour,
        ...floor,
      };
    }
    const mtd = await deps.costs.monthToDate(rule.scope, now);
    return {
      amount: rule.amount ?? 0,
      currency: mtd.currency,
      billed: mtd.total,
      lastBilledDay: mtd.days.at(-1)?.day ?? null,
      azureForecast: null,
      usdPerHour,
      ...floor,
    };
  } catch (error) {
    const amount = rule.amount ?? alert?.amount ?? null;
    if (alert === undefined || amount === null) throw error;
    return {
      amount,
      currency: alert.currency ?? "USD",
      billed: alert.spent,
      lastBilledDay: null,
      azureForecast: alert.forecast,
      usdPerHour,
      ...floor,
    };
  }
}
