/**
 * @module The savings-ledger rules (SPEC §9), pure: from what this tick confirmed and what
 * discovery shows, which entries open and which close. `src/app/history.ts` reads and writes.
 *
 * - A confirmed cluster stop opens one `stop` entry per GPU pool that had nodes before the stop
 *   (`nodes` = its count then). A confirmed scale-to-zero opens one `scale-to-zero` entry for the
 *   pool (`nodes` = the count its restore record kept).
 * - Entries open and close at the instant of the tick that sees the change (the confirming tick),
 *   so an entry is at most one tick interval off either way.
 * - An entry closes when discovery shows its nodes back: a `stop` entry when the cluster is
 *   Running (a confirmed start, or a start by hand), a `scale-to-zero` entry when the pool of a
 *   running cluster has nodes again (a confirmed restore, the autoscaler, a hand resize). A
 *   cluster or pool that is gone closes its entries, but only after a discovery that read every
 *   row (an unreadable row could be the missing cluster).
 * - **No double counting**: a pool has at most one open entry. A pool already scaled to zero when
 *   its cluster stops keeps its `scale-to-zero` entry and gets no `stop` entry (it had no nodes
 *   to stop, or those it has are already counted); that entry runs on while the cluster is
 *   stopped and closes when the restored pool has nodes again.
 * - Only GPU pools (sizes in the SKU catalog) are counted. Prices are the bundled snapshot's list
 *   price for the pool's priority (pay-as-you-go or spot) in the cluster's region, else the
 *   snapshot region's figure (as the budget estimate does); a pool without any figure is left
 *   out and reported.
 */
import { clusterKey, type Cluster, type ScaleSetPriority } from "../fleet/types.js";
import type { LedgerEntry } from "../report/types.js";
import { isGpuSku, listPrice, type HourlyPrice } from "../skus/index.js";

/** A pool's size before gpu-warden switched it off. */
export interface SwitchedOffPool {
  readonly pool: string;
  readonly vmSize: string;
  readonly nodes: number;
  readonly priority: ScaleSetPriority;
}

export interface LedgerInput {
  /** The tick's instant (ISO-8601). */
  readonly now: string;
  readonly fleet: readonly Cluster[];
  /** True when discovery read every row: only then does an absent cluster close its entries. */
  readonly complete: boolean;
  readonly open: readonly LedgerEntry[];
  /** Stops confirmed this tick, with each pool's size before the stop. */
  readonly stopped: readonly {
    readonly cluster: Cluster;
    readonly pools: readonly SwitchedOffPool[];
  }[];
  /** Scale-to-zero operations confirmed this tick, with the pool's size before. */
  readonly scaled: readonly { readonly cluster: Cluster; readonly pool: SwitchedOffPool }[];
}

export interface LedgerChanges {
  readonly closes: readonly { readonly clusterId: string; readonly pool: string | undefined }[];
  readonly opens: readonly LedgerEntry[];
  /** Pools left out, with why (no price). */
  readonly notes: readonly string[];
}

const poolKey = (clusterId: string, pool: string | undefined): string =>
  `${clusterKey(clusterId)} ${pool?.toLowerCase() ?? ""}`;

/** The snapshot price of one node of a pool, in its region or else the snapshot's. */
export function ledgerPrice(
  vmSize: string,
  priority: ScaleSetPriority,
  region: string,
): HourlyPrice | undefined {
  const kind = priority === "Spot" ? "spot" : "payg";
  return listPrice(vmSize, kind, region) ?? listPrice(vmSize, kind);
}

/** Whether an open entry's nodes are back (or its cluster or pool gone): it closes now. */
function resumed(entry: LedgerEntry, cluster: Cluster | undefined, complete: boolean): boolean {
  if (cluster === undefined) return complete;
  if (entry.kind === "stop") return cluster.powerState === "Running";
  const pool = cluster.pools.find((p) => p.name.toLowerCase() === entry.pool?.toLowerCase());
  if (pool === undefined) return complete;
  return cluster.powerState === "Running" && pool.count > 0;
}

export function ledgerChanges(input: LedgerInput): LedgerChanges {
  const byKey = new Map(input.fleet.map((c) => [clusterKey(c.id), c]));
  const closing = input.open.filter((entry) =>
    resumed(entry, byKey.get(clusterKey(entry.clusterId)), input.complete),
  );
  const closingKeys = new Set(closing.map((e) => poolKey(e.clusterId, e.pool)));
  const taken = new Set(
    input.open.map((e) => poolKey(e.clusterId, e.pool)).filter((key) => !closingKeys.has(key)),
  );
  const opens: LedgerEntry[] = [];
  const notes: string[] = [];
  const open = (cluster: Cluster, pool: SwitchedOffPool, kind: LedgerEntry["kind"]): void => {
    const key = poolKey(cluster.id, pool.pool);
    if (pool.nodes <= 0 || !isGpuSku(pool.vmSize) || taken.has(key)) return;
    const price = ledgerPrice(pool.vmSize, pool.priority, cluster.location);
    if (price === undefined) {
      notes.push(`${cluster.name}/${pool.pool}: no list price for ${pool.vmSize}; not counted`);
      return;
    }
    taken.add(key);
    opens.push({
      clusterId: cluster.id,
      pool: pool.pool,
      kind,
      from: input.now,
      to: null,
      nodes: pool.nodes,
      usdPerHour: price.usdPerHour,
      basis: price.basis,
      priceAsOf: price.asOf,
    });
  };
  for (const { cluster, pool } of input.scaled) open(cluster, pool, "scale-to-zero");
  for (const { cluster, pools } of input.stopped) {
    if (cluster.powerState === "Running") continue;
    for (const pool of pools) open(cluster, pool, "stop");
  }
  return {
    closes: closing.map((e) => ({ clusterId: e.clusterId, pool: e.pool })),
    opens,
    notes,
  };
}

/** Node-hours avoided by an entry up to `until` (open entries run to it), times its price. */
export function entrySavings(entry: LedgerEntry, from: number, until: number): number {
  const start = Math.max(Date.parse(entry.from), from);
  const end = Math.min(entry.to === null ? until : Date.parse(entry.to), until);
  return end <= start ? 0 : (entry.nodes * entry.usdPerHour * (end - start)) / 3_600_000;
}
