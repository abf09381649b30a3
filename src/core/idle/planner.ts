/**
 * @module The idle planner (SPEC §6): config + observed fleet + GPU utilization + pool memory +
 * restore records + now → the pool part of a Plan. Pure.
 *
 * - A GPU *User* pool of a running, managed cluster whose every node stayed below
 *   `gpuUtilBelowPercent` for `forMinutes` (halved under a budget's `idle-aggressive`), with nodes
 *   and an unchanged size, is scaled down in the group's mode (`force-zero`, `min-count-zero`);
 *   Spot GPU pools of groups under `scale-spot-to-zero` are forced to zero (rule `budget`).
 * - Never: System or non-GPU pools, protected groups, excluded clusters, clusters with a bad tag,
 *   `gpu-warden.idle=off`, pools without metrics (reported as "no GPU metrics").
 * - A pool with a restore record is restored once asked — on the group's next start edge, after a
 *   confirmed cluster start, or from Slack (the operations worker) — and its record is settled
 *   (deleted) only when discovery shows the recorded size with nothing in flight. A record whose
 *   scale-down never reached ARM (a crash right after writing it) settles the same way, and the
 *   idle run, still remembered, plans the scale-down again: nothing is lost.
 */
import type { BudgetEffects } from "../budget/effects.js";
import { clusterKey, type AgentPool, type Cluster } from "../fleet/types.js";
import type { ClusterRef, PoolAction } from "../plan/types.js";
import { resolveClusterPolicy } from "../policy/resolve.js";
import { TAGS, type TickPolicy } from "../policy/types.js";
import { isGpuSku } from "../skus/index.js";
import { idleMinutes, readPool, sizeOf, trackIdle } from "./observe.js";
import { checkPoolPending, scaledSize, showsSize } from "./sizes.js";
import type {
  IdleRules,
  MetricsView,
  PoolConfirmation,
  PoolMemory,
  PoolMemoryUpdate,
  PoolPlan,
  PoolSkip,
  RestoreView,
} from "./types.js";

/** What the cluster planner decided for a cluster this tick. */
export interface ClusterTickFacts {
  /** A start or stop is planned for it: its pools wait. */
  readonly acting: boolean;
  /** Its desired state turned to running this tick (the group's start edge, or an override). */
  readonly startEdge: boolean;
  /** A start of it was confirmed this tick. */
  readonly started: boolean;
}

export interface IdleTickInput {
  /** Each group's idle rules, by group name. */
  readonly rules: ReadonlyMap<string, IdleRules>;
  readonly metrics: MetricsView;
  /** Pool memory by cluster key, then pool name. */
  readonly memory: ReadonlyMap<string, ReadonlyMap<string, PoolMemory>>;
  /** Restore records by cluster key. */
  readonly restores: ReadonlyMap<string, readonly RestoreView[]>;
  readonly effects: Pick<BudgetEffects, "idleAggressiveGroups" | "spotToZeroGroups">;
}

export interface PoolPlanInput extends IdleTickInput {
  readonly now: Date;
  readonly policy: TickPolicy;
  readonly fleet: readonly Cluster[];
  /** By cluster key. */
  readonly facts: ReadonlyMap<string, ClusterTickFacts>;
}

const NO_FACTS: ClusterTickFacts = { acting: false, startEdge: false, started: false };

interface Outcome {
  action?: PoolAction;
  skip?: string;
  confirmation?: Omit<PoolConfirmation, "target" | "pool">;
  settled?: boolean;
  next: PoolMemory;
}

interface PoolContext {
  readonly input: PoolPlanInput;
  readonly cluster: Cluster;
  readonly target: ClusterRef;
  readonly group: string;
  readonly facts: ClusterTickFacts;
  readonly ambiguous: ReadonlySet<string>;
}

export function planPools(input: PoolPlanInput): PoolPlan {
  const actions: PoolAction[] = [];
  const skipped: PoolSkip[] = [];
  const confirmations: PoolConfirmation[] = [];
  const memory: PoolMemoryUpdate[] = [];
  const settled: { clusterId: string; pool: string }[] = [];
  const ambiguous = duplicateNames(input.fleet);

  for (const cluster of input.fleet) {
    const policy = resolveClusterPolicy(cluster, input.policy);
    if (policy.kind !== "managed") continue; // never touched, records kept for later
    const key = clusterKey(cluster.id);
    const ctx: PoolContext = {
      input,
      cluster,
      target: refOf(cluster),
      group: policy.group.name,
      facts: input.facts.get(key) ?? NO_FACTS,
      ambiguous,
    };
    const records = new Map((input.restores.get(key) ?? []).map((r) => [r.pool, r]));
    const memories = input.memory.get(key) ?? new Map<string, PoolMemory>();
    const names = new Set([
      ...cluster.pools.filter(isGpuUserPool).map((p) => p.name),
      ...records.keys(),
      ...memories.keys(),
    ]);
    for (const name of names) {
      const before = memories.get(name) ?? {};
      const pool = cluster.pools.find((p) => p.name === name);
      const outcome = planPool(ctx, name, pool, records.get(name), before);
      const next = outcome.skip === undefined ? withoutSkip(outcome.next) : outcome.next;
      const skipIsNew = outcome.skip !== undefined && outcome.skip !== before.lastSkip;
      const remembered = outcome.skip === undefined ? next : { ...next, lastSkip: outcome.skip };
      if (outcome.action) actions.push(outcome.action);
      if (outcome.skip !== undefined && skipIsNew)
        skipped.push({ target: ctx.target, group: ctx.group, pool: name, reason: outcome.skip });
      if (outcome.confirmation)
        confirmations.push({ ...outcome.confirmation, target: ctx.target, pool: name });
      if (outcome.settled) settled.push({ clusterId: key, pool: name });
      if (!samePoolMemory(before, remembered)) {
        memory.push({ clusterId: key, pool: name, next: isEmpty(remembered) ? null : remembered });
      }
    }
  }
  return { actions, skipped, confirmations, memory, settled };
}

function planPool(
  ctx: PoolContext,
  name: string,
  pool: AgentPool | undefined,
  record: RestoreView | undefined,
  before: PoolMemory,
): Outcome {
  const { cluster, facts, input } = ctx;
  let mem = before;
  const spotHeld =
    pool?.scaleSetPriority === "Spot" && input.effects.spotToZeroGroups.has(ctx.group);
  if (record && (facts.startEdge || facts.started) && mem.restoreWanted === undefined && !spotHeld)
    mem = { ...mem, restoreWanted: facts.started ? "the cluster started" : "the start edge" };

  const ready =
    cluster.powerState === "Running" &&
    cluster.provisioningState.toLowerCase() === "succeeded" &&
    !facts.acting;
  if (!ready) return { next: withoutIdle(mem) };

  let confirmation: Outcome["confirmation"];
  if (mem.pending) {
    const { pending } = mem;
    const aim =
      record &&
      (pending.kind === "scale-pool" ? scaledSize(record.mode, record.size) : record.size);
    const check = aim
      ? checkPoolPending(pending, pool, aim, input.now)
      : ({ kind: "failed", message: `pool ${name}: its restore record is gone` } as const);
    if (check.kind === "waiting") return { skip: check.reason, next: mem };
    const { pending: _done, ...rest } = mem;
    mem = rest;
    confirmation = {
      kind: pending.kind,
      operationId: pending.id,
      outcome: check.kind,
      message: check.message,
      ...(pending.notify ? { notify: pending.notify } : {}),
    };
    if (pending.kind === "restore-pool") {
      const { restoreWanted: _asked, ...others } = mem;
      mem = others;
    }
  }
  const base = confirmation ? { confirmation } : {};

  if (record) {
    if (!pool || (settledPool(pool) && showsSize(pool, record.size))) {
      // Restored, or never scaled (the call did not reach ARM): the idle run, if any, goes on.
      const { restoreWanted: _asked, ...rest } = mem;
      return { ...base, settled: true, next: rest };
    }
    mem = withoutIdle(mem);
    if (mem.restoreWanted !== undefined && settledPool(pool)) {
      const action = poolAction(ctx, pool, "restore-pool", record.mode, record.size, "idle");
      return {
        ...base,
        action: {
          ...action,
          reason: `restore after ${mem.restoreWanted}: scaled down at ${record.recordedAt}`,
        },
        next: mem,
      };
    }
    return {
      ...base,
      skip: `scaled down at ${record.recordedAt} (${record.mode}): restored at the next start edge or with /gpu wake`,
      next: mem,
    };
  }
  const { restoreWanted: _none, ...rest } = mem;
  mem = rest;
  if (!pool || !isGpuUserPool(pool) || !settledPool(pool) || pool.powerState !== "Running")
    return { ...base, next: withoutIdle(mem) };
  return { ...base, ...planScaleDown(ctx, pool, mem) };
}

function planScaleDown(ctx: PoolContext, pool: AgentPool, mem: PoolMemory): Outcome {
  const { cluster, group, input } = ctx;
  const tag = tagValue(cluster, TAGS.idle)?.trim().toLowerCase();
  if (tag !== undefined && tag !== "on" && tag !== "off") {
    return { skip: `tag ${TAGS.idle}='${tag}' is not 'on' or 'off'`, next: withoutIdle(mem) };
  }
  if (tag === "off")
    return { skip: `idle scale-down off by tag ${TAGS.idle}=off`, next: withoutIdle(mem) };
  if (
    pool.scaleSetPriority === "Spot" &&
    input.effects.spotToZeroGroups.has(group) &&
    pool.count > 0
  ) {
    const action = poolAction(
      ctx,
      pool,
      "scale-pool",
      "force-zero",
      scaledSize("force-zero", sizeOf(pool)),
      "budget",
    );
    return {
      action: { ...action, reason: "budget scale-spot-to-zero in force" },
      next: withoutIdle(mem),
    };
  }
  const rules = input.rules.get(group);
  if (!rules?.enabled || pool.count === 0) return { next: withoutIdle(mem) };

  const reading = readPool(input.metrics, cluster, pool, rules.gpuUtilBelowPercent, ctx.ambiguous);
  const next = trackIdle(mem, reading, sizeOf(pool));
  if (reading.kind === "no-metrics") return { skip: reading.reason, next };
  if (reading.kind === "busy") return { next };
  const aggressive = input.effects.idleAggressiveGroups.has(group);
  const need = aggressive ? rules.forMinutes / 2 : rules.forMinutes;
  const since = next.idleSince ?? reading.at;
  if (idleMinutes(next, reading.at) < need) return { skip: `idle since ${since}`, next };
  if (rules.mode === "min-count-zero" && !pool.enableAutoScaling)
    return { skip: "idle, but min-count-zero needs the cluster autoscaler on", next };
  if (rules.mode === "min-count-zero" && pool.minCount === 0)
    return { skip: "idle; minCount is already 0", next };
  const action = poolAction(
    ctx,
    pool,
    "scale-pool",
    rules.mode,
    scaledSize(rules.mode, sizeOf(pool)),
    "idle",
  );
  const why = `every node below ${String(rules.gpuUtilBelowPercent)}% GPU since ${since} (${String(need)} min${aggressive ? ", halved by idle-aggressive" : ""})`;
  return { action: { ...action, reason: why }, next };
}

function poolAction(
  ctx: PoolContext,
  pool: AgentPool,
  kind: PoolAction["kind"],
  mode: PoolAction["mode"],
  to: PoolAction["to"],
  rule: PoolAction["rule"],
): PoolAction {
  return {
    kind,
    target: ctx.target,
    group: ctx.group,
    pool: pool.name,
    mode,
    from: sizeOf(pool),
    to,
    reason: "",
    rule,
  };
}

export function isGpuUserPool(pool: AgentPool): boolean {
  return pool.mode === "User" && isGpuSku(pool.vmSize);
}

function settledPool(pool: AgentPool): boolean {
  return pool.provisioningState.toLowerCase() === "succeeded";
}

function withoutIdle(mem: PoolMemory): PoolMemory {
  const { idleSince: _a, idleSeenAt: _b, idleSize: _c, ...rest } = mem;
  return rest;
}

function withoutSkip(mem: PoolMemory): PoolMemory {
  const { lastSkip: _skip, ...rest } = mem;
  return rest;
}

function isEmpty(mem: PoolMemory): boolean {
  return Object.values(mem).every((v) => v === undefined);
}

function samePoolMemory(a: PoolMemory, b: PoolMemory): boolean {
  return (
    a.idleSince === b.idleSince &&
    a.idleSeenAt === b.idleSeenAt &&
    a.idleSize === b.idleSize &&
    a.restoreWanted === b.restoreWanted &&
    a.pending === b.pending &&
    a.lastSkip === b.lastSkip
  );
}

function duplicateNames(fleet: readonly Cluster[]): Set<string> {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const c of fleet) {
    const name = c.name.toLowerCase();
    if (seen.has(name)) twice.add(name);
    seen.add(name);
  }
  return twice;
}

function refOf(cluster: Cluster): ClusterRef {
  const { id, name, resourceGroup, subscriptionId } = cluster;
  return { id, name, resourceGroup, subscriptionId };
}

/** Azure tag names are case-insensitive. */
function tagValue(cluster: Cluster, name: string): string | undefined {
  const wanted = name.toLowerCase();
  return Object.entries(cluster.tags).find(([k]) => k.toLowerCase() === wanted)?.[1];
}
