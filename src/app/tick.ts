/**
 * @module The tick use case (SPEC §5): observe (discovery, memory, overrides) → plan (pure) →
 * apply (executor) → record (memory, audit). With `apply: false` it stops after planning and
 * changes nothing: that is the exact dry run.
 */
import { clusterKey } from "../core/fleet/types.js";
import type { OverrideView } from "../core/plan/desired.js";
import { planTick } from "../core/plan/tick-planner.js";
import type { ActionResult, ClusterMemory, Finding, Plan } from "../core/plan/types.js";
import type { TickPolicy } from "../core/policy/types.js";
import type { Discovery, DiscoveryScope, FleetReader } from "../ports/azure.js";
import { update, type StateStore } from "../ports/state-store.js";
import type { ClusterState, Override } from "../ports/state-types.js";
import { auditEntries } from "./audit.js";
import { announceTick, type NotifyDeps } from "./notify.js";
import { executeActions, type ExecutorDeps } from "./executor.js";
import { memoryFromState, stateFromMemory } from "./memory.js";

export interface TickDeps extends ExecutorDeps {
  readonly fleet: FleetReader;
  readonly policy: TickPolicy;
  readonly scope: DiscoveryScope;
  /** Groups held stopped by a budget (a later issue feeds this). */
  readonly budgetStoppedGroups?: ReadonlySet<string>;
  /** Tells people in Slack what happened (see app/notify.ts); absent: nobody is told. */
  readonly notify?: NotifyDeps;
  /** Keeps the last discovered fleet for the Slack fast path (see app/snapshot.ts). */
  readonly saveSnapshot?: (clusters: Discovery["clusters"], at: string) => Promise<boolean>;
}

export interface TickReport {
  readonly runId: string;
  readonly plan: Plan;
  readonly results: readonly ActionResult[];
  readonly discovery: Discovery;
  readonly applied: boolean;
  /** Findings new this tick (announce these): each warning once, not on every tick. */
  readonly findings: readonly Finding[];
  /** Slack calls that failed (logged; they never fail the tick). */
  readonly slackErrors: readonly string[];
}

export async function runTick(
  deps: TickDeps,
  options: { readonly now: Date; readonly apply: boolean },
): Promise<TickReport> {
  const { now } = options;
  const runId = deps.newId();
  const nowIso = now.toISOString();
  const [discovery, states, overrides] = await Promise.all([
    deps.fleet.discover(deps.scope),
    deps.store.clusters.list(),
    deps.store.overrides.active(nowIso),
  ]);
  const stored = new Map(states.map((entry) => [clusterKey(entry.value.clusterId), entry.value]));
  const memory = new Map([...stored].map(([key, state]) => [key, memoryFromState(state)]));
  const plan = planTick({
    now,
    policy: deps.policy,
    fleet: discovery.clusters,
    memory,
    overrides: overrideViews(overrides),
    ...(deps.budgetStoppedGroups ? { budgetStoppedGroups: deps.budgetStoppedGroups } : {}),
  });
  if (!options.apply) {
    return {
      runId,
      plan,
      results: [],
      discovery,
      applied: false,
      findings: plan.findings,
      slackErrors: [],
    };
  }

  const planned = new Map(plan.memory.map((m) => [m.clusterId, m.next]));
  await deps.saveSnapshot?.(discovery.clusters, nowIso);
  const findings = await newFindings(deps.store, plan, stored, nowIso);
  await recordMemory(deps.store, plan, planned, stored);
  const results = await executeActions(
    { actions: plan.actions, planned, before: memory, now: nowIso },
    deps,
  );
  await deps.store.audit.append(
    auditEntries({
      runId,
      at: nowIso,
      plan,
      results,
      stored,
      findings,
      clusters: new Map(discovery.clusters.map((c) => [clusterKey(c.id), c])),
    }),
  );
  const report = { runId, plan, results, discovery, applied: true, findings, slackErrors: [] };
  if (!deps.notify) return report;
  return { ...report, slackErrors: await announceTick(report, deps.notify, now) };
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
  const writes = [...keys]
    .filter((key) => !acting.has(key))
    .filter((key) => planned.has(key) || skips.get(key) !== stored.get(key)?.lastSkip)
    .map((key) =>
      update(store.clusters, key, (current) => {
        const memory = planned.get(key) ?? memoryFromState(current);
        const skip = skips.get(key);
        const { lastSkip: _previous, ...state } = stateFromMemory(key, memory, current);
        return skip === undefined ? state : { ...state, lastSkip: skip };
      }),
    );
  await Promise.all(writes);
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
