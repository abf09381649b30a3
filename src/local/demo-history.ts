/**
 * @module The demo's seeded history: reservation advice needs 30 days of hourly GPU pool samples,
 * and the demo simulates one week, so the store is given the 23 days before it — each GPU pool as
 * it would have run under the policy, computed, not observed: a cluster with a schedule in effect
 * at its configured count while its schedule says running (holidays honoured), any other cluster
 * as it was loaded (Running: its configured count around the clock; Stopped: nothing). Idle
 * scale-downs and budget stops are not replayed. The demo labels these samples as seeded.
 */
import { poolSamples } from "../app/history.js";
import type { Cluster } from "../core/fleet/types.js";
import { resolveClusterPolicy } from "../core/policy/resolve.js";
import type { TickPolicy } from "../core/policy/types.js";
import { stateAt } from "../core/schedule/index.js";
import type { StateStore } from "../ports/state-store.js";

export const SEEDED_DAYS = 23;
const HOUR_MS = 3_600_000;
/** Days written at once (each its own partition: no contention between them). */
const PARALLEL_DAYS = 8;

export interface SeededHistory {
  readonly from: string;
  readonly to: string;
  readonly days: number;
  /** Pool-hours written (GPU pools × hours). */
  readonly poolHours: number;
}

/** Writes the hourly samples of the `days` days before `until` (a UTC midnight). */
export async function seedHistory(
  store: StateStore,
  fleet: readonly Cluster[],
  policy: TickPolicy,
  until: Date,
  days = SEEDED_DAYS,
): Promise<SeededHistory> {
  const running = fleet.map((cluster) => runningAt(cluster, policy));
  const start = until.getTime() - days * 24 * HOUR_MS;
  let poolHours = 0;
  const seedDay = async (day: number): Promise<void> => {
    for (let hour = 0; hour < 24; hour++) {
      const at = new Date(start + (day * 24 + hour) * HOUR_MS);
      const clusters = fleet.map((cluster, i) => asRunning(cluster, running[i]?.(at) ?? false));
      const samples = poolSamples(clusters);
      poolHours += samples.length;
      await store.samples.record(at.toISOString(), samples);
    }
  };
  for (let first = 0; first < days; first += PARALLEL_DAYS) {
    const batch = Array.from(
      { length: Math.min(PARALLEL_DAYS, days - first) },
      (_, i) => first + i,
    );
    await Promise.all(batch.map(seedDay));
  }
  return { from: new Date(start).toISOString(), to: until.toISOString(), days, poolHours };
}

/** Whether the cluster would run at an instant: its schedule when one is in effect, else as loaded. */
function runningAt(cluster: Cluster, policy: TickPolicy): (at: Date) => boolean {
  const resolved = resolveClusterPolicy(cluster, policy);
  if (resolved.kind === "managed" && resolved.schedule !== null) {
    const { schedule, group } = resolved;
    return (at) => stateAt(schedule, at, group.holidays) === "running";
  }
  const loaded = cluster.powerState === "Running";
  return () => loaded;
}

/** The cluster and its pools running at their configured counts, or stopped. */
function asRunning(cluster: Cluster, running: boolean): Cluster {
  const powerState = running ? "Running" : "Stopped";
  return { ...cluster, powerState, pools: cluster.pools.map((p) => ({ ...p, powerState })) };
}
