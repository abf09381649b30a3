/**
 * @module The `restore-pools` queue message (`/gpu wake`, `/gpu start` on a running cluster):
 * every scaled-down pool of the cluster is marked "restore wanted", and, when the cluster is
 * running, its restore is fired at once through the pool executor (pending operation written
 * first); a later tick confirms it and settles the restore record. A stopped cluster's pools come
 * back when the tick confirms its start. The requester hears the outcome on the `response_url`.
 */
import { clusterKey } from "../core/fleet/types.js";
import { sizeOf } from "../core/idle/observe.js";
import { describeSize } from "../core/idle/sizes.js";
import type { PoolActionResult } from "../core/idle/types.js";
import type { NotifyTarget, PoolAction } from "../core/plan/types.js";
import type { ParsedOperationMessage } from "../ports/queue.js";
import type { AuditEntry, RestoreRecord } from "../ports/state-types.js";
import type { OperationDeps, OperationOutcome } from "./operations.js";
import { executePoolActions, updatePool } from "./pools.js";
import { notInSnapshot, snapshotCluster } from "./snapshot.js";

type RestoreMessage = Extract<ParsedOperationMessage, { type: "restore-pools" }>;

export async function restorePools(
  message: RestoreMessage,
  deps: OperationDeps,
  now: Date,
): Promise<OperationOutcome> {
  const cluster = await snapshotCluster(deps.store, message.clusterId);
  if (!cluster) return notInSnapshot(message.clusterId);
  const responseUrl = message.notify?.responseUrl;
  const tell = (text: string) =>
    responseUrl
      ? deps.slack.respond(responseUrl, { text }).catch(() => undefined) // the audit has it
      : Promise.resolve();
  const records = (await deps.store.restores.list(cluster.id)).map((e) => e.value);
  if (records.length === 0) {
    const text = `No GPU pools of ${cluster.name} are scaled down: nothing to wake.`;
    await tell(text);
    return { kind: "nothing-to-do", message: text };
  }
  const why = `${message.requestedBy} asked${message.reason ? ` (${message.reason})` : ""}`;
  const states = await Promise.all(
    records.map(async (r) => {
      let busy = false;
      await updatePool(deps.store, cluster.id, r.pool, (current) => {
        busy = current?.pending !== undefined;
        return { ...current, restoreWanted: why };
      });
      return { record: r, busy };
    }),
  );
  const running = cluster.powerState === "Running" && cluster.provisioningState === "Succeeded";
  if (!running || !deps.pools) {
    const text = `${cluster.name} is ${cluster.powerState}: its ${String(records.length)} GPU pool(s) come back at their recorded size once it runs.`;
    await tell(text);
    return { kind: "nothing-to-do", message: text };
  }
  const notify: NotifyTarget = {
    requestedBy: message.requestedBy,
    ...(responseUrl ? { responseUrl } : {}),
    ...(message.notify?.channel ? { channel: message.notify.channel } : {}),
  };
  const actions = states
    .filter((s) => !s.busy)
    .flatMap(({ record }) => {
      const pool = cluster.pools.find((p) => p.name === record.pool);
      return pool ? [restoreAction(cluster, record, sizeOf(pool), why)] : [];
    });
  const key = clusterKey(cluster.id);
  const results = await executePoolActions(
    {
      actions,
      now: now.toISOString(),
      notify: new Map(actions.map((a) => [`${key}/${a.pool}`, notify])),
    },
    { pools: deps.pools, store: deps.store, newId: deps.newId },
  );
  await deps.store.audit.append(results.map((r) => auditRow(r, now, deps.newId())));
  const text = results
    .map((r) =>
      r.error
        ? `${r.action.pool}: not restored (${r.error.code}: ${r.error.message})${r.retry ? "; retried by the next tick" : ""}`
        : `${r.action.pool}: restoring to ${describeSize(r.action.to)}`,
    )
    .join("\n");
  const summary = `${cluster.name}: ${text || "restores already in progress"}`;
  await tell(summary);
  return { kind: "pools", message: summary, results };
}

function restoreAction(
  cluster: { id: string; name: string; resourceGroup: string; subscriptionId: string },
  record: RestoreRecord,
  from: PoolAction["from"],
  why: string,
): PoolAction {
  const { id, name, resourceGroup, subscriptionId } = cluster;
  return {
    kind: "restore-pool",
    target: { id, name, resourceGroup, subscriptionId },
    group: "",
    pool: record.pool,
    mode: record.mode,
    from,
    to: {
      count: record.count,
      enableAutoScaling: record.enableAutoScaling,
      minCount: record.minCount,
      maxCount: record.maxCount,
    },
    reason: `restore: ${why}; scaled down at ${record.recordedAt}`,
    rule: "override",
  };
}

function auditRow(result: PoolActionResult, now: Date, runId: string): AuditEntry {
  const { action, outcome, error } = result;
  return {
    at: now.toISOString(),
    runId,
    kind: "result",
    target: action.target.id,
    reason: `restore-pool ${action.pool}: ${error ? `${outcome}: ${error.code}: ${error.message}` : outcome} (${action.reason})`,
    detail: { action: action.kind, pool: action.pool, outcome, to: { ...action.to } },
  };
}
