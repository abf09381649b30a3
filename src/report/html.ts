/**
 * @module The weekly report as one self-contained HTML page (CLI `--format html`, the demo's
 * weekly-report.html): inline CSS, the chart embedded as a `data:` URI PNG, no script and no
 * external resource, so it opens offline and can be mailed as is. Everything is escaped.
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

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1f2328;max-width:1040px;margin:24px auto;padding:0 16px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
.headline{font-size:16px;margin:8px 0 16px}.muted{color:#59636e;font-size:12px}
table{border-collapse:collapse;width:100%}th,td{padding:4px 8px;border-bottom:1px solid #eaeef2;text-align:left;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}tr.total td{font-weight:600;border-top:2px solid #d0d7de}
img.chart{max-width:100%;border:1px solid #d0d7de;border-radius:6px}
.sev-high{color:#cf222e;font-weight:600}.sev-medium{color:#9a6700;font-weight:600}.sev-low{color:#59636e}
ul{padding-left:20px}li{margin:2px 0}dl{margin:2px 0 10px 20px}dt{font-weight:600}dd{margin:0 0 2px 12px}
`;

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

const e = escapeHtml;

function list(lines: readonly string[], empty: string): string {
  if (lines.length === 0) return `<p class="muted">${e(empty)}</p>`;
  return `<ul>${lines.map((l) => `<li>${e(l)}</li>`).join("")}</ul>`;
}

/** The page; `chartPng` (the bytes of the chart) is embedded when given. */
export function renderHtml(report: WeeklyReport, chartPng?: Uint8Array): string {
  const title = `GPU cost report — week of ${weekLabel(report.week)}`;
  const chart =
    chartPng === undefined
      ? ""
      : `<img class="chart" alt="Daily GPU cost per cluster over 14 days, stacked, with the budget pace line" src="data:image/png;base64,${Buffer.from(chartPng).toString("base64")}">`;
  const rows = report.clusters
    .map(
      (c) =>
        `<tr><td>${e(c.cluster)}${c.powerState === "Stopped" ? ' <span class="muted">(stopped)</span>' : ""}</td>` +
        `<td class="n">${e(usd(c.week))}</td><td class="n">${e(change(c.week, c.previousWeek))}</td>` +
        `<td class="n">${e(usd(c.gpuWeek))}</td><td>${e(poolsOf(c))}</td></tr>`,
    )
    .join("");
  const findings = report.findings
    .map((f) => {
      const money = findingMoney(f);
      return (
        `<dt class="sev-${f.severity}">${e(findingLine(f))}</dt>` +
        `<dd>evidence: ${e(f.evidence)}</dd><dd>fix: <code>${e(f.fix)}</code></dd>` +
        (money === undefined ? "" : `<dd>at stake: ${e(money)}</dd>`)
      );
    })
    .join("");
  const hours = gpuHoursLine(report);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title><style>${STYLE}</style></head><body>
<h1>${e(title)}</h1>
<p class="headline">${e(headline(report))}</p>
${chart}
${hours === undefined ? "" : `<p>${e(hours)}</p>`}
<h2>Budgets</h2>${list(report.budgets.map(budgetLine), "No budgets configured.")}
<h2>Clusters <span class="muted">(${e(basisLabel(report.total))})</span></h2>
<table><thead><tr><th>cluster</th><th class="n">this week</th><th class="n">vs last week</th><th class="n">GPU</th><th>pools</th></tr></thead><tbody>
${rows}
<tr><td>other (not mapped to a cluster)</td><td class="n">${e(usd(report.other.week))}</td><td class="n">${e(change(report.other.week, report.other.previousWeek))}</td><td></td><td></td></tr>
<tr class="total"><td>total</td><td class="n">${e(usd(report.total.usd))}</td><td class="n">${e(change(report.total.usd, report.previousTotal.usd))}</td><td class="n">${e(usd(report.gpuTotal.usd))}</td><td></td></tr>
</tbody></table>
<h2>Savings delivered: ${e(usd(report.savings.usd))} <span class="muted">(${e(basisLabel(report.savings))})</span></h2>
${list(report.savingsLines.map(savingsLine), "Nothing was stopped or scaled to zero.")}
<h2>Budget events</h2>${list(report.budgetEvents.map(budgetEventLine), "No threshold crossed this week.")}
<h2>Reservations</h2>${list(report.reservations.flatMap(reservationLines), "No reservation advice.")}
<h2>Hygiene findings (${String(report.findings.length)})</h2>
${findings === "" ? '<p class="muted">None.</p>' : `<dl>${findings}</dl>`}
<p class="muted">${e(freshnessLine(report))} Generated ${e(report.generatedAt)}.</p>
</body></html>
`;
}
