/**
 * @module In-memory fakes of the Azure ports: a tiny AKS world where start/stop are accepted at
 * once and finish when the test says so (`settle`), with AKS's 409 rules and the shapes the
 * emulator (and so Azure) shows: a cluster is `Stopping`/`Starting` (pools too) while its
 * operation runs; a stopped cluster's pools are Stopped at count 0 and get their counts back on
 * start; Resource Graph reports the resource group in lower case; a pool being resized shows its
 * new size at once and is `Scaling`/`Updating` until settled. The contract suite in
 * test/contract/azure.contract.ts holds these and the real adapters to the same behaviour.
 */
import { clusterKey, type AgentPool, type Cluster } from "../../src/core/fleet/types.js";
import type { ClusterRef, PoolSize } from "../../src/core/plan/types.js";
import {
  ArmError,
  type ClusterControl,
  type Discovery,
  type DiscoveryScope,
  type FleetReader,
  type PoolControl,
} from "../../src/ports/azure.js";

/** Pool counts a stopped cluster gets back on start, by pool name. */
type Restore = ReadonlyMap<string, number>;

export class FakeAzure implements FleetReader, ClusterControl, PoolControl {
  private readonly clusters = new Map<string, Cluster>();
  private readonly restores = new Map<string, Restore>();
  readonly calls: string[] = [];
  /** Make the next calls fail, in order. */
  readonly failures: ArmError[] = [];

  /**
   * Clusters as a fleet file declares them: one declared `Stopped` shows its pools Stopped at
   * count 0 and restores the declared counts when started (as the emulator does).
   */
  constructor(clusters: readonly Cluster[] = []) {
    for (const cluster of clusters) {
      const key = clusterKey(cluster.id);
      if (cluster.powerState === "Stopped") {
        this.clusters.set(key, this.stopped(key, cluster));
      } else {
        this.clusters.set(key, cluster);
      }
    }
  }

  discover(scope: DiscoveryScope): Promise<Discovery> {
    const wanted = new Set(scope.subscriptions.map((s) => s.toLowerCase()));
    const clusters = [...this.clusters.values()]
      .filter((c) => wanted.size === 0 || wanted.has(c.subscriptionId.toLowerCase()))
      .map((c) => ({ ...c, resourceGroup: c.resourceGroup.toLowerCase() }));
    return Promise.resolve({ clusters, unreadable: [], requests: 1 });
  }

  start(ref: ClusterRef): Promise<void> {
    return this.act(ref, "start");
  }

  stop(ref: ClusterRef): Promise<void> {
    return this.act(ref, "stop");
  }

  scalePool(ref: ClusterRef, name: string, size: PoolSize): Promise<void> {
    this.calls.push(`scale ${ref.name}/${name} ${JSON.stringify(size)}`);
    const failure = this.failures.shift();
    if (failure) return Promise.reject(failure);
    const key = clusterKey(ref.id);
    const cluster = this.clusters.get(key);
    const pool = cluster?.pools.find((p) => p.name === name);
    const refuse = (code: "NotFound" | "OperationNotAllowed" | "InvalidParameter", why: string) =>
      Promise.reject(new ArmError(code, `scale ${ref.name}/${name}: ${why}`));
    if (!cluster || !pool) return refuse("NotFound", "not found");
    if (cluster.provisioningState !== "Succeeded" || pool.provisioningState !== "Succeeded")
      return refuse("OperationNotAllowed", "another operation is in progress");
    if (cluster.powerState === "Stopped")
      return refuse("OperationNotAllowed", "the cluster is stopped");
    if (
      pool.mode === "System" &&
      (size.count < 1 || (size.enableAutoScaling && size.minCount === 0))
    )
      return refuse("InvalidParameter", "a System pool keeps at least one node");
    const onlyCount =
      pool.enableAutoScaling === size.enableAutoScaling &&
      pool.minCount === (size.enableAutoScaling ? size.minCount : null) &&
      pool.maxCount === (size.enableAutoScaling ? size.maxCount : null);
    const resized: AgentPool = {
      ...pool,
      count: size.count,
      enableAutoScaling: size.enableAutoScaling,
      minCount: size.enableAutoScaling ? size.minCount : null,
      maxCount: size.enableAutoScaling ? size.maxCount : null,
      provisioningState: onlyCount ? "Scaling" : "Updating",
    };
    this.clusters.set(key, {
      ...cluster,
      pools: cluster.pools.map((p) => (p.name === name ? resized : p)),
    });
    return Promise.resolve();
  }

  /** Finishes every operation in progress. */
  settle(): void {
    for (const [key, cluster] of this.clusters) {
      if (
        cluster.pools.some(
          (p) => p.provisioningState === "Scaling" || p.provisioningState === "Updating",
        )
      ) {
        this.clusters.set(key, {
          ...cluster,
          pools: cluster.pools.map((p) => ({ ...p, provisioningState: "Succeeded" })),
        });
      }
    }
    for (const [key, cluster] of this.clusters) {
      if (cluster.provisioningState === "Starting") {
        const restore = this.restores.get(key);
        this.restores.delete(key);
        this.clusters.set(key, {
          ...cluster,
          provisioningState: "Succeeded",
          powerState: "Running",
          pools: cluster.pools.map((p) => {
            const count = restore?.get(p.name);
            return count === undefined
              ? { ...p, provisioningState: "Succeeded" }
              : { ...p, count, powerState: "Running", provisioningState: "Succeeded" };
          }),
        });
      }
      if (cluster.provisioningState === "Stopping") {
        const pools = cluster.pools.map((p) => ({ ...p, provisioningState: "Succeeded" }));
        this.clusters.set(
          key,
          this.stopped(key, { ...cluster, provisioningState: "Succeeded", pools }),
        );
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

  /** The cluster stopped: running pools remember their count and go to 0. */
  private stopped(key: string, cluster: Cluster): Cluster {
    const restore = new Map<string, number>();
    const pools = cluster.pools.map((p): AgentPool => {
      if (p.powerState === "Running") restore.set(p.name, p.count);
      return { ...p, count: 0, powerState: "Stopped" };
    });
    this.restores.set(key, restore);
    return { ...cluster, powerState: "Stopped", pools };
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
    const transitional = verb === "start" ? "Starting" : "Stopping";
    this.clusters.set(key, {
      ...cluster,
      provisioningState: transitional,
      pools: cluster.pools.map((p) => ({ ...p, provisioningState: transitional })),
    });
    return Promise.resolve();
  }
}
