/**
 * @module The weekly report as a Slack Block Kit message (SPEC §9), within Slack's limits for any
 * fleet size: every list shows its first entries and summarizes the rest ("… and 180 more"),
 * whole lines only — a block is never cut mid-line. The chart goes separately, as a PNG through
 * the files upload v2 flow (`SlackPort.uploadFile`), with `chartComment` as its comment.
 */
import type { Block, SlackMessage } from "../ports/slack.js";
import { context, divider, header, section } from "../slack/blocks.js";
import { LIMITS } from "../slack/limits.js";
import { andMore, packLines, safe } from "../slack/text.js";
import type { WeeklyReport } from "../core/report/index.js";
import {
  basisLabel,
  budgetEventLine,
  budgetLine,
  clusterLine,
  findingLine,
  freshnessLine,
  gpuHoursLine,
  headline,
  otherLine,
  reservationLines,
  savingsLine,
  usd,
  weekLabel,
} from "./lines.js";

/** How many entries each list shows before summarizing. */
export const SHOWN = {
  budgets: 10,
  clusters: 10,
  savings: 5,
  events: 8,
  reservations: 6,
  findings: 8,
} as const;

/** Longest fix shown inline in Slack. */
const FIX_IN_SLACK = 320;

/** Room kept in a section for the "… and N more" line. */
const SECTION_ROOM = LIMITS.sectionText - 200;

/**
 * One section: a bold title, then whole lines (each escaped and clipped to one line) until the
 * count or the room runs out, then how many more there are and what they amount to.
 */
function listSection(title: string, lines: readonly string[], shown: number, rest?: string): Block {
  const escaped = lines.slice(0, shown).map((l) => `• ${safe(l, 600)}`);
  const packed = packLines(escaped, SECTION_ROOM - title.length, 1);
  const kept = packed.chunks[0] ?? "";
  const keptCount = kept === "" ? 0 : kept.split("\n").length;
  const more = andMore(lines.length - keptCount);
  const tail = more === null ? "" : `\n${more}${rest === undefined ? "" : ` (${rest})`}`;
  return section(`*${title}*\n${kept === "" ? "none" : kept}${tail}`);
}

export function reportMessage(report: WeeklyReport): SlackMessage {
  const week = weekLabel(report.week);
  const top = report.clusters.slice(0, SHOWN.clusters);
  const restUsd = report.clusters.slice(SHOWN.clusters).reduce((sum, c) => sum + c.week, 0);
  const blocks: Block[] = [
    header(`GPU cost report · ${week}`),
    section(`:bar_chart: ${safe(headline(report), 1000)}`),
  ];
  const hours = gpuHoursLine(report);
  if (hours !== undefined) blocks.push(context([safe(hours, 300)]));
  blocks.push(
    divider(),
    listSection("Budgets (month to date)", report.budgets.map(budgetLine), SHOWN.budgets),
    listSection(`Top clusters (${basisLabel(report.total)})`, top.map(clusterLine), SHOWN.clusters),
  );
  const restCount = report.clusters.length - top.length;
  const otherLines = [
    ...(restCount > 0 ? [`… and ${String(restCount)} more clusters: ${usd(restUsd)}`] : []),
    otherLine(report),
    `Total: ${usd(report.total.usd)}`,
  ];
  blocks.push(context(otherLines.map((l) => safe(l, 300))));
  blocks.push(
    listSection(
      `Savings delivered: ${usd(report.savings.usd)} (${basisLabel(report.savings)})`,
      report.savingsLines.map(savingsLine),
      SHOWN.savings,
      `total above includes them`,
    ),
  );
  if (report.budgetEvents.length > 0) {
    blocks.push(
      listSection("Budget events", report.budgetEvents.map(budgetEventLine), SHOWN.events),
    );
  }
  if (report.reservations.length > 0) {
    blocks.push(
      listSection(
        "Reservations",
        report.reservations.flatMap(reservationLines),
        SHOWN.reservations,
      ),
    );
  }
  blocks.push(findingsSection(report));
  blocks.push(divider(), context([safe(freshnessLine(report), 1000)]));
  return { text: `GPU cost report · ${week}: ${headline(report)}`, blocks };
}

function findingsSection(report: WeeklyReport): Block {
  const counts = { high: 0, medium: 0, low: 0 };
  for (const f of report.findings) counts[f.severity]++;
  const title =
    `Hygiene findings: ${String(report.findings.length)} ` +
    `(${String(counts.high)} high, ${String(counts.medium)} medium, ${String(counts.low)} low)`;
  // A fix too long for a chat line stays in the Markdown/HTML report rather than being clipped.
  const lines = report.findings.map((f) =>
    f.fix.length <= FIX_IN_SLACK ? `${findingLine(f)} — fix: ${f.fix}` : findingLine(f),
  );
  return listSection(title, lines, SHOWN.findings, "all of them in the Markdown or HTML report");
}

/** The comment that goes with the chart upload. */
export function chartComment(report: WeeklyReport): string {
  return `Daily GPU cost per cluster, ${weekLabel({ from: report.daily[0]?.day ?? report.week.from, to: report.week.to })} (${basisLabel(report.gpuTotal)}), with the budget pace line`;
}
