/**
 * @module Weekly report bench (SPEC §16: 1,000,000 paged cost rows ≤ 10 s, peak RSS ≤ 300 MB):
 * `buildWeeklyReport` over synthetic Cost Management rows grouped by resource (pages of 5,000:
 * GPU and system VMSS, disks, the clusters themselves, unmapped resources; 21 days) for a
 * 5,000-cluster fleet, each measure in a fresh child process (wall time, `maxRSS`), beside a
 * baseline in the same run that only generates and iterates the same pages. Exits 1 over budget.
 *
 *     npm run bench:report [-- --rows 1000000 --page 5000 --clusters 5000] [--json]
 */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { Cluster } from "../src/core/fleet/types.js";
import { buildWeeklyReport, type CostRow } from "../src/core/report/index.js";
import { syntheticClusters } from "./lib/fleet.js";
import { ratio, table } from "./lib/stats.js";

const BUDGET = { seconds: 10, rssMb: 300 } as const;
const NOW = new Date("2026-11-23T09:00:00Z");
const DAYS = 21;
const MODES = ["iterate", "build"] as const;
type Mode = (typeof MODES)[number];

interface Measure {
  readonly mode: Mode;
  readonly ms: number;
  readonly maxRssMb: number;
  readonly rows: number;
  readonly total: number | null;
}

const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "1000000" },
    page: { type: "string", default: "5000" },
    clusters: { type: "string", default: "5000" },
    child: { type: "string" },
    json: { type: "boolean", default: false },
  },
});
const settings = {
  rows: positive("rows", values.rows),
  page: positive("page", values.page),
  clusters: positive("clusters", values.clusters),
};

function positive(name: string, text: string | undefined): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name}: expected a positive integer`);
  return n;
}

/** The day `d` days before the report's last day (2026-11-22). */
function day(d: number): string {
  return new Date(Date.UTC(2026, 10, 22 - d)).toISOString().slice(0, 10);
}

/** Row `i`: cluster, day and resource spread so every cluster has every kind of resource. */
function costRow(fleet: readonly Cluster[], i: number): CostRow {
  const c = fleet[Math.floor(i / DAYS) % fleet.length] ?? fleet[0];
  if (c === undefined) throw new Error("empty fleet");
  const date = day(i % DAYS);
  const node = `/subscriptions/${c.subscriptionId}/resourceGroups/${c.nodeResourceGroup}/providers`;
  switch (i % 10) {
    case 0:
    case 1:
    case 2:
    case 3:
      return {
        date,
        resourceId: `${node}/Microsoft.Compute/virtualMachineScaleSets/aks-gpu-31415926-vmss`,
        costUsd: 7.346,
      };
    case 4:
    case 5:
      return {
        date,
        resourceId: `${node}/Microsoft.Compute/virtualMachineScaleSets/aks-system-27182818-vmss`,
        costUsd: 0.384,
      };
    case 6:
    case 7:
      return {
        date,
        resourceId: `${node}/Microsoft.Compute/disks/pvc-${String(i % 3)}`,
        costUsd: 0.05,
      };
    case 8:
      return { date, resourceId: c.id, costUsd: 0.1 };
    default:
      return {
        date,
        resourceId: `/subscriptions/${c.subscriptionId}/resourceGroups/shared/providers/Microsoft.Storage/storageAccounts/logs${String(i % 7)}`,
        costUsd: 0.02,
      };
  }
}

/** The rows in pages, generated on demand (never all held at once). */
async function* pages(fleet: readonly Cluster[]): AsyncGenerator<CostRow[]> {
  for (let start = 0; start < settings.rows; start += settings.page) {
    const end = Math.min(settings.rows, start + settings.page);
    const page: CostRow[] = [];
    for (let i = start; i < end; i++) page.push(costRow(fleet, i));
    await Promise.resolve(); // a page arrives from the network: one turn of the event loop
    yield page;
  }
}

async function runChild(mode: Mode): Promise<Measure> {
  const fleet = syntheticClusters(settings.clusters);
  const started = performance.now();
  let rows = 0;
  let total: number | null = null;
  switch (mode) {
    case "iterate":
      for await (const page of pages(fleet)) rows += page.length;
      break;
    case "build": {
      const report = await buildWeeklyReport(
        { costPages: pages(fleet), fleet, budgets: [], ledger: [], reservations: [], findings: [] },
        NOW,
      );
      rows = report.freshness.rows;
      total = report.total.usd;
      break;
    }
  }
  const ms = performance.now() - started;
  return { mode, ms, maxRssMb: process.resourceUsage().maxRSS / 1024, rows, total };
}

function measure(mode: Mode): Measure {
  const out = execFileSync(
    process.execPath,
    ["--import", "tsx", fileURLToPath(import.meta.url), "--child", mode, ...forwarded()],
    { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
  );
  return JSON.parse(out) as Measure;
}

function forwarded(): string[] {
  return [
    "--rows",
    String(settings.rows),
    "--page",
    String(settings.page),
    "--clusters",
    String(settings.clusters),
  ];
}

if (values.child !== undefined) {
  const mode = MODES.find((m) => m === values.child);
  if (mode === undefined) throw new Error(`--child: expected ${MODES.join(" or ")}`);
  process.stdout.write(JSON.stringify(await runChild(mode)));
} else {
  const [baseline, build] = MODES.map(measure) as [Measure, Measure];
  const seconds = build.ms / 1000;
  const over = seconds > BUDGET.seconds || build.maxRssMb > BUDGET.rssMb;
  const row = (m: Measure, name: string, budget: string): string[] => [
    name,
    `${(m.ms / 1000).toFixed(2)} s`,
    `${m.maxRssMb.toFixed(0)} MB`,
    ratio(m.ms, baseline.ms),
    ratio(m.maxRssMb, baseline.maxRssMb),
    budget,
  ];
  // --json: the table on stderr, the figures as one JSON line on stdout (bench/run-all.ts).
  (values.json ? process.stderr : process.stdout).write(
    [
      `Weekly report over ${settings.rows.toLocaleString("en-US")} cost rows (pages of ${String(settings.page)}), ` +
        `${settings.clusters.toLocaleString("en-US")} clusters; each in a fresh child process (Node ${process.version})`,
      "",
      table([
        ["run", "wall", "peak RSS", "time × baseline", "RSS × baseline", "budget"],
        row(baseline, "baseline: generate + iterate the pages", ""),
        row(build, "buildWeeklyReport", `${String(BUDGET.seconds)} s, ${String(BUDGET.rssMb)} MB`),
      ]),
      "",
      `report: ${build.rows.toLocaleString("en-US")} rows aggregated, week total $${String(build.total)}`,
      `build: ${over ? "OVER" : "within"} budget (${ratio(seconds, BUDGET.seconds)} of the time, ${ratio(build.maxRssMb, BUDGET.rssMb)} of the memory)`,
      "",
    ].join("\n"),
  );
  if (values.json) {
    const figures = { rows: build.rows, seconds, peakRssMb: build.maxRssMb };
    const base = { baselineSeconds: baseline.ms / 1000, baselineRssMb: baseline.maxRssMb };
    process.stdout.write(`${JSON.stringify({ ...figures, ...base })}\n`);
  }
  if (over) process.exitCode = 1;
}
