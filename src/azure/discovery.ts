/**
 * @module Fleet discovery with Azure Resource Graph (SPEC §2): one query, paged 1,000 rows at a
 * time with `$skipToken`, across every subscription in scope — never one call per cluster.
 */
import type { ResourceGraphClient } from "@azure/arm-resourcegraph";
import type { Cluster } from "../core/fleet/types.js";
import type { Discovery, DiscoveryScope, FleetReader } from "../ports/azure.js";
import { toArmError } from "./arm-errors.js";
import { clusterFromArm } from "./from-arm.js";

export const DISCOVERY_QUERY = [
  "Resources",
  "| where type =~ 'microsoft.containerservice/managedclusters'",
  "| project id, name, type, location, resourceGroup, subscriptionId, tags, properties",
  "| order by id asc",
].join("\n");

const PAGE_SIZE = 1000;

/**
 * The ARM operations (RBAC actions) discovery performs: the Resource Graph query, which returns
 * only the clusters the identity may read. Registered in ./operations.ts; the custom role in
 * infra/ must grant exactly the union of these lists (test/infra/role.test.ts).
 */
export const ARM_OPERATIONS = [
  "Microsoft.ResourceGraph/resources/read",
  "Microsoft.ContainerService/managedClusters/read",
] as const;

export class ResourceGraphFleetReader implements FleetReader {
  constructor(private readonly client: ResourceGraphClient) {}

  async discover(scope: DiscoveryScope): Promise<Discovery> {
    const clusters: Cluster[] = [];
    const unreadable: string[] = [];
    let requests = 0;
    let skipToken: string | undefined;
    do {
      const page = await this.page(scope, skipToken);
      requests += 1;
      for (const row of page.data as unknown[]) {
        const cluster = clusterFromArm(row);
        if (cluster.ok) clusters.push(cluster.value);
        else unreadable.push(cluster.error);
      }
      skipToken = page.skipToken;
    } while (skipToken);
    return { clusters, unreadable, requests };
  }

  private async page(scope: DiscoveryScope, skipToken: string | undefined) {
    try {
      return await this.client.resources({
        query: DISCOVERY_QUERY,
        ...(scope.subscriptions.length > 0 ? { subscriptions: [...scope.subscriptions] } : {}),
        options: {
          top: PAGE_SIZE,
          resultFormat: "objectArray",
          ...(skipToken ? { skipToken } : {}),
        },
      });
    } catch (error) {
      throw toArmError(error, "Resource Graph discovery");
    }
  }
}
