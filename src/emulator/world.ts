/**
 * @module The emulator's in-memory state: subscriptions, managed clusters and agent pools as AKS
 * would hold them, plus the virtual clock and the long-running operations in flight. Services
 * (AKS, Resource Graph, …) read and change this one object; it has no HTTP knowledge.
 */
import { createHash } from "node:crypto";
import { VirtualClock } from "./clock.js";
import type { Fleet, FleetCluster, FleetPool } from "./fleet.js";
import { newCostMeter, type CostMeter } from "./costs.js";
import { nodePrice, type NodePrice } from "./prices.js";

export type PowerCode = "Running" | "Stopped";

/** Operation kinds with their own configurable virtual duration. */
export type OperationKind =
  | "clusterStart"
  | "clusterStop"
  | "poolCreate"
  | "poolUpdate"
  | "poolScale"
  | "poolStart"
  | "poolStop";

export interface Operation {
  readonly id: string;
  readonly kind: OperationKind;
  readonly subscriptionId: string;
  readonly location: string;
  /** ARM path of the resource the operation changes (cluster or agent pool). */
  readonly resourcePath: string;
  readonly startedAt: number;
  readonly endsAt: number;
  status: "InProgress" | "Succeeded";
}

/** What a client may set on a pool (a PUT body, merged over the existing pool). */
export interface PoolSpec {
  mode: "System" | "User";
  vmSize: string;
  count: number;
  enableAutoScaling: boolean;
  minCount: number | undefined;
  maxCount: number | undefined;
  scaleSetPriority: "Regular" | "Spot";
  nodeTaints: string[];
  nodeLabels: Record<string, string>;
  tags: Record<string, string>;
  osType: "Linux" | "Windows";
  powerState: PowerCode;
}

export interface PoolState extends PoolSpec {
  readonly name: string;
  provisioningState: string;
  eTag: string;
  orchestratorVersion: string;
  gpuUtil: Record<string, number> | undefined;
  /** Set while the pool is stopped: what a start restores, and who stopped it. */
  stopped: PoolSnapshot | undefined;
  /** Nodes actually running (billed); changes when operations complete. */
  nodes: number;
  price: NodePrice;
  readonly cost: CostMeter;
  op: Operation | undefined;
}

export interface PoolSnapshot {
  readonly by: "cluster" | "pool";
  readonly count: number;
  readonly enableAutoScaling: boolean;
  readonly minCount: number | undefined;
  readonly maxCount: number | undefined;
}

export interface ClusterState {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly name: string;
  readonly location: string;
  tags: Record<string, string>;
  powerState: PowerCode;
  provisioningState: string;
  eTag: string;
  kubernetesVersion: string;
  readonly nodeResourceGroup: string;
  readonly pools: PoolState[];
  op: Operation | undefined;
}

export interface SubscriptionState {
  readonly id: string;
  readonly name: string;
  readonly clusters: ClusterState[];
}

/** Deterministic GUID-shaped identifiers (eTags, operation ids) from a seed and a counter. */
export class IdSource {
  private n = 0;
  constructor(private readonly seed: string) {}
  next(): string {
    const h = createHash("sha256").update(`${this.seed}:${this.n++}`).digest("hex");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
}

const key = (...parts: string[]): string => parts.join("/").toLowerCase();

export class World {
  readonly clock: VirtualClock;
  readonly ids: IdSource;
  readonly operations = new Map<string, Operation>();
  private subs = new Map<string, SubscriptionState>();
  private clusters = new Map<string, ClusterState>();
  prices: Readonly<Record<string, number>> = {};
  billingLagHours = 24;

  constructor(clock: VirtualClock, seed = "gpu-warden-emulator") {
    this.clock = clock;
    this.ids = new IdSource(seed);
  }

  /** Replaces the whole state with a fleet; the clock jumps to `fleet.start` (or `fallbackStartMs`). */
  load(fleet: Fleet, fallbackStartMs: number): void {
    const start = fleet.start ?? fallbackStartMs;
    this.clock.reset(start);
    this.operations.clear();
    this.subs = new Map();
    this.clusters = new Map();
    this.prices = { ...fleet.prices };
    this.billingLagHours = fleet.billingLagHours;
    for (const sub of fleet.subscriptions) {
      const state: SubscriptionState = { id: sub.id, name: sub.name ?? sub.id, clusters: [] };
      this.subs.set(sub.id.toLowerCase(), state);
      for (const c of sub.clusters) {
        const cluster = this.buildCluster(sub.id, c, start);
        state.clusters.push(cluster);
        this.clusters.set(key(sub.id, c.resourceGroup, c.name), cluster);
      }
    }
  }

  subscription(id: string): SubscriptionState | undefined {
    return this.subs.get(id.toLowerCase());
  }

  subscriptions(): SubscriptionState[] {
    return [...this.subs.values()];
  }

  cluster(subscriptionId: string, resourceGroup: string, name: string): ClusterState | undefined {
    return this.clusters.get(key(subscriptionId, resourceGroup, name));
  }

  hasResourceGroup(subscriptionId: string, resourceGroup: string): boolean {
    const rg = resourceGroup.toLowerCase();
    return (this.subscription(subscriptionId)?.clusters ?? []).some(
      (c) => c.resourceGroup.toLowerCase() === rg,
    );
  }

  /** All clusters in fleet order, optionally restricted to a subscription and resource group. */
  listClusters(subscriptionId?: string, resourceGroup?: string): ClusterState[] {
    const subs =
      subscriptionId === undefined ? this.subscriptions() : [this.subscription(subscriptionId)];
    const rg = resourceGroup?.toLowerCase();
    return subs
      .flatMap((s) => s?.clusters ?? [])
      .filter((c) => rg === undefined || c.resourceGroup.toLowerCase() === rg);
  }

  /** Whether an operation is running on the cluster or any of its pools. */
  busy(cluster: ClusterState): Operation | undefined {
    return cluster.op ?? cluster.pools.find((p) => p.op !== undefined)?.op;
  }

  /** Builds a pool state; used at load and when a PUT creates a pool. */
  newPool(
    cluster: { location: string; kubernetesVersion: string; powerState: PowerCode },
    p: FleetPool,
    at: number,
  ): PoolState {
    const running = cluster.powerState === "Running" && p.powerState === "Running";
    const autoscale = p.enableAutoScaling && p.powerState === "Running";
    return {
      name: p.name,
      mode: p.mode,
      vmSize: p.vmSize,
      count: running ? p.count : 0,
      enableAutoScaling: autoscale,
      minCount: autoscale ? p.minCount : undefined,
      maxCount: autoscale ? p.maxCount : undefined,
      scaleSetPriority: p.scaleSetPriority,
      nodeTaints: [...p.nodeTaints],
      nodeLabels: { ...p.nodeLabels },
      tags: {},
      osType: p.osType,
      powerState: cluster.powerState === "Stopped" ? "Stopped" : p.powerState,
      provisioningState: "Succeeded",
      eTag: this.ids.next(),
      orchestratorVersion: cluster.kubernetesVersion,
      gpuUtil: p.gpuUtil,
      stopped: running
        ? undefined
        : {
            by: p.powerState === "Stopped" ? "pool" : "cluster",
            count: p.count,
            enableAutoScaling: p.enableAutoScaling,
            minCount: p.minCount,
            maxCount: p.maxCount,
          },
      nodes: running ? p.count : 0,
      price: nodePrice(p.vmSize, p.scaleSetPriority, cluster.location, this.prices),
      cost: newCostMeter(at),
      op: undefined,
    };
  }

  private buildCluster(subscriptionId: string, c: FleetCluster, at: number): ClusterState {
    const cluster: ClusterState = {
      subscriptionId,
      resourceGroup: c.resourceGroup,
      name: c.name,
      location: c.location,
      tags: { ...c.tags },
      powerState: c.powerState,
      provisioningState: "Succeeded",
      eTag: this.ids.next(),
      kubernetesVersion: c.kubernetesVersion,
      nodeResourceGroup: c.nodeResourceGroup ?? `MC_${c.resourceGroup}_${c.name}_${c.location}`,
      pools: [],
      op: undefined,
    };
    for (const p of c.pools) cluster.pools.push(this.newPool(cluster, p, at));
    return cluster;
  }
}

/** `/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.ContainerService/managedClusters/{name}` */
export function clusterPath(c: ClusterState): string {
  return `/subscriptions/${c.subscriptionId}/resourceGroups/${c.resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${c.name}`;
}

export function poolPath(c: ClusterState, p: PoolState): string {
  return `${clusterPath(c)}/agentPools/${p.name}`;
}
