/**
 * @module The weekly report model (SPEC §9), pure: billed cost rows are consumed page by page
 * into fixed-size accumulators (aggregate.ts), then the week's lines are rounded to cents and the
 * total is their sum (plus the `other` line), so the figures shown always add up. Savings come
 * from the ledger (savings.ts), the chart's 14 days of GPU cost keep the top clusters by name,
 * and stopped clusters' residual cost becomes a hygiene finding.
 */
import type { Cluster } from "../fleet/types.js";
import { compareFindings, residualCostFinding, type Finding } from "../hygiene/index.js";
import { CostAggregator, OUTSIDE_POOLS, type PoolSums, type ReportWindows } from "./aggregate.js";
import { addDays, dayOf, dayStartMs, isDay, toCents } from "./days.js";
import { dailySeries } from "./daily.js";
import { savingsIn } from "./savings.js";
import type { BudgetEvent, ClusterLine, PoolLine, ReportInput, WeeklyReport } from "./types.js";

/** Clusters named in the chart; the rest are stacked as one `other clusters` band. */
export const CHART_CLUSTERS = 8;
export const CHART_DAYS = 14;

export function reportWindows(weekEnding: string): ReportWindows {
  const weekFrom = addDays(weekEnding, -6);
  return {
    weekFrom,
    weekTo: weekEnding,
    previousFrom: addDays(weekFrom, -7),
    previousTo: addDays(weekFrom, -1),
    chartDays: Array.from({ length: CHART_DAYS }, (_, i) =>
      addDays(weekEnding, i - CHART_DAYS + 1),
    ),
  };
}

export async function buildWeeklyReport(input: ReportInput, now: Date): Promise<WeeklyReport> {
  const weekEnding =
    input.weekEnding !== undefined && isDay(input.weekEnding)
      ? input.weekEnding
      : addDays(dayOf(now), -1);
  const windows = reportWindows(weekEnding);
  const agg = new CostAggregator(input.fleet, windows);
  for await (const page of input.costPages) {
    for (const row of page) agg.add(row);
  }

  const clusters = clusterLines(input.fleet, agg);
  const otherWeek = toCents(agg.otherWeek);
  const otherPrevious = toCents(agg.otherPrevious);
  const sumCents = (pick: (c: ClusterLine) => number): number =>
    clusters.reduce((sum, c) => sum + toCents(pick(c)), 0);
  const totalCents = sumCents((c) => c.week) + otherWeek;
  const previousCents = sumCents((c) => c.previousWeek) + otherPrevious;
  const gpuCents = sumCents((c) => c.gpuWeek);

  const weekFromMs = dayStartMs(windows.weekFrom);
  const weekEndMs = dayStartMs(addDays(windows.weekTo, 1));
  const savings = savingsIn(
    input.ledger,
    input.fleet,
    { fromMs: weekFromMs, toMs: weekEndMs },
    now,
  );
  const paceBudget =
    input.budgets.length === 0 ? null : input.budgets.reduce((sum, b) => sum + b.amount, 0);

  const weekDays = new Set(windows.chartDays.slice(-7));
  return {
    generatedAt: now.toISOString(),
    week: { from: windows.weekFrom, to: windows.weekTo },
    previousWeek: { from: windows.previousFrom, to: windows.previousTo },
    total: { usd: totalCents / 100, basis: "billed" },
    previousTotal: { usd: previousCents / 100, basis: "billed" },
    gpuTotal: { usd: gpuCents / 100, basis: "billed" },
    clusters,
    other: { week: otherWeek / 100, previousWeek: otherPrevious / 100, rows: agg.otherRows },
    budgets: input.budgets,
    budgetEvents: budgetEvents(input, weekFromMs, weekEndMs),
    savings: savings.total,
    savingsLines: savings.lines,
    gpuHours: input.gpuHours ?? null,
    daily: dailySeries(input.fleet, agg, windows.chartDays, CHART_CLUSTERS, paceBudget),
    paceBudget,
    reservations: input.reservations,
    findings: withResidualCost(input.findings, input.fleet, clusters),
    freshness: {
      lastCostDay: agg.lastDay,
      rows: agg.rows,
      missingDays: [...weekDays].filter((d) => !agg.daysSeen.has(d)),
      rejectedRows: agg.rejected,
    },
  };
}

const cents2 = (usd: number): number => toCents(usd) / 100;

/** Clusters with cost in either week, most expensive this week first. */
function clusterLines(fleet: readonly Cluster[], agg: CostAggregator): ClusterLine[] {
  const lines: ClusterLine[] = [];
  fleet.forEach((cluster, i) => {
    const week = agg.week[i] ?? 0;
    const previousWeek = agg.previous[i] ?? 0;
    if (toCents(week) === 0 && toCents(previousWeek) === 0) return;
    const pools: PoolLine[] = [...(agg.pools[i] ?? new Map<string, PoolSums>()).entries()]
      .map(([pool, sums]) => ({ pool, gpu: sums.gpu, week: cents2(sums.week) }))
      .sort((a, b) => b.week - a.week || a.pool.localeCompare(b.pool));
    lines.push({
      clusterId: cluster.id,
      cluster: `${cluster.resourceGroup}/${cluster.name}`,
      powerState: cluster.powerState,
      week: cents2(week),
      previousWeek: cents2(previousWeek),
      gpuWeek: cents2(agg.gpuWeek[i] ?? 0),
      pools,
    });
  });
  return lines.sort((a, b) => b.week - a.week || a.cluster.localeCompare(b.cluster));
}

function budgetEvents(input: ReportInput, fromMs: number, toMs: number): BudgetEvent[] {
  return input.budgets
    .flatMap((budget) =>
      budget.thresholdsFired.map((fired) => ({
        budget: budget.name,
        percent: fired.percent,
        forecast: fired.forecast,
        at: fired.at,
        actions: fired.actions,
      })),
    )
    .filter((e) => {
      const at = Date.parse(e.at);
      return at >= fromMs && at < toMs;
    })
    .sort((a, b) => a.at.localeCompare(b.at));
}

/** Adds a residual-cost finding for each stopped cluster with cost outside its pools. */
function withResidualCost(
  findings: readonly Finding[],
  fleet: readonly Cluster[],
  lines: readonly ClusterLine[],
): Finding[] {
  const byId = new Map(fleet.map((c) => [c.id, c]));
  const reported = new Set(
    findings.filter((f) => f.kind === "stopped-cluster-residual-cost").map((f) => f.clusterId),
  );
  const added = lines.flatMap((line) => {
    const cluster = byId.get(line.clusterId);
    const outside = line.pools.find((p) => p.pool === OUTSIDE_POOLS)?.week ?? 0;
    if (cluster === undefined || reported.has(line.clusterId)) return [];
    const found = residualCostFinding(cluster, outside);
    return found === undefined ? [] : [found];
  });
  return [...findings, ...added].sort(compareFindings);
}
