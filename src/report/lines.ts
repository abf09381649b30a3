/**
 * @module The weekly report's sentences, as plain text, shared by every renderer (Markdown, HTML,
 * Slack escape them their own way): the headline, a line per budget, cluster, pool, savings
 * entry, budget event, reservation verdict and finding, and the data-freshness note. Every money
 * figure names its basis: billed cost, or list price with the price's date.
 */
import type { Finding } from "../core/hygiene/index.js";
import type {
  BudgetEvent,
  BudgetStatus,
  ClusterLine,
  Money,
  SavingsLine,
  WeeklyReport,
} from "../core/report/index.js";
import { describeVerdict, type AdviceBesideAzure } from "../core/reservations/index.js";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const TERMS = { "1y": "1-year", "3y": "3-year" } as const;

export function usd(amount: number): string {
  const sign = amount < 0 ? "−" : "";
  return `${sign}$${Math.abs(amount).toLocaleString("en-US", {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  })}`;
}

export function signedUsd(amount: number): string {
  return amount > 0 ? `+${usd(amount)}` : usd(amount);
}

/** `+12 %`, or `new` when there was nothing before. */
export function change(now: number, before: number): string {
  if (before === 0) return now === 0 ? "±0 %" : "new";
  const pct = Math.round(((now - before) / before) * 100);
  return `${pct > 0 ? "+" : pct < 0 ? "−" : "±"}${String(Math.abs(pct))} %`;
}

/** `billed cost` or `list-price estimate, snapshot 2026-09-12`. */
export function basisLabel(money: Money): string {
  switch (money.basis) {
    case "billed":
      return "billed cost";
    case "list-price":
      return money.priceLabel === undefined
        ? "list-price estimate"
        : `list-price estimate, ${money.priceLabel}`;
  }
}

/** `16–22 Nov 2026`, `28 Nov – 4 Dec 2026`. */
export function weekLabel(week: WeeklyReport["week"]): string {
  const [fy, fm, fd] = week.from.split("-").map(Number);
  const [ty, tm, td] = week.to.split("-").map(Number);
  const month = (m: number | undefined): string => MONTHS[(m ?? 1) - 1] ?? "";
  if (fy === ty && fm === tm) return `${String(fd)}–${String(td)} ${month(tm)} ${String(ty)}`;
  return `${String(fd)} ${month(fm)} – ${String(td)} ${month(tm)} ${String(ty)}`;
}

export function headline(report: WeeklyReport): string {
  const delta = report.total.usd - report.previousTotal.usd;
  return (
    `${usd(report.total.usd)} this week (${signedUsd(delta)}, ` +
    `${change(report.total.usd, report.previousTotal.usd)} vs ${usd(report.previousTotal.usd)} ` +
    `the week before); GPU pools ${usd(report.gpuTotal.usd)} — ${basisLabel(report.total)}`
  );
}

export function budgetLine(b: BudgetStatus): string {
  const share = (n: number): string =>
    b.amount > 0 ? `${String(Math.round((n / b.amount) * 100))} %` : "?";
  const state =
    b.forecast !== null && b.forecast > b.amount
      ? "🔴 forecast over budget"
      : b.spent > b.amount * 0.8
        ? "🟠 over 80 % spent"
        : "🟢 on track";
  const forecast =
    b.forecast === null ? "no forecast yet" : `forecast ${usd(b.forecast)} (${share(b.forecast)})`;
  return `${b.name}: ${usd(b.spent)} of ${usd(b.amount)} month to date (${share(b.spent)}), ${forecast} — ${state}`;
}

export function clusterLine(c: ClusterLine): string {
  const stopped = c.powerState === "Stopped" ? " (stopped now)" : "";
  return (
    `${c.cluster}${stopped}: ${usd(c.week)} (${change(c.week, c.previousWeek)}), ` +
    `GPU ${usd(c.gpuWeek)}`
  );
}

export function poolsOf(c: ClusterLine, max = 4): string {
  const shown = c.pools
    .slice(0, max)
    .map((p) => `${p.pool}${p.gpu ? " (GPU)" : ""} ${usd(p.week)}`);
  const more = c.pools.length - shown.length;
  return shown.join(", ") + (more > 0 ? `, and ${String(more)} more` : "");
}

export function otherLine(report: WeeklyReport): string {
  return (
    `Other (not mapped to a cluster): ${usd(report.other.week)} ` +
    `(${change(report.other.week, report.other.previousWeek)})`
  );
}

export function savingsLine(s: SavingsLine): string {
  const what = s.kind === "stop" ? "stopped" : `pool ${s.pool ?? "?"} scaled to zero`;
  const open = s.open ? ", still off" : "";
  return `${s.cluster} ${what}: ${s.nodeHours.toFixed(1)} node-hours avoided${open} — ${usd(s.usd)}`;
}

export function budgetEventLine(e: BudgetEvent): string {
  const what = e.forecast ? "forecast crossed" : "crossed";
  const actions = e.actions.filter((a) => a !== "notify");
  return (
    `${e.budget} ${what} ${String(e.percent)} % on ${e.at.slice(0, 16).replace("T", " ")} UTC` +
    (actions.length === 0 ? "" : `: ${actions.join(", ")}`)
  );
}

/** Our verdict (with its price basis), then each of Azure's recommendations beside it. */
export function reservationLines(pair: AdviceBesideAzure): string[] {
  const ours = pair.ours === undefined ? [] : [describeVerdict(pair.ours)];
  const azure = pair.azure.map(
    (rec) =>
      `Azure (${rec.lookBackPeriod}, ${rec.scope}) for ${rec.vmSize} in ${rec.region}: ` +
      `${String(rec.quantity)} × ${TERMS[rec.term]}, net savings ${usd(rec.netSavings)} (billing currency)`,
  );
  return [...ours, ...azure];
}

export function findingLine(f: Finding): string {
  const where = f.pool === undefined ? f.cluster : `${f.cluster}/${f.pool}`;
  return `[${f.severity}] ${where}: ${f.title}`;
}

export function findingMoney(f: Finding): string | undefined {
  return f.money === undefined
    ? undefined
    : `${usd(f.money.usd)} per ${f.money.per} (${f.money.basis})`;
}

export function freshnessLine(report: WeeklyReport): string {
  const f = report.freshness;
  const last = f.lastCostDay === null ? "no billed cost yet" : `billed cost up to ${f.lastCostDay}`;
  const missing =
    f.missingDays.length === 0
      ? ""
      : `; no cost rows yet for ${f.missingDays.join(", ")} (billing lags)`;
  const rejected = f.rejectedRows === 0 ? "" : `; ${String(f.rejectedRows)} malformed rows skipped`;
  return (
    `Data: ${last} (${f.rows.toLocaleString("en-US")} rows)${missing}${rejected}. ` +
    `Costs are billed cost (Cost Management); savings are estimates at list price.`
  );
}

export function gpuHoursLine(report: WeeklyReport): string | undefined {
  const h = report.gpuHours;
  if (h === null || h === undefined) return undefined;
  const share = h.paid > 0 ? Math.round((h.idle / h.paid) * 100) : 0;
  return `GPU node-hours paid ${h.paid.toFixed(0)}, idle ${h.idle.toFixed(0)} (${String(share)} %)`;
}
