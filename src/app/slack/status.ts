/**
 * @module `/gpu status [cluster]`: from the last discovered fleet and the store — power state,
 * schedule, next change, override with owner and expiry, pending operation. No Azure call.
 */
import { clusterKey, type Cluster } from "../../core/fleet/types.js";
import { clusterStatus } from "../../core/plan/status.js";
import { isGpuSku } from "../../core/skus/index.js";
import type { SlackMessage } from "../../ports/slack.js";
import type { ClusterState, Override } from "../../ports/state-types.js";
import { statusMessage, type ClusterStatusView } from "../../slack/messages/status.js";
import { memoryFromState } from "../memory.js";
import { inPolicy, zoneOf, type SlackDeps } from "./context.js";
import { lookup } from "./lookup.js";

export async function statusReply(
  text: string | undefined,
  deps: SlackDeps,
  now: Date,
): Promise<SlackMessage> {
  let clusters: readonly Cluster[];
  if (text === undefined) {
    clusters = await deps.fleet();
  } else {
    const found = await lookup(text, deps);
    if ("reply" in found) {
      const body = found.reply.body;
      return typeof body === "object" ? body : { text: body ?? "" };
    }
    clusters = [found.cluster];
  }
  // One cluster: two point reads. The whole fleet: one read of each table.
  const [states, overrides] = await (clusters.length === 1 && clusters[0]
    ? pointReads(clusters[0], deps, now)
    : Promise.all([
        deps.store.clusters.list().then((entries) => entries.map((e) => e.value)),
        deps.store.overrides.active(now.toISOString()),
      ]));
  const memory = new Map(states.map((s) => [clusterKey(s.clusterId), memoryFromState(s)]));
  const byCluster = new Map(overrides.map((o) => [clusterKey(o.clusterId), o]));
  const views = clusters.map((cluster): ClusterStatusView => {
    const key = clusterKey(cluster.id);
    const o = byCluster.get(key);
    const override = o
      ? { state: o.state, until: o.until, owner: o.owner, reason: o.reason }
      : undefined;
    const pending = memory.get(key)?.pending;
    const status = clusterStatus(
      cluster,
      deps.tickPolicy,
      memory.get(key),
      override,
      now,
      isGpuSku,
    );
    const entry = inPolicy(cluster, deps);
    const schedule =
      entry.resolved.kind === "managed" ? (entry.resolved.schedule?.text ?? null) : null;
    return {
      cluster:
        clusters.filter((c) => c.name === cluster.name).length > 1
          ? `${cluster.resourceGroup}/${cluster.name}`
          : cluster.name,
      group: status.group,
      zone: zoneOf(entry, deps.policy),
      powerState: status.powerState,
      provisioningState: status.provisioningState,
      schedule,
      nextChange: status.nextChange,
      override: override ?? null,
      pending: pending ? { kind: pending.kind, since: pending.issuedAt } : null,
      ...(status.management === "managed" ? {} : { note: status.why }),
    };
  });
  return statusMessage({ clusters: views, now: now.toISOString() });
}

async function pointReads(
  cluster: Cluster,
  deps: SlackDeps,
  now: Date,
): Promise<[ClusterState[], Override[]]> {
  const key = clusterKey(cluster.id);
  const [state, override] = await Promise.all([
    deps.store.clusters.get(key),
    deps.store.overrides.get(key),
  ]);
  const active =
    override && Date.parse(override.value.until) > now.getTime() ? [override.value] : [];
  return [state ? [state.value] : [], active];
}
