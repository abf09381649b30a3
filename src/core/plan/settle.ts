/**
 * @module What a cluster's memory becomes once its action has a result: fired → pending operation
 * recorded; retryable refusal → the edge stays open for a later tick (a 409 up to
 * {@link MAX_ATTEMPTS} times; throttling and outages until ARM takes the call); anything else →
 * the edge is consumed and the failure stands.
 */
import type {
  ActionResult,
  ClusterMemory,
  NotifyTarget,
  PendingOperation,
  PlannedAction,
} from "./types.js";

/** 409s of one edge's action (consecutive, not counting throttled attempts) before it fails. */
export const MAX_ATTEMPTS = 3;

/** Why ARM refused an attempt, as far as retrying goes. */
export type Refusal =
  /** 409 OperationNotAllowed: another operation runs on the cluster; retried up to MAX_ATTEMPTS. */
  | "busy"
  /**
   * Throttled (429), 5xx, no answer: ARM did not take the call, which says nothing about the
   * action. Retried on every later tick while the edge is open — giving up would leave the
   * cluster out of its desired state for good once ARM recovers (SPEC §16: converge after faults).
   */
  | "unavailable"
  /** Anything else (bad request, not found, access denied): the failure stands. */
  | "final";

export function pendingFor(
  action: PlannedAction,
  id: string,
  issuedAt: string,
  before: ClusterMemory,
  notify?: NotifyTarget,
): PendingOperation {
  return {
    id,
    kind: action.kind === "start-cluster" ? "start" : "stop",
    issuedAt,
    expect: action.to,
    attempts: before.retries + 1,
    reason: action.reason,
    ...(notify ? { notify } : {}),
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
  refusal: Refusal | null = null,
): ClusterMemory {
  switch (result.outcome) {
    case "pending":
      return result.retry
        ? {
            ...planned,
            pending: null,
            lastDesired: before.lastDesired,
            retries: before.retries + (refusal === "unavailable" ? 0 : 1),
          }
        : { ...planned, pending, retries: 0 };
    case "done":
      return { ...planned, pending: null, retries: 0 };
    case "failed":
    case "refused":
      return { ...planned, pending: null, retries: 0 };
  }
}

/** Whether a refused attempt is retried on a later tick, or is final. */
export function shouldRetry(refusal: Refusal, before: ClusterMemory): boolean {
  switch (refusal) {
    case "busy":
      return before.retries + 1 < MAX_ATTEMPTS;
    case "unavailable":
      return true;
    case "final":
      return false;
  }
}
