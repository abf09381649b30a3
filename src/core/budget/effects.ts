/**
 * @module What the budgets in force do to the rest of the app (SPEC §7), as one value: the budget
 * evaluation produces it (from the thresholds fired this period), the tick and the Slack start
 * path consume it. Pure data; an empty value means no budget action is in force.
 */

/** A budget whose `block-starts` is in force, with what to tell a refused user. */
export interface StartBlock {
  readonly budget: string;
  /** Slack user ids who may still start clusters. */
  readonly approvers: readonly string[];
  /** e.g. "ml-dev-monthly: $20,412 of $20,000 (102%)". */
  readonly spendText: string;
  /** The figures behind `spendText`, for replies that format them themselves. */
  readonly spend: number;
  readonly amount: number;
  readonly currency: string;
}

export interface BudgetEffects {
  /** Groups held stopped by `stop-clusters` until the period ends or the budget is raised. */
  readonly stoppedGroups: ReadonlySet<string>;
  /** Groups whose idle window is halved by `idle-aggressive`. */
  readonly idleAggressiveGroups: ReadonlySet<string>;
  /** Groups whose Spot GPU pools are scaled to zero by `scale-spot-to-zero`. */
  readonly spotToZeroGroups: ReadonlySet<string>;
  /** Groups whose starts are blocked by `block-starts`, by group name. */
  readonly blockedStarts: ReadonlyMap<string, StartBlock>;
}

export const NO_BUDGET_EFFECTS: BudgetEffects = {
  stoppedGroups: new Set(),
  idleAggressiveGroups: new Set(),
  spotToZeroGroups: new Set(),
  blockedStarts: new Map(),
};
