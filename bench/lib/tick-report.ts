/**
 * @module The tick bench's results (the `tick` and `tickGrowth` parts of bench/results.json) and
 * their text tables: the tick against the SPEC §16 targets, ARM calls by kind beside the
 * baseline's, and the growth from 500 to 20,000 clusters.
 */
import { KINDS, type ArmCalls } from "./arm-calls.js";
import type { BaselineMeasure } from "./runbook-baseline.js";
import { table } from "./stats.js";
import { LATENCY_MS } from "./tick-stack.js";
import type { TickMeasure } from "./tick-run.js";

export const TICK_TARGET_SECONDS = 30;

export interface TickResults {
  readonly tick: {
    readonly clusters: number;
    readonly pools: number;
    readonly subscriptions: number;
    readonly latencyMs: number;
    readonly maxActionsPerTick: number;
    readonly actions: TickMeasure["actions"];
    /** Plan + dispatch (SPEC §16). */
    readonly seconds: number;
    /** The whole runTick (audit, history samples, Slack after the dispatch). */
    readonly tickSeconds: number;
    readonly warmupSeconds: readonly number[];
    readonly baselineSeconds: number | null;
    readonly baselineModelledSeconds: number | null;
    /** baselineSeconds / seconds, both measured in this run. */
    readonly ratio: number | null;
    readonly discoveryPages: number;
    readonly discoveryPagesTarget: number;
    readonly metricsQueries: number;
    readonly armCalls: number;
    readonly callsByKind: ArmCalls["byKind"];
    readonly throttled429s: number;
    readonly throttledFailures: number;
    readonly failures: number;
    readonly outcomes: TickMeasure["outcomes"];
    readonly baseline: {
      readonly armCalls: number;
      readonly callsByKind: ArmCalls["byKind"];
      readonly throttled429s: number;
      readonly lros: BaselineMeasure["lros"];
      readonly errors: number;
    } | null;
    readonly missed: readonly string[];
    readonly profile: TickMeasure["profile"];
  };
  readonly tickGrowth: readonly {
    readonly clusters: number;
    readonly pools: number;
    readonly seconds: number;
    readonly tickSeconds: number;
    /** Whether the whole runTick includes recording the hour's GPU pool samples. */
    readonly samples: boolean;
    readonly discoveryPages: number;
    readonly armCalls: number;
    readonly throttled429s: number;
    readonly throttledFailures: number;
    readonly failures: number;
    readonly actions: number;
    readonly storeGetMs: number;
    readonly profile: TickMeasure["profile"];
  }[];
}

export function tickResults(
  m: TickMeasure,
  base: { readonly measure: BaselineMeasure; readonly calls: ArmCalls } | null,
  growth: readonly TickMeasure[],
): TickResults {
  const pagesTarget = Math.ceil(m.clusters / 1000);
  const missed = [
    ...(m.seconds > TICK_TARGET_SECONDS
      ? [`tick ${m.seconds.toFixed(1)} s > ${String(TICK_TARGET_SECONDS)} s`]
      : []),
    ...(m.calls.byKind.discoveryPages > pagesTarget
      ? [`discovery pages ${String(m.calls.byKind.discoveryPages)} > ${String(pagesTarget)}`]
      : []),
    ...(m.throttledFailures > 0
      ? [`${String(m.throttledFailures)} 429s surfaced as failures`]
      : []),
    ...(m.failures > 0 ? [`${String(m.failures)} actions failed`] : []),
  ];
  return {
    tick: {
      clusters: m.clusters,
      pools: m.pools,
      subscriptions: m.subscriptions,
      latencyMs: LATENCY_MS,
      maxActionsPerTick: m.cap,
      actions: m.actions,
      seconds: m.seconds,
      tickSeconds: m.tickSeconds,
      warmupSeconds: m.warmupSeconds,
      baselineSeconds: base?.measure.seconds ?? null,
      baselineModelledSeconds: base?.measure.modelledSeconds ?? null,
      ratio: base ? base.measure.seconds / m.seconds : null,
      discoveryPages: m.calls.byKind.discoveryPages,
      discoveryPagesTarget: pagesTarget,
      metricsQueries: m.calls.byKind.metricsQueries,
      armCalls: m.calls.total,
      callsByKind: m.calls.byKind,
      throttled429s: m.calls.throttled,
      throttledFailures: m.throttledFailures,
      failures: m.failures,
      outcomes: m.outcomes,
      baseline: base
        ? {
            armCalls: base.calls.total,
            callsByKind: base.calls.byKind,
            throttled429s: base.calls.throttled,
            lros: base.measure.lros,
            errors: base.measure.errors.length,
          }
        : null,
      missed,
      profile: m.profile,
    },
    tickGrowth: growth.map((g) => ({
      clusters: g.clusters,
      pools: g.pools,
      seconds: g.seconds,
      tickSeconds: g.tickSeconds,
      samples: g.samples,
      discoveryPages: g.calls.byKind.discoveryPages,
      armCalls: g.calls.total,
      throttled429s: g.calls.throttled,
      throttledFailures: g.throttledFailures,
      failures: g.failures,
      actions: g.actions.clusters + g.actions.pools,
      storeGetMs: g.storeGetMs,
      profile: g.profile,
    })),
  };
}

const n = (x: number): string => x.toLocaleString("en-US");
const s = (x: number | null): string => (x === null ? "-" : `${x.toFixed(2)} s`);

export function renderTick(r: TickResults): string {
  const t = r.tick;
  const b = t.baseline;
  const calls = table([
    ["ARM calls by kind", "tick", "baseline"],
    ...KINDS.map((k) => [k, n(t.callsByKind[k]), b ? n(b.callsByKind[k]) : "-"]),
    ["total (429s included)", n(t.armCalls), b ? n(b.armCalls) : "-"],
    ["429s seen", n(t.throttled429s), b ? n(b.throttled429s) : "-"],
  ]);
  const summary = table([
    ["measure", "value", "target", "ratio"],
    [
      "tick: plan + dispatch",
      s(t.seconds),
      `${String(TICK_TARGET_SECONDS)} s`,
      (t.seconds / TICK_TARGET_SECONDS).toFixed(2),
    ],
    ["whole runTick: + audit, history samples, Slack", s(t.tickSeconds), "", ""],
    ["baseline: per-cluster runbook, measured", s(t.baselineSeconds), "", ratioOf(t.ratio)],
    ["baseline: modelled with Azure's LRO durations", s(t.baselineModelledSeconds), "", ""],
    [
      "discovery pages",
      n(t.discoveryPages),
      `≤ ${n(t.discoveryPagesTarget)}`,
      (t.discoveryPages / t.discoveryPagesTarget).toFixed(2),
    ],
    ["metrics queries (one workspace)", n(t.metricsQueries), "≤ 1", ""],
    ["429s surfaced as failures", n(t.throttledFailures), "0", ""],
    ["actions failed (any reason)", n(t.failures), "0", ""],
  ]);
  const growth = table([
    [
      "clusters",
      "pools",
      "plan + dispatch",
      "whole runTick",
      "discovery pages",
      "ARM calls",
      "429s seen / surfaced",
      "actions",
      "store get",
      "s per 1,000",
    ],
    ...r.tickGrowth.map((g) => [
      n(g.clusters),
      n(g.pools),
      s(g.seconds),
      `${s(g.tickSeconds)}${g.samples ? "" : " *"}`,
      n(g.discoveryPages),
      n(g.armCalls),
      `${n(g.throttled429s)} / ${n(g.throttledFailures)}`,
      n(g.actions),
      `${g.storeGetMs.toFixed(1)} ms`,
      ((g.seconds * 1000) / g.clusters).toFixed(2),
    ]),
  ]);
  const phases = table([
    ["where the tick's time went", "calls", "from", "to"],
    ...Object.entries(t.profile.phases)
      .sort((x, y) => x[1].from - y[1].from)
      .map(([name, p]) => [name, n(p.calls), s(p.from), s(p.to)]),
  ]);
  return [
    "",
    `Tick over ${n(t.clusters)} clusters / ${n(t.pools)} pools in ${String(t.subscriptions)} subscriptions at a schedule edge: ` +
      `${n(t.actions.clusters)} cluster stops + ${n(t.actions.pools)} pool scale-downs ` +
      `(limits.maxActionsPerTick ${n(t.maxActionsPerTick)}); emulator latency ${String(t.latencyMs)} ms per call, ARM throttling on, ` +
      `Azurite, official SDKs over HTTPS. Node ${process.version}.`,
    `Outcomes: ${Object.entries(t.outcomes)
      .map(([k, v]) => `${n(v)} ${k}`)
      .join(", ")}. Warm-up ticks before the edge: ${t.warmupSeconds.map((w) => s(w)).join(", ")}.`,
    "",
    summary,
    "",
    calls,
    "",
    phases,
    "",
    "Tick growth (same latency and throttling):",
    growth,
    "* without the hourly GPU pool samples (the edge tick is the hour's first and records them;",
    "  measured at the main size only, to keep the bench's run time bounded).",
    "",
  ].join("\n");
}

function ratioOf(x: number | null): string {
  return x === null ? "-" : `${x.toFixed(1)}× the tick`;
}
