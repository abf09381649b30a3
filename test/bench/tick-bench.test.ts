/**
 * @module The tick bench stays honest: ARM calls are classified by kind as the results report
 * them, and a small run of the bench itself (emulator with latency and throttling, Azurite, the
 * official SDKs) plans exactly the actions its fleet was built for, pages discovery at 1,000 rows,
 * asks the metrics once, and the runbook baseline replays the same changes with blocking LROs.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countCalls, kindOf } from "../../bench/lib/arm-calls.js";
import { renderPerformanceDoc } from "../../bench/lib/perf-doc.js";
import { machine } from "../../bench/lib/results.js";
import { runRunbookBaseline } from "../../bench/lib/runbook-baseline.js";
import { benchFleet, EDGE, expectedActions } from "../../bench/lib/tick-fleet.js";
import { tickResults } from "../../bench/lib/tick-report.js";
import { measureTick, type TickMeasure } from "../../bench/lib/tick-run.js";
import { resetCounters, startBenchStack, type BenchStack } from "../../bench/lib/tick-stack.js";

const CLUSTER =
  "/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c1";

describe("ARM calls by kind", () => {
  it.each([
    ["POST", "/providers/Microsoft.ResourceGraph/resources", "discoveryPages"],
    ["POST", "/api/v1/query", "metricsQueries"],
    ["POST", `${CLUSTER}/stop`, "startStopPosts"],
    ["POST", `${CLUSTER}/start`, "startStopPosts"],
    ["PUT", `${CLUSTER}/agentPools/gpu1`, "poolPuts"],
    ["GET", `${CLUSTER}/agentPools/gpu1`, "poolGets"],
    [
      "GET",
      "/subscriptions/s/providers/Microsoft.ContainerService/managedClusters",
      "clusterLists",
    ],
    ["GET", CLUSTER, "clusterGets"],
    [
      "GET",
      "/subscriptions/s/providers/Microsoft.ContainerService/locations/eastus/operations/1",
      "lroPolls",
    ],
    ["POST", "/api/chat.postMessage", "slack"],
  ])("%s %s is %s", (method, path, kind) => {
    expect(kindOf({ method, path })).toBe(kind);
  });

  it("counts 429s among the ARM calls and Slack apart", () => {
    const entry = (path: string, status: number) =>
      ({ method: "POST", path, status }) as Parameters<typeof countCalls>[0][number];
    const calls = countCalls([
      entry(`${CLUSTER}/stop`, 429),
      entry(`${CLUSTER}/stop`, 202),
      entry("/api/chat.postMessage", 200),
    ]);
    expect(calls).toMatchObject({ total: 2, throttled: 1, slack: 1 });
    expect(calls.byKind.startStopPosts).toBe(2);
  });
});

describe("the tick bench, small", () => {
  const CLUSTERS = 60;
  let stack: BenchStack;
  let measure: TickMeasure;

  beforeAll(async () => {
    stack = await startBenchStack();
    measure = await measureTick(stack, CLUSTERS, { samples: true, say: () => undefined });
  }, 120_000);
  afterAll(async () => {
    await stack.stop();
  });

  it("plans the edge's stops and idle pools, in one discovery page and one metrics query", () => {
    const want = expectedActions(CLUSTERS);
    expect(measure.actions).toEqual({ clusters: want.stops, pools: want.poolScaleDowns });
    expect(measure.calls.byKind).toMatchObject({
      discoveryPages: 1,
      metricsQueries: 1,
      startStopPosts: want.stops,
      poolPuts: want.poolScaleDowns,
      clusterGets: 0,
    });
    expect(measure.failures).toBe(0);
    expect(measure.seconds).toBeLessThanOrEqual(measure.tickSeconds);
  });

  it("runs the runbook baseline over the same changes, one blocking LRO each", async () => {
    const { emulator } = stack;
    emulator.loadFleet(benchFleet(CLUSTERS));
    emulator.clock.set(EDGE);
    emulator.configure({ advanceClockOnPoll: true });
    resetCounters(emulator);
    const subscriptions = [...new Set(emulator.clusters().map((c) => c.subscriptionId))];
    const baseline = await runRunbookBaseline(emulator, subscriptions, measure.targets);
    expect(baseline.errors).toEqual([]);
    expect(baseline.clustersSeen).toBe(CLUSTERS);
    expect(baseline.lros).toEqual(measure.actions);
    const calls = countCalls(emulator.requests.list());
    expect(calls.byKind.clusterGets).toBe(CLUSTERS);
    expect(calls.byKind.clusterLists).toBe(subscriptions.length);
    const stopped = emulator
      .clusters()
      .filter((c) => measure.targets.stops.has(c.id.toLowerCase()));
    expect(stopped.every((c) => c.powerState === "Stopped")).toBe(true);
    expect(baseline.modelledSeconds).toBeGreaterThan(baseline.seconds);

    const results = tickResults(measure, { measure: baseline, calls }, [measure]);
    const doc = renderPerformanceDoc({
      generatedAt: "2026-12-03T04:00:00Z",
      command: "npm run bench",
      machine: machine(),
      steps: {},
      ...results,
    });
    expect(doc).toContain(
      "| Discovery pages (Resource Graph) | 1 | ≤ ⌈60 / 1000⌉ = 1 | 1.00 | yes |",
    );
  }, 120_000);
});
