/**
 * @module Tick bench (SPEC §16): one tick over 5,000 clusters / 20,000 pools in 50 subscriptions
 * at a schedule edge (bench/lib/tick-fleet.ts: 30 % of the clusters stop, 10 % have an idle GPU
 * pool scaled to zero), against the emulator over HTTPS with 50 ms latency per ARM / Resource
 * Graph / Prometheus call and ARM throttling on, the real Table store on Azurite and the official
 * SDKs (bench/lib/tick-stack.ts). Reported: wall time of the tick, ARM calls by kind, 429s seen
 * and whether any surfaced as a failure; side by side, in the same run, the per-cluster runbook
 * baseline (bench/lib/runbook-baseline.ts) doing the same changes; then how the tick grows from
 * 500 to 5,000 to 20,000 clusters. Exits 1 when a target is missed.
 *
 *     npx tsx bench/tick.ts [--clusters 5000] [--growth 500,5000,20000] [--skip-baseline] [--json]
 */
import { parseArgs } from "node:util";
import { countCalls } from "./lib/arm-calls.js";
import { runRunbookBaseline, type BaselineMeasure } from "./lib/runbook-baseline.js";
import { benchFleet, EDGE } from "./lib/tick-fleet.js";
import { renderTick, tickResults, type TickResults } from "./lib/tick-report.js";
import { measureTick, type TickMeasure } from "./lib/tick-run.js";
import {
  resetCounters,
  startBenchStack,
  TICK_SETTINGS,
  type BenchStack,
} from "./lib/tick-stack.js";

const { values } = parseArgs({
  options: {
    clusters: { type: "string", default: "5000" },
    growth: { type: "string", default: "500,5000,20000" },
    "skip-baseline": { type: "boolean", default: false },
    json: { type: "boolean", default: false },
  },
});
const clusters = Number(values.clusters);
const growth = values.growth
  .split(",")
  .filter((s) => s.trim() !== "")
  .map(Number);
for (const n of [clusters, ...growth])
  if (!Number.isInteger(n) || n < 10) throw new Error(`expected cluster counts ≥ 10, got ${n}`);

const say = (line: string): void => void process.stderr.write(`${line}\n`);

async function baseline(stack: BenchStack, main: TickMeasure) {
  const { emulator } = stack;
  emulator.loadFleet(benchFleet(main.clusters));
  emulator.clock.set(EDGE);
  emulator.configure({ advanceClockOnPoll: true });
  resetCounters(emulator);
  try {
    const subscriptions = [...new Set(emulator.clusters().map((c) => c.subscriptionId))];
    const measure: BaselineMeasure = await runRunbookBaseline(
      emulator,
      subscriptions,
      main.targets,
    );
    return { measure, calls: countCalls(emulator.requests.list()) };
  } finally {
    emulator.configure(TICK_SETTINGS);
  }
}

async function main(): Promise<TickResults> {
  say("starting the emulator and Azurite…");
  const stack = await startBenchStack();
  try {
    const sizes = [...new Set([...growth.filter((n) => n < clusters), clusters, ...growth])];
    const measures = new Map<number, TickMeasure>();
    let base: Awaited<ReturnType<typeof baseline>> | null = null;
    for (const size of sizes) {
      say(`tick over ${size.toLocaleString("en-US")} clusters…`);
      // The hour's GPU pool samples: measured at the main size only (see the docs).
      const m = await measureTick(stack, size, { samples: size === clusters, say });
      measures.set(size, m);
      say(`  tick: ${m.seconds.toFixed(2)} s, ${String(m.calls.total)} ARM calls`);
      if (size === clusters && !values["skip-baseline"]) {
        say(`per-cluster runbook baseline over ${size.toLocaleString("en-US")} clusters…`);
        base = await baseline(stack, m);
        say(`  baseline: ${base.measure.seconds.toFixed(2)} s`);
      }
    }
    const mainMeasure = measures.get(clusters);
    if (!mainMeasure) throw new Error("the main size was not measured");
    return tickResults(
      mainMeasure,
      base,
      growth.flatMap((n) => measures.get(n) ?? []),
    );
  } finally {
    await stack.stop();
  }
}

const results = await main();
const text = renderTick(results);
if (values.json) {
  say(text);
  process.stdout.write(`${JSON.stringify(results)}\n`);
} else process.stdout.write(text);
if (results.tick.missed.length > 0) {
  for (const m of results.tick.missed) say(`TARGET MISSED: ${m}`);
  process.exitCode = 1;
}
