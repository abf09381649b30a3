/**
 * @module The idle planner's rules as sentences: when a pool is idle long enough, which pools are
 * never touched, and when a scaled-down pool is restored and its record settled.
 */
import { describe, expect, it } from "vitest";
import { cluster, group, policy, pool } from "../../../test/fixtures/fleet.js";
import { clusterKey, type AgentPool, type Cluster } from "../fleet/types.js";
import { planPools, type ClusterTickFacts, type PoolPlanInput } from "./planner.js";
import type { IdleRules, MetricsView, PoolMemory, PoolPlan, RestoreView } from "./types.js";

const RULES: IdleRules = {
  enabled: true,
  gpuUtilBelowPercent: 5,
  forMinutes: 30,
  mode: "force-zero",
};
const START = Date.parse("2026-11-23T17:00:00Z");
const AUTOSCALED = pool({ enableAutoScaling: true, minCount: 1, maxCount: 4 });

/** Every node of every pool at `percent`, observed at `at`. */
function metrics(fleet: readonly Cluster[], percent: number, at: string): MetricsView {
  const clusters = new Map(
    fleet.map((c) => [
      c.name.toLowerCase(),
      new Map(
        c.pools.map((p) => [
          p.name,
          new Map(
            Array.from({ length: p.count }, (_, i) => [
              `aks-${p.name}-1-vmss${String(i)}`,
              percent,
            ]),
          ),
        ]),
      ),
    ]),
  );
  return { kind: "observed", utilization: { at, windowMinutes: 5, clusters } };
}

interface Scenario {
  fleet: Cluster[];
  rules?: IdleRules;
  percent?: number;
  metrics?: (at: string) => MetricsView;
  restores?: RestoreView[];
  facts?: Partial<ClusterTickFacts>;
  aggressive?: boolean;
  spot?: boolean;
  protectedGroup?: boolean;
}

/** Ticks every 5 minutes for `minutes`, feeding memory back; returns each tick's plan. */
function run(
  s: Scenario,
  minutes: number,
  memory = new Map<string, PoolMemory>(),
  from = 0,
): PoolPlan[] {
  const plans: PoolPlan[] = [];
  for (let t = from; t <= from + minutes; t += 5) {
    const at = new Date(START + t * 60_000).toISOString();
    const key = clusterKey(s.fleet[0]?.id ?? "");
    const input: PoolPlanInput = {
      now: new Date(at),
      policy: policy([group("ml-dev", { protected: s.protectedGroup ?? false })]),
      fleet: s.fleet,
      rules: new Map([["ml-dev", s.rules ?? RULES]]),
      metrics: s.metrics?.(at) ?? metrics(s.fleet, s.percent ?? 1, at),
      memory: new Map([[key, memory]]),
      restores: new Map([[key, s.restores ?? []]]),
      effects: {
        idleAggressiveGroups: new Set(s.aggressive ? ["ml-dev"] : []),
        spotToZeroGroups: new Set(s.spot ? ["ml-dev"] : []),
      },
      facts: new Map([[key, { acting: false, startEdge: false, started: false, ...s.facts }]]),
    };
    const plan = planPools(input);
    plans.push(plan);
    for (const update of plan.memory) {
      if (update.next === null) memory.delete(update.pool);
      else memory.set(update.pool, update.next);
    }
  }
  return plans;
}

const actionsOf = (plans: PoolPlan[]) =>
  plans.flatMap((p) => p.actions.map((a) => `${a.kind} ${a.pool} ${a.mode} (${a.rule})`));
const firstActionTick = (plans: PoolPlan[]) => plans.findIndex((p) => p.actions.length > 0);

describe("idle GPU pools", () => {
  it("scales a pool to zero once every node stayed below the threshold for forMinutes", () => {
    const plans = run({ fleet: [cluster("dev-a100", { pools: [AUTOSCALED] })] }, 40);
    // The first window covers 16:55–17:00; 30 minutes are reached at 17:25 (the 6th tick).
    expect(firstActionTick(plans)).toBe(5);
    const action = plans[5]?.actions[0];
    expect(action).toMatchObject({
      kind: "scale-pool",
      pool: "gpu",
      mode: "force-zero",
      from: { count: 2, enableAutoScaling: true, minCount: 1, maxCount: 4 },
      to: { count: 0, enableAutoScaling: false, minCount: null, maxCount: null },
      rule: "idle",
    });
    expect(plans[0]?.skipped.map((s) => s.reason)).toEqual(["idle since 2026-11-23T16:55:00Z"]);
  });

  it("halves the window for a group under idle-aggressive", () => {
    const plans = run({ fleet: [cluster("dev-a100")], aggressive: true }, 40);
    expect(firstActionTick(plans)).toBe(2);
  });

  it("min-count-zero keeps the autoscaler and sets minCount 0; without an autoscaler it waits", () => {
    const rules: IdleRules = { ...RULES, mode: "min-count-zero" };
    const plans = run({ fleet: [cluster("dev-a100", { pools: [AUTOSCALED] })], rules }, 30);
    expect(plans[5]?.actions[0]?.to).toEqual({
      count: 2,
      enableAutoScaling: true,
      minCount: 0,
      maxCount: 4,
    });
    const manual = run({ fleet: [cluster("dev-a100")], rules }, 30);
    expect(actionsOf(manual)).toEqual([]);
    expect(manual.flatMap((p) => p.skipped.map((s) => s.reason)).slice(-1)).toEqual([
      "idle, but min-count-zero needs the cluster autoscaler on",
    ]);
  });

  it("a busy window, a missed window or a size change starts the idle run over", () => {
    const fleet = [cluster("dev-a100")];
    const busyAt = new Date(START + 15 * 60_000).toISOString();
    const busy = run({ fleet, metrics: (at) => metrics(fleet, at === busyAt ? 50 : 1, at) }, 45);
    expect(firstActionTick(busy)).toBe(3 + 6); // idle again from 17:15, 30 min later
    const missing = run(
      {
        fleet,
        metrics: (at) =>
          at === busyAt ? { kind: "unavailable", message: "503" } : metrics(fleet, 1, at),
      },
      45,
    );
    expect(firstActionTick(missing)).toBe(9);

    const memory = new Map<string, PoolMemory>();
    run({ fleet }, 20, memory);
    const grown = [cluster("dev-a100", { pools: [pool({ count: 3 })] })];
    // Grown at 17:25: the run starts again then, and 30 minutes later (17:55) it is idle.
    expect(firstActionTick(run({ fleet: grown }, 30, memory, 25))).toBe(6);
  });

  it.each<[string, Scenario, string[]]>([
    [
      "no GPU metrics at all",
      { fleet: [cluster("dev-a100")], metrics: () => ({ kind: "none" }) },
      ["no GPU metrics (no prometheus endpoint configured)"],
    ],
    [
      "metrics for one node of two",
      {
        fleet: [cluster("dev-a100")],
        metrics: (at) => metrics([cluster("dev-a100", { pools: [pool({ count: 1 })] })], 0, at),
      },
      ["no GPU metrics for every node (1 of 2)"],
    ],
    [
      "the tag gpu-warden.idle=off",
      { fleet: [cluster("dev-a100", { tags: { env: "dev", "gpu-warden.idle": "off" } })] },
      ["idle scale-down off by tag gpu-warden.idle=off"],
    ],
    ["GPUs in use", { fleet: [cluster("dev-a100")], percent: 5 }, []],
    ["a protected group", { fleet: [cluster("dev-a100")], protectedGroup: true }, []],
    [
      "an excluded cluster",
      { fleet: [cluster("dev-a100", { tags: { env: "dev", "gpu-warden.exclude": "true" } })] },
      [],
    ],
    [
      "a cluster with a bad tag",
      { fleet: [cluster("dev-a100", { tags: { env: "dev", "gpu-warden.schedule": "Mon-Fri" } })] },
      [],
    ],
    ["a stopped cluster", { fleet: [cluster("dev-a100", { powerState: "Stopped" })] }, []],
    [
      "a cluster the schedule acts on",
      { fleet: [cluster("dev-a100")], facts: { acting: true } },
      [],
    ],
  ])("never scales a pool with %s", (_what, scenario, skips) => {
    const plans = run(scenario, 120);
    expect(actionsOf(plans)).toEqual([]);
    expect(plans.flatMap((p) => p.skipped.map((s) => s.reason))).toEqual(skips);
  });

  it("never touches System pools or pools without GPUs, even when idle", () => {
    const fleet = [
      cluster("dev-a100", {
        pools: [
          pool({ name: "system", mode: "System", vmSize: "Standard_NC24ads_A100_v4" }),
          pool({ name: "cpu", vmSize: "Standard_D4s_v5" }),
        ],
      }),
    ];
    expect(actionsOf(run({ fleet }, 120))).toEqual([]);
  });

  it("scales Spot GPU pools of a group under scale-spot-to-zero at once (rule budget)", () => {
    const fleet = [
      cluster("dev-a100", { pools: [pool({ name: "spot", scaleSetPriority: "Spot" }), pool()] }),
    ];
    const plans = run({ fleet, spot: true, percent: 90 }, 0);
    expect(actionsOf(plans)).toEqual(["scale-pool spot force-zero (budget)"]);
  });
});

describe("restores", () => {
  const record: RestoreView = {
    pool: "gpu",
    size: { count: 2, enableAutoScaling: true, minCount: 1, maxCount: 4 },
    mode: "force-zero",
    recordedAt: "2026-11-22T23:00:00Z",
  };
  const scaled = pool({ count: 0, enableAutoScaling: false });

  it("waits for a trigger, then restores exactly what was recorded", () => {
    const fleet = [cluster("dev-a100", { pools: [scaled] })];
    const waiting = run({ fleet, restores: [record] }, 0);
    expect(waiting[0]?.actions).toEqual([]);
    expect(waiting[0]?.skipped[0]?.reason).toMatch(
      /restored at the next start edge or with \/gpu wake/,
    );

    for (const facts of [{ startEdge: true }, { started: true }]) {
      const [plan] = run({ fleet, restores: [record], facts }, 0);
      expect(plan?.actions).toMatchObject([
        {
          kind: "restore-pool",
          pool: "gpu",
          from: { count: 0, enableAutoScaling: false },
          to: record.size,
        },
      ]);
    }
  });

  it("a start edge while the cluster is stopped restores once it runs again", () => {
    const memory = new Map<string, PoolMemory>();
    const stopped = [
      cluster("dev-a100", {
        powerState: "Stopped",
        pools: [pool({ count: 0, powerState: "Stopped" })],
      }),
    ];
    expect(
      run({ fleet: stopped, restores: [record], facts: { startEdge: true } }, 0, memory)[0]
        ?.actions,
    ).toEqual([]);
    expect(memory.get("gpu")?.restoreWanted).toBe("the start edge");
    const [later] = run(
      { fleet: [cluster("dev-a100", { pools: [scaled] })], restores: [record] },
      0,
      memory,
    );
    expect(later?.actions.map((a) => a.kind)).toEqual(["restore-pool"]);
  });

  it("settles the record once discovery shows the recorded size, not before", () => {
    const memory = new Map<string, PoolMemory>([
      [
        "gpu",
        {
          pending: {
            id: "op1",
            kind: "restore-pool",
            pool: "gpu",
            issuedAt: "2026-11-23T17:00:00Z",
            expect: "",
            attempts: 1,
            reason: "",
          },
        },
      ],
    ]);
    const updating: AgentPool = { ...AUTOSCALED, provisioningState: "Updating" };
    const [during] = run(
      { fleet: [cluster("dev-a100", { pools: [updating] })], restores: [record] },
      0,
      memory,
    );
    expect(during?.settled).toEqual([]);
    const [after] = run(
      { fleet: [cluster("dev-a100", { pools: [AUTOSCALED] })], restores: [record] },
      0,
      memory,
    );
    expect(after?.confirmations.map((c) => [c.kind, c.outcome])).toEqual([
      ["restore-pool", "done"],
    ]);
    expect(after?.settled).toEqual([
      { clusterId: clusterKey(cluster("dev-a100").id), pool: "gpu" },
    ]);
  });
});
