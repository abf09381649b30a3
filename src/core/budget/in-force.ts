/**
 * @module Which fired thresholds are in force, and the {@link BudgetEffects} they add up to. A
 * threshold fired this period stays in force until the period ends — or until the budget is
 * raised: once the amount is above the one it fired against and the spend (or forecast) no longer
 * reaches its percentage of the new amount, it is lifted. Pure; reads only recorded state.
 */
import type { BudgetEffects, StartBlock } from "./effects.js";
import { periodOf } from "./period.js";
import { reaches } from "./plan.js";
import type { BudgetRecord, BudgetRule, FiredThreshold } from "./types.js";

export interface BudgetState {
  readonly rule: BudgetRule;
  /** The stored record; absent or from an earlier period: nothing in force. */
  readonly record: BudgetRecord | undefined;
  /** Groups that reference the budget (`groups[].budget`). */
  readonly groups: readonly string[];
}

/** The amount a budget has now: the policy's (it may have been raised), else the last observed. */
export function currentAmount(rule: BudgetRule, record: BudgetRecord): number {
  return rule.amount ?? record.amount;
}

/** Thresholds of the record in force at `now`. */
export function thresholdsInForce(state: BudgetState, now: Date): readonly FiredThreshold[] {
  const { record } = state;
  if (record?.period !== periodOf(now).key) return [];
  const amount = currentAmount(state.rule, record);
  return record.fired.filter((f) => {
    if (amount <= f.amount) return true;
    const measured = f.forecast ? (record.forecast ?? 0) : record.spent;
    return reaches(measured, amount, f.percent);
  });
}

export function budgetEffectsOf(states: readonly BudgetState[], now: Date): BudgetEffects {
  const stoppedGroups = new Set<string>();
  const idleAggressiveGroups = new Set<string>();
  const spotToZeroGroups = new Set<string>();
  const blockedStarts = new Map<string, StartBlock>();
  for (const state of states) {
    const { record } = state;
    const actions = new Set(thresholdsInForce(state, now).flatMap((f) => f.actions));
    if (record === undefined || actions.size === 0) continue;
    for (const group of state.groups) {
      for (const action of actions) {
        switch (action) {
          case "notify":
            break;
          case "idle-aggressive":
            idleAggressiveGroups.add(group);
            break;
          case "scale-spot-to-zero":
            spotToZeroGroups.add(group);
            break;
          case "stop-clusters":
            stoppedGroups.add(group);
            break;
          case "block-starts":
            blockedStarts.set(group, startBlock(state.rule, record));
            break;
        }
      }
    }
  }
  return { stoppedGroups, idleAggressiveGroups, spotToZeroGroups, blockedStarts };
}

function startBlock(rule: BudgetRule, record: BudgetRecord): StartBlock {
  const amount = currentAmount(rule, record);
  return {
    budget: rule.name,
    approvers: rule.approvers,
    spendText: spendText(rule.name, record.spent, amount, record.currency),
    spend: record.spent,
    amount,
    currency: record.currency,
  };
}

/** "ml-dev-monthly: $20,412 of $20,000 (102%)". */
export function spendText(name: string, spent: number, amount: number, currency: string): string {
  const share = amount > 0 ? `${String(Math.round((spent / amount) * 100))}%` : "?";
  return `${name}: ${money(spent, currency)} of ${money(amount, currency)} (${share})`;
}

/** Whole currency units: `$20,412`, `€1,200`; an unknown code as `1,200 XYZ`. */
export function money(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat("en-US", {
      style: "currency",
      currency,
      maximumFractionDigits: 0,
      minimumFractionDigits: 0,
    }).format(Math.round(amount));
  } catch {
    return `${Math.round(amount).toLocaleString("en-US")} ${currency}`;
  }
}
