/**
 * @module The `operations` queue worker's use case: one requested start or stop (from Slack or the
 * CLI), done through the same executor as the tick, so it is written ahead, fired, and confirmed
 * by a later tick — which then tells whoever asked ("dev-a100 is Running — took 6m12s"). A call
 * that fails is reported to them at once. The cluster is looked up in the last fleet snapshot,
 * never by user text.
 */
import { clusterKey, type Cluster } from "../core/fleet/types.js";
import type { ActionResult, NotifyTarget, PlannedAction } from "../core/plan/types.js";
import { operationMessageSchema, type ParsedOperationMessage } from "../ports/queue.js";
import type { SlackPort } from "../ports/slack.js";
import { update, type StateStore } from "../ports/state-store.js";
import type { AuditEntry } from "../ports/state-types.js";
import { progressMessage } from "../slack/messages/progress.js";
import type { PoolActionResult } from "../core/idle/types.js";
import type { PoolControl } from "../ports/azure.js";
import { executeActions, type ExecutorDeps } from "./executor.js";
import { restorePools } from "./restore-pools.js";
import { memoryFromState } from "./memory.js";
import { notInSnapshot, snapshotCluster } from "./snapshot.js";

export type OperationOutcome =
  | { readonly kind: "rejected"; readonly message: string }
  | { readonly kind: "unknown-cluster"; readonly message: string }
  | { readonly kind: "nothing-to-do"; readonly message: string }
  | { readonly kind: "result"; readonly result: ActionResult }
  /** A `restore-pools` request: the restores fired (see ./restore-pools.ts). */
  | {
      readonly kind: "pools";
      readonly message: string;
      readonly results: readonly PoolActionResult[];
    };

export interface OperationDeps extends ExecutorDeps {
  readonly store: StateStore;
  readonly slack: SlackPort;
  /** Node-pool sizing, for `restore-pools`; absent: pools are restored by the tick. */
  readonly pools?: PoolControl;
}

export async function runOperation(
  raw: unknown,
  deps: OperationDeps,
  now: Date,
): Promise<OperationOutcome> {
  const parsed = operationMessageSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (i) => `${i.path.join(".") || "message"}: ${i.message}`,
    );
    return { kind: "rejected", message: `malformed operation message: ${problems.join("; ")}` };
  }
  if (parsed.data.type === "restore-pools") return restorePools(parsed.data, deps, now);
  const message = parsed.data;
  const cluster = await snapshotCluster(deps.store, message.clusterId);
  if (!cluster) return notInSnapshot(message.clusterId);
  const to = message.action === "start" ? "Running" : "Stopped";
  const notify: NotifyTarget = {
    requestedBy: message.requestedBy,
    ...(message.notify?.responseUrl ? { responseUrl: message.notify.responseUrl } : {}),
    ...(message.notify?.channel ? { channel: message.notify.channel } : {}),
  };
  const key = clusterKey(cluster.id);
  const before = memoryFromState((await deps.store.clusters.get(key))?.value);
  if (before.pending) {
    // A tick got there first (the override it read asks for the same): tell this requester when
    // that operation is confirmed, instead of losing them.
    if (before.pending.kind === message.action) {
      await update(deps.store.clusters, key, (current) =>
        current?.pending ? { ...current, pending: { ...current.pending, notify } } : current,
      );
    }
    return {
      kind: "nothing-to-do",
      message: `${cluster.name}: a ${before.pending.kind} is already in progress`,
    };
  }
  if (cluster.powerState === to) {
    if (notify.responseUrl) {
      const already = { text: `${cluster.name} is already ${to}.` };
      await deps.slack.respond(notify.responseUrl, already).catch(() => undefined);
    }
    return { kind: "nothing-to-do", message: `${cluster.name} is already ${to}` };
  }

  const action = plannedFor(cluster, message, to);
  const planned = new Map([
    [key, { ...before, lastDesired: message.action === "start" ? "running" : "stopped" } as const],
  ]);
  const [result] = await executeActions(
    {
      actions: [action],
      planned,
      before: new Map([[key, before]]),
      now: now.toISOString(),
      notify: new Map([[key, notify]]),
    },
    deps,
  );
  if (!result) throw new Error("executor returned no result");
  await deps.store.audit.append(auditRows(cluster, action, result, now, deps.newId));
  if (result.outcome === "failed" && notify.responseUrl) {
    const failed = progressMessage({
      kind: message.action,
      cluster: cluster.name,
      outcome: "failed",
      error: result.error ?? { code: "Unknown", message: "failed" },
    });
    await deps.slack.respond(notify.responseUrl, failed).catch(() => undefined); // the audit has it
  }
  return { kind: "result", result };
}

function auditRows(
  cluster: Cluster,
  action: PlannedAction,
  result: ActionResult,
  now: Date,
  newId: () => string,
): AuditEntry[] {
  const at = now.toISOString();
  return [
    {
      at,
      runId: newId(),
      kind: "action",
      target: cluster.id,
      reason: action.reason,
      // The pools as they were, as the tick's action rows have them: the savings ledger reads them.
      detail: {
        action: action.kind,
        rule: action.rule,
        pools: cluster.pools.map((p) => ({ name: p.name, vmSize: p.vmSize, count: p.count })),
      },
    },
    {
      at,
      runId: newId(),
      kind: "result",
      target: cluster.id,
      reason: result.outcome,
      detail: { error: result.error?.message ?? null },
    },
  ];
}

function plannedFor(
  cluster: Cluster,
  message: Extract<ParsedOperationMessage, { type: "cluster-action" }>,
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
