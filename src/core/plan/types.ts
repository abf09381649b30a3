/**
 * @module A Plan is data (SPEC §1): the actions a tick would take, with reasons, what it skipped
 * and why, what it found, and what it will remember. Dry-run renders it; apply executes it.
 */
import type { PowerState } from "../fleet/types.js";
import type { PoolPlan } from "../idle/types.js";
import type { DesiredState } from "../schedule/index.js";

export type ClusterActionKind = "start-cluster" | "stop-cluster";
/** Pool actions of the idle planner (src/core/idle): scale a GPU pool down, put it back. */
export type PoolActionKind = "scale-pool" | "restore-pool";
export type ActionKind = ClusterActionKind | PoolActionKind;

export interface ClusterRef {
  readonly id: string;
  readonly name: string;
  readonly resourceGroup: string;
  readonly subscriptionId: string;
}

/** Which rule produced an action: the schedule, an override, off-hours drift, a budget or idle GPUs. */
export type Rule = "schedule" | "override" | "off-hours" | "budget" | "idle";

export interface PlannedAction {
  readonly kind: ClusterActionKind;
  readonly target: ClusterRef;
  readonly group: string;
  readonly from: PowerState;
  readonly to: PowerState;
  readonly reason: string;
  readonly rule: Rule;
}

/** A node pool's size and autoscaler settings: what a scale-down records and a restore puts back. */
export interface PoolSize {
  readonly count: number;
  readonly enableAutoScaling: boolean;
  readonly minCount: number | null;
  readonly maxCount: number | null;
}

/** A planned change of one node pool (SPEC §6); the blast-radius cap counts these too. */
export interface PoolAction {
  readonly kind: PoolActionKind;
  readonly target: ClusterRef;
  readonly group: string;
  readonly pool: string;
  /** `force-zero` or `min-count-zero` for a scale-down; the recorded mode for a restore. */
  readonly mode: "force-zero" | "min-count-zero";
  readonly from: PoolSize;
  readonly to: PoolSize;
  readonly reason: string;
  readonly rule: Rule;
}

export interface Skip {
  readonly target: ClusterRef;
  readonly group: string | null;
  readonly reason: string;
}

export type Finding =
  | {
      readonly kind: "pre-stop-warning";
      readonly target: ClusterRef;
      readonly group: string;
      readonly stopAt: string;
    }
  | {
      readonly kind: "off-hours-running";
      readonly target: ClusterRef;
      readonly group: string;
      readonly since: string;
      readonly stopAt: string | null;
    }
  | {
      readonly kind: "invalid-tag";
      readonly target: ClusterRef;
      readonly group: string;
      readonly message: string;
    }
  | {
      readonly kind: "cluster-failed";
      readonly target: ClusterRef;
      readonly group: string;
      readonly message: string;
    }
  | { readonly kind: "cap-exceeded"; readonly message: string };

/** A pending operation confirmed (or given up on) from what discovery now shows. */
export interface Confirmation {
  readonly target: ClusterRef;
  /** Copied from the pending operation: who asked for it. */
  readonly notify?: NotifyTarget;
  readonly operationId: string;
  readonly kind: "start" | "stop";
  readonly outcome: "done" | "failed";
  readonly message: string;
  readonly durationSeconds: number;
}

export type PendingKind = "start" | "stop";

/** Who to tell when an operation someone asked for (in Slack) is confirmed or fails. */
export interface NotifyTarget {
  readonly responseUrl?: string;
  readonly channel?: string;
  readonly requestedBy?: string;
}

export interface PendingOperation {
  readonly id: string;
  readonly kind: PendingKind;
  readonly issuedAt: string;
  /** The power state that confirms it. */
  readonly expect: PowerState;
  readonly attempts: number;
  readonly reason: string;
  readonly notify?: NotifyTarget;
}

/** What the tick remembers about a cluster between runs (SPEC §5, §14). */
export interface ClusterMemory {
  readonly lastDesired: DesiredState | null;
  readonly offHoursSince: string | null;
  readonly pending: PendingOperation | null;
  readonly startDurationsSeconds: readonly number[];
  /** Consecutive 409s of the current edge's action (throttled attempts do not count). */
  readonly retries: number;
}

export const EMPTY_MEMORY: ClusterMemory = {
  lastDesired: null,
  offHoursSince: null,
  pending: null,
  startDurationsSeconds: [],
  retries: 0,
};

export interface MemoryUpdate {
  readonly clusterId: string;
  readonly next: ClusterMemory;
}

export interface Plan {
  readonly at: string;
  /** Never more than the cap: a plan over it is refused whole (see `refused`). */
  readonly actions: readonly PlannedAction[];
  readonly refused: {
    readonly reason: string;
    readonly actions: readonly PlannedAction[];
    readonly poolActions: readonly PoolAction[];
  } | null;
  readonly skipped: readonly Skip[];
  readonly findings: readonly Finding[];
  readonly confirmations: readonly Confirmation[];
  /** Memory to record for each cluster whose memory changes, assuming its action is fired. */
  readonly memory: readonly MemoryUpdate[];
  /** Idle GPU pools (src/core/idle): pool actions within the cap, pool skips, memory, settled records. */
  readonly pools: PoolPlan;
}

/** What the executor reports for each action (SPEC §1). */
export interface ActionResult {
  readonly action: PlannedAction;
  /** pending: fired and awaiting confirmation by a later discovery. */
  readonly outcome: "done" | "pending" | "failed" | "refused";
  readonly error?: { readonly code: string; readonly message: string };
  /** A retryable refusal (409, throttling, 5xx): the edge stays open and a later tick retries. */
  readonly retry?: boolean;
}
