/**
 * @module The demo's simulation (`gpu-warden demo`): a week of virtual time over the demo fleet,
 * one tick every 5 virtual minutes through the real tick use case, the official SDKs, the
 * emulator and Azurite, with people using Slack along the way (demo-slack.ts), idle GPU pools
 * scaled to zero and restored, and the budgets evaluated every hour at :15 as the `budgets` timer
 * does. Costs come from the emulator's meters; "without gpu-warden" is the same managed clusters
 * left running around the clock at their configured size. Before the week, the store is seeded
 * with 23 days of computed pool samples (demo-history.ts) so reservation advice has 30 days;
 * after it, the app runs on until the weekly report is due and posts it (demo-report.ts).
 */
import { budgetEffects, budgetStates, evaluateBudgets } from "../app/budgets.js";
import { runTick } from "../app/tick.js";
import { budgetDepsOf, slackDepsOf, tickDepsOf } from "../composition.js";
import type { ResolvedPolicy } from "../config/policy.js";
import type { BudgetRecord } from "../core/budget/types.js";
import { clusterKey } from "../core/fleet/types.js";
import { loadFleetFile, type ClusterCost, type Fleet } from "../emulator/index.js";
import type { AuditEntry } from "../ports/state-types.js";
import { seedHistory, type SeededHistory } from "./demo-history.js";
import {
  reportSummary,
  weeklyReportAfter,
  type DemoReport,
  type ReportSummary,
} from "./demo-report.js";
import { DemoSlack, type DemoSlackCounts } from "./demo-slack.js";
import { WeekSampler, type ClusterSample } from "./demo-sampler.js";
import { bundled, DEMO_FLEET, startLocalStack } from "./stack.js";

export const TICK_MINUTES = 5;
const MS_PER_HOUR = 3_600_000;

export interface DemoOptions {
  readonly policy: ResolvedPolicy;
  readonly fleetFile?: string;
  readonly days?: number;
  /** Called once per simulated day. */
  readonly onDay?: (line: string) => void;
}

export interface DemoCluster {
  readonly name: string;
  readonly resourceGroup: string;
  readonly subscriptionId: string;
  readonly group: string | null;
  readonly managed: boolean;
  readonly scheduledHours: number | null;
  /** Hours an override from Slack kept it running outside its schedule. */
  readonly overrideHours: number | null;
  /** Scheduled hours a budget's `stop-clusters` kept it stopped. */
  readonly budgetStoppedHours: number | null;
  readonly runningHours: number;
  readonly costWith: number;
  readonly costWithout: number;
}

export interface DemoResult {
  readonly simulated: { readonly from: string; readonly to: string; readonly ticks: number };
  readonly clusters: readonly DemoCluster[];
  readonly totals: {
    readonly costWith: number;
    readonly costWithout: number;
    readonly savingsPercent: number;
  };
  readonly actions: {
    readonly planned: number;
    readonly done: number;
    readonly failed: number;
    readonly pending: number;
  };
  readonly skipped: readonly { readonly cluster: string; readonly reason: string }[];
  /** GPU pools scaled down (idle, or Spot by a budget) and restored, as confirmed by discovery. */
  readonly idle: { readonly scaledToZero: number; readonly restored: number };
  readonly budgets: readonly DemoBudget[];
  readonly slack: DemoSlackCounts;
  /** Computed samples written before the week (labelled seeded history). */
  readonly seededHistory: SeededHistory;
  /** The weekly report of the simulated week: its summary and where it was posted. */
  readonly report: ReportSummary & { readonly posted: DemoReport["posted"] };
  /** The report itself and its chart, for the files. */
  readonly weeklyReport: Pick<DemoReport, "report" | "chartPng" | "warnings">;
  readonly audit: readonly AuditEntry[];
  /** Markdown transcript of the Slack conversation. */
  readonly slackTranscript: string;
}

export interface DemoBudget {
  readonly name: string;
  readonly amount: number;
  readonly spent: number;
  readonly currency: string;
  /** `actual-80`, `forecast-100` …, in the order they fired, with when and what they did. */
  readonly thresholdsFired: readonly string[];
  readonly fired: readonly {
    readonly key: string;
    readonly at: string;
    readonly actions: readonly string[];
  }[];
}

export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const fleetFile = options.fleetFile ?? bundled(DEMO_FLEET);
  const fleet = await loadFleetFile(fleetFile);
  const stack = await startLocalStack({ policy: options.policy, fleetFile });
  try {
    const rt = stack.runtime;
    const clock = stack.emulator.clock;
    const people = new DemoSlack(
      slackDepsOf(rt, () => clock.now().getTime()),
      stack.emulator,
    );
    const from = clock.now();
    const discovered = await rt.fleet.discover(rt.scope);
    const seededHistory = await seedHistory(rt.store, discovered.clusters, rt.tickPolicy, from);
    const ticks = (options.days ?? 7) * 24 * (60 / TICK_MINUTES);
    const sampler = new WeekSampler(rt.tickPolicy, TICK_MINUTES);
    const counts = { planned: 0, fired: 0, done: 0, failed: 0, unconfirmed: 0 };
    const pools = { scaledToZero: 0, restored: 0 };
    const budgetDeps = rt.costs ? budgetDepsOf(rt) : undefined;
    let day = { started: 0, stopped: 0 };

    for (let i = 0; i < ticks; i++) {
      const now = new Date(from.getTime() + i * TICK_MINUTES * 60_000);
      if (now.getTime() > clock.now().getTime()) clock.set(now);
      await people.before(now);
      if (budgetDeps && now.getUTCMinutes() === 15) await evaluateBudgets(budgetDeps, now);
      const report = await runTick(tickDepsOf(rt), { now, apply: true });
      const effects = await budgetEffects(rt.store, rt.policy, now);
      sampler.sample(report, await rt.store.overrides.active(now.toISOString()), now, effects);
      for (const c of report.plan.pools.confirmations)
        if (c.outcome === "done")
          pools[c.kind === "restore-pool" ? "restored" : "scaledToZero"] += 1;
      counts.planned += report.plan.actions.length;
      counts.fired += report.results.filter((r) => r.outcome === "pending" && !r.retry).length;
      counts.failed += report.results.filter((r) => r.outcome === "failed").length;
      for (const c of report.plan.confirmations) {
        if (c.outcome === "done") counts.done += 1;
        else counts.unconfirmed += 1;
      }
      for (const a of report.plan.actions)
        day[a.kind === "start-cluster" ? "started" : "stopped"] += 1;
      if ((i + 1) % ((24 * 60) / TICK_MINUTES) === 0) {
        options.onDay?.(
          `  ${now.toISOString().slice(0, 10)}: ${day.started} started, ${day.stopped} stopped (${i + 1}/${ticks} ticks)`,
        );
        day = { started: 0, stopped: 0 };
      }
    }
    const to = new Date(from.getTime() + ticks * TICK_MINUTES * 60_000);
    if (to.getTime() > clock.now().getTime()) clock.set(to);

    const hours = (to.getTime() - from.getTime()) / MS_PER_HOUR;
    const clusters = stack.emulator
      .costs()
      .clusters.map((cost) =>
        summarize(cost, fleet, sampler.clusters.get(clusterKey(cost.id)), hours),
      );
    const costWith = round(clusters.reduce((sum, c) => sum + c.costWith, 0));
    const costWithout = round(clusters.reduce((sum, c) => sum + c.costWithout, 0));
    const audit = await rt.store.audit.list({ from: from.toISOString(), to: to.toISOString() });
    const budgets = (await budgetStates(rt.store, rt.policy)).flatMap(({ rule, record }) =>
      record ? [demoBudget(rule.name, record)] : [],
    );
    const weekly = await weeklyReportAfter(rt, clock, to, async (now) => {
      await runTick(tickDepsOf(rt), { now, apply: true });
    });
    return {
      simulated: { from: from.toISOString(), to: to.toISOString(), ticks },
      clusters,
      totals: {
        costWith,
        costWithout,
        savingsPercent: costWithout > 0 ? round((1 - costWith / costWithout) * 100, 1) : 0,
      },
      actions: {
        planned: counts.planned,
        done: counts.done,
        failed: counts.failed + counts.unconfirmed,
        pending: counts.fired - counts.done - counts.unconfirmed,
      },
      skipped: [...sampler.skipped].map(([cluster, reason]) => ({ cluster, reason })),
      idle: pools,
      budgets,
      slack: people.counts(audit.filter((e) => e.kind === "refusal").length),
      seededHistory,
      report: { ...reportSummary(weekly.report), posted: weekly.posted },
      weeklyReport: weekly,
      audit,
      slackTranscript: people.transcript(),
    };
  } finally {
    await stack.stop();
  }
}

function summarize(
  cost: ClusterCost,
  fleet: Fleet,
  sample: ClusterSample | undefined,
  hours: number,
): DemoCluster {
  const managed = sample?.managed ?? false;
  const configured = fleet.subscriptions
    .flatMap((s) => s.clusters)
    .find((c) => c.name === cost.name && c.resourceGroup === cost.resourceGroup);
  const aroundTheClock = cost.pools.reduce((sum, pool) => {
    const count = configured?.pools.find((p) => p.name === pool.name)?.count ?? pool.runningNodes;
    return sum + count * pool.usdPerHour * hours;
  }, 0);
  const costWith = round(cost.usd);
  return {
    name: cost.name,
    resourceGroup: cost.resourceGroup,
    subscriptionId: cost.subscriptionId,
    group: sample?.group ?? null,
    managed,
    scheduledHours: managed ? round((sample?.scheduledMinutes ?? 0) / 60, 2) : null,
    overrideHours: managed ? round((sample?.overriddenMinutes ?? 0) / 60, 2) : null,
    budgetStoppedHours: managed ? round((sample?.budgetStoppedMinutes ?? 0) / 60, 2) : null,
    runningHours: round((sample?.runningMinutes ?? 0) / 60, 2),
    costWith,
    // Not managed: gpu-warden changes nothing, so the cost is the same either way.
    costWithout: managed ? round(aroundTheClock) : costWith,
  };
}

function demoBudget(name: string, record: BudgetRecord): DemoBudget {
  return {
    name,
    amount: record.amount,
    spent: round(record.spent),
    currency: record.currency,
    thresholdsFired: record.fired.map((f) => f.key),
    fired: record.fired.map((f) => ({ key: f.key, at: f.at, actions: [...f.actions] })),
  };
}

function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
