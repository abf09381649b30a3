/**
 * @module Cluster start/stop with `@azure/arm-containerservice`: fire and return once ARM has
 * accepted the operation (the `begin…` call sends the request; nobody polls the LRO — later ticks
 * confirm from discovery). One SDK client per subscription, built once and reused.
 *
 * The SDK's `begin…` sends the POST and then polls the operation once before it returns. ARM has
 * accepted the operation as soon as the POST got its 2xx, so a failure of that first poll (a 429
 * or a 5xx on the status URL) is not a failure of the call: reporting it would make the tick retry
 * an operation that is already running.
 */
import type {
  ContainerServiceClient,
  ManagedClustersStopOptionalParams,
} from "@azure/arm-containerservice";
import type { ClusterRef } from "../core/plan/types.js";
import type { ClusterControl } from "../ports/azure.js";
import { toArmError } from "./arm-errors.js";
import { perSubscription } from "./per-subscription.js";

type OnResponse = NonNullable<ManagedClustersStopOptionalParams["onResponse"]>;

/**
 * The ARM operations (RBAC actions) this adapter performs: start and stop, and the SDK's first
 * poll of the operation's status URL. Registered in ./operations.ts; the custom role in infra/
 * must grant exactly the union of these lists (test/infra/role.test.ts).
 */
export const ARM_OPERATIONS = [
  "Microsoft.ContainerService/managedClusters/start/action",
  "Microsoft.ContainerService/managedClusters/stop/action",
  "Microsoft.ContainerService/locations/operations/read",
  "Microsoft.ContainerService/locations/operationresults/read",
] as const;

export class AksClusterControl implements ClusterControl {
  private readonly client: (cluster: ClusterRef) => ContainerServiceClient;

  constructor(createClient: (subscriptionId: string) => ContainerServiceClient) {
    this.client = perSubscription(createClient);
  }

  start(cluster: ClusterRef): Promise<void> {
    return this.fire(cluster, "start");
  }

  stop(cluster: ClusterRef): Promise<void> {
    return this.fire(cluster, "stop");
  }

  private async fire(cluster: ClusterRef, verb: "start" | "stop"): Promise<void> {
    const post = { accepted: false };
    const onResponse: OnResponse = (response) => {
      if (response.request.method === "POST" && response.status >= 200 && response.status < 300)
        post.accepted = true;
    };
    const clusters = this.client(cluster).managedClusters;
    try {
      if (verb === "start")
        await clusters.beginStart(cluster.resourceGroup, cluster.name, { onResponse });
      else await clusters.beginStop(cluster.resourceGroup, cluster.name, { onResponse });
    } catch (error) {
      if (post.accepted) return; // only the SDK's first status poll failed
      throw toArmError(error, `${verb} ${cluster.name}`);
    }
  }
}
