/**
 * @module A one-line account of a tick, for logs and the CLI.
 */
import type { TickReport } from "./tick.js";

export interface TickSummary {
  readonly text: string;
  readonly planned: number;
  readonly fired: number;
  readonly failed: number;
  readonly confirmed: number;
}

export function summarizeTick(report: TickReport): TickSummary {
  const { plan, discovery } = report;
  // Cluster and pool actions count alike.
  const results = [...report.results, ...report.poolResults];
  const confirmations = [...plan.confirmations, ...plan.pools.confirmations];
  const planned = plan.actions.length + plan.pools.actions.length;
  const fired = results.filter((r) => r.outcome === "pending" && !r.retry).length;
  const retrying = results.filter((r) => r.retry === true).length;
  const failed =
    results.filter((r) => r.outcome === "failed").length +
    confirmations.filter((c) => c.outcome === "failed").length;
  const confirmed = confirmations.filter((c) => c.outcome === "done").length;
  const parts = [
    `run ${report.runId}`,
    `${discovery.clusters.length} clusters`,
    `${String(planned)} planned`,
    ...(report.applied
      ? [`${fired} fired`, `${retrying} to retry`, `${failed} failed`, `${confirmed} confirmed`]
      : ["dry run"]),
    `${plan.skipped.length} skipped`,
    ...(plan.refused ? [`REFUSED: ${plan.refused.reason}`] : []),
    ...(discovery.unreadable.length > 0 ? [`${discovery.unreadable.length} unreadable`] : []),
  ];
  return { text: parts.join(", "), planned, fired, failed, confirmed };
}
