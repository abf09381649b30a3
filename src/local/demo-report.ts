/**
 * @module The demo's weekly report: after the simulated week, the app keeps running — a tick
 * every 5 virtual minutes and the `reports` timer every hour — until the report's configured
 * local day and time (Monday 09:00 Los Angeles in the example policy), when `sendWeeklyReport`
 * posts it to the emulated Slack with its chart; the same report and PNG are then written as
 * files. Without `reports.weekly` in the policy the report is built at the end of the week and
 * not posted. Also the summary `--json` prints.
 */
import { buildReport, sendWeeklyReport } from "../app/weekly-report.js";
import { reportDepsOf, type Runtime } from "../composition.js";
import type { WeeklyReport } from "../core/report/index.js";
import { describePoolRefusal, describeRefusal } from "../core/reservations/describe.js";
import type { Emulator } from "../emulator/index.js";
import { renderChartPng } from "../report/chart.js";

const TICK_MS = 5 * 60_000;
const HOUR_MS = 3_600_000;
/** A weekly report is due within a week of any instant; a day more is a safe bound. */
const MAX_WAIT_MS = 8 * 24 * HOUR_MS;

export interface DemoReport {
  readonly report: WeeklyReport;
  readonly chartPng: Uint8Array;
  /** Where and when it was posted; `null` when the policy has no `reports.weekly`. */
  readonly posted: { readonly at: string; readonly channel: string; readonly week: string } | null;
  readonly warnings: readonly string[];
}

export interface ReportSummary {
  readonly total: number;
  readonly savings: number;
  readonly findings: number;
  readonly reservations: readonly {
    readonly sku: string;
    readonly region: string;
    readonly quantity: number;
    readonly term: string;
    readonly annualSavings: number;
  }[];
  readonly refused: readonly { readonly pool: string; readonly reason: string }[];
}

/**
 * Runs ticks (`tick`) and the hourly `reports` timer from `from` until the report is sent.
 * `clock` is the emulator's virtual clock, moved along.
 */
export async function weeklyReportAfter(
  rt: Runtime,
  clock: Pick<Emulator["clock"], "now" | "set">,
  from: Date,
  tick: (now: Date) => Promise<void>,
): Promise<DemoReport> {
  let chartPng: Uint8Array | undefined;
  const deps = {
    ...reportDepsOf(rt),
    chart: async (report: WeeklyReport) => (chartPng = await renderChartPng(report)),
  };
  if (rt.policy.policy.reports.weekly !== undefined) {
    for (let t = from.getTime(); t < from.getTime() + MAX_WAIT_MS; t += TICK_MS) {
      const now = new Date(t);
      if (t > clock.now().getTime()) clock.set(now);
      await tick(now);
      if (t % HOUR_MS !== 0) continue;
      const outcome = await sendWeeklyReport(deps, now);
      if (outcome.kind !== "sent") continue;
      const posted = { at: now.toISOString(), channel: outcome.channel, week: outcome.week };
      const png = chartPng ?? (await renderChartPng(outcome.report));
      return { report: outcome.report, chartPng: png, posted, warnings: outcome.errors };
    }
    throw new Error("the weekly report was not sent within 8 days after the simulated week");
  }
  const { report, warnings } = await buildReport(deps, from);
  return { report, chartPng: await renderChartPng(report), posted: null, warnings };
}

/** The report as `--json` shows it: totals, our reservations, and the pools refused, with why. */
export function reportSummary(report: WeeklyReport): ReportSummary {
  const ours = report.reservations.flatMap((r) => (r.ours === undefined ? [] : [r.ours]));
  return {
    total: report.total.usd,
    savings: report.savings.usd,
    findings: report.findings.length,
    reservations: ours.flatMap((advice) =>
      advice.verdict.kind === "reserve"
        ? [
            {
              sku: advice.vmSize,
              region: advice.region,
              quantity: advice.verdict.quantity,
              term: advice.verdict.term,
              annualSavings: Math.round(advice.verdict.annualSavings * 100) / 100,
            },
          ]
        : [],
    ),
    refused: ours.flatMap((advice) => {
      const pools = advice.excluded.map((refusal) => ({
        pool: refusal.pool,
        reason: describePoolRefusal(refusal, advice).slice(refusal.pool.length + 2),
      }));
      if (advice.verdict.kind === "reserve" || advice.verdict.reasons.length === 0) return pools;
      const why = advice.verdict.reasons.map((r) => describeRefusal(r, advice)).join("; ");
      return [...pools, { pool: `${advice.vmSize} in ${advice.region}`, reason: why }];
    }),
  };
}
