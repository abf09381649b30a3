/**
 * @module What the Slack use cases share: their dependencies, the HTTP reply they produce, and
 * finding a cluster and its group in the last discovered fleet (never calling Azure: Slack's 3
 * seconds are for verifying, parsing, authorizing and enqueueing).
 */
import { clusterSnapshotSchema } from "../snapshot.js";
import type { ResolvedGroup, ResolvedPolicy } from "../../config/policy.js";
import type { Cluster } from "../../core/fleet/types.js";
import { resolveClusterPolicy, type ClusterPolicy } from "../../core/policy/resolve.js";
import type { TickPolicy } from "../../core/policy/types.js";
import { scheduleZone } from "../../core/schedule/index.js";
import type { OperationQueue } from "../../ports/queue.js";
import type { SlackMessage, SlackPort } from "../../ports/slack.js";
import type { StateStore } from "../../ports/state-store.js";

export interface SlackDeps {
  readonly signingSecret: string;
  readonly store: StateStore;
  readonly queue: OperationQueue;
  readonly slack: SlackPort;
  readonly policy: ResolvedPolicy;
  readonly tickPolicy: TickPolicy;
  readonly newId: () => string;
  /** Members of Slack user groups, cached (see usergroups.ts). */
  readonly members: (
    usergroupIds: readonly string[],
  ) => Promise<ReadonlyMap<string, readonly string[]>>;
  /** The last discovered fleet, cached briefly (see fleetCache). */
  readonly fleet: () => Promise<readonly Cluster[]>;
}

/** What the HTTP shell sends back to Slack. */
export interface SlackReply {
  readonly status: number;
  /** A message (JSON) for 200s; a short reason for refusals at the HTTP level. */
  readonly body?: (SlackMessage & { readonly response_type?: "ephemeral" | "in_channel" }) | string;
}

export const unauthorized = (reason: string): SlackReply => ({
  status: 401,
  body: `unauthorized: ${reason}`,
});

export function ephemeral(message: SlackMessage): SlackReply {
  return { status: 200, body: { response_type: "ephemeral", ...message } };
}

export interface ClusterInPolicy {
  readonly cluster: Cluster;
  readonly resolved: ClusterPolicy;
  /** The group as configured (Slack allow lists, override cap). */
  readonly group: ResolvedGroup | undefined;
}

export function inPolicy(
  cluster: Cluster,
  deps: Pick<SlackDeps, "policy" | "tickPolicy">,
): ClusterInPolicy {
  const resolved = resolveClusterPolicy(cluster, deps.tickPolicy);
  const name = resolved.kind === "unmanaged" ? undefined : resolved.group.name;
  return { cluster, resolved, group: deps.policy.groups.find((g) => g.name === name) };
}

/** The zone a group's people read times in: its schedule's, else the policy's. */
export function zoneOf(entry: ClusterInPolicy, policy: ResolvedPolicy): string {
  const schedule = entry.resolved.kind === "managed" ? entry.resolved.schedule : null;
  return (schedule && scheduleZone(schedule)?.name) ?? policy.zone.name;
}

/**
 * The last discovered fleet from the store, re-read at most every `ttlMs`. Concurrent requests
 * share one read, and once a fleet is known a stale one is served while the next read runs in
 * the background: only the very first request of a process waits for the snapshot. Before the
 * first tick has saved one, every request reads again.
 */
export function fleetCache(
  store: StateStore,
  clock: () => number,
  ttlMs = 30_000,
): () => Promise<readonly Cluster[]> {
  let known: { at: number; clusters: readonly Cluster[] } | undefined;
  let loading: Promise<readonly Cluster[]> | undefined;
  const load = (now: number): Promise<readonly Cluster[]> => {
    loading ??= store.fleetSnapshot
      .load(clusterSnapshotSchema)
      .then((snapshot) => {
        // No snapshot yet (no tick has run): nothing to remember, the next request reads again.
        if (snapshot === undefined) return [];
        known = { at: now, clusters: snapshot.clusters };
        return known.clusters;
      })
      .finally(() => {
        loading = undefined;
      });
    return loading;
  };
  return () => {
    const now = clock();
    if (!known) return load(now);
    if (now - known.at >= ttlMs) load(now).catch(() => undefined); // refreshed in the background
    return Promise.resolve(known.clusters);
  };
}
