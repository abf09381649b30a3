/**
 * @module The weekly report as Markdown (CLI `--format md`, the demo's weekly-report.md): every
 * cluster with cost in a table (the model is already summarized: pools per cluster are capped),
 * budgets, savings, budget events, reservation advice beside Azure's, hygiene findings with
 * evidence and fix, and the data-freshness note. The chart is linked when a file name is given.
 */
import type { WeeklyReport } from "../core/report/index.js";
import {
  basisLabel,
  budgetEventLine,
  budgetLine,
  change,
  findingLine,
  findingMoney,
  freshnessLine,
  gpuHoursLine,
  headline,
  poolsOf,
  reservationLines,
  savingsLine,
  usd,
  weekLabel,
} from "./lines.js";

export interface MarkdownOptions {
  /** A chart image next to the Markdown file (`weekly-report.png`). */
  readonly chartFile?: string;
}

/** Table cells: no pipes or line breaks from names. */
const cell = (text: string): string => text.replace(/\|/g, "\\|").replace(/\s+/g, " ");

export function renderMarkdown(report: WeeklyReport, options: MarkdownOptions = {}): string {
  const out: string[] = [`# GPU cost report — week of ${weekLabel(report.week)}`, ""];
  out.push(headline(report), "");
  if (options.chartFile !== undefined) {
    out.push(
      `![Daily GPU cost per cluster, 14 days, with the budget pace](${options.chartFile})`,
      "",
    );
  }
  const hours = gpuHoursLine(report);
  if (hours !== undefined) out.push(hours, "");

  out.push("## Budgets", "");
  out.push(...list(report.budgets.map(budgetLine), "No budgets configured."), "");

  out.push(`## Clusters (${basisLabel(report.total)})`, "");
  out.push("| cluster | this week | vs last week | GPU | pools |", "|---|---:|---:|---:|---|");
  for (const c of report.clusters) {
    const state = c.powerState === "Stopped" ? " (stopped)" : "";
    out.push(
      `| ${cell(c.cluster + state)} | ${usd(c.week)} | ${change(c.week, c.previousWeek)} | ${usd(c.gpuWeek)} | ${cell(poolsOf(c))} |`,
    );
  }
  out.push(
    `| other (not mapped to a cluster) | ${usd(report.other.week)} | ${change(report.other.week, report.other.previousWeek)} | | |`,
    `| **total** | **${usd(report.total.usd)}** | ${change(report.total.usd, report.previousTotal.usd)} | ${usd(report.gpuTotal.usd)} | |`,
    "",
  );

  out.push(`## Savings delivered: ${usd(report.savings.usd)} (${basisLabel(report.savings)})`, "");
  out.push(
    ...list(report.savingsLines.map(savingsLine), "Nothing was stopped or scaled to zero."),
    "",
  );

  out.push("## Budget events", "");
  out.push(
    ...list(report.budgetEvents.map(budgetEventLine), "No threshold crossed this week."),
    "",
  );

  out.push("## Reservations", "");
  out.push(...list(report.reservations.flatMap(reservationLines), "No reservation advice."), "");

  out.push(`## Hygiene findings (${String(report.findings.length)})`, "");
  if (report.findings.length === 0) out.push("None.", "");
  for (const f of report.findings) {
    const money = findingMoney(f);
    out.push(`- **${findingLine(f)}**`, `  - evidence: ${f.evidence}`, `  - fix: ${f.fix}`);
    if (money !== undefined) out.push(`  - at stake: ${money}`);
  }
  out.push("", "---", "", freshnessLine(report), "");
  return out.join("\n");
}

function list(lines: readonly string[], empty: string): string[] {
  return lines.length === 0 ? [empty] : lines.map((line) => `- ${line}`);
}
