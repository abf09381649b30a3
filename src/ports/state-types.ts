/**
 * @module Record types of the state store (SPEC §14) and the zod schemas that check them on the way
 * in and out of storage. Every record is plain JSON; instants are ISO-8601 strings.
 */
import { z } from "zod";

/** A JSON value, as stored. */
export type JsonValue =
  null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** An ISO-8601 instant (`2026-11-23T08:00:00Z`, offsets accepted). */
export const InstantSchema = z.iso.datetime({ offset: true });

export type DesiredState = "running" | "stopped";
export const DesiredStateSchema = z.enum(["running", "stopped"]);

export type PendingKind = "start" | "stop" | "scale-pool" | "restore-pool";

/**
 * An ARM operation gpu-warden has decided to issue. It is written to the store **before** the ARM
 * call it describes, so a crash between the two leaves a trace that a later tick confirms (from
 * discovery) or reports failed after 30 minutes (SPEC §5.9).
 */
export interface PendingOperation {
  readonly id: string;
  readonly kind: PendingKind;
  /** The node pool, for `scale-pool` and `restore-pool`. */
  readonly pool?: string;
  readonly issuedAt: string;
  /** The state that confirms the operation, e.g. `Running` or `pool gpu count 0`. */
  readonly expect: string;
  readonly attempts: number;
  readonly reason: string;
  /** Who asked (Slack): told when a later tick confirms the operation. */
  readonly notify?: {
    readonly responseUrl?: string;
    readonly channel?: string;
    readonly requestedBy?: string;
  };
}

export interface ObservedState {
  readonly powerState: string;
  readonly provisioningState: string;
  readonly at: string;
}

/** What the tick remembers per cluster (SPEC §5). */
export interface ClusterState {
  /** ARM resource id, as discovered. Keys are case-insensitive (lower-cased). */
  readonly clusterId: string;
  readonly lastDesired: DesiredState | null;
  /** When the cluster was first seen running off-hours, for `graceMinutes`. */
  readonly offHoursSince: string | null;
  readonly pending: PendingOperation | null;
  /** Seconds of the most recent starts, oldest first, at most {@link START_DURATIONS_KEPT}. */
  readonly startDurationsSeconds: readonly number[];
  /** Consecutive 409s of the current edge's action (throttled attempts do not count); absent = 0. */
  readonly retries?: number;
  /** The reason the last tick skipped this cluster, so a repeated skip is reported once. */
  readonly lastSkip?: string;
  readonly lastObserved?: ObservedState;
  /** The idle planner's memory of each GPU pool, by pool name (src/core/idle/types PoolMemory). */
  readonly pools?: Readonly<Record<string, PoolState>>;
}

/** What the idle planner remembers about one node pool between ticks (SPEC §6). */
export interface PoolState {
  /** Start of the current run of idle windows. */
  readonly idleSince?: string;
  /** The last observation that saw the pool idle. */
  readonly idleSeenAt?: string;
  /** The pool's size during the run; a change restarts it. */
  readonly idleSize?: string;
  /** Why a restore was asked for, until it is confirmed. */
  readonly restoreWanted?: string;
  /** A `scale-pool` or `restore-pool` operation fired and not yet confirmed. */
  readonly pending?: PendingOperation;
  readonly lastSkip?: string;
}

export const START_DURATIONS_KEPT = 20;

/** An override from Slack: this cluster stays in `state` until `until` (SPEC §5). */
export interface Override {
  readonly clusterId: string;
  readonly state: DesiredState;
  readonly until: string;
  readonly owner: string;
  readonly reason: string;
  readonly createdAt: string;
}

export type IdleMode = "force-zero" | "min-count-zero";

/** A pool's size before gpu-warden scaled it to zero; written before the scale call (SPEC §6). */
export interface RestoreRecord {
  readonly clusterId: string;
  readonly pool: string;
  readonly count: number;
  readonly enableAutoScaling: boolean;
  readonly minCount: number | null;
  readonly maxCount: number | null;
  readonly recordedAt: string;
  readonly mode: IdleMode;
}

/** `refusal`: a Slack request that was not allowed (who, what, why). */
export type AuditKind = "action" | "skip" | "result" | "alert" | "refusal";

/** One line of the append-only audit log (SPEC §5.10). */
export interface AuditEntry {
  readonly at: string;
  readonly runId: string;
  readonly kind: AuditKind;
  readonly target: string;
  readonly reason: string;
  readonly detail?: JsonValue;
}

/** The last discovered fleet, for the Slack fast path. The cluster shape belongs to the fleet port. */
export interface FleetSnapshot<C> {
  readonly takenAt: string;
  readonly clusters: readonly C[];
}

const count = z.number().int().nonnegative();

export const PendingOperationSchema: z.ZodType<PendingOperation> = z.strictObject({
  id: z.string().min(1),
  kind: z.enum(["start", "stop", "scale-pool", "restore-pool"]),
  pool: z.string().min(1).exactOptional(),
  issuedAt: InstantSchema,
  expect: z.string(),
  attempts: count,
  reason: z.string(),
  notify: z
    .strictObject({
      responseUrl: z.string().exactOptional(),
      channel: z.string().exactOptional(),
      requestedBy: z.string().exactOptional(),
    })
    .exactOptional(),
});

export const ClusterStateSchema: z.ZodType<ClusterState> = z.strictObject({
  clusterId: z.string().min(1),
  lastDesired: DesiredStateSchema.nullable(),
  offHoursSince: InstantSchema.nullable(),
  pending: PendingOperationSchema.nullable(),
  startDurationsSeconds: z.array(z.number().nonnegative()).max(START_DURATIONS_KEPT),
  retries: count.exactOptional(),
  lastSkip: z.string().exactOptional(),
  lastObserved: z
    .strictObject({ powerState: z.string(), provisioningState: z.string(), at: InstantSchema })
    .exactOptional(),
  pools: z
    .record(
      z.string().min(1),
      z.strictObject({
        idleSince: InstantSchema.exactOptional(),
        idleSeenAt: InstantSchema.exactOptional(),
        idleSize: z.string().exactOptional(),
        restoreWanted: z.string().exactOptional(),
        pending: PendingOperationSchema.exactOptional(),
        lastSkip: z.string().exactOptional(),
      }),
    )
    .exactOptional(),
});

export const OverrideSchema: z.ZodType<Override> = z.strictObject({
  clusterId: z.string().min(1),
  state: DesiredStateSchema,
  until: InstantSchema,
  owner: z.string(),
  reason: z.string(),
  createdAt: InstantSchema,
});

export const RestoreRecordSchema: z.ZodType<RestoreRecord> = z.strictObject({
  clusterId: z.string().min(1),
  pool: z.string().min(1),
  count,
  enableAutoScaling: z.boolean(),
  minCount: count.nullable(),
  maxCount: count.nullable(),
  recordedAt: InstantSchema,
  mode: z.enum(["force-zero", "min-count-zero"]),
});

export const AuditEntrySchema: z.ZodType<AuditEntry> = z.strictObject({
  at: InstantSchema,
  runId: z.string(),
  kind: z.enum(["action", "skip", "result", "alert", "refusal"]),
  target: z.string(),
  reason: z.string(),
  detail: z.json().exactOptional(),
});

/** A fresh state for a cluster the store has not seen yet. */
export function emptyClusterState(clusterId: string): ClusterState {
  return {
    clusterId,
    lastDesired: null,
    offHoursSince: null,
    pending: null,
    startDurationsSeconds: [],
  };
}

/** Appends a start duration, keeping the most recent {@link START_DURATIONS_KEPT}. */
export function withStartDuration(state: ClusterState, seconds: number): ClusterState {
  const durations = [...state.startDurationsSeconds, seconds].slice(-START_DURATIONS_KEPT);
  return { ...state, startDurationsSeconds: durations };
}
