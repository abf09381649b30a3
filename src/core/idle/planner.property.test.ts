/**
 * @module Property tests of the idle planner inside the tick planner, over random fleets, metrics,
 * memories and restore records: a System pool, a pool without GPU metrics, a pool opted out by
 * tag, a protected group's or an excluded cluster's pool is never scaled down, and the
 * blast-radius cap counts pool actions with cluster actions.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cluster, group, policy, pool } from "../../../test/fixtures/fleet.js";
import { clusterKey, type AgentPool, type Cluster } from "../fleet/types.js";
import { planTick } from "../plan/tick-planner.js";
import type { GpuUtilization, PoolMemory, RestoreView } from "./types.js";

const NOW = new Date("2026-11-23T20:00:00Z"); // Monday noon in Los Angeles: schedules say running
const GPU = ["Standard_NC24ads_A100_v4", "Standard_NC4as_T4_v3", "Standard_D4s_v5"] as const;

const poolArb = fc.record({
  name: fc.constantFrom("gpu", "gpu2", "spot", "system", "cpu"),
  mode: fc.constantFrom("System" as const, "User" as const),
  vmSize: fc.constantFrom(...GPU),
  count: fc.integer({ min: 0, max: 4 }),
  autoscale: fc.boolean(),
  spot: fc.boolean(),
  metrics: fc.constantFrom("idle", "busy", "none", "partial"),
});

const clusterArb = fc.record({
  name: fc.constantFrom("dev-a", "dev-b", "dev-c", "dev-d"),
  group: fc.constantFrom("open", "locked"),
  idleTag: fc.constantFrom(undefined, "off", "on", "maybe"),
  exclude: fc.boolean(),
  stopped: fc.boolean(),
  pools: fc.uniqueArray(poolArb, { selector: (p) => p.name, minLength: 1, maxLength: 4 }),
  idleFor: fc.integer({ min: 0, max: 300 }),
  record: fc.boolean(),
  startEdge: fc.boolean(),
});

type ClusterSpec = typeof clusterArb extends fc.Arbitrary<infer T> ? T : never;

function build(spec: ClusterSpec, index: number): Cluster {
  const tags: Record<string, string> = { team: spec.group };
  if (spec.idleTag !== undefined) tags["gpu-warden.idle"] = spec.idleTag;
  if (spec.exclude) tags["gpu-warden.exclude"] = "true";
  const pools: AgentPool[] = spec.pools.map((p) =>
    pool({
      name: p.name,
      mode: p.mode,
      vmSize: p.vmSize,
      count: spec.stopped ? 0 : p.count,
      enableAutoScaling: p.autoscale,
      minCount: p.autoscale ? 0 : null,
      maxCount: p.autoscale ? 5 : null,
      scaleSetPriority: p.spot ? "Spot" : "Regular",
      powerState: spec.stopped ? "Stopped" : "Running",
    }),
  );
  return cluster(`${spec.name}-${String(index)}`, {
    tags,
    pools,
    powerState: spec.stopped ? "Stopped" : "Running",
  });
}

describe("idle planner properties", () => {
  it("never plans a pool action for System pools, opted-out, protected or excluded ones, nor an idle scale-down without metrics", () => {
    fc.assert(
      fc.property(
        fc.array(clusterArb, { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        fc.boolean(),
        (specs, aggressive, spotToZero) => {
          const fleet = specs.map(build);
          const clusters = new Map<string, Map<string, Map<string, number>>>();
          const memory = new Map<string, Map<string, PoolMemory>>();
          const restores = new Map<string, RestoreView[]>();
          specs.forEach((spec, i) => {
            const c = fleet[i] as Cluster;
            const pools = new Map<string, Map<string, number>>();
            const mems = new Map<string, PoolMemory>();
            for (const p of spec.pools) {
              const count = spec.stopped ? 0 : p.count;
              const nodes = p.metrics === "partial" ? Math.max(0, count - 1) : count;
              const value = p.metrics === "busy" ? 80 : 1;
              if (p.metrics !== "none")
                pools.set(
                  p.name,
                  new Map(
                    Array.from({ length: nodes }, (_, n) => [
                      `aks-${p.name}-1-vmss${String(n)}`,
                      value,
                    ]),
                  ),
                );
              const since = new Date(NOW.getTime() - spec.idleFor * 60_000).toISOString();
              const seen = new Date(NOW.getTime() - 5 * 60_000).toISOString();
              const size = p.autoscale ? `${String(count)}/auto 0-5` : `${String(count)}/manual`;
              mems.set(p.name, { idleSince: since, idleSeenAt: seen, idleSize: size });
            }
            clusters.set(c.name.toLowerCase(), pools);
            memory.set(clusterKey(c.id), mems);
            if (spec.record) {
              const size = { count: 3, enableAutoScaling: false, minCount: null, maxCount: null };
              restores.set(clusterKey(c.id), [
                { pool: "gpu", size, mode: "force-zero", recordedAt: NOW.toISOString() },
              ]);
            }
          });
          const utilization: GpuUtilization = { at: NOW.toISOString(), windowMinutes: 5, clusters };
          const match = (team: string) => ({ tags: { team }, resourceGroups: [], names: [] });
          const plan = planTick({
            now: NOW,
            policy: policy(
              [
                group("open", { match: match("open") }),
                group("locked", { match: match("locked"), protected: true }),
              ],
              { maxActionsPerTick: 1000 },
            ),
            fleet,
            memory: new Map(),
            overrides: new Map(),
            idle: {
              rules: new Map(
                ["open", "locked"].map((g) => [
                  g,
                  { enabled: true, gpuUtilBelowPercent: 5, forMinutes: 60, mode: "force-zero" },
                ]),
              ),
              metrics: { kind: "observed", utilization },
              memory,
              restores,
              effects: {
                idleAggressiveGroups: new Set(aggressive ? ["open", "locked"] : []),
                spotToZeroGroups: new Set(spotToZero ? ["open", "locked"] : []),
              },
            },
          });
          for (const action of plan.pools.actions) {
            const index = fleet.findIndex((c) => c.id === action.target.id);
            const spec = specs[index] as ClusterSpec;
            const p = spec.pools.find((candidate) => candidate.name === action.pool);
            expect(spec.group).toBe("open");
            expect(spec.exclude).toBe(false);
            expect(spec.stopped).toBe(false);
            if (action.kind === "restore-pool") continue;
            expect(p?.mode).toBe("User");
            expect(p?.vmSize).not.toBe("Standard_D4s_v5");
            expect(spec.idleTag === undefined || spec.idleTag === "on").toBe(true);
            if (action.rule === "idle") expect(p?.metrics).toBe("idle");
            else expect(p?.spot).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("refuses a plan whose cluster and pool actions together exceed the cap, pool actions included", () => {
    const fleet = [1, 2, 3].map((i) => cluster(`dev-${String(i)}`, { tags: { env: "dev" } }));
    const clusters = new Map(
      fleet.map((c) => [
        c.name,
        new Map([
          [
            "gpu",
            new Map([
              ["aks-gpu-1-vmss0", 0],
              ["aks-gpu-1-vmss1", 0],
            ]),
          ],
        ]),
      ]),
    );
    const memory = new Map(
      fleet.map((c) => [
        clusterKey(c.id),
        new Map([
          [
            "gpu",
            {
              idleSince: "2026-11-23T18:00:00Z",
              idleSeenAt: "2026-11-23T19:55:00Z",
              idleSize: "2/manual",
            },
          ],
        ]),
      ]),
    );
    const plan = planTick({
      now: NOW,
      policy: policy([group("ml-dev")], { maxActionsPerTick: 2 }),
      fleet,
      memory: new Map(),
      overrides: new Map(),
      idle: {
        rules: new Map([
          ["ml-dev", { enabled: true, gpuUtilBelowPercent: 5, forMinutes: 60, mode: "force-zero" }],
        ]),
        metrics: {
          kind: "observed",
          utilization: { at: NOW.toISOString(), windowMinutes: 5, clusters },
        },
        memory,
        restores: new Map(),
        effects: { idleAggressiveGroups: new Set(), spotToZeroGroups: new Set() },
      },
    });
    expect(plan.pools.actions).toEqual([]);
    expect(plan.refused?.poolActions).toHaveLength(3);
    expect(plan.refused?.reason).toMatch(/plan has 3 actions/);
  });
});
