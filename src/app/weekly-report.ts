/**
 * @module The weekly report use cases (SPEC §9). `buildReport`: gather the input — billed cost by
 * resource for the report's weeks and each chart day's month to date (every subscription of the
 * policy scope, or of the discovered fleet when the scope is empty; page by page), the fleet from
 * the tick's snapshot, each budget's recorded state, the savings ledger of the week, reservation
 * advice beside Azure's and hygiene findings — and build the pure model. `sendWeeklyReport`: on
 * the `reports` timer, when the configured local day and time fell in the hour just ended
 * (src/core/report/due.ts), build it, claim the week once (`report:weekly:<ISO week>` in
 * `dedupe`), post the Block Kit message to `reports.weekly.channel`, upload the chart (files
 * upload v2) beside it, and audit what was sent. Building before claiming means a failure leaves
 * the week unclaimed: a retry within the hour is still due and sends it.
 */
import type { ResolvedPolicy } from "../config/policy.js";
import { currentAmount } from "../core/budget/in-force.js";
import { periodOf } from "../core/budget/period.js";
import type { Cluster } from "../core/fleet/types.js";
import { findHygiene } from "../core/hygiene/index.js";
import type { TickPolicy } from "../core/policy/types.js";
import { assertNever } from "../core/result.js";
import { buildWeeklyReport, reportWindows } from "../core/report/build.js";
import { addDays, dayOf, monthStart } from "../core/report/days.js";
import { weeklyReportDue } from "../core/report/due.js";
import type { BudgetStatus, CostRow, WeeklyReport } from "../core/report/types.js";
import type { AdviceBesideAzure } from "../core/reservations/index.js";
import type { CostRowSource } from "../ports/costs.js";
import type { SlackPort } from "../ports/slack.js";
import type { StateStore } from "../ports/state-store.js";
import type { AuditEntry } from "../ports/state-types.js";
import { renderChartPng } from "../report/chart.js";
import { chartComment, reportMessage } from "../report/slack.js";
import { budgetStates } from "./budgets.js";

export interface ReportDeps {
  readonly policy: ResolvedPolicy;
  readonly tickPolicy: TickPolicy;
  readonly store: StateStore;
  readonly costs: CostRowSource;
  /** The last discovered fleet (the snapshot the tick saves). */
  readonly fleet: () => Promise<readonly Cluster[]>;
  /** Our reservation advice beside Azure's recommendations (src/app/reservations.ts). */
  readonly reservations: (now: Date) => Promise<{
    readonly advice: readonly AdviceBesideAzure[];
    /** What could not be read (prices, Azure's recommendations): the advice stands without. */
    readonly errors: readonly string[];
  }>;
}

export interface SendReportDeps extends ReportDeps {
  readonly slack: SlackPort;
  readonly newId: () => string;
  /** The chart as PNG; default Vega-Lite → resvg (src/report/chart.ts). */
  readonly chart?: (report: WeeklyReport) => Promise<Uint8Array>;
}

export interface BuildOptions {
  /** Last day of the report week (`YYYY-MM-DD`); default the UTC day before `now`. */
  readonly weekEnding?: string;
}

export interface BuiltReport {
  readonly report: WeeklyReport;
  /** What the report was built without (a reservation price, Azure's recommendations). */
  readonly warnings: readonly string[];
}

export async function buildReport(
  deps: ReportDeps,
  now: Date,
  options: BuildOptions = {},
): Promise<BuiltReport> {
  const weekEnding = options.weekEnding ?? addDays(dayOf(now), -1);
  const windows = reportWindows(weekEnding);
  const fleet = await deps.fleet();
  const [budgets, ledger, reservations] = await Promise.all([
    budgetStatuses(deps, now),
    deps.store.ledger.list({
      from: `${windows.weekFrom}T00:00:00.000Z`,
      to: `${addDays(windows.weekTo, 1)}T00:00:00.000Z`,
    }),
    deps.reservations(now),
  ]);
  const idleGroups = new Set(
    deps.policy.groups.filter((g) => g.policy.idle.enabled).map((g) => g.name),
  );
  // The chart's first day needs its month to date, which starts before both weeks at the latest.
  const from = monthStart(windows.chartDays[0] ?? windows.previousFrom);
  const report = await buildWeeklyReport(
    {
      costPages: costPages(deps.costs, costScopes(deps.policy, fleet), from, weekEnding),
      fleet,
      budgets,
      ledger,
      reservations: reservations.advice,
      findings: findHygiene({ fleet, policy: deps.tickPolicy, idleGroups }, now),
      weekEnding,
    },
    now,
  );
  return { report, warnings: reservations.errors.map((e) => `reservations: ${e}`) };
}

/** `/subscriptions/<id>` for each subscription in scope, else each one the fleet is in. */
export function costScopes(policy: ResolvedPolicy, fleet: readonly Cluster[]): string[] {
  const configured = policy.policy.scope.subscriptions;
  const ids = configured.length > 0 ? configured : fleet.map((c) => c.subscriptionId);
  return [...new Set(ids.map((id) => id.toLowerCase()))].map((id) => `/subscriptions/${id}`);
}

async function* costPages(
  costs: CostRowSource,
  scopes: readonly string[],
  from: string,
  to: string,
): AsyncIterable<readonly CostRow[]> {
  for (const scope of scopes) yield* costs.costRows(scope, from, to);
}

/** Each budget as the report shows it: this month's record, or nothing spent yet. */
async function budgetStatuses(deps: ReportDeps, now: Date): Promise<BudgetStatus[]> {
  const period = periodOf(now).key;
  return (await budgetStates(deps.store, deps.policy)).flatMap(({ rule, record }) => {
    const current = record?.period === period ? record : undefined;
    const amount = current === undefined ? rule.amount : currentAmount(rule, current);
    if (amount === undefined) return []; // an Azure budget not observed yet this month
    return [
      {
        name: rule.name,
        amount,
        spent: current?.spent ?? 0,
        forecast: current?.forecast ?? null,
        thresholdsFired: (current?.fired ?? []).map((f) => ({
          percent: f.percent,
          forecast: f.forecast,
          at: f.at,
          actions: f.actions,
        })),
      },
    ];
  });
}

export type SendOutcome =
  | { readonly kind: "not-configured" }
  | { readonly kind: "not-due"; readonly next: string }
  | { readonly kind: "already-sent"; readonly week: string }
  | {
      readonly kind: "sent";
      readonly week: string;
      readonly channel: string;
      readonly ts: string;
      /** The chart's Slack file id; `null` when the upload failed (see `errors`). */
      readonly fileId: string | null;
      readonly report: WeeklyReport;
      readonly errors: readonly string[];
    };

/** One line for the log. */
export function describeOutcome(outcome: SendOutcome): string {
  switch (outcome.kind) {
    case "not-configured":
      return "no weekly report configured (reports.weekly)";
    case "not-due":
      return `weekly report not due; next at ${outcome.next}`;
    case "already-sent":
      return `weekly report ${outcome.week} already sent`;
    case "sent":
      return `weekly report ${outcome.week} sent to ${outcome.channel}`;
    default:
      return assertNever(outcome);
  }
}

export async function sendWeeklyReport(deps: SendReportDeps, now: Date): Promise<SendOutcome> {
  const weekly = deps.policy.policy.reports.weekly;
  if (weekly === undefined) return { kind: "not-configured" };
  const decision = weeklyReportDue(weekly, deps.policy.zone, now);
  if (!decision.due) return { kind: "not-due", next: decision.next.at.toISOString() };
  const { report, warnings } = await buildReport(deps, now);
  const key = `report:weekly:${decision.week}`;
  if (!(await deps.store.dedupe.claim(key, now.toISOString())))
    return { kind: "already-sent", week: decision.week };

  const runId = deps.newId();
  const channel = weekly.channel;
  const audit = (
    kind: AuditEntry["kind"],
    reason: string,
    detail: NonNullable<AuditEntry["detail"]>,
  ) =>
    deps.store.audit.append([{ at: now.toISOString(), runId, kind, target: key, reason, detail }]);
  let posted;
  try {
    posted = await deps.slack.post(channel, reportMessage(report));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await audit("alert", `weekly report ${decision.week} not posted to ${channel}: ${message}`, {
      week: decision.week,
    });
    throw error;
  }
  const errors = [...warnings];
  let fileId: string | null = null;
  try {
    const png = await (deps.chart ?? renderChartPng)(report);
    fileId = (
      await deps.slack.uploadFile({
        filename: `gpu-cost-${decision.week}.png`,
        bytes: png,
        title: `GPU cost per cluster, ${report.daily[0]?.day ?? report.week.from} … ${report.week.to}`,
        channel,
        initialComment: chartComment(report),
      })
    ).id;
  } catch (error) {
    errors.push(`chart: ${error instanceof Error ? error.message : String(error)}`);
  }
  await audit(
    "result",
    `weekly report ${decision.week} (${report.week.from} … ${report.week.to}) posted to ${channel}: ` +
      `total ${report.total.usd.toFixed(2)} USD, savings ${report.savings.usd.toFixed(2)} USD (estimated), ` +
      `${String(report.findings.length)} finding(s)${fileId === null ? "; chart not uploaded" : ""}`,
    {
      week: decision.week,
      channel,
      ts: posted.ts,
      fileId,
      total: report.total.usd,
      savings: report.savings.usd,
      findings: report.findings.length,
      errors,
    },
  );
  return { kind: "sent", week: decision.week, channel, ts: posted.ts, fileId, report, errors };
}
