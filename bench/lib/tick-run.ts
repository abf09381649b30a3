/**
 * @module One measured tick: in a fresh world of `clusters` clusters, the warm-up ticks a deployed
 * app would have run before the edge (every 5 minutes: memory, idle runs), then — buckets full,
 * request log cleared — the tick at the US stop edge, timed end to end (`runTick`: discovery,
 * store reads, plan, the writes, dispatch of every start/stop and pool scale-down, audit, Slack).
 * The plan is checked against what the fleet was built to produce.
 */
import { performance } from "node:perf_hooks";
import { runTick, type TickDeps, type TickReport } from "../../src/app/tick.js";
import { inParallel } from "../../src/app/bounded.js";
import { clusterKey } from "../../src/core/fleet/types.js";
import { countCalls, type ArmCalls } from "./arm-calls.js";
import { profiled, type Profile } from "./tick-profile.js";
import { EDGE, expectedActions, WARMUP_MINUTES } from "./tick-fleet.js";
import { resetCounters, type BenchStack } from "./tick-stack.js";

export interface TickMeasure {
  readonly clusters: number;
  readonly pools: number;
  readonly subscriptions: number;
  readonly cap: number;
  /**
   * Plan + dispatch (SPEC §16): from the tick's start until every action has been fired and its
   * result recorded — when the tick starts writing its audit rows.
   */
  readonly seconds: number;
  /** The whole `runTick`: plan + dispatch, then the audit, the history samples and Slack. */
  readonly tickSeconds: number;
  /** Whether the measured tick recorded the hour's GPU pool samples. */
  readonly samples: boolean;
  readonly warmupSeconds: readonly number[];
  readonly calls: ArmCalls;
  readonly actions: { readonly clusters: number; readonly pools: number };
  readonly outcomes: Readonly<Record<string, number>>;
  /** Results (cluster or pool) whose error is throttling: a 429 that got past the SDK's retries. */
  readonly throttledFailures: number;
  /** Results that failed, for any reason. */
  readonly failures: number;
  /** What the bench needs to replay the same decisions in the baseline (by cluster key). */
  readonly targets: Targets;
  /** Where the measured tick's time went. */
  readonly profile: Profile;
  /** Mean wall time of one cluster-state read, 64 in flight, against this world's table. */
  readonly storeGetMs: number;
}

export interface Targets {
  readonly stops: ReadonlySet<string>;
  readonly starts: ReadonlySet<string>;
  readonly poolScaleDowns: ReadonlyMap<string, readonly string[]>;
}

/**
 * `samples: false` leaves the hourly GPU pool samples out of the measured tick (they are never
 * recorded by the warm-up ticks, which are not measured): the edge tick is the hour's first, and
 * the one that records them.
 */
export async function measureTick(
  stack: BenchStack,
  clusters: number,
  options: { readonly samples: boolean; readonly say: (line: string) => void },
): Promise<TickMeasure> {
  const { emulator } = stack;
  const { say } = options;
  const world = await stack.world(clusters);
  const warmupSeconds: number[] = [];
  for (const minutes of WARMUP_MINUTES) {
    emulator.clock.set(EDGE.getTime() + minutes * 60_000);
    const started = performance.now();
    await runTick(withoutSamples(world.deps), { now: emulator.clock.now(), apply: true });
    warmupSeconds.push((performance.now() - started) / 1000);
    say(`  warm-up tick at edge ${String(minutes)} min: ${seconds(warmupSeconds.at(-1))}`);
  }
  emulator.clock.set(EDGE);
  resetCounters(emulator);
  const profiler = profiled(options.samples ? world.deps : withoutSamples(world.deps));
  profiler.start();
  const started = performance.now();
  const report = await runTick(profiler.deps, { now: emulator.clock.now(), apply: true });
  const elapsed = (performance.now() - started) / 1000;
  const calls = countCalls(emulator.requests.list());
  checkPlan(report, clusters);
  const pools = emulator.clusters().reduce((n, c) => n + c.pools.length, 0);
  return {
    clusters,
    pools,
    subscriptions: new Set(report.discovery.clusters.map((c) => c.subscriptionId)).size,
    cap: world.cap,
    seconds: dispatchedAt(profiler.profile(), elapsed),
    tickSeconds: elapsed,
    samples: options.samples,
    warmupSeconds,
    calls,
    actions: { clusters: report.plan.actions.length, pools: report.plan.pools.actions.length },
    ...outcomesOf(report),
    targets: targetsOf(report),
    profile: profiler.profile(),
    storeGetMs: await storeProbe(world.deps, report),
  };
}

/**
 * The store's point-read latency in this world after its tick (500 reads, 64 in flight): tells
 * the store's share of a slow dispatch from ARM's.
 */
async function storeProbe(deps: TickDeps, report: TickReport): Promise<number> {
  const ids = report.discovery.clusters.map((c) => clusterKey(c.id));
  const sample = Array.from({ length: 500 }, (_, i) => ids[(i * 7919) % ids.length] ?? "");
  const started = performance.now();
  await inParallel(sample, 64, (id) => deps.store.clusters.get(id));
  return (performance.now() - started) / sample.length;
}

/** The same dependencies, with the hourly GPU pool samples not written. */
function withoutSamples(deps: TickDeps): TickDeps {
  const samples = { ...deps.store.samples, record: () => Promise.resolve() };
  const store = { ...deps.store, samples };
  return { ...deps, store, ...(deps.notify ? { notify: { ...deps.notify, store } } : {}) };
}

/** When the audit write began (the executors were done); the whole tick if it never did. */
function dispatchedAt(profile: Profile, elapsed: number): number {
  const audit = profile.phases["store audit.append"];
  if (audit) return audit.from;
  const ends = ["cluster start/stop", "pool scale"].map((p) => profile.phases[p]?.to ?? 0);
  return Math.max(...ends) || elapsed;
}

function seconds(s: number | undefined): string {
  return `${(s ?? Number.NaN).toFixed(2)} s`;
}

/** The tick must do what the fleet was built for; a bench that measures a refusal is wrong. */
function checkPlan(report: TickReport, clusters: number): void {
  const want = expectedActions(clusters);
  const { plan } = report;
  const got = {
    stops: plan.actions.filter((a) => a.kind === "stop-cluster").length,
    poolScaleDowns: plan.pools.actions.length,
  };
  if (plan.refused !== null) throw new Error(`the plan was refused: ${plan.refused.reason}`);
  if (got.stops !== want.stops || got.poolScaleDowns !== want.poolScaleDowns)
    throw new Error(`expected ${JSON.stringify(want)} actions, planned ${JSON.stringify(got)}`);
}

function outcomesOf(
  report: TickReport,
): Pick<TickMeasure, "outcomes" | "throttledFailures" | "failures"> {
  const all = [
    ...report.results.map((r) => ({ outcome: r.outcome, code: r.error?.code })),
    ...report.poolResults.map((r) => ({ outcome: r.outcome, code: r.error?.code })),
  ];
  const outcomes: Record<string, number> = {};
  for (const r of all) {
    const name = r.code === undefined ? r.outcome : `${r.outcome} (${r.code})`;
    outcomes[name] = (outcomes[name] ?? 0) + 1;
  }
  return {
    outcomes,
    throttledFailures: all.filter((r) => r.code === "Throttled").length,
    failures: all.filter((r) => r.outcome === "failed").length,
  };
}

function targetsOf(report: TickReport): Targets {
  const ids = (kind: "start-cluster" | "stop-cluster") =>
    new Set(report.plan.actions.filter((a) => a.kind === kind).map((a) => clusterKey(a.target.id)));
  const poolScaleDowns = new Map<string, string[]>();
  for (const a of report.plan.pools.actions) {
    const key = clusterKey(a.target.id);
    poolScaleDowns.set(key, [...(poolScaleDowns.get(key) ?? []), a.pool]);
  }
  return { stops: ids("stop-cluster"), starts: ids("start-cluster"), poolScaleDowns };
}
