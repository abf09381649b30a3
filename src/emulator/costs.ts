/**
 * @module Cost accrual: every pool has a meter that integrates running nodes × USD/hour over
 * virtual time (count × $/h ÷ 60 per virtual minute, computed exactly to the millisecond), split
 * by UTC day so a later Cost Management emulation can serve daily rows with a billing lag.
 * Meters are brought up to date lazily: when a pool's running node count changes and when costs
 * are read. A stopped cluster has no running nodes and accrues nothing.
 */
import type { ClusterState, PoolState, World } from "./world.js";
import type { PriceSource } from "./prices.js";

const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;

export interface CostMeter {
  usd: number;
  nodeHours: number;
  /** Per UTC day (`YYYY-MM-DD`). */
  readonly byDay: Map<string, { usd: number; nodeHours: number }>;
  accruedTo: number;
}

export function newCostMeter(at: number): CostMeter {
  return { usd: 0, nodeHours: 0, byDay: new Map(), accruedTo: at };
}

/** Accrues `nodes` × `usdPerHour` from the meter's last instant up to `until`. */
export function accrue(meter: CostMeter, nodes: number, usdPerHour: number, until: number): void {
  let from = meter.accruedTo;
  if (until <= from) return;
  meter.accruedTo = until;
  if (nodes <= 0) return;
  while (from < until) {
    const dayStart = Math.floor(from / MS_PER_DAY) * MS_PER_DAY;
    const end = Math.min(until, dayStart + MS_PER_DAY);
    const nodeHours = (nodes * (end - from)) / MS_PER_HOUR;
    const usd = nodeHours * usdPerHour;
    meter.usd += usd;
    meter.nodeHours += nodeHours;
    const day = new Date(dayStart).toISOString().slice(0, 10);
    const bucket = meter.byDay.get(day) ?? { usd: 0, nodeHours: 0 };
    bucket.usd += usd;
    bucket.nodeHours += nodeHours;
    meter.byDay.set(day, bucket);
    from = end;
  }
}

/** Changes the running (billed) node count of a pool at virtual instant `at`. */
export function setRunningNodes(pool: PoolState, nodes: number, at: number): void {
  accrue(pool.cost, pool.nodes, pool.price.usdPerHour, at);
  pool.nodes = nodes;
}

export interface PoolCost {
  readonly name: string;
  readonly vmSize: string;
  readonly runningNodes: number;
  readonly usdPerHour: number;
  readonly priceSource: PriceSource;
  readonly nodeHours: number;
  readonly usd: number;
  readonly byDay: Readonly<Record<string, { usd: number; nodeHours: number }>>;
}

export interface ClusterCost {
  readonly id: string;
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly name: string;
  readonly usd: number;
  readonly pools: readonly PoolCost[];
}

export interface CostReport {
  readonly asOf: string;
  readonly currency: "USD";
  readonly totalUsd: number;
  readonly clusters: readonly ClusterCost[];
}

/** Accrued costs of every cluster and pool up to the current virtual instant. */
export function costReport(world: World, clusterIdOf: (c: ClusterState) => string): CostReport {
  const now = world.clock.now();
  const clusters = world.listClusters().map((c): ClusterCost => {
    const pools = c.pools.map((p): PoolCost => {
      accrue(p.cost, p.nodes, p.price.usdPerHour, now);
      return {
        name: p.name,
        vmSize: p.vmSize,
        runningNodes: p.nodes,
        usdPerHour: p.price.usdPerHour,
        priceSource: p.price.source,
        nodeHours: p.cost.nodeHours,
        usd: p.cost.usd,
        byDay: Object.fromEntries(p.cost.byDay),
      };
    });
    return {
      id: clusterIdOf(c),
      subscriptionId: c.subscriptionId,
      resourceGroup: c.resourceGroup,
      name: c.name,
      usd: pools.reduce((sum, p) => sum + p.usd, 0),
      pools,
    };
  });
  return {
    asOf: new Date(now).toISOString(),
    currency: "USD",
    totalUsd: clusters.reduce((sum, c) => sum + c.usd, 0),
    clusters,
  };
}
