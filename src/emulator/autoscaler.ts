/**
 * @module An emulated cluster autoscaler (setting `clusterAutoscaler`, off by default), so a
 * `min-count-zero` pool really loses its nodes. Every 5 virtual minutes, for each running pool
 * with the autoscaler on, no operation in flight and a `gpuUtil` profile: when the profile was
 * below {@link IDLE_BELOW_PERCENT} now and 10 minutes ago (AKS's default scale-down-unneeded
 * time), the pool shrinks to `minCount`; when it is busy again, it grows back to the count it had
 * before (within minCount–maxCount). A model of "no pods want these nodes", not of the real
 * autoscaler's scheduling simulation. A PUT that changes the count makes it forget that count.
 */
import { setRunningNodes } from "./costs.js";
import type { ProfileCache } from "./prometheus.js";
import type { EmulatorSettings } from "./settings.js";
import type { PoolState, World } from "./world.js";

export const AUTOSCALE_EVERY_MINUTES = 5;
const UNNEEDED_MINUTES = 10;
export const IDLE_BELOW_PERCENT = 5;
const MINUTE_MS = 60_000;

export class EmulatedAutoscaler {
  /** Count before this autoscaler shrank the pool, and the count it set. */
  private readonly shrunk = new WeakMap<PoolState, { before: number; set: number }>();

  constructor(
    private readonly world: World,
    private readonly settings: EmulatorSettings,
    private readonly profiles: ProfileCache,
  ) {}

  /** Schedules the runs on the world's clock (again after every fleet load: loads drop timers). */
  arm(): void {
    const clock = this.world.clock;
    const run = (): void => {
      if (this.settings.clusterAutoscaler) this.scale(clock.now());
      clock.schedule(clock.now() + AUTOSCALE_EVERY_MINUTES * MINUTE_MS, run);
    };
    clock.schedule(clock.now() + AUTOSCALE_EVERY_MINUTES * MINUTE_MS, run);
  }

  scale(now: number): void {
    for (const cluster of this.world.listClusters()) {
      if (cluster.powerState !== "Running" || cluster.op) continue;
      for (const pool of cluster.pools) {
        if (!pool.enableAutoScaling || pool.powerState !== "Running" || pool.op) continue;
        if (pool.gpuUtil === undefined) continue;
        const target = this.target(pool, now);
        if (target === pool.count) continue;
        pool.count = target;
        setRunningNodes(pool, target, now);
      }
    }
  }

  private target(pool: PoolState, now: number): number {
    const memory = this.shrunk.get(pool);
    if (memory && memory.set !== pool.count) this.shrunk.delete(pool); // someone PUT a count
    const min = pool.minCount ?? 0;
    const max = pool.maxCount ?? pool.count;
    const profile = pool.gpuUtil ?? {};
    const idle =
      this.profiles.valueAt(profile, now) < IDLE_BELOW_PERCENT &&
      this.profiles.valueAt(profile, now - UNNEEDED_MINUTES * MINUTE_MS) < IDLE_BELOW_PERCENT;
    if (idle) {
      if (pool.count > min) {
        const before = this.shrunk.get(pool)?.before ?? pool.count;
        this.shrunk.set(pool, { before, set: min });
        return min;
      }
      return pool.count;
    }
    const remembered = this.shrunk.get(pool);
    if (!remembered) return Math.min(Math.max(pool.count, min), max);
    this.shrunk.delete(pool);
    return Math.min(Math.max(remembered.before, min), max);
  }
}
