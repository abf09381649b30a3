/**
 * @module What a cluster's memory becomes once its action has a result: fired → pending operation
 * recorded; retryable refusal (409, throttling) → the edge stays open for a later tick, up to
 * {@link MAX_ATTEMPTS}; anything else → the edge is consumed and the failure stands.
 */
import type { ActionResult, ClusterMemory, PendingOperation, PlannedAction } from "./types.js";

/** Attempts of one edge's action before it is reported failed for good. */
export const MAX_ATTEMPTS = 3;

export function pendingFor(
  action: PlannedAction,
  id: string,
  issuedAt: string,
  before: ClusterMemory,
): PendingOperation {
  return {
    id,
    kind: action.kind === "start-cluster" ? "start" : "stop",
    issuedAt,
    expect: action.to,
    attempts: before.retries + 1,
    reason: action.reason,
  };
}

/**
 * @param planned the memory the plan recorded, assuming the action fires
 * @param before the memory read at the start of the tick
 */
export function settleMemory(
  planned: ClusterMemory,
  before: ClusterMemory,
  pending: PendingOperation,
  result: ActionResult,
): ClusterMemory {
  switch (result.outcome) {
    case "pending":
      return result.retry
        ? {
            ...planned,
            pending: null,
            lastDesired: before.lastDesired,
            retries: before.retries + 1,
          }
        : { ...planned, pending, retries: 0 };
    case "done":
      return { ...planned, pending: null, retries: 0 };
    case "failed":
    case "refused":
      return { ...planned, pending: null, retries: 0 };
  }
}

/** Whether a failed attempt is retried on a later tick, or is final. */
export function shouldRetry(retryable: boolean, before: ClusterMemory): boolean {
  return retryable && before.retries + 1 < MAX_ATTEMPTS;
}
