/**
 * @module Is a pool idle, and since when (SPEC §6). One PromQL query per tick returns, per node,
 * the highest GPU utilization of the last window (`max_over_time(…[5m])`, see the Prometheus
 * adapter); this module reads a pool's nodes out of it and keeps a run of idle windows in the
 * pool's memory.
 *
 * Why memory and not one long PromQL window: `forMinutes` differs per group and halves under a
 * budget's `idle-aggressive`, while the tick sends one query per workspace. A short window that
 * covers the time between ticks, plus "idle since" remembered per pool, serves every group with
 * that one query, notices a size change (the run restarts), and never bridges a gap: a run
 * continues only while consecutive windows touch, so a missed tick or a failed query starts over.
 */
import type { AgentPool, Cluster } from "../fleet/types.js";
import type { PoolSize } from "../plan/types.js";
import { formatInstant } from "../time/zone.js";
import { sizeKey, type MetricsView, type PoolMemory } from "./types.js";

/** Slack between consecutive windows (timer jitter) before a run counts as broken. */
const CONTINUITY_GRACE_MS = 60_000;

export type PoolReading =
  | { readonly kind: "no-metrics"; readonly reason: string }
  | { readonly kind: "busy"; readonly reason: string }
  | { readonly kind: "idle"; readonly at: string; readonly windowMinutes: number };

export function sizeOf(pool: AgentPool): PoolSize {
  return {
    count: pool.count,
    enableAutoScaling: pool.enableAutoScaling,
    minCount: pool.minCount,
    maxCount: pool.maxCount,
  };
}

/**
 * What the metrics say about a pool's nodes. Series are matched to the cluster by its `cluster`
 * label (the cluster's name); `ambiguous` names shared by several clusters of the fleet, whose
 * series cannot be told apart: those pools have no metrics.
 */
export function readPool(
  metrics: MetricsView,
  cluster: Cluster,
  pool: AgentPool,
  belowPercent: number,
  ambiguous: ReadonlySet<string>,
): PoolReading {
  switch (metrics.kind) {
    case "none":
      return { kind: "no-metrics", reason: "no GPU metrics (no prometheus endpoint configured)" };
    case "unavailable":
      return { kind: "no-metrics", reason: `no GPU metrics: ${metrics.message}` };
    case "observed":
      break;
  }
  const name = cluster.name.toLowerCase();
  if (ambiguous.has(name)) {
    return {
      kind: "no-metrics",
      reason: `no GPU metrics: cluster name ${cluster.name} is not unique in the fleet`,
    };
  }
  const nodes = metrics.utilization.clusters.get(name)?.get(pool.name.toLowerCase());
  if (!nodes || nodes.size === 0) return { kind: "no-metrics", reason: "no GPU metrics" };
  if (nodes.size < pool.count) {
    return {
      kind: "no-metrics",
      reason: `no GPU metrics for every node (${String(nodes.size)} of ${String(pool.count)})`,
    };
  }
  const busiest = Math.max(...nodes.values());
  if (busiest >= belowPercent) {
    return { kind: "busy", reason: `GPUs in use (at or above ${String(belowPercent)}%)` };
  }
  const { at, windowMinutes } = metrics.utilization;
  return { kind: "idle", at, windowMinutes };
}

/** The pool's idle run after this reading: extended, restarted, or ended. */
export function trackIdle(memory: PoolMemory, reading: PoolReading, size: PoolSize): PoolMemory {
  const { idleSince: _since, idleSeenAt: _seen, idleSize: _size, ...rest } = memory;
  if (reading.kind !== "idle") return rest;
  const at = Date.parse(reading.at);
  const windowStart = at - reading.windowMinutes * 60_000;
  const key = sizeKey(size);
  const seen = memory.idleSeenAt === undefined ? NaN : Date.parse(memory.idleSeenAt);
  const touches = windowStart <= seen + CONTINUITY_GRACE_MS && seen <= at;
  let since: string;
  if (touches && memory.idleSize === key && memory.idleSince !== undefined) {
    since = memory.idleSince;
  } else if (touches && memory.idleSize !== key) {
    since = reading.at; // the size changed since the last window: the run starts now
  } else {
    since = formatInstant(windowStart);
  }
  return { ...rest, idleSince: since, idleSeenAt: reading.at, idleSize: key };
}

/** Minutes the pool has been idle at its current size, 0 when it is not. */
export function idleMinutes(memory: PoolMemory, at: string): number {
  if (memory.idleSince === undefined) return 0;
  return Math.max(0, (Date.parse(at) - Date.parse(memory.idleSince)) / 60_000);
}
