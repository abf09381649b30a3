/**
 * @module Pool sizes: what each idle mode scales a pool to, whether discovery shows a pool at a
 * size, and the confirmation of a pending scale or restore from what discovery shows (fire, then
 * verify on later ticks, as for cluster start/stop).
 */
import type { AgentPool } from "../fleet/types.js";
import { OPERATION_TIMEOUT_MINUTES } from "../plan/pending.js";
import type { PoolSize } from "../plan/types.js";
import type { IdleMode, PendingPoolOperation } from "./types.js";

/** `force-zero`: autoscaler off, count 0. `min-count-zero`: minCount 0, the autoscaler does the rest. */
export function scaledSize(mode: IdleMode, from: PoolSize): PoolSize {
  switch (mode) {
    case "force-zero":
      return { count: 0, enableAutoScaling: false, minCount: null, maxCount: null };
    case "min-count-zero":
      return { ...from, enableAutoScaling: true, minCount: 0 };
  }
}

/**
 * Whether the pool shows this size: the same autoscaler settings, and the count itself without
 * the autoscaler or within minCount–maxCount with it (the autoscaler may have moved it).
 */
export function showsSize(pool: AgentPool, size: PoolSize): boolean {
  if (pool.enableAutoScaling !== size.enableAutoScaling) return false;
  if (!size.enableAutoScaling) return pool.count === size.count;
  return (
    pool.minCount === size.minCount &&
    pool.maxCount === size.maxCount &&
    pool.count >= (size.minCount ?? 0) &&
    pool.count <= (size.maxCount ?? Number.MAX_SAFE_INTEGER)
  );
}

export function describeSize(size: PoolSize): string {
  return size.enableAutoScaling
    ? `count ${String(size.count)}, autoscaler ${String(size.minCount)}–${String(size.maxCount)}`
    : `count ${String(size.count)}, autoscaler off`;
}

export type PoolPendingCheck =
  | { readonly kind: "done"; readonly message: string }
  | { readonly kind: "failed"; readonly message: string }
  | { readonly kind: "waiting"; readonly reason: string };

/** Confirms a pending pool operation against the size it aims for. */
export function checkPoolPending(
  pending: PendingPoolOperation,
  pool: AgentPool | undefined,
  target: PoolSize,
  now: Date,
): PoolPendingCheck {
  const verb = pending.kind === "scale-pool" ? "scale-down" : "restore";
  if (!pool) return { kind: "failed", message: `pool ${pending.pool} is gone (${verb})` };
  const settled = pool.provisioningState.toLowerCase() === "succeeded";
  if (settled && showsSize(pool, target)) {
    return { kind: "done", message: `pool ${pool.name} is at ${describeSize(target)} (${verb})` };
  }
  if (pool.provisioningState.toLowerCase() === "failed") {
    return {
      kind: "failed",
      message: `pool ${pool.name} ${verb} failed: provisioningState Failed`,
    };
  }
  const elapsedMs = now.getTime() - Date.parse(pending.issuedAt);
  if (elapsedMs > OPERATION_TIMEOUT_MINUTES * 60_000) {
    return {
      kind: "failed",
      message: `pool ${pool.name} ${verb} not confirmed within ${String(OPERATION_TIMEOUT_MINUTES)} minutes`,
    };
  }
  return {
    kind: "waiting",
    reason: `${verb} issued at ${pending.issuedAt} is in progress (${pool.provisioningState})`,
  };
}
