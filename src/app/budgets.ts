/**
 * @module The budgets use cases (SPEC §7). `evaluateBudgets`: observe each budget's spend (one
 * cost query per scope, cached), plan (pure, src/core/budget), announce each threshold that fires
 * — audited, and told in Slack for `notify` — exactly once per period (a dedupe claim per budget,
 * period and rung), and record the budget's figures and fired thresholds. `budgetEffects`: what is
 * in force now, from the recorded state only (no Azure call) — for the tick and `/gpu start`.
 */
import type { ResolvedPolicy } from "../config/policy.js";
import type { BudgetEffects } from "../core/budget/effects.js";
import { budgetEffectsOf, type BudgetState } from "../core/budget/in-force.js";
import { planBudget } from "../core/budget/plan.js";
import type { BudgetRecord, BudgetRule, FiredThreshold } from "../core/budget/types.js";
import type { Cluster } from "../core/fleet/types.js";
import type { SlackPort } from "../ports/slack.js";
import { update, type StateStore } from "../ports/state-store.js";
import type { AuditEntry } from "../ports/state-types.js";
import { budgetThresholdMessage } from "../slack/messages/budget.js";
import {
  errorOf,
  groupsOf,
  observeRule,
  type AlertFigures,
  type ObserveDeps,
} from "./budgets-observe.js";

export interface BudgetDeps extends ObserveDeps {
  readonly store: StateStore;
  /** The last discovered fleet (the snapshot the tick saves): no discovery call here. */
  readonly fleet: () => Promise<readonly Cluster[]>;
  readonly slack: SlackPort;
  readonly newId: () => string;
}

export interface BudgetOutcome {
  readonly budget: string;
  /** The recorded state after this evaluation; absent when the budget could not be observed. */
  readonly record?: BudgetRecord;
  /** Thresholds announced by this evaluation (fired now, claimed by it). */
  readonly fired: readonly FiredThreshold[];
  readonly error?: { readonly code: string; readonly message: string };
}

export interface BudgetsReport {
  readonly runId: string;
  readonly outcomes: readonly BudgetOutcome[];
  /** Slack calls that failed (logged; they never fail the evaluation). */
  readonly slackErrors: readonly string[];
}

export interface EvaluateOptions {
  /** Evaluate only these budgets (by name); default all. */
  readonly only?: readonly string[];
  /** Figures an Azure budget alert carried, by budget name. */
  readonly alerts?: ReadonlyMap<string, AlertFigures>;
}

export async function evaluateBudgets(
  deps: BudgetDeps,
  now: Date,
  options: EvaluateOptions = {},
): Promise<BudgetsReport> {
  const runId = deps.newId();
  const rules = deps.policy.policy.budgets.filter(
    (b) => options.only === undefined || options.only.includes(b.name),
  );
  if (rules.length === 0) return { runId, outcomes: [], slackErrors: [] };
  const fleet = await deps.fleet();
  const slackErrors: string[] = [];
  const outcomes = await Promise.all(
    rules.map((rule) =>
      evaluateOne(rule, deps, fleet, now, runId, slackErrors, options.alerts?.get(rule.name)),
    ),
  );
  return { runId, outcomes, slackErrors };
}

async function evaluateOne(
  rule: BudgetRule,
  deps: BudgetDeps,
  fleet: readonly Cluster[],
  now: Date,
  runId: string,
  slackErrors: string[],
  alert: AlertFigures | undefined,
): Promise<BudgetOutcome> {
  const groups = groupsOf(deps.policy, rule.name);
  let observation;
  try {
    observation = await observeRule(rule, deps, fleet, now, alert);
  } catch (error) {
    return { budget: rule.name, fired: [], error: errorOf(error) };
  }
  const previous = (await deps.store.budgets.get(rule.name))?.value;
  const plan = planBudget({ rule, observation, previous, now });
  const announced: FiredThreshold[] = [];
  for (const fired of plan.fired) {
    const key = `budget:${rule.name}:${plan.record.period}:${fired.key}`;
    if (await deps.store.dedupe.claim(key, now.toISOString())) announced.push(fired);
  }
  if (announced.length > 0) {
    await deps.store.audit.append(announced.map((f) => auditEntry(rule, plan.record, f, runId)));
    await notify(rule, plan.record, announced, groups, deps, slackErrors);
  }
  // Re-planned on a fresh read, so a concurrent evaluation's firings are kept, not overwritten.
  const stored = await update(deps.store.budgets, rule.name, (current) =>
    current !== undefined && current.evaluatedAt > plan.record.evaluatedAt
      ? current
      : planBudget({ rule, observation, previous: current, now }).record,
  );
  return { budget: rule.name, ...(stored ? { record: stored.value } : {}), fired: announced };
}

function auditEntry(
  rule: BudgetRule,
  record: BudgetRecord,
  fired: FiredThreshold,
  runId: string,
): AuditEntry {
  const what = fired.forecast ? "forecast" : "spend";
  return {
    at: fired.at,
    runId,
    kind: "alert",
    target: `budget:${rule.name}`,
    reason:
      `budget ${rule.name}: ${what} ${fired.measured.toFixed(2)} ${record.currency} reached ` +
      `${String(fired.percent)}% of ${fired.amount.toFixed(2)}: ${fired.actions.join(", ")}`,
    detail: {
      period: record.period,
      threshold: fired.key,
      actions: [...fired.actions],
      billed: record.billed,
      intraday: record.intraday,
      forecast: record.forecast,
    },
  };
}

async function notify(
  rule: BudgetRule,
  record: BudgetRecord,
  fired: readonly FiredThreshold[],
  groups: readonly string[],
  deps: BudgetDeps,
  slackErrors: string[],
): Promise<void> {
  const channels = new Set(
    [
      deps.policy.policy.slack.alertChannel,
      ...deps.policy.groups
        .filter((g) => groups.includes(g.name))
        .map((g) => g.policy.slack.channel),
    ].filter((c): c is string => c !== undefined),
  );
  for (const f of fired.filter((t) => t.actions.includes("notify"))) {
    const message = budgetThresholdMessage({
      budget: rule.name,
      percent: f.percent,
      forecast: f.forecast,
      measured: f.measured,
      amount: f.amount,
      currency: record.currency,
      estimated: record.intraday,
      actions: f.actions,
      groups,
      approvers: rule.approvers,
      at: f.at,
      zone: deps.policy.zone.name,
    });
    for (const channel of channels) {
      await deps.slack.post(channel, message).catch((error: unknown) => {
        slackErrors.push(
          `budget ${rule.name} → ${channel}: ${error instanceof Error ? error.message : String(error)}`,
        );
      });
    }
  }
}

/** The budget actions in force at `now`, from recorded state only. */
export async function budgetEffects(
  store: StateStore,
  policy: ResolvedPolicy,
  now: Date,
): Promise<BudgetEffects> {
  return budgetEffectsOf(await budgetStates(store, policy), now);
}

/** Each policy budget with its recorded state and the groups it acts on. */
export async function budgetStates(
  store: StateStore,
  policy: ResolvedPolicy,
): Promise<BudgetState[]> {
  const records = new Map((await store.budgets.list()).map((e) => [e.key, e.value]));
  return policy.policy.budgets.map((rule) => ({
    rule,
    record: records.get(rule.name),
    groups: groupsOf(policy, rule.name),
  }));
}

export { groupsOf };
