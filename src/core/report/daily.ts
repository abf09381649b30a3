/**
 * @module The chart's data: daily GPU cost per cluster over the chart's days — the top clusters
 * by their GPU cost over those days by name, the rest as one `other clusters` band — with the
 * cumulative month-to-date GPU cost and the budget pace line (budget ÷ days in the month,
 * cumulative; it restarts with each month).
 */
import type { Cluster } from "../fleet/types.js";
import type { CostAggregator } from "./aggregate.js";
import { dayOfMonth, daysInMonth, monthStart, toCents } from "./days.js";
import type { DaySeries } from "./types.js";

export const OTHER_CLUSTERS = "other clusters";

export function dailySeries(
  fleet: readonly Cluster[],
  agg: CostAggregator,
  days: readonly string[],
  top: number,
  paceBudget: number | null,
): DaySeries[] {
  const n = days.length;
  const totals = fleet.map((_, c) => {
    let sum = 0;
    for (let d = 0; d < n; d++) sum += agg.chart[c * n + d] ?? 0;
    return { c, sum };
  });
  const named = totals
    .filter((t) => t.sum > 0)
    .sort((a, b) => b.sum - a.sum)
    .slice(0, top)
    .map((t) => t.c);
  const namedSet = new Set(named);
  const nameOf = (c: number): string => {
    const cluster = fleet[c];
    return cluster === undefined ? "?" : `${cluster.resourceGroup}/${cluster.name}`;
  };

  return days.map((day, d) => {
    const byCluster: Record<string, number> = {};
    for (const c of named) {
      const usd = toCents(agg.chart[c * n + d] ?? 0) / 100;
      if (usd !== 0) byCluster[nameOf(c)] = usd;
    }
    let rest = 0;
    for (let c = 0; c < fleet.length; c++) {
      if (!namedSet.has(c)) rest += agg.chart[c * n + d] ?? 0;
    }
    const restUsd = toCents(rest) / 100;
    if (restUsd !== 0) byCluster[OTHER_CLUSTERS] = restUsd;
    const total = Object.values(byCluster).reduce((sum, usd) => sum + toCents(usd), 0) / 100;
    return {
      day,
      byCluster,
      total,
      cumulative: toCents(cumulativeGpu(agg.gpuByDay, day)) / 100,
      pace:
        paceBudget === null
          ? null
          : toCents((paceBudget * dayOfMonth(day)) / daysInMonth(day)) / 100,
    };
  });
}

/** GPU cost from the first of `day`'s month through `day`. */
function cumulativeGpu(byDay: ReadonlyMap<string, number>, day: string): number {
  const first = monthStart(day);
  let sum = 0;
  for (const [d, usd] of byDay) if (d >= first && d <= day) sum += usd;
  return sum;
}
