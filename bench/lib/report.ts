/**
 * @module The Slack acknowledgement bench's tables: per round, per command, and the summary of
 * measures against their budgets, with the baselines measured in the same run as ratios. The
 * budget holds for the instances that serve Slack in practice — steady state (`warm`) and an
 * instance Azure added and warmed up (`warmed`); the first burst on an un-warmed instance
 * (`cold`: a restart) is reported beside them, with its ratio to the budget.
 */
import { MIX, type Kind } from "./requests.js";
import { INSTANCES, type Round } from "./rounds.js";
import { formatMs, median, quantile, ratio, table } from "./stats.js";

export interface Results {
  readonly clusters: number;
  readonly chunks: number;
  readonly rounds: readonly Round[];
  /** The same rounds on the in-memory store and queue: the app's own CPU, no I/O. */
  readonly memoryRounds: readonly Round[];
  readonly verifyMs: number;
  readonly statusAloneMs: number;
  readonly coldStartMs: readonly number[];
  readonly emptyImportMs: readonly number[];
}

export interface Budgets {
  readonly ackP99Ms: number;
  readonly coldStartMs: number;
}

const KEYS = ["p50", "p95", "p99", "max"] as const;
type Key = (typeof KEYS)[number];

function stat(values: readonly number[]): Record<Key, number> {
  return {
    p50: quantile(values, 0.5),
    p95: quantile(values, 0.95),
    p99: quantile(values, 0.99),
    max: quantile(values, 1),
  };
}

export function medianOf(rounds: readonly Round[], cache: Round["cache"], key: Key): number {
  return median(rounds.filter((r) => r.cache === cache).map((r) => stat(r.latencies)[key]));
}

export function render(results: Results, budgets: Budgets): string {
  const { rounds, memoryRounds } = results;
  const perRound: string[][] = [["round", "fleet cache", ...KEYS]];
  rounds.forEach((r, i) => {
    const s = stat(r.latencies);
    perRound.push([String(i + 1), r.cache, ...KEYS.map((k) => formatMs(s[k]))]);
  });
  for (const cache of INSTANCES)
    perRound.push(["median", cache, ...KEYS.map((k) => formatMs(medianOf(rounds, cache, k)))]);

  const perKind: string[][] = [["command (all rounds)", "n/round", "p50", "p99"]];
  for (const kind of Object.keys(MIX) as Kind[]) {
    const all = rounds.flatMap((r) => r.byKind.get(kind) ?? []);
    perKind.push([
      kind,
      String(MIX[kind]),
      formatMs(quantile(all, 0.5)),
      formatMs(quantile(all, 0.99)),
    ]);
  }

  const cold = medianOf(rounds, "cold", "p99");
  const warmed = medianOf(rounds, "warmed", "p99");
  const warm = medianOf(rounds, "warm", "p99");
  const worst = Math.max(warmed, warm);
  const memWarm = medianOf(memoryRounds, "warm", "p99");
  const memCold = medianOf(memoryRounds, "cold", "p99");
  const entry = median(results.coldStartMs);
  const budget = `${budgets.ackP99Ms} ms`;
  const summary: string[][] = [
    ["measure", "value", "budget", "ratio"],
    [
      "ack p99, steady state: warm caches (median of rounds)",
      formatMs(warm),
      budget,
      ratio(warm, budgets.ackP99Ms),
    ],
    [
      "ack p99, new instance after warmup (median of rounds)",
      formatMs(warmed),
      budget,
      ratio(warmed, budgets.ackP99Ms),
    ],
    [
      "reported: ack p99, first burst, un-warmed (restart)",
      formatMs(cold),
      "",
      ratio(cold, budgets.ackP99Ms),
    ],
    ["baseline: same mix, in-memory store, cold: p99", formatMs(memCold), "", ""],
    ["baseline: same mix, in-memory store, warm: p99", formatMs(memWarm), "", ""],
    ["baseline: one status alone, warm (Azurite)", formatMs(results.statusAloneMs), "", ""],
    ["baseline: signature verification", formatMs(results.verifyMs), "", ""],
    ["ack p99 (worse) / in-memory warm p99", "", "", ratio(worst, memWarm)],
    ["ack p99 (worse) / one status alone", "", "", ratio(worst, results.statusAloneMs)],
    [
      "cold start: import dist/functions/index.js (median of 5)",
      formatMs(entry),
      `${budgets.coldStartMs} ms`,
      ratio(entry, budgets.coldStartMs),
    ],
    [
      "baseline: import of an empty module (median of 5)",
      formatMs(median(results.emptyImportMs)),
      "",
      "",
    ],
  ];
  const mix = Object.entries(MIX)
    .map(([k, n]) => `${String(n)} ${k}`)
    .join(", ");
  return [
    "",
    `Slack acknowledgement: ${String(rounds[0]?.latencies.length ?? 0)} concurrent signed /gpu commands per round through handleSlackCommand,`,
    `Table store + operations queue on Azurite, fleet snapshot of ${results.clusters.toLocaleString("en-US")} clusters (${String(results.chunks)} chunks) and as many cluster-state rows.`,
    `Mix per round: ${mix}. Node ${process.version}.`,
    "",
    table(perRound),
    "",
    table(perKind),
    "",
    table(summary),
    "",
  ].join("\n");
}

export function overBudget(results: Results, budgets: Budgets): string[] {
  const worst = Math.max(
    medianOf(results.rounds, "warmed", "p99"),
    medianOf(results.rounds, "warm", "p99"),
  );
  const entry = median(results.coldStartMs);
  return [
    ...(worst > budgets.ackP99Ms
      ? [`ack p99 ${formatMs(worst)} > ${String(budgets.ackP99Ms)} ms`]
      : []),
    ...(entry > budgets.coldStartMs
      ? [`cold start ${formatMs(entry)} > ${String(budgets.coldStartMs)} ms`]
      : []),
  ];
}
