/**
 * @module Ports to Azure Resource Manager: discovering the fleet and controlling clusters. The
 * adapters in `src/azure/` implement them with the official SDKs; `test/fakes/` has in-memory
 * fakes; `test/contract/azure.contract.ts` holds both to the same behaviour.
 */
import type { Cluster } from "../core/fleet/types.js";
import type { ClusterRef, PoolSize } from "../core/plan/types.js";

/** Every way an ARM call can fail, as the app sees it. Mapped from SDK errors in one place. */
export type ArmErrorCode =
  /** 409: another operation is running, or the cluster is not in a state that allows it. */
  | "OperationNotAllowed"
  | "NotFound"
  /** 429 after the SDK's own retries. */
  | "Throttled"
  | "InvalidParameter"
  | "PreconditionFailed"
  /** 5xx, timeouts, dropped connections: worth retrying later. */
  | "Transient"
  | "AccessDenied"
  | "Unknown";

export class ArmError extends Error {
  override readonly name = "ArmError";

  constructor(
    readonly code: ArmErrorCode,
    message: string,
    readonly status?: number,
    options?: { readonly cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Errors a later tick may succeed on: the edge stays open and the action is retried. */
export function isRetryable(code: ArmErrorCode): boolean {
  return code === "OperationNotAllowed" || code === "Throttled" || code === "Transient";
}

export interface DiscoveryScope {
  /** Empty: every subscription the identity can read. */
  readonly subscriptions: readonly string[];
}

export interface Discovery {
  readonly clusters: readonly Cluster[];
  /** Rows that could not be read as clusters, with why; reported, never fatal. */
  readonly unreadable: readonly string[];
  /** ARM requests made (pages), for the performance bar. */
  readonly requests: number;
}

export interface FleetReader {
  discover(scope: DiscoveryScope): Promise<Discovery>;
}

/**
 * Fire, don't wait: each call resolves once ARM has accepted the operation (202/204). Later ticks
 * confirm the outcome from discovery. Rejects with an {@link ArmError}.
 */
export interface ClusterControl {
  start(cluster: ClusterRef): Promise<void>;
  stop(cluster: ClusterRef): Promise<void>;
}

/**
 * Node-pool sizing (SPEC §6): sets a pool's count and autoscaler settings (`minCount`/`maxCount`
 * only with the autoscaler on). Fire, don't wait, like {@link ClusterControl}; rejects with an
 * {@link ArmError} (a System pool at 0 is `InvalidParameter`, a busy cluster `OperationNotAllowed`).
 */
export interface PoolControl {
  scalePool(cluster: ClusterRef, pool: string, size: PoolSize): Promise<void>;
}
