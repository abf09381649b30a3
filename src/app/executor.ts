/**
 * @module The executor: the only code that calls mutating Azure adapters. For each planned action
 * it writes the pending operation **before** the ARM call, fires the call (no LRO polling), and
 * settles the cluster's memory from the result. One cluster's failure never stops the others.
 */
import { clusterKey } from "../core/fleet/types.js";
import { pendingFor, settleMemory, shouldRetry, type Refusal } from "../core/plan/settle.js";
import type {
  ActionResult,
  ClusterMemory,
  NotifyTarget,
  PlannedAction,
} from "../core/plan/types.js";
import { ArmError, isRetryable, type ArmErrorCode, type ClusterControl } from "../ports/azure.js";
import { update, type StateStore } from "../ports/state-store.js";
import { interleaveBy } from "./bounded.js";
import { memoryFromState, stateFromMemory } from "./memory.js";

export interface ExecutorDeps {
  readonly control: ClusterControl;
  readonly store: StateStore;
  readonly newId: () => string;
  /**
   * Actions in flight (default 64): each is I/O-bound (store update, ARM call and first poll,
   * store update); ARM's write bucket (200, then 10 per s per subscription) bounds the rate anyway,
   * and a 429 past the SDK's retries is retried by the next tick. bench/tick.ts: 16 missed 30 s.
   */
  readonly concurrency?: number;
}

export interface ExecuteInput {
  readonly actions: readonly PlannedAction[];
  /** Memory the plan recorded for each acting cluster, by cluster key. */
  readonly planned: ReadonlyMap<string, ClusterMemory>;
  /** Memory read at the start of the tick, by cluster key. */
  readonly before: ReadonlyMap<string, ClusterMemory>;
  readonly now: string;
  /** Who asked, by cluster key (Slack requests): kept with the pending operation. */
  readonly notify?: ReadonlyMap<string, NotifyTarget>;
}

export async function executeActions(
  input: ExecuteInput,
  deps: ExecutorDeps,
): Promise<ActionResult[]> {
  const queue = interleaveBy(input.actions, (a) => a.target.subscriptionId.toLowerCase());
  const results: ActionResult[] = [];
  const worker = async (): Promise<void> => {
    for (let action = queue.shift(); action; action = queue.shift()) {
      results.push(await executeOne(action, input, deps));
    }
  };
  await Promise.all(Array.from({ length: Math.min(deps.concurrency ?? 64, queue.length) }, worker));
  return results;
}

async function executeOne(
  action: PlannedAction,
  input: ExecuteInput,
  deps: ExecutorDeps,
): Promise<ActionResult> {
  const key = clusterKey(action.target.id);
  const before = input.before.get(key) ?? memoryFromState(undefined);
  const planned = input.planned.get(key) ?? before;
  const pending = pendingFor(action, deps.newId(), input.now, before, input.notify?.get(key));

  // Write-ahead: the pending operation is on record before ARM hears of it.
  await update(deps.store.clusters, key, (current) =>
    stateFromMemory(key, { ...planned, pending }, current),
  );

  let result: ActionResult;
  let refusal: Refusal | null = null;
  try {
    if (action.kind === "start-cluster") await deps.control.start(action.target);
    else await deps.control.stop(action.target);
    result = { action, outcome: "pending" };
  } catch (error) {
    const armError = error instanceof ArmError ? error : new ArmError("Unknown", String(error));
    refusal = refusalOf(armError.code);
    const retry = shouldRetry(refusal, before);
    const coded = { code: armError.code, message: armError.message };
    result = retry
      ? { action, outcome: "pending", retry: true, error: coded }
      : { action, outcome: "failed", error: coded };
  }

  const settled = settleMemory(planned, before, pending, result, refusal);
  await update(deps.store.clusters, key, (current) => stateFromMemory(key, settled, current));
  return result;
}

/** A 409 means the cluster is busy; throttling and 5xx mean ARM did not take the call. */
function refusalOf(code: ArmErrorCode): Refusal {
  if (!isRetryable(code)) return "final";
  return code === "OperationNotAllowed" ? "busy" : "unavailable";
}
