/**
 * @module Cluster start/stop with `@azure/arm-containerservice`: fire and return once ARM has
 * accepted the operation (the `begin…` call sends the request; nobody polls the LRO — later ticks
 * confirm from discovery). One SDK client per subscription, built once and reused.
 */
import type { ContainerServiceClient } from "@azure/arm-containerservice";
import type { ClusterRef } from "../core/plan/types.js";
import type { ClusterControl } from "../ports/azure.js";
import { toArmError } from "./arm-errors.js";

export class AksClusterControl implements ClusterControl {
  private readonly clients = new Map<string, ContainerServiceClient>();

  constructor(private readonly createClient: (subscriptionId: string) => ContainerServiceClient) {}

  async start(cluster: ClusterRef): Promise<void> {
    try {
      await this.client(cluster).managedClusters.beginStart(cluster.resourceGroup, cluster.name);
    } catch (error) {
      throw toArmError(error, `start ${cluster.name}`);
    }
  }

  async stop(cluster: ClusterRef): Promise<void> {
    try {
      await this.client(cluster).managedClusters.beginStop(cluster.resourceGroup, cluster.name);
    } catch (error) {
      throw toArmError(error, `stop ${cluster.name}`);
    }
  }

  private client(cluster: ClusterRef): ContainerServiceClient {
    const key = cluster.subscriptionId.toLowerCase();
    let client = this.clients.get(key);
    if (!client) {
      client = this.createClient(cluster.subscriptionId);
      this.clients.set(key, client);
    }
    return client;
  }
}
