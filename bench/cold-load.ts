/**
 * @module Cold load of the functions entry (SPEC §16: ≤ 300 ms): the median time a fresh `node`
 * process takes to import the bundled entry that `npm run package` ships, next to the unbundled
 * build (`dist/functions/index.js`, `npm run build`) and an empty import, all measured in the same
 * run, in child processes, interleaved. Exits 1 when the bundled median is over budget.
 *
 *     npm run build && npm run bench:cold [-- --runs 21] [--json]
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { buildPackage, MAIN } from "../scripts/package.js";
import { measureColdStart } from "./lib/cold-start.js";
import { formatMs, median, ratio, table } from "./lib/stats.js";

const BUDGET_MS = 300;
const UNBUNDLED = "dist/functions/index.js";

const { values } = parseArgs({
  options: { runs: { type: "string", default: "15" }, json: { type: "boolean", default: false } },
});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs: expected a positive integer`);
if (!existsSync(UNBUNDLED)) throw new Error(`${UNBUNDLED} not found: run \`npm run build\` first`);

const built = await buildPackage({ policy: "examples/gpu-warden.yaml", out: "out/bench-package" });
const bundledEntry = join(built.appDir, MAIN);
const entrySize = built.files[MAIN] ?? 0;

const bundled: number[] = [];
const unbundled: number[] = [];
const empty: number[] = [];
for (let i = 0; i < runs; i += 1) {
  const a = measureColdStart(bundledEntry, 1);
  const b = measureColdStart(UNBUNDLED, 1);
  bundled.push(...a.entryMs);
  unbundled.push(...b.entryMs);
  empty.push(...a.emptyMs, ...b.emptyMs);
}

const bundledMs = median(bundled);
// --json: the table on stderr, the figures as one JSON line on stdout (bench/run-all.ts).
const out = values.json ? process.stderr : process.stdout;
out.write(
  [
    `Cold load of the functions entry: median of ${runs} fresh node processes each (Node ${process.version})`,
    "",
    table([
      ["entry", "median", "min", "max", "× bundled", "budget"],
      row("bundled (npm run package)", bundled, bundledMs, `${BUDGET_MS} ms`),
      row(`unbundled (${UNBUNDLED})`, unbundled, bundledMs, ""),
      row("empty import (node itself)", empty, bundledMs, ""),
    ]),
    "",
    `bundled entry chunk: ${(entrySize / 1024).toFixed(0)} KiB; heavy SDKs load lazily from other chunks`,
    `unbundled / bundled: ${ratio(median(unbundled), bundledMs)}×`,
    `bundled: ${bundledMs <= BUDGET_MS ? "within" : "OVER"} budget (${ratio(bundledMs, BUDGET_MS)} of ${BUDGET_MS} ms)`,
    "",
  ].join("\n"),
);
if (values.json) {
  const figures = { bundledMs, unbundledMs: median(unbundled), emptyMs: median(empty), runs };
  process.stdout.write(`${JSON.stringify({ ...figures, entryKiB: entrySize / 1024 })}\n`);
}
if (bundledMs > BUDGET_MS) process.exitCode = 1;

function row(name: string, ms: readonly number[], reference: number, budget: string): string[] {
  return [
    name,
    formatMs(median(ms)),
    formatMs(Math.min(...ms)),
    formatMs(Math.max(...ms)),
    ratio(median(ms), reference),
    budget,
  ];
}
