/**
 * @module `npm run bench`: every benchmark in sequence — build, package, Slack acknowledgement,
 * cold load, weekly report, tick — each in its own process with `--json` (tables on stderr,
 * figures on stdout), then bench/results.json and docs/performance.md (bench/lib/perf-doc.ts)
 * from the figures. `--only tick,report` reruns some benches and keeps the other figures of the
 * existing results.json. Exits 1 when a bench exited non-zero (a target missed or a failure).
 *
 *     npm run bench [-- --only slack-ack,cold-load,report,tick]
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { renderPerformanceDoc } from "./lib/perf-doc.js";
import { DOC_FILE, machine, RESULTS_FILE, writeFormatted, type Results } from "./lib/results.js";

const BENCHES = ["slack-ack", "cold-load", "report", "tick"] as const;
type Bench = (typeof BENCHES)[number];

const { values } = parseArgs({ options: { only: { type: "string" } } });
const only = values.only?.split(",").map((s) => s.trim());
const unknown = only?.filter((name) => !BENCHES.some((b) => b === name)) ?? [];
if (unknown.length > 0) throw new Error(`--only: unknown bench ${unknown.join(", ")}`);
const selected = BENCHES.filter((b) => only === undefined || only.includes(b));

const say = (line: string): void => void process.stderr.write(`\n=== ${line}\n`);
const steps: Record<string, { seconds: number; exitCode: number }> = {};

function npm(script: string, ...args: string[]): void {
  say(`npm run ${[script, ...args].join(" ")}`);
  const started = performance.now();
  const run = spawnSync("npm", ["run", script, ...args], { stdio: "inherit" });
  steps[script] = { seconds: (performance.now() - started) / 1000, exitCode: run.status ?? 1 };
  if (run.status !== 0) throw new Error(`npm run ${script} failed`);
}

/** Runs `bench/<name>.ts --json`; its last stdout line is its figures. */
function bench(name: Bench): unknown {
  say(`bench/${name}.ts`);
  const started = performance.now();
  const run = spawnSync(process.execPath, ["--import", "tsx", `bench/${name}.ts`, "--json"], {
    stdio: ["ignore", "pipe", "inherit"],
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  steps[name] = { seconds: (performance.now() - started) / 1000, exitCode: run.status ?? 1 };
  const last = run.stdout.trim().split("\n").at(-1) ?? "";
  try {
    return JSON.parse(last) as unknown;
  } catch {
    process.stderr.write(`bench/${name}.ts printed no figures (exit ${String(run.status)})\n`);
    return undefined;
  }
}

const previous: Partial<Results> =
  only !== undefined && existsSync(RESULTS_FILE)
    ? (JSON.parse(readFileSync(RESULTS_FILE, "utf8")) as Partial<Results>)
    : {};
const host = machine();
const started = performance.now();
if (only === undefined || selected.some((b) => b === "slack-ack" || b === "cold-load")) {
  npm("build");
  // The example policy, beside the deployable package (what bench/cold-load.ts loads).
  npm("package", "--", "--policy", "examples/gpu-warden.yaml", "--out", "out/bench-package");
}
const figures: Partial<Record<Bench, unknown>> = {};
for (const name of selected) figures[name] = bench(name);

const tick = figures.tick as Pick<Results, "tick" | "tickGrowth"> | undefined;
const results: Results = {
  generatedAt: new Date().toISOString(),
  command: only === undefined ? "npm run bench" : `npm run bench -- --only ${selected.join(",")}`,
  machine: { ...host, loadAverage: { start: host.loadAverage.start, end: loadavg()[0] ?? 0 } },
  steps: { ...previous.steps, ...steps },
  ...pick("tick", tick?.tick ?? previous.tick),
  ...pick("tickGrowth", tick?.tickGrowth ?? previous.tickGrowth),
  ...pick("slackAck", (figures["slack-ack"] as Results["slackAck"]) ?? previous.slackAck),
  ...pick("coldLoad", (figures["cold-load"] as Results["coldLoad"]) ?? previous.coldLoad),
  ...pick("report", (figures.report as Results["report"]) ?? previous.report),
};
await writeFormatted(RESULTS_FILE, JSON.stringify(results, null, 2));
await writeFormatted(DOC_FILE, renderPerformanceDoc(results));
const minutes = (performance.now() - started) / 60_000;
say(`wrote ${RESULTS_FILE} and ${DOC_FILE} in ${minutes.toFixed(1)} min`);
const failed = Object.entries(steps).filter(([, s]) => s.exitCode !== 0);
for (const [name, s] of failed) process.stderr.write(`${name} exited ${String(s.exitCode)}\n`);
process.exitCode = failed.length > 0 ? 1 : 0;

function pick<K extends keyof Results>(key: K, value: Results[K] | undefined) {
  return value === undefined ? {} : ({ [key]: value } as Pick<Results, K>);
}
