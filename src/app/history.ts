/**
 * @module What the tick keeps as history (SPEC §8, §9, §14), after its plan is executed: the
 * hourly GPU pool samples and the savings ledger. Failures are reported, never thrown: history
 * must not fail the tick.
 *
 * - **Samples**: once per UTC hour (the first tick to claim `samples:<YYYY-MM-DDTHH>` in `dedupe`,
 *   so two tick instances record it once), every GPU pool of every discovered cluster — managed,
 *   protected or unmanaged alike: reservation advice needs the 24/7 ones — with its node count
 *   when the cluster and pool run, else 0. Counts come from the tick's discovery, taken before any
 *   action of the tick.
 * - **Ledger**: the rules are in `src/core/history/ledger-rules.ts`. The sizes before a confirmed
 *   stop come from the discovery that fired it, as its audit `action` row recorded them (the tick
 *   writes each pool's count there). A stop fired elsewhere (the Slack worker's row has no pool
 *   sizes) falls back to the hourly samples: per pool, the larger count of the hour the stop was
 *   issued and the hour before — an approximation. A scale-to-zero's size is its restore record's.
 * - **Purge**: once per UTC day (claim `history-purge:<YYYY-MM-DD>`), samples and closed entries
 *   older than `HISTORY_DAYS`.
 */
import { clusterKey, type Cluster } from "../core/fleet/types.js";
import { ledgerChanges, type SwitchedOffPool } from "../core/history/ledger-rules.js";
import { isGpuSku } from "../core/skus/index.js";
import type { Confirmation, Plan } from "../core/plan/types.js";
import type { Discovery } from "../ports/azure.js";
import type { PoolSample } from "../ports/history.js";
import type { StateStore } from "../ports/state-store.js";
import type { AuditEntry } from "../ports/state-types.js";

const HOUR_MS = 3_600_000;

/** Every GPU pool of the fleet with its running node count (0 when the cluster or pool is off). */
export function poolSamples(clusters: readonly Cluster[]): PoolSample[] {
  return clusters.flatMap((cluster) =>
    cluster.pools
      .filter((pool) => isGpuSku(pool.vmSize))
      .map((pool) => ({
        clusterId: cluster.id,
        pool: pool.name,
        vmSize: pool.vmSize,
        location: cluster.location.toLowerCase(),
        priority: pool.scaleSetPriority,
        nodes: cluster.powerState === "Running" && pool.powerState === "Running" ? pool.count : 0,
      })),
  );
}

export interface HistoryInput {
  readonly now: Date;
  readonly discovery: Discovery;
  readonly plan: Plan;
}

/** Records samples, ledger changes and the daily purge; resolves to what failed (logged). */
export async function recordHistory(store: StateStore, input: HistoryInput): Promise<string[]> {
  const errors: string[] = [];
  const attempt = async (what: string, step: () => Promise<void>): Promise<void> => {
    try {
      await step();
    } catch (error) {
      errors.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const nowIso = input.now.toISOString();
  await attempt("pool samples", async () => {
    if (await store.dedupe.claim(`samples:${nowIso.slice(0, 13)}`, nowIso)) {
      await store.samples.record(nowIso, poolSamples(input.discovery.clusters));
    }
  });
  await attempt("savings ledger", async () => {
    errors.push(...(await recordLedger(store, input)));
  });
  await attempt("history purge", async () => {
    if (await store.dedupe.claim(`history-purge:${nowIso.slice(0, 10)}`, nowIso)) {
      await store.samples.purge(nowIso);
      await store.ledger.purge(nowIso);
    }
  });
  return errors;
}

async function recordLedger(store: StateStore, input: HistoryInput): Promise<string[]> {
  const { now, discovery, plan } = input;
  const byKey = new Map(discovery.clusters.map((c) => [clusterKey(c.id), c]));
  const clusterOf = (id: string): Cluster | undefined => byKey.get(clusterKey(id));
  const stops = plan.confirmations.filter((c) => c.kind === "stop" && c.outcome === "done");
  const scales = plan.pools.confirmations.filter(
    (c) => c.kind === "scale-pool" && c.outcome === "done",
  );
  const stopped = await Promise.all(
    stops.flatMap((confirmation) => {
      const cluster = clusterOf(confirmation.target.id);
      return cluster === undefined
        ? []
        : [preStopPools(store, confirmation, cluster, now).then((pools) => ({ cluster, pools }))];
    }),
  );
  const scaled = await Promise.all(
    scales.flatMap((confirmation) => {
      const cluster = clusterOf(confirmation.target.id);
      const pool = cluster?.pools.find((p) => p.name === confirmation.pool);
      if (cluster === undefined || pool === undefined) return [];
      const ref = { clusterId: confirmation.target.id, pool: confirmation.pool };
      return [
        store.restores.get(ref).then((record) => ({
          cluster,
          pool: {
            pool: pool.name,
            vmSize: pool.vmSize,
            priority: pool.scaleSetPriority,
            nodes: record?.value.count ?? 0,
          },
        })),
      ];
    }),
  );
  const changes = ledgerChanges({
    now: now.toISOString(),
    fleet: discovery.clusters,
    complete: discovery.unreadable.length === 0,
    open: await store.ledger.openEntries(),
    stopped,
    scaled,
  });
  for (const { clusterId, pool } of changes.closes) {
    await store.ledger.close(clusterId, pool, now.toISOString());
  }
  for (const entry of changes.opens) await store.ledger.open(entry);
  return [...changes.notes];
}

/** Each pool's size before a confirmed stop: from the action's audit row, else the samples. */
async function preStopPools(
  store: StateStore,
  confirmation: Confirmation,
  cluster: Cluster,
  now: Date,
): Promise<SwitchedOffPool[]> {
  const issued = now.getTime() - confirmation.durationSeconds * 1000;
  const rows = await store.audit.list({
    from: new Date(issued - 2000).toISOString(),
    to: new Date(issued + 2000).toISOString(),
  });
  const priority = (name: string) =>
    cluster.pools.find((p) => p.name === name)?.scaleSetPriority ?? "Regular";
  const recorded = rows.filter((row) => isStopRow(row, cluster.id)).at(-1);
  if (recorded !== undefined) {
    return stopRowPools(recorded).map((p) => ({
      pool: p.name,
      vmSize: p.vmSize,
      nodes: p.count,
      priority: priority(p.name),
    }));
  }
  const hour = new Date(issued).getUTCHours();
  const days = await store.samples.list({
    from: new Date(issued - HOUR_MS).toISOString(),
    to: new Date(issued + 24 * HOUR_MS).toISOString(),
  });
  const issuedDay = new Date(issued).toISOString().slice(0, 10);
  const previous = new Date(issued - HOUR_MS);
  const counts = new Map<string, SwitchedOffPool>();
  for (const day of days) {
    if (clusterKey(day.clusterId) !== clusterKey(cluster.id)) continue;
    const at = (d: string, h: number) => (day.day === d ? (day.hours[h] ?? 0) : 0);
    const nodes = Math.max(
      at(issuedDay, hour),
      at(previous.toISOString().slice(0, 10), previous.getUTCHours()),
    );
    const known = counts.get(day.pool)?.nodes ?? 0;
    if (nodes > known) {
      counts.set(day.pool, {
        pool: day.pool,
        vmSize: day.vmSize,
        nodes,
        priority: day.priority,
      });
    }
  }
  return [...counts.values()];
}

function isStopRow(row: AuditEntry, clusterId: string): boolean {
  const detail = row.detail;
  if (row.kind !== "action" || clusterKey(row.target) !== clusterKey(clusterId)) return false;
  if (typeof detail !== "object" || detail === null || Array.isArray(detail)) return false;
  const fields = detail as Record<string, unknown>;
  return fields.action === "stop-cluster" && fields.refused !== true && Array.isArray(fields.pools);
}

function stopRowPools(row: AuditEntry): { name: string; vmSize: string; count: number }[] {
  const pools = (row.detail as { pools: unknown[] }).pools;
  return pools.flatMap((p) => {
    if (typeof p !== "object" || p === null) return [];
    const { name, vmSize, count } = p as Record<string, unknown>;
    return typeof name === "string" && typeof vmSize === "string" && typeof count === "number"
      ? [{ name, vmSize, count }]
      : [];
  });
}
