/**
 * @module Node-pool sizing with `@azure/arm-containerservice`: read the pool, set its count and
 * autoscaler settings, and PUT it back with `If-Match` on the eTag just read (AgentPools_
 * CreateOrUpdate is a full PUT: every other setting goes back as it was, and a concurrent change
 * makes ARM answer 412 instead of being overwritten). Fire and return once ARM has accepted the PUT;
 * later ticks confirm the size from discovery (as for cluster start/stop in ./control.ts).
 */
import type {
  AgentPool,
  AgentPoolsCreateOrUpdateOptionalParams,
  ContainerServiceClient,
} from "@azure/arm-containerservice";
import type { ClusterRef, PoolSize } from "../core/plan/types.js";
import type { PoolControl } from "../ports/azure.js";
import { toArmError } from "./arm-errors.js";
import { perSubscription } from "./per-subscription.js";

/**
 * The ARM operations (RBAC actions) this adapter performs: read and write the agent pool, and the
 * SDK's first poll of the PUT's async-operation status. Registered in ./operations.ts.
 */
export const ARM_OPERATIONS = [
  "Microsoft.ContainerService/managedClusters/agentPools/read",
  "Microsoft.ContainerService/managedClusters/agentPools/write",
  "Microsoft.ContainerService/locations/operations/read",
] as const;

type OnResponse = NonNullable<AgentPoolsCreateOrUpdateOptionalParams["onResponse"]>;

export class AksPoolControl implements PoolControl {
  private readonly client: (cluster: ClusterRef) => ContainerServiceClient;

  constructor(createClient: (subscriptionId: string) => ContainerServiceClient) {
    this.client = perSubscription(createClient);
  }

  async scalePool(cluster: ClusterRef, pool: string, size: PoolSize): Promise<void> {
    const what = `scale ${cluster.name}/${pool}`;
    const pools = this.client(cluster).agentPools;
    let current: AgentPool;
    try {
      current = await pools.get(cluster.resourceGroup, cluster.name, pool);
    } catch (error) {
      throw toArmError(error, what);
    }
    const put = { accepted: false };
    const onResponse: OnResponse = (response) => {
      if (response.request.method === "PUT" && response.status >= 200 && response.status < 300)
        put.accepted = true;
    };
    try {
      await pools.beginCreateOrUpdate(
        cluster.resourceGroup,
        cluster.name,
        pool,
        sized(current, size),
        {
          onResponse,
          ...(current.eTag ? { ifMatch: current.eTag } : {}),
        },
      );
    } catch (error) {
      if (put.accepted) return; // only the SDK's first status poll failed
      throw toArmError(error, what);
    }
  }
}

/** The pool as read, with the new size; min/max only with the autoscaler on. */
function sized(current: AgentPool, size: PoolSize): AgentPool {
  const { minCount: _min, maxCount: _max, ...rest } = current;
  return {
    ...rest,
    count: size.count,
    enableAutoScaling: size.enableAutoScaling,
    ...(size.enableAutoScaling && size.minCount !== null ? { minCount: size.minCount } : {}),
    ...(size.enableAutoScaling && size.maxCount !== null ? { maxCount: size.maxCount } : {}),
  };
}
