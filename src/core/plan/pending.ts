/**
 * @module Fire and verify (SPEC §5.9): a pending operation is confirmed from what discovery shows,
 * or reported failed when the cluster failed or it was not confirmed within 30 minutes.
 */
import type { Cluster } from "../fleet/types.js";
import type { ClusterRef, Confirmation, PendingOperation } from "./types.js";

export const OPERATION_TIMEOUT_MINUTES = 30;

export type PendingCheck =
  | { readonly kind: "confirmed"; readonly confirmation: Confirmation }
  | { readonly kind: "waiting"; readonly reason: string };

export function checkPending(
  pending: PendingOperation,
  cluster: Cluster,
  target: ClusterRef,
  now: Date,
): PendingCheck {
  const elapsedSeconds = Math.max(
    0,
    Math.round((now.getTime() - Date.parse(pending.issuedAt)) / 1000),
  );
  const settled = cluster.provisioningState.toLowerCase() === "succeeded";
  const confirm = (outcome: "done" | "failed", message: string): PendingCheck => ({
    kind: "confirmed",
    confirmation: {
      target,
      operationId: pending.id,
      kind: pending.kind,
      outcome,
      message,
      durationSeconds: elapsedSeconds,
      ...(pending.notify ? { notify: pending.notify } : {}),
    },
  });
  if (settled && cluster.powerState === pending.expect) {
    return confirm("done", `${cluster.name} is ${pending.expect} (${pending.kind} confirmed)`);
  }
  if (cluster.provisioningState.toLowerCase() === "failed") {
    return confirm("failed", `${cluster.name} ${pending.kind} failed: provisioningState Failed`);
  }
  if (elapsedSeconds > OPERATION_TIMEOUT_MINUTES * 60) {
    return confirm(
      "failed",
      `${cluster.name} ${pending.kind} not confirmed within ${OPERATION_TIMEOUT_MINUTES} minutes ` +
        `(still ${cluster.powerState}, ${cluster.provisioningState})`,
    );
  }
  return {
    kind: "waiting",
    reason: `${pending.kind} issued at ${pending.issuedAt} is in progress (${cluster.provisioningState})`,
  };
}
