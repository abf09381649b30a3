/**
 * @module Converters between the stored cluster state (src/ports/state-types) and the planner's
 * memory (src/core/plan): one direction each.
 */
import type { ClusterMemory, PendingOperation } from "../core/plan/types.js";
import { EMPTY_MEMORY } from "../core/plan/types.js";
import type { ClusterState, PendingOperation as StoredPending } from "../ports/state-types.js";

export function memoryFromState(state: ClusterState | undefined): ClusterMemory {
  if (!state) return EMPTY_MEMORY;
  return {
    lastDesired: state.lastDesired,
    offHoursSince: state.offHoursSince,
    pending: pendingFromStored(state.pending),
    startDurationsSeconds: state.startDurationsSeconds,
    retries: state.retries ?? 0,
  };
}

export function stateFromMemory(
  clusterId: string,
  memory: ClusterMemory,
  previous: ClusterState | undefined,
): ClusterState {
  return {
    ...previous,
    clusterId,
    lastDesired: memory.lastDesired,
    offHoursSince: memory.offHoursSince,
    pending: memory.pending,
    startDurationsSeconds: memory.startDurationsSeconds,
    retries: memory.retries,
  };
}

function pendingFromStored(pending: StoredPending | null): PendingOperation | null {
  if (!pending) return null;
  if (pending.kind !== "start" && pending.kind !== "stop") return null;
  const expect = pending.expect === "Stopped" ? "Stopped" : "Running";
  return {
    id: pending.id,
    kind: pending.kind,
    issuedAt: pending.issuedAt,
    expect,
    attempts: pending.attempts,
    reason: pending.reason,
    ...(pending.notify ? { notify: pending.notify } : {}),
  };
}
