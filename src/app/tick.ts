/**
 * @module The tick use case (SPEC §5): observe (discovery, memory, overrides) → plan (pure) →
 * apply (executor) → record (memory, audit). With `apply: false` it stops after planning and
 * changes nothing: that is the exact dry run.
 */
import { NO_BUDGET_EFFECTS, type BudgetEffects } from "../core/budget/effects.js";
import { clusterKey } from "../core/fleet/types.js";
import type { IdleTickInput } from "../core/idle/planner.js";
import type {
  IdleRules,
  MetricsView,
  PoolActionResult,
  PoolMemory,
  RestoreView,
} from "../core/idle/types.js";
import type { OverrideView } from "../core/plan/desired.js";
import { planTick } from "../core/plan/tick-planner.js";
import type { ActionResult, ClusterMemory, Finding, Plan } from "../core/plan/types.js";
import type { TickPolicy } from "../core/policy/types.js";
import type { Discovery, DiscoveryScope, FleetReader, PoolControl } from "../ports/azure.js";
import type { GpuMetrics } from "../ports/metrics.js";
import { update, type StateStore } from "../ports/state-store.js";
import type { ClusterState, Override } from "../ports/state-types.js";
import { auditEntries } from "./audit.js";
import { inParallel, STORE_WRITES_IN_FLIGHT } from "./bounded.js";
import { announceTick, type NotifyDeps } from "./notify.js";
import { executeActions, type ExecutorDeps } from "./executor.js";
import { recordHistory } from "./history.js";
import { memoryFromState, stateFromMemory } from "./memory.js";
import { executePoolActions, poolMemoryFromState, recordPoolPlan } from "./pools.js";

export interface TickDeps extends ExecutorDeps {
  readonly fleet: FleetReader;
  readonly policy: TickPolicy;
  readonly scope: DiscoveryScope;
  /** Tells people in Slack what happened (see app/notify.ts); absent: nobody is told. */
  readonly notify?: NotifyDeps;
  /** Keeps the last discovered fleet for the Slack fast path (see app/snapshot.ts). */
  readonly saveSnapshot?: (clusters: Discovery["clusters"], at: string) => Promise<boolean>;
  /** Idle GPU pools (SPEC §6): each group's idle rules and the pool control; absent: off. */
  readonly idle?: { readonly rules: ReadonlyMap<string, IdleRules>; readonly pools: PoolControl };
  /** GPU metrics: queried once per tick at the workspace endpoint; absent: no pool has metrics. */
  readonly metrics?: { readonly source: GpuMetrics; readonly endpoint: string };
  /** The budget actions in force at the tick's instant (src/app/budgets*); default: none. */
  readonly budgetEffects?: (now: Date) => Promise<BudgetEffects>;
}

export interface TickReport {
  readonly runId: string;
  readonly plan: Plan;
  readonly results: readonly ActionResult[];
  /** Results of the plan's pool actions. */
  readonly poolResults: readonly PoolActionResult[];
  readonly discovery: Discovery;
  readonly applied: boolean;
  /** Findings new this tick (announce these): each warning once, not on every tick. */
  readonly findings: readonly Finding[];
  /** Slack calls that failed (logged; they never fail the tick). */
  readonly slackErrors: readonly string[];
  /** Samples and ledger writes that failed or were left out (app/history.ts; never fail the tick). */
  readonly historyErrors: readonly string[];
}

export async function runTick(
  deps: TickDeps,
  options: { readonly now: Date; readonly apply: boolean },
): Promise<TickReport> {
  const { now } = options;
  const runId = deps.newId();
  const nowIso = now.toISOString();
  const [discovery, states, overrides, effects, idle] = await Promise.all([
    deps.fleet.discover(deps.scope),
    deps.store.clusters.list(),
    deps.store.overrides.active(nowIso),
    deps.budgetEffects?.(now) ?? Promise.resolve(NO_BUDGET_EFFECTS),
    observeIdle(deps, now),
  ]);
  const stored = new Map(states.map((entry) => [clusterKey(entry.value.clusterId), entry.value]));
  const memory = new Map([...stored].map(([key, state]) => [key, memoryFromState(state)]));
  const plan = planTick({
    now,
    policy: deps.policy,
    fleet: discovery.clusters,
    memory,
    overrides: overrideViews(overrides),
    budgetStoppedGroups: effects.stoppedGroups,
    ...(idle ? { idle: idleInput(idle, states, effects) } : {}),
  });
  if (!options.apply) {
    return {
      runId,
      plan,
      results: [],
      poolResults: [],
      discovery,
      applied: false,
      findings: plan.findings,
      slackErrors: [],
      historyErrors: [],
    };
  }

  const planned = new Map(plan.memory.map((m) => [m.clusterId, m.next]));
  await deps.saveSnapshot?.(discovery.clusters, nowIso);
  const findings = await newFindings(deps.store, plan, stored, nowIso);
  const audit = {
    runId,
    at: nowIso,
    plan,
    stored,
    findings,
    clusters: new Map(discovery.clusters.map((c) => [clusterKey(c.id), c])),
  };
  // The decisions (confirmations included) are on record before memory forgets a confirmed
  // operation and before any ARM call: a tick killed from here on has still recorded them.
  await deps.store.audit.append(auditEntries({ ...audit, results: [] }, "decisions"));
  await recordMemory(deps.store, plan, planned, stored);
  await recordPoolPlan(deps.store, plan.pools);
  const results = await executeActions(
    { actions: plan.actions, planned, before: memory, now: nowIso },
    deps,
  );
  const poolResults = deps.idle
    ? await executePoolActions(
        { actions: plan.pools.actions, now: nowIso },
        { pools: deps.idle.pools, store: deps.store, newId: deps.newId },
      )
    : [];
  await deps.store.audit.append(auditEntries({ ...audit, results, poolResults }, "results"));
  const historyErrors = await recordHistory(deps.store, { now, discovery, plan });
  const report = {
    runId,
    plan,
    results,
    poolResults,
    discovery,
    applied: true,
    findings,
    slackErrors: [],
    historyErrors,
  };
  if (!deps.notify) return report;
  return { ...report, slackErrors: await announceTick(report, deps.notify, now) };
}

interface IdleObservation {
  readonly rules: ReadonlyMap<string, IdleRules>;
  readonly metrics: MetricsView;
  readonly restores: IdleTickInput["restores"];
}

/** Idle inputs read alongside discovery: the one metrics query of the tick and the restore records. */
async function observeIdle(deps: TickDeps, now: Date): Promise<IdleObservation | undefined> {
  if (!deps.idle) return undefined;
  const { metrics } = deps;
  const [view, records] = await Promise.all([
    metrics
      ? metrics.source.poolUtilization(metrics.endpoint, now).then(
          (utilization): MetricsView => ({ kind: "observed", utilization }),
          (error: unknown): MetricsView => ({
            kind: "unavailable",
            message: error instanceof Error ? error.message : String(error),
          }),
        )
      : Promise.resolve<MetricsView>({ kind: "none" }),
    deps.store.restores.list(),
  ]);
  const restores = new Map<string, RestoreView[]>();
  for (const { value: r } of records) {
    const key = clusterKey(r.clusterId);
    const view = {
      pool: r.pool,
      size: {
        count: r.count,
        enableAutoScaling: r.enableAutoScaling,
        minCount: r.minCount,
        maxCount: r.maxCount,
      },
      mode: r.mode,
      recordedAt: r.recordedAt,
    };
    restores.set(key, [...(restores.get(key) ?? []), view]);
  }
  return { rules: deps.idle.rules, metrics: view, restores };
}

function idleInput(
  observed: IdleObservation,
  states: readonly { readonly value: ClusterState }[],
  effects: BudgetEffects,
): IdleTickInput {
  const memory = new Map<string, ReadonlyMap<string, PoolMemory>>();
  for (const { value } of states) {
    if (!value.pools) continue;
    const pools = Object.entries(value.pools).map(
      ([name, s]) => [name, poolMemoryFromState(s)] as const,
    );
    memory.set(clusterKey(value.clusterId), new Map(pools));
  }
  return { ...observed, memory, effects };
}

/**
 * Memory and last skip reason of every cluster whose record changes, except those with an action
 * (the executor writes those around the ARM call).
 */
async function recordMemory(
  store: StateStore,
  plan: Plan,
  planned: ReadonlyMap<string, ClusterMemory>,
  stored: ReadonlyMap<string, ClusterState>,
): Promise<void> {
  const acting = new Set(plan.actions.map((a) => clusterKey(a.target.id)));
  const skips = new Map(plan.skipped.map((s) => [clusterKey(s.target.id), s.reason]));
  const keys = new Set([...planned.keys(), ...skips.keys(), ...stored.keys()]);
  const changed = [...keys]
    .filter((key) => !acting.has(key))
    .filter((key) => planned.has(key) || skips.get(key) !== stored.get(key)?.lastSkip);
  await inParallel(changed, STORE_WRITES_IN_FLIGHT, (key) =>
    update(store.clusters, key, (current) => {
      const memory = planned.get(key) ?? memoryFromState(current);
      const skip = skips.get(key);
      const { lastSkip: _previous, ...state } = stateFromMemory(key, memory, current);
      return skip === undefined ? state : { ...state, lastSkip: skip };
    }),
  );
}

/** One override per cluster (the table is keyed by cluster). */
function overrideViews(overrides: readonly Override[]): Map<string, OverrideView> {
  return new Map(
    overrides.map((o) => [
      clusterKey(o.clusterId),
      { state: o.state, until: o.until, owner: o.owner, reason: o.reason },
    ]),
  );
}

/**
 * Findings worth announcing now: a pre-stop warning once per stop edge (claimed in the dedupe
 * table), off-hours running at first detection, tag and failure reports when their skip is new.
 */
async function newFindings(
  store: StateStore,
  plan: Plan,
  stored: ReadonlyMap<string, ClusterState>,
  nowIso: string,
): Promise<Finding[]> {
  const skipIsNew = (id: string): boolean => {
    const skip = plan.skipped.find((s) => s.target.id === id);
    return skip?.reason !== stored.get(clusterKey(id))?.lastSkip;
  };
  const fresh: Finding[] = [];
  for (const finding of plan.findings) {
    switch (finding.kind) {
      case "pre-stop-warning": {
        const key = `pre-stop:${clusterKey(finding.target.id)}:${finding.stopAt}`;
        if (await store.dedupe.claim(key, nowIso)) fresh.push(finding);
        break;
      }
      case "off-hours-running":
        if (stored.get(clusterKey(finding.target.id))?.offHoursSince !== finding.since) {
          fresh.push(finding);
        }
        break;
      case "invalid-tag":
      case "cluster-failed":
        if (skipIsNew(finding.target.id)) fresh.push(finding);
        break;
      case "cap-exceeded":
        fresh.push(finding);
        break;
    }
  }
  return fresh;
}
