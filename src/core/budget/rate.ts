/**
 * @module The rate at which a budget's scope spends on GPUs right now: the running nodes of its
 * GPU pools × their list price (the bundled snapshot of src/core/skus; Spot pools at the spot
 * price when known). Which clusters count: those under the scope — by their own id or their node
 * resource group, where Azure bills the nodes — or, for scopes above subscriptions (management
 * groups, billing accounts), the clusters of the groups that reference the budget.
 */
import type { Cluster } from "../fleet/types.js";
import { isGpuSku, listPrice } from "../skus/index.js";

const SUBSCRIPTION_SCOPE = /^\/subscriptions\/([^/]+)(?:\/resourceGroups\/([^/]+))?\/?$/i;

/** Whether the scope can be matched against cluster ids (subscription or resource group). */
export function isClusterScope(scope: string): boolean {
  return SUBSCRIPTION_SCOPE.test(scope);
}

export function inScope(cluster: Cluster, scope: string): boolean {
  const match = SUBSCRIPTION_SCOPE.exec(scope);
  if (!match) return false;
  const [, subscription = "", group] = match;
  if (cluster.subscriptionId.toLowerCase() !== subscription.toLowerCase()) return false;
  if (group === undefined) return true;
  const wanted = group.toLowerCase();
  return (
    cluster.resourceGroup.toLowerCase() === wanted ||
    cluster.nodeResourceGroup.toLowerCase() === wanted
  );
}

/** USD per hour of the running GPU nodes of these clusters, at list price. */
export function gpuUsdPerHour(clusters: readonly Cluster[]): number {
  let usd = 0;
  for (const cluster of clusters) {
    if (cluster.powerState !== "Running") continue;
    for (const pool of cluster.pools) {
      if (pool.powerState !== "Running" || pool.count <= 0 || !isGpuSku(pool.vmSize)) continue;
      usd +=
        pool.count * nodePrice(pool.vmSize, pool.scaleSetPriority === "Spot", cluster.location);
    }
  }
  return usd;
}

function nodePrice(vmSize: string, spot: boolean, region: string): number {
  const kinds = spot ? (["spot", "payg"] as const) : (["payg"] as const);
  for (const kind of kinds) {
    const price = listPrice(vmSize, kind, region) ?? listPrice(vmSize, kind);
    if (price !== undefined) return price.usdPerHour;
  }
  return 0;
}
