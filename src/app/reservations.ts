/**
 * @module Reservation advice (SPEC §8): per region and VM size, the last 30 days of hourly pool
 * samples, prices (the Retail Prices API through its cache, the bundled snapshot when it fails),
 * each pool's plan, then `adviseReservation`, and Azure's own recommendations beside ours.
 *
 * - **Series**: 720 hours ending at the start of the current UTC hour. A pool's series starts at
 *   its first sampled hour (earlier hours are not history: a young pool is refused for short
 *   history, not for low uptime); after that, an hour without a sample counts as 0 nodes —
 *   running-history semantics: only what was seen running counts as running, which can only
 *   make advice more cautious.
 * - **Plans** (from the last discovered fleet, no ARM call): a managed cluster with a schedule →
 *   `{ by: "schedule", uptime }`, the share of a typical week (the next 7 days, in 15-minute
 *   steps, without holidays) its schedule keeps it on; else a GPU User pool under its group's idle
 *   policy (not tagged `gpu-warden.idle=off`) → `{ by: "idle-policy" }` with the uptime it had.
 * - **Azure**: `Single`-scope recommendations of every subscription in scope (or of the fleet's)
 *   and the `Shared` ones once; a failure is reported and our advice still stands.
 */
import { clusterKey, type Cluster } from "../core/fleet/types.js";
import { resolveClusterPolicy } from "../core/policy/resolve.js";
import { TAGS, type TickPolicy } from "../core/policy/types.js";
import {
  adviseReservation,
  besideAzure,
  type AdviceBesideAzure,
  type AzureReservationRecommendation,
  type PoolUsage,
} from "../core/reservations/index.js";
import { stateAt } from "../core/schedule/index.js";
import { findSku } from "../core/skus/index.js";
import type { ResolvedPolicy } from "../config/policy.js";
import type { ReservationRecommendationSource } from "../ports/reservations.js";
import type { PoolDay } from "../ports/history.js";
import type { PriceReader, SkuPrices } from "../ports/prices.js";
import type { StateStore } from "../ports/state-store.js";
import { clusterSnapshotSchema } from "./snapshot.js";

const HOUR_MS = 3_600_000;
export const LOOK_BACK_HOURS = 720;
const STEP_MS = 15 * 60_000;
const WEEK_MS = 7 * 24 * HOUR_MS;

export interface ReservationDeps {
  readonly store: StateStore;
  readonly policy: ResolvedPolicy;
  readonly tickPolicy: TickPolicy;
  readonly prices: PriceReader;
  readonly recommendations?: ReservationRecommendationSource;
  /** Subscriptions to ask Azure about; empty: those of the last discovered fleet. */
  readonly subscriptions?: readonly string[];
}

export interface ReservationReport {
  readonly at: string;
  /** Hours looked back. */
  readonly hours: number;
  readonly advice: readonly AdviceBesideAzure[];
  /** What could not be read (prices, Azure's recommendations), with why. */
  readonly errors: readonly string[];
}

interface Group {
  readonly vmSize: string;
  readonly region: string;
  readonly pools: PoolUsage[];
}

export async function reservationAdvice(
  deps: ReservationDeps,
  now: Date,
): Promise<ReservationReport> {
  const end = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS;
  const start = end - LOOK_BACK_HOURS * HOUR_MS;
  const [days, snapshot] = await Promise.all([
    deps.store.samples.list({
      from: new Date(start).toISOString(),
      to: new Date(end + 24 * HOUR_MS).toISOString(),
    }),
    deps.store.fleetSnapshot.load(clusterSnapshotSchema),
  ]);
  const fleet = new Map((snapshot?.clusters ?? []).map((c) => [clusterKey(c.id), c]));
  const groups = new Map<string, Group>();
  for (const [, pool] of poolSeries(days, start)) {
    const vmSize = findSku(pool.vmSize)?.vmSize ?? pool.vmSize;
    const key = `${vmSize.toLowerCase()}|${pool.location}`;
    const group = groups.get(key) ?? { vmSize, region: pool.location, pools: [] };
    const cluster = fleet.get(clusterKey(pool.clusterId));
    const plan = cluster && planOf(cluster, pool.pool, pool.counts, deps, now);
    group.pools.push({
      pool: poolName(pool.clusterId, pool.pool),
      priority: pool.priority,
      hourlyCounts: pool.counts,
      ...(plan ? { plan } : {}),
    });
    groups.set(key, group);
  }
  const errors: string[] = [];
  const advice = await Promise.all(
    [...groups.values()].map(async (group) => {
      const prices = await pricesOf(deps.prices, group, errors);
      return adviseReservation({
        vmSize: group.vmSize,
        region: group.region,
        pools: group.pools,
        prices: {
          ...(prices.payg ? { payg: prices.payg } : {}),
          ...(prices.reserved1y ? { reserved1y: prices.reserved1y } : {}),
          ...(prices.reserved3y ? { reserved3y: prices.reserved3y } : {}),
        },
        on: now,
      });
    }),
  );
  const subscriptions = deps.subscriptions?.length
    ? deps.subscriptions
    : [...new Set((snapshot?.clusters ?? []).map((c) => c.subscriptionId))];
  const azure = await azureRecommendations(deps.recommendations, subscriptions, errors);
  return {
    at: now.toISOString(),
    hours: LOOK_BACK_HOURS,
    advice: besideAzure(advice, azure),
    errors,
  };
}

interface Series {
  readonly clusterId: string;
  readonly pool: string;
  readonly vmSize: string;
  readonly location: string;
  readonly priority: PoolDay["priority"];
  readonly counts: number[];
}

/** Per pool, the hourly counts from its first sample to the window's end (missing hours 0). */
function poolSeries(days: readonly PoolDay[], start: number): Map<string, Series> {
  const hourly = new Map<string, { first: number; day: PoolDay; counts: number[] }>();
  for (const day of [...days].sort((a, b) => (a.day < b.day ? -1 : 1))) {
    const key = `${clusterKey(day.clusterId)} ${day.pool.toLowerCase()}`;
    const entry = hourly.get(key) ?? {
      first: LOOK_BACK_HOURS,
      day,
      counts: Array<number>(LOOK_BACK_HOURS).fill(0),
    };
    const dayStart = Date.parse(`${day.day}T00:00:00Z`);
    day.hours.forEach((nodes, hour) => {
      const index = (dayStart + hour * HOUR_MS - start) / HOUR_MS;
      if (nodes === null || index < 0 || index >= LOOK_BACK_HOURS) return;
      entry.counts[index] = nodes;
      entry.first = Math.min(entry.first, index);
    });
    hourly.set(key, { ...entry, day });
  }
  const series = new Map<string, Series>();
  for (const [key, { first, day, counts }] of hourly) {
    if (first >= LOOK_BACK_HOURS) continue;
    series.set(key, {
      clusterId: day.clusterId,
      pool: day.pool,
      vmSize: day.vmSize,
      location: day.location.toLowerCase(),
      priority: day.priority,
      counts: counts.slice(first),
    });
  }
  return series;
}

/** `resourceGroup/cluster/pool` from the ARM id. */
function poolName(clusterId: string, pool: string): string {
  const parts = clusterId.split("/");
  const rg = parts[4] ?? "?";
  return `${rg}/${parts.at(-1) ?? clusterId}/${pool}`;
}

function planOf(
  cluster: Cluster,
  poolName: string,
  counts: readonly number[],
  deps: ReservationDeps,
  now: Date,
): PoolUsage["plan"] {
  const resolved = resolveClusterPolicy(cluster, deps.tickPolicy);
  if (resolved.kind !== "managed") return undefined;
  if (resolved.schedule !== null) {
    let on = 0;
    for (let t = now.getTime(); t < now.getTime() + WEEK_MS; t += STEP_MS) {
      if (stateAt(resolved.schedule, new Date(t)) === "running") on += 1;
    }
    const uptime = (on * STEP_MS) / WEEK_MS;
    if (uptime < 1)
      return { by: "schedule", uptime, detail: `the ${resolved.group.name} schedule` };
  }
  const pool = cluster.pools.find((p) => p.name.toLowerCase() === poolName.toLowerCase());
  const idle = deps.policy.groups.find((g) => g.name === resolved.group.name)?.policy.idle;
  const optedOut = cluster.tags[TAGS.idle]?.trim().toLowerCase() === "off";
  if (idle?.enabled !== true || optedOut || pool?.mode !== "User") return undefined;
  const ran = counts.filter((n) => n > 0).length / Math.max(1, counts.length);
  return { by: "idle-policy", uptime: ran, detail: `the ${resolved.group.name} idle policy` };
}

async function pricesOf(
  reader: PriceReader,
  group: Group,
  errors: string[],
): Promise<SkuPrices["prices"]> {
  try {
    return (await reader.prices({ vmSize: group.vmSize, region: group.region })).prices;
  } catch (error) {
    errors.push(`prices of ${group.vmSize} in ${group.region}: ${messageOf(error)}`);
    return {};
  }
}

async function azureRecommendations(
  source: ReservationRecommendationSource | undefined,
  subscriptions: readonly string[],
  errors: string[],
): Promise<AzureReservationRecommendation[]> {
  if (source === undefined) return [];
  const asks = subscriptions.map((sub, i) => ({
    sub,
    scopes: i === 0 ? ["Single", "Shared"] : ["Single"],
  }));
  const lists = await Promise.all(
    asks.flatMap(({ sub, scopes }) =>
      scopes.map((scope) =>
        source.list(sub, scope === "Shared" ? "Shared" : "Single").catch((error: unknown) => {
          errors.push(`Azure's ${scope} recommendations for ${sub}: ${messageOf(error)}`);
          return [];
        }),
      ),
    ),
  );
  return lists.flat();
}

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);
