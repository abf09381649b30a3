/**
 * @module What each budget looks like now, for `gpu-warden budgets`: observed and planned exactly
 * as an evaluation would, but nothing is recorded, claimed, audited or posted — a read-only view
 * (amount, billed, the intraday estimate, forecast, thresholds crossed, actions in force).
 */
import { thresholdsInForce } from "../core/budget/in-force.js";
import { planBudget } from "../core/budget/plan.js";
import type { BudgetAction } from "../core/budget/types.js";
import type { BudgetDeps } from "./budgets.js";
import { errorOf, groupsOf, observeRule } from "./budgets-observe.js";

export interface BudgetView {
  readonly name: string;
  readonly scope: string;
  readonly source: "policy" | "azure";
  readonly groups: readonly string[];
  readonly currency?: string;
  readonly amount?: number;
  readonly billed?: number;
  /** Estimated cost since billed data ends (running GPU nodes × list price). */
  readonly intraday?: number;
  readonly spent?: number;
  readonly forecast?: number | null;
  readonly billedThrough?: string;
  /** Rungs crossed this period, lowest first (`actual-80`, `forecast-100`). */
  readonly thresholdsCrossed?: readonly string[];
  /** Actions in force now (notify excluded: it is not a state). */
  readonly actionsInForce?: readonly BudgetAction[];
  readonly error?: { readonly code: string; readonly message: string };
}

export async function previewBudgets(deps: BudgetDeps, now: Date): Promise<BudgetView[]> {
  const fleet = await deps.fleet();
  return Promise.all(
    deps.policy.policy.budgets.map(async (rule): Promise<BudgetView> => {
      const base = {
        name: rule.name,
        scope: rule.scope,
        source: rule.azureBudget === undefined ? ("policy" as const) : ("azure" as const),
        groups: groupsOf(deps.policy, rule.name),
      };
      try {
        const observation = await observeRule(rule, deps, fleet, now);
        const previous = (await deps.store.budgets.get(rule.name))?.value;
        const { record } = planBudget({ rule, observation, previous, now });
        const inForce = thresholdsInForce({ rule, record, groups: base.groups }, now);
        const actions = new Set(inForce.flatMap((f) => f.actions).filter((a) => a !== "notify"));
        return {
          ...base,
          currency: record.currency,
          amount: record.amount,
          billed: record.billed,
          intraday: record.intraday,
          spent: record.spent,
          forecast: record.forecast,
          billedThrough: record.billedThrough,
          thresholdsCrossed: record.fired.map((f) => f.key),
          actionsInForce: [...actions],
        };
      } catch (error) {
        return { ...base, error: errorOf(error) };
      }
    }),
  );
}
