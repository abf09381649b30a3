/**
 * @module Which cluster and pool a billed resource belongs to (SPEC §2): the managed cluster
 * itself, anything in its node resource group (`MC_…`, matched per subscription), and within it
 * a pool by AKS naming — VMSS `aks-<pool>-<digits>-vmss`, its instances and their disks — or by
 * the `aks-managed-poolName` tag when the row carries it. Answers are cached per resource id (a
 * bounded cache: a million rows name far fewer resources).
 */
import { clusterKey, type Cluster } from "../fleet/types.js";
import { isGpuSku } from "../skus/index.js";

export interface MappedResource {
  /** Index of the cluster in the fleet given to the mapper. */
  readonly cluster: number;
  /** Canonical pool name, or `null` for cost outside any pool (disks, IPs, the cluster). */
  readonly pool: string | null;
  readonly gpu: boolean;
}

const CACHE_LIMIT = 200_000;
/** A VMSS-derived resource name: `aks-<pool>-<digits>-vmss`, with any suffix. */
const VMSS_NAME = /^aks-([a-z0-9]+)-\d+-vmss/;

interface PoolInfo {
  readonly name: string;
  readonly gpu: boolean;
}

export class ResourceMapper {
  private readonly byClusterId = new Map<string, number>();
  private readonly byNodeGroup = new Map<string, number>();
  private readonly pools: ReadonlyMap<string, PoolInfo>[];
  private readonly cache = new Map<string, MappedResource | null>();

  constructor(fleet: readonly Cluster[]) {
    this.pools = fleet.map((cluster, index) => {
      this.byClusterId.set(clusterKey(cluster.id), index);
      const sub = cluster.subscriptionId.toLowerCase();
      this.byNodeGroup.set(`${sub}/${cluster.nodeResourceGroup.toLowerCase()}`, index);
      return new Map(
        cluster.pools.map((p) => [p.name.toLowerCase(), { name: p.name, gpu: isGpuSku(p.vmSize) }]),
      );
    });
  }

  /** The cluster and pool of a resource, or `undefined` when it belongs to no cluster. */
  map(resourceId: string, poolTag?: string): MappedResource | undefined {
    const key = poolTag === undefined ? resourceId : `${resourceId}#${poolTag}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const mapped = this.resolve(resourceId.toLowerCase(), poolTag?.toLowerCase());
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(key, mapped ?? null);
    return mapped;
  }

  private resolve(id: string, poolTag: string | undefined): MappedResource | undefined {
    // ["", "subscriptions", sub, "resourcegroups", rg, "providers", ns, type, name, …]
    const parts = id.split("/");
    const [, subscriptions, sub, resourceGroups, rg] = parts;
    if (subscriptions !== "subscriptions" || resourceGroups !== "resourcegroups") return undefined;
    if (sub === undefined || rg === undefined) return undefined;
    const own = this.byClusterId.get(parts.slice(0, 9).join("/"));
    if (own !== undefined && parts[7] === "managedclusters") {
      return { cluster: own, pool: null, gpu: false };
    }
    const cluster = this.byNodeGroup.get(`${sub}/${rg}`);
    if (cluster === undefined) return undefined;
    const fromName = VMSS_NAME.exec(parts[8] ?? "")?.[1];
    const pool = this.pools[cluster]?.get(fromName ?? poolTag ?? "");
    return pool === undefined
      ? { cluster, pool: null, gpu: false }
      : { cluster, pool: pool.name, gpu: pool.gpu };
  }
}
