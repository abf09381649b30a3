/**
 * @module The fleet snapshot's cluster shape, checked on the way out of storage, finding one
 * cluster in it, and saving it only when the fleet changed.
 */
import * as z from "zod";
import { clusterKey, type Cluster } from "../core/fleet/types.js";
import type { StateStore } from "../ports/state-store.js";

const poolSchema = z.strictObject({
  name: z.string(),
  mode: z.enum(["System", "User", "Gateway"]),
  vmSize: z.string(),
  count: z.number(),
  enableAutoScaling: z.boolean(),
  minCount: z.number().nullable(),
  maxCount: z.number().nullable(),
  scaleSetPriority: z.enum(["Regular", "Spot"]),
  nodeTaints: z.array(z.string()),
  powerState: z.enum(["Running", "Stopped"]),
  provisioningState: z.string(),
});

export const clusterSnapshotSchema: z.ZodType<Cluster> = z.strictObject({
  id: z.string(),
  name: z.string(),
  resourceGroup: z.string(),
  subscriptionId: z.string(),
  location: z.string(),
  tags: z.record(z.string(), z.string()),
  powerState: z.enum(["Running", "Stopped"]),
  provisioningState: z.string(),
  nodeResourceGroup: z.string(),
  pools: z.array(poolSchema),
});

/** A cluster of the last discovered fleet, by ARM id (any casing). */
export async function snapshotCluster(
  store: StateStore,
  clusterId: string,
): Promise<Cluster | undefined> {
  const snapshot = await store.fleetSnapshot.load(clusterSnapshotSchema);
  return snapshot?.clusters.find((c) => clusterKey(c.id) === clusterKey(clusterId));
}

/** The answer when a queued request names a cluster the last discovery did not see. */
export function notInSnapshot(clusterId: string): {
  readonly kind: "unknown-cluster";
  readonly message: string;
} {
  return {
    kind: "unknown-cluster",
    message: `cluster ${clusterId} is not in the last discovered fleet`,
  };
}

/** Saves the snapshot when the fleet differs from the last one this saver stored. */
export function snapshotSaver(
  store: StateStore,
): (clusters: readonly Cluster[], at: string) => Promise<boolean> {
  let last: string | undefined;
  return async (clusters, at) => {
    const json = JSON.stringify(clusters);
    if (json === last) return false;
    const result = await store.fleetSnapshot.save({ takenAt: at, clusters });
    last = json;
    return result.saved;
  };
}
