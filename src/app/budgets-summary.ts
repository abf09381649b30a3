/**
 * @module A one-line account of a budget evaluation, for logs and the CLI.
 */
import { spendText } from "../core/budget/in-force.js";
import type { BudgetsReport } from "./budgets.js";

export interface BudgetsSummary {
  readonly text: string;
  readonly fired: number;
  readonly failed: number;
}

export function summarizeBudgets(report: BudgetsReport): BudgetsSummary {
  const parts = report.outcomes.map((o) => {
    if (o.error) return `${o.budget} FAILED (${o.error.code}): ${o.error.message}`;
    const spend = o.record
      ? spendText(o.budget, o.record.spent, o.record.amount, o.record.currency)
      : o.budget;
    return o.fired.length === 0 ? spend : `${spend}, fired ${o.fired.map((f) => f.key).join(", ")}`;
  });
  const fired = report.outcomes.reduce((n, o) => n + o.fired.length, 0);
  const failed = report.outcomes.filter((o) => o.error).length;
  const head = `run ${report.runId}, ${String(report.outcomes.length)} budget(s)`;
  return { text: [head, ...parts].join("; "), fired, failed };
}
