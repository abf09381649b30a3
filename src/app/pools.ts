/**
 * @module Applying the pool part of a Plan (SPEC §6, §14): pool memory recorded, restore records
 * settled, and pool actions fired — the only code that calls {@link PoolControl}. Write-ahead:
 * a scale-down's restore record (the pool's count, autoscaler flag, minCount and maxCount) and the
 * pending operation are stored **before** the ARM call, and an existing record is never
 * overwritten, so the size to restore survives any crash; a record is deleted only once
 * discovery shows the pool back at it (the planner's `settled`).
 */
import { clusterKey } from "../core/fleet/types.js";
import type {
  PendingPoolOperation,
  PoolActionResult,
  PoolMemory,
  PoolPlan,
} from "../core/idle/types.js";
import { describeSize } from "../core/idle/sizes.js";
import type { NotifyTarget, PoolAction } from "../core/plan/types.js";
import { ArmError, isRetryable, type PoolControl } from "../ports/azure.js";
import { update, type StateStore } from "../ports/state-store.js";
import { emptyClusterState, type PoolState, type RestoreRecord } from "../ports/state-types.js";
import { inParallel, interleaveBy, STORE_WRITES_IN_FLIGHT } from "./bounded.js";

export interface PoolExecutorDeps {
  readonly pools: PoolControl;
  readonly store: StateStore;
  readonly newId: () => string;
  /** Pool actions in flight (default 32; see `ExecutorDeps.concurrency`). */
  readonly concurrency?: number;
}

/** Pool memory as the planner reads it; pending operations of other kinds are not pool ones. */
export function poolMemoryFromState(state: PoolState): PoolMemory {
  const { pending, ...rest } = state;
  if (!pending || (pending.kind !== "scale-pool" && pending.kind !== "restore-pool")) return rest;
  const { kind, pool, notify, ...common } = pending;
  return {
    ...rest,
    pending: { ...common, kind, pool: pool ?? "", ...(notify ? { notify } : {}) },
  };
}

/** Read-modify-write of one pool's memory in its cluster's row (`undefined` forgets the pool). */
export async function updatePool(
  store: StateStore,
  clusterId: string,
  pool: string,
  fn: (current: PoolState | undefined) => PoolState | undefined,
): Promise<void> {
  const key = clusterKey(clusterId);
  await update(store.clusters, key, (current) => {
    const state = current ?? emptyClusterState(key);
    const before = state.pools?.[pool];
    const next = fn(before);
    if (next === before) return current;
    const { [pool]: _old, ...others } = state.pools ?? {};
    const pools = next === undefined ? others : { ...others, [pool]: next };
    const { pools: _pools, ...rest } = state;
    return Object.keys(pools).length === 0 ? rest : { ...rest, pools };
  });
}

/** Records the plan's pool memory and deletes the restore records it found settled. */
export async function recordPoolPlan(store: StateStore, plan: PoolPlan): Promise<void> {
  await inParallel(plan.memory, STORE_WRITES_IN_FLIGHT, (m) =>
    updatePool(store, m.clusterId, m.pool, () => m.next ?? undefined),
  );
  await inParallel(plan.settled, STORE_WRITES_IN_FLIGHT, (s) => store.restores.delete(s));
}

export async function executePoolActions(
  input: {
    readonly actions: readonly PoolAction[];
    readonly now: string;
    /** Who asked (Slack), by `clusterKey/pool`. */
    readonly notify?: ReadonlyMap<string, NotifyTarget>;
  },
  deps: PoolExecutorDeps,
): Promise<PoolActionResult[]> {
  const queue = interleaveBy(input.actions, (a) => a.target.subscriptionId.toLowerCase());
  const results: PoolActionResult[] = [];
  const worker = async (): Promise<void> => {
    for (let action = queue.shift(); action; action = queue.shift()) {
      const notify = input.notify?.get(`${clusterKey(action.target.id)}/${action.pool}`);
      results.push(await executeOne(action, input.now, deps, notify));
    }
  };
  await Promise.all(Array.from({ length: Math.min(deps.concurrency ?? 32, queue.length) }, worker));
  return results;
}

async function executeOne(
  action: PoolAction,
  now: string,
  deps: PoolExecutorDeps,
  notify: NotifyTarget | undefined,
): Promise<PoolActionResult> {
  const { target, pool } = action;
  const pending: PendingPoolOperation = {
    id: deps.newId(),
    kind: action.kind,
    pool,
    issuedAt: now,
    expect: `pool ${pool} at ${describeSize(action.to)}`,
    attempts: 1,
    reason: action.reason,
    ...(notify ? { notify } : {}),
  };
  // Write-ahead: the size to restore, then the operation, are on record before ARM hears of it.
  if (action.kind === "scale-pool") {
    const record: RestoreRecord = {
      clusterId: target.id,
      pool,
      ...action.from,
      recordedAt: now,
      mode: action.mode,
    };
    await update(
      deps.store.restores,
      { clusterId: target.id, pool },
      (current) => current ?? record,
    );
  }
  await updatePool(deps.store, target.id, pool, (current) => ({ ...current, pending }));

  try {
    await deps.pools.scalePool(target, pool, action.to);
    return { action, outcome: "pending" };
  } catch (error) {
    const armError = error instanceof ArmError ? error : new ArmError("Unknown", String(error));
    const retry = isRetryable(armError.code);
    // Not fired: forget the operation. A scale-down's record stays until discovery settles it.
    await updatePool(deps.store, target.id, pool, (current) => {
      if (current?.pending?.id !== pending.id) return current;
      const { pending: _gone, ...rest } = current;
      if (retry || action.kind === "scale-pool") return rest;
      const { restoreWanted: _given, ...others } = rest; // a final refusal: the next trigger retries
      return others;
    });
    if (action.kind === "scale-pool" && armError.status !== undefined) {
      // ARM answered with a refusal: nothing changed, so the record written for it goes too.
      await update(deps.store.restores, { clusterId: target.id, pool }, (current) =>
        current?.recordedAt === now ? undefined : current,
      );
    }
    const coded = { code: armError.code, message: armError.message };
    return retry
      ? { action, outcome: "pending", retry: true, error: coded }
      : { action, outcome: "failed", error: coded };
  }
}
