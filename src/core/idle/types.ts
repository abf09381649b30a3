/**
 * @module The idle planner's vocabulary (SPEC §6): per-group idle rules, the GPU utilization a
 * tick observed, what the planner remembers per pool between ticks, and the pool part of a Plan.
 */
import type { ClusterRef, NotifyTarget, PoolAction, PoolSize } from "../plan/types.js";

export type IdleMode = "force-zero" | "min-count-zero";

/** A group's `idle` section, as the policy file gives it. */
export interface IdleRules {
  readonly enabled: boolean;
  readonly gpuUtilBelowPercent: number;
  readonly forMinutes: number;
  readonly mode: IdleMode;
}

/**
 * GPU utilization over the last `windowMinutes` before `at`: for each cluster (by the lower-cased
 * value of its `cluster` label), each pool, each node, the highest utilization of any of its GPUs.
 */
export interface GpuUtilization {
  readonly at: string;
  readonly windowMinutes: number;
  readonly clusters: ReadonlyMap<string, ReadonlyMap<string, ReadonlyMap<string, number>>>;
}

/** What the tick knows about GPU metrics: none configured, a failed query, or an observation. */
export type MetricsView =
  | { readonly kind: "none" }
  | { readonly kind: "unavailable"; readonly message: string }
  | { readonly kind: "observed"; readonly utilization: GpuUtilization };

/** A scale or restore fired and not yet confirmed from discovery. */
export interface PendingPoolOperation {
  readonly id: string;
  readonly kind: "scale-pool" | "restore-pool";
  readonly pool: string;
  readonly issuedAt: string;
  readonly expect: string;
  readonly attempts: number;
  readonly reason: string;
  readonly notify?: NotifyTarget;
}

/** What the planner remembers about one pool between ticks. */
export interface PoolMemory {
  /** Start of the current idle run (the first idle window's start). */
  readonly idleSince?: string;
  /** The last observation that saw the pool idle: a run continues only while windows touch. */
  readonly idleSeenAt?: string;
  /** The pool's size during the run ({@link sizeKey}); a change restarts the run. */
  readonly idleSize?: string;
  /** A restore was asked for (start edge, cluster start, Slack) and is not yet confirmed: why. */
  readonly restoreWanted?: string;
  readonly pending?: PendingPoolOperation;
  /** The last skip reason, so a repeated one is audited once. */
  readonly lastSkip?: string;
}

/** A pool's restore record as the planner needs it (src/ports/state-types RestoreRecord). */
export interface RestoreView {
  readonly pool: string;
  readonly size: PoolSize;
  readonly mode: IdleMode;
  readonly recordedAt: string;
}

export interface PoolSkip {
  readonly target: ClusterRef;
  readonly group: string;
  readonly pool: string;
  readonly reason: string;
}

/** A pending pool operation confirmed (or given up on) from what discovery shows. */
export interface PoolConfirmation {
  readonly target: ClusterRef;
  readonly pool: string;
  readonly kind: "scale-pool" | "restore-pool";
  readonly operationId: string;
  readonly outcome: "done" | "failed";
  readonly message: string;
  readonly notify?: NotifyTarget;
}

export interface PoolMemoryUpdate {
  /** By cluster key. */
  readonly clusterId: string;
  readonly pool: string;
  /** `null`: forget the pool. */
  readonly next: PoolMemory | null;
}

/** The pool part of a Plan. */
export interface PoolPlan {
  readonly actions: readonly PoolAction[];
  readonly skipped: readonly PoolSkip[];
  readonly confirmations: readonly PoolConfirmation[];
  readonly memory: readonly PoolMemoryUpdate[];
  /** Restore records whose pool shows the recorded size with nothing in flight: delete them. */
  readonly settled: readonly { readonly clusterId: string; readonly pool: string }[];
}

export const EMPTY_POOL_PLAN: PoolPlan = {
  actions: [],
  skipped: [],
  confirmations: [],
  memory: [],
  settled: [],
};

/** What the executor reports for a pool action. */
export interface PoolActionResult {
  readonly action: PoolAction;
  readonly outcome: "pending" | "failed";
  readonly error?: { readonly code: string; readonly message: string };
  /** Refused in a way a later tick may get past (409, throttling, 5xx). */
  readonly retry?: boolean;
}

/** `2/auto 1-4` or `3/manual`: one text per size, to notice a change. */
export function sizeKey(size: PoolSize): string {
  return size.enableAutoScaling
    ? `${String(size.count)}/auto ${String(size.minCount)}-${String(size.maxCount)}`
    : `${String(size.count)}/manual`;
}
