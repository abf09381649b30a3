/**
 * @module The tick planner (SPEC §5): config + observed fleet + memory + overrides + now → Plan.
 * Level-triggered with transition memory: an action is planned when the desired state changed
 * since the last tick (an edge, also one missed while the app was down) and the cluster is not in
 * it, or when a cluster runs off-hours past its grace period. Protected groups, excluded clusters
 * and clusters with unparseable tags never get an action; a plan over the cap is refused whole.
 */
import { clusterKey, isTransitional, type Cluster } from "../fleet/types.js";
import { planPools, type ClusterTickFacts, type IdleTickInput } from "../idle/planner.js";
import { EMPTY_POOL_PLAN } from "../idle/types.js";
import { resolveClusterPolicy } from "../policy/resolve.js";
import type { GroupRules, TickPolicy } from "../policy/types.js";
import type { Schedule } from "../schedule/index.js";
import { formatInstant } from "../time/zone.js";
import { desiredState, learnedStartSeconds, upcomingStop, type OverrideView } from "./desired.js";
import { checkPending } from "./pending.js";
import {
  EMPTY_MEMORY,
  type ClusterMemory,
  type ClusterRef,
  type Confirmation,
  type Finding,
  type MemoryUpdate,
  type Plan,
  type PlannedAction,
  type Skip,
} from "./types.js";

export interface TickInput {
  readonly now: Date;
  readonly policy: TickPolicy;
  readonly fleet: readonly Cluster[];
  /** By {@link clusterKey}. */
  readonly memory: ReadonlyMap<string, ClusterMemory>;
  /** Active overrides by {@link clusterKey}. */
  readonly overrides: ReadonlyMap<string, OverrideView>;
  /** Groups held stopped by a budget's `stop-clusters` action. */
  readonly budgetStoppedGroups?: ReadonlySet<string>;
  /** Idle GPU pools (src/core/idle); absent: no pool is planned. */
  readonly idle?: IdleTickInput;
}

interface ClusterOutcome {
  action?: PlannedAction;
  skip?: Skip;
  findings: Finding[];
  confirmation?: Confirmation;
  /** Memory after this tick, when it changes. */
  next?: ClusterMemory;
}

export function planTick(input: TickInput): Plan {
  const actions: PlannedAction[] = [];
  const skipped: Skip[] = [];
  const findings: Finding[] = [];
  const confirmations: Confirmation[] = [];
  const memory: MemoryUpdate[] = [];
  const previous = new Map<string, ClusterMemory>();
  const facts = new Map<string, ClusterTickFacts>();

  for (const cluster of input.fleet) {
    const key = clusterKey(cluster.id);
    const mem = input.memory.get(key) ?? EMPTY_MEMORY;
    const outcome = planCluster(cluster, mem, input);
    if (outcome.action) actions.push(outcome.action);
    if (outcome.skip) skipped.push(outcome.skip);
    if (outcome.confirmation) confirmations.push(outcome.confirmation);
    findings.push(...outcome.findings);
    facts.set(key, {
      acting: outcome.action !== undefined,
      startEdge: mem.lastDesired === "stopped" && outcome.next?.lastDesired === "running",
      started: outcome.confirmation?.kind === "start" && outcome.confirmation.outcome === "done",
    });
    if (outcome.next) {
      memory.push({ clusterId: key, next: outcome.next });
      previous.set(key, mem);
    }
  }

  const { fleet, now, policy } = input;
  const pools = input.idle
    ? planPools({ ...input.idle, now, policy, fleet, facts })
    : EMPTY_POOL_PLAN;
  const cap = input.policy.maxActionsPerTick;
  const total = actions.length + pools.actions.length;
  if (total <= cap) {
    return {
      at: formatInstant(input.now.getTime()),
      actions,
      refused: null,
      skipped,
      findings,
      confirmations,
      memory,
      pools,
    };
  }
  // Refused whole: nothing fires, and the edges stay open so the next tick plans them again.
  const reason = `plan has ${total} actions, over the blast-radius cap of ${cap} (limits.maxActionsPerTick); nothing was changed`;
  const acting = new Set(actions.map((a) => clusterKey(a.target.id)));
  const held = memory.map((update) => {
    const before = previous.get(update.clusterId) ?? EMPTY_MEMORY;
    return acting.has(update.clusterId)
      ? { ...update, next: { ...update.next, lastDesired: before.lastDesired } }
      : update;
  });
  return {
    at: formatInstant(input.now.getTime()),
    actions: [],
    refused: { reason, actions, poolActions: pools.actions },
    skipped,
    findings: [...findings, { kind: "cap-exceeded", message: reason }],
    confirmations,
    memory: held,
    pools: { ...pools, actions: [] },
  };
}

function refOf(cluster: Cluster): ClusterRef {
  return {
    id: cluster.id,
    name: cluster.name,
    resourceGroup: cluster.resourceGroup,
    subscriptionId: cluster.subscriptionId,
  };
}

function planCluster(cluster: Cluster, mem: ClusterMemory, input: TickInput): ClusterOutcome {
  const target = refOf(cluster);
  const policy = resolveClusterPolicy(cluster, input.policy);
  switch (policy.kind) {
    case "unmanaged":
      return { skip: { target, group: null, reason: "in no group: not managed" }, findings: [] };
    case "excluded":
      return {
        skip: {
          target,
          group: policy.group.name,
          reason: "excluded by tag gpu-warden.exclude=true",
        },
        findings: [],
      };
    case "protected":
      return {
        skip: {
          target,
          group: policy.group.name,
          reason: `group ${policy.group.name} is protected: observed, never changed`,
        },
        findings: [],
      };
    case "invalid-tag":
      return {
        skip: { target, group: policy.group.name, reason: policy.reason },
        findings: [
          { kind: "invalid-tag", target, group: policy.group.name, message: policy.reason },
        ],
      };
    case "managed":
      if (!policy.schedule) {
        return {
          skip: { target, group: policy.group.name, reason: "no schedule in effect" },
          findings: [],
        };
      }
      return planManaged(cluster, target, mem, policy.group, policy.schedule, input);
  }
}

function planManaged(
  cluster: Cluster,
  target: ClusterRef,
  memBefore: ClusterMemory,
  group: GroupRules,
  schedule: Schedule,
  input: TickInput,
): ClusterOutcome {
  const { now } = input;
  const findings: Finding[] = [];
  let mem = memBefore;
  let confirmation: Confirmation | undefined;
  const skip = (reason: string, next?: ClusterMemory): ClusterOutcome => ({
    skip: { target, group: group.name, reason },
    findings,
    ...(confirmation ? { confirmation } : {}),
    ...(next && next !== memBefore ? { next } : {}),
  });

  const pending = mem.pending;
  if (pending) {
    const check = checkPending(pending, cluster, target, now);
    if (check.kind === "waiting") return skip(check.reason);
    confirmation = check.confirmation;
    const durations =
      confirmation.kind === "start" && confirmation.outcome === "done"
        ? [...mem.startDurationsSeconds, confirmation.durationSeconds].slice(-20)
        : mem.startDurationsSeconds;
    mem = { ...mem, pending: null, startDurationsSeconds: durations };
    // Timed out with the cluster settled where it was: the call never took effect (the app died,
    // or storage failed, between the write-ahead and recording ARM's answer). Re-open the edge for
    // the next tick, which plans the action again if it is still wanted (with the usual retries),
    // instead of losing it until the next edge.
    const unchanged =
      confirmation.outcome === "failed" &&
      cluster.provisioningState.toLowerCase() === "succeeded" &&
      cluster.powerState !== pending.expect;
    if (unchanged) {
      const from = pending.expect === "Running" ? "stopped" : "running";
      return skip(`${confirmation.message}; re-opened for the next tick`, {
        ...mem,
        lastDesired: from,
      });
    }
  }

  if (isTransitional(cluster.provisioningState)) {
    return skip(`provisioningState ${cluster.provisioningState}: left alone this tick`, mem);
  }
  if (cluster.provisioningState.toLowerCase() === "failed") {
    const message = `${cluster.name} is in provisioningState Failed`;
    findings.push({ kind: "cluster-failed", target, group: group.name, message });
    return skip(message, mem);
  }

  const override = input.overrides.get(clusterKey(cluster.id));
  const desire = desiredState({
    now,
    schedule,
    holidays: group.holidays,
    override,
    budgetStop: input.budgetStoppedGroups?.has(group.name) ?? false,
    readyBySeconds: group.readyBy ? learnedStartSeconds(mem.startDurationsSeconds) : 0,
  });
  const actual = cluster.powerState === "Running" ? "running" : "stopped";
  const edge = mem.lastDesired !== null && mem.lastDesired !== desire.state;
  const offHoursRunning = desire.state === "stopped" && actual === "running";
  const offHoursSince =
    offHoursRunning && !edge ? (mem.offHoursSince ?? formatInstant(now.getTime())) : null;
  const next: ClusterMemory = {
    ...mem,
    lastDesired: desire.state,
    offHoursSince,
    retries: edge ? mem.retries : 0,
  };

  if (edge && actual !== desire.state) {
    const action = toAction(
      cluster,
      target,
      group,
      desire.state,
      desire.rule,
      `edge ${mem.lastDesired} → ${desire.state}: ${desire.why}`,
    );
    return { action, findings, next, ...(confirmation ? { confirmation } : {}) };
  }

  if (offHoursRunning && !edge) {
    const { action: offAction, graceMinutes } = group.offHours;
    if (offAction === "ignore") return skip(`running off-hours; offHours.action is ignore`, next);
    const since = offHoursSince ?? formatInstant(now.getTime());
    const stopAtMs = Date.parse(since) + graceMinutes * 60_000;
    const stopAt = offAction === "stop" ? formatInstant(stopAtMs) : null;
    findings.push({ kind: "off-hours-running", target, group: group.name, since, stopAt });
    if (offAction === "stop" && now.getTime() >= stopAtMs) {
      const reason = `running off-hours since ${since}; grace of ${graceMinutes} min passed (${desire.why})`;
      return {
        action: toAction(cluster, target, group, "stopped", "off-hours", reason),
        findings,
        next,
      };
    }
    return skip(
      offAction === "stop"
        ? `running off-hours since ${since}; stops at ${stopAt ?? ""} unless kept`
        : `running off-hours since ${since}; offHours.action is warn`,
      next,
    );
  }

  if (desire.state === "running" && actual === "stopped" && !edge) {
    return skip(
      "stopped during scheduled hours (by hand or before gpu-warden saw it): left stopped until the next start edge",
      next,
    );
  }

  if (desire.state === "running" && actual === "running" && group.warnBeforeStopMinutes > 0) {
    const stopAt = upcomingStop(now, schedule, group.holidays, override);
    if (stopAt && stopAt.getTime() - now.getTime() <= group.warnBeforeStopMinutes * 60_000) {
      findings.push({
        kind: "pre-stop-warning",
        target,
        group: group.name,
        stopAt: formatInstant(stopAt.getTime()),
      });
    }
  }
  return {
    findings,
    ...(confirmation ? { confirmation } : {}),
    ...(sameMemory(next, memBefore) ? {} : { next }),
  };
}

function toAction(
  cluster: Cluster,
  target: ClusterRef,
  group: GroupRules,
  to: "running" | "stopped",
  rule: PlannedAction["rule"],
  reason: string,
): PlannedAction {
  return {
    kind: to === "running" ? "start-cluster" : "stop-cluster",
    target,
    group: group.name,
    from: cluster.powerState,
    to: to === "running" ? "Running" : "Stopped",
    reason,
    rule,
  };
}

function sameMemory(a: ClusterMemory, b: ClusterMemory): boolean {
  return (
    a.lastDesired === b.lastDesired &&
    a.offHoursSince === b.offHoursSince &&
    a.pending === b.pending &&
    a.retries === b.retries &&
    a.startDurationsSeconds === b.startDurationsSeconds
  );
}
