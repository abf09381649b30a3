/**
 * @module The `operations` queue worker's use case: one requested start or stop (from Slack or the
 * CLI), done through the same executor as the tick, so it is written ahead, fired, and confirmed
 * by a later tick. The cluster is looked up in the last fleet snapshot, never by user text.
 */
import { clusterKey, type Cluster } from "../core/fleet/types.js";
import type { ActionResult, PlannedAction } from "../core/plan/types.js";
import { operationMessageSchema, type ParsedOperationMessage } from "../ports/queue.js";
import type { StateStore } from "../ports/state-store.js";
import { clusterSnapshotSchema } from "./snapshot.js";
import { executeActions, type ExecutorDeps } from "./executor.js";
import { memoryFromState } from "./memory.js";

export type OperationOutcome =
  | { readonly kind: "rejected"; readonly message: string }
  | { readonly kind: "unknown-cluster"; readonly message: string }
  | { readonly kind: "nothing-to-do"; readonly message: string }
  | { readonly kind: "result"; readonly result: ActionResult };

export async function runOperation(
  raw: unknown,
  deps: ExecutorDeps & { readonly store: StateStore },
  now: Date,
): Promise<OperationOutcome> {
  const parsed = operationMessageSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (i) => `${i.path.join(".") || "message"}: ${i.message}`,
    );
    return { kind: "rejected", message: `malformed operation message: ${problems.join("; ")}` };
  }
  const message = parsed.data;
  const snapshot = await deps.store.fleetSnapshot.load(clusterSnapshotSchema);
  const cluster = snapshot?.clusters.find(
    (c) => clusterKey(c.id) === clusterKey(message.clusterId),
  );
  if (!cluster)
    return {
      kind: "unknown-cluster",
      message: `cluster ${message.clusterId} is not in the last discovered fleet`,
    };

  const to = message.action === "start" ? "Running" : "Stopped";
  if (cluster.powerState === to)
    return { kind: "nothing-to-do", message: `${cluster.name} is already ${to}` };
  const action = plannedFor(cluster, message, to);
  const key = clusterKey(cluster.id);
  const before = memoryFromState((await deps.store.clusters.get(key))?.value);
  const desired = message.action === "start" ? "running" : "stopped";
  const planned = new Map([[key, { ...before, lastDesired: desired } as const]]);
  const [result] = await executeActions(
    { actions: [action], planned, before: new Map([[key, before]]), now: now.toISOString() },
    deps,
  );
  await deps.store.audit.append([
    {
      at: now.toISOString(),
      runId: deps.newId(),
      kind: "action",
      target: cluster.id,
      reason: action.reason,
      detail: { action: action.kind, rule: action.rule },
    },
    ...(result
      ? [
          {
            at: now.toISOString(),
            runId: deps.newId(),
            kind: "result" as const,
            target: cluster.id,
            reason: result.outcome,
            detail: { error: result.error?.message ?? null },
          },
        ]
      : []),
  ]);
  if (!result) throw new Error("executor returned no result");
  return { kind: "result", result };
}

function plannedFor(
  cluster: Cluster,
  message: ParsedOperationMessage,
  to: "Running" | "Stopped",
): PlannedAction {
  return {
    kind: message.action === "start" ? "start-cluster" : "stop-cluster",
    target: {
      id: cluster.id,
      name: cluster.name,
      resourceGroup: cluster.resourceGroup,
      subscriptionId: cluster.subscriptionId,
    },
    group: "",
    from: cluster.powerState,
    to,
    reason: `requested by ${message.requestedBy}${message.reason ? `: ${message.reason}` : ""}`,
    rule: "override",
  };
}
