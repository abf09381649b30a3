/**
 * @module In-memory fakes of the Azure ports: a tiny AKS world where start/stop are accepted at
 * once and finish when the test says so (`settle`), with AKS's 409 rules. The contract suite in
 * test/contract/azure.contract.ts holds these and the real adapters to the same behaviour.
 */
import { clusterKey, type Cluster } from "../../src/core/fleet/types.js";
import type { ClusterRef } from "../../src/core/plan/types.js";
import {
  ArmError,
  type ClusterControl,
  type Discovery,
  type DiscoveryScope,
  type FleetReader,
} from "../../src/ports/azure.js";

export class FakeAzure implements FleetReader, ClusterControl {
  private readonly clusters = new Map<string, Cluster>();
  readonly calls: string[] = [];
  /** Make the next calls fail, in order. */
  readonly failures: ArmError[] = [];

  constructor(clusters: readonly Cluster[] = []) {
    for (const cluster of clusters) this.clusters.set(clusterKey(cluster.id), cluster);
  }

  discover(scope: DiscoveryScope): Promise<Discovery> {
    const wanted = new Set(scope.subscriptions.map((s) => s.toLowerCase()));
    const clusters = [...this.clusters.values()].filter(
      (c) => wanted.size === 0 || wanted.has(c.subscriptionId.toLowerCase()),
    );
    return Promise.resolve({ clusters, unreadable: [], requests: 1 });
  }

  start(ref: ClusterRef): Promise<void> {
    return this.act(ref, "start");
  }

  stop(ref: ClusterRef): Promise<void> {
    return this.act(ref, "stop");
  }

  /** Finishes every operation in progress. */
  settle(): void {
    for (const [key, cluster] of this.clusters) {
      if (cluster.provisioningState === "Starting") {
        this.clusters.set(key, {
          ...cluster,
          provisioningState: "Succeeded",
          powerState: "Running",
        });
      }
      if (cluster.provisioningState === "Stopping") {
        this.clusters.set(key, {
          ...cluster,
          provisioningState: "Succeeded",
          powerState: "Stopped",
        });
      }
    }
  }

  /** What a person did by hand in the portal. */
  set(name: string, change: Partial<Cluster>): void {
    const [key, cluster] = [...this.clusters].find(([, c]) => c.name === name) ?? [];
    if (!key || !cluster) throw new Error(`no cluster ${name}`);
    this.clusters.set(key, { ...cluster, ...change });
  }

  get(name: string): Cluster | undefined {
    return [...this.clusters.values()].find((c) => c.name === name);
  }

  private act(ref: ClusterRef, verb: "start" | "stop"): Promise<void> {
    this.calls.push(`${verb} ${ref.name}`);
    const failure = this.failures.shift();
    if (failure) return Promise.reject(failure);
    const key = clusterKey(ref.id);
    const cluster = this.clusters.get(key);
    if (!cluster)
      return Promise.reject(new ArmError("NotFound", `${verb} ${ref.name}: not found`, 404));
    if (cluster.provisioningState !== "Succeeded") {
      return Promise.reject(
        new ArmError(
          "OperationNotAllowed",
          `${verb} ${ref.name}: another operation is in progress`,
          409,
        ),
      );
    }
    const target = verb === "start" ? "Running" : "Stopped";
    if (cluster.powerState === target) {
      return Promise.reject(
        new ArmError("OperationNotAllowed", `${verb} ${ref.name}: already ${target}`, 409),
      );
    }
    this.clusters.set(key, {
      ...cluster,
      provisioningState: verb === "start" ? "Starting" : "Stopping",
    });
    return Promise.resolve();
  }
}
