/**
 * @module Sentences for reservation advice, shared by every renderer (Slack, Markdown, CLI): the
 * verdict, each refusal reason and each pool left out, with money in whole dollars and the price
 * basis it was computed on (`retail API <date>` or `snapshot <date>`).
 */
import { assertNever } from "../result.js";
import { priceBasisLabel } from "../skus/index.js";
import type {
  PoolRefusal,
  RefusalReason,
  ReservationAdvice,
  ReservationTerm,
  TermAnalysis,
} from "./types.js";

const TERM_NAMES: Readonly<Record<ReservationTerm, string>> = { "1y": "1-year", "3y": "3-year" };

const usd = (amount: number): string =>
  `$${Math.round(amount).toLocaleString("en-US", { maximumFractionDigits: 0 })}`;
const percent = (share: number): string => `${String(Math.round(share * 100))} %`;
const perWeek = (share: number): string => `${String(Math.round(share * 168))} h/week`;

/** `(retail API 2026-11-23)`, or both bases when pay-as-you-go and reserved differ. */
export function basisOf(term: TermAnalysis): string {
  const payg = priceBasisLabel(term.payg);
  const reserved = priceBasisLabel(term.reserved);
  return payg === reserved ? `(${payg})` : `(pay-as-you-go ${payg}, reserved ${reserved})`;
}

function termOf(advice: ReservationAdvice, term: ReservationTerm): TermAnalysis | undefined {
  return advice.terms.find((t) => t.term === term);
}

function lossSentence(
  advice: ReservationAdvice,
  term: ReservationTerm,
  breakEven: number,
  loss: number,
): string {
  const analysis = termOf(advice, term);
  const basis = analysis === undefined ? "" : ` ${basisOf(analysis)}`;
  return (
    `a ${TERM_NAMES[term]} reservation pays only from ${percent(breakEven)} ` +
    `(${perWeek(breakEven)}); reserving 1 instance would lose ${usd(loss)} a year${basis}`
  );
}

export function describeRefusal(reason: RefusalReason, advice: ReservationAdvice): string {
  switch (reason.kind) {
    case "unknown-size":
      return `${advice.vmSize} is not a GPU size gpu-warden knows`;
    case "retired":
      return `${advice.vmSize} was retired on ${reason.retirementDate}`;
    case "retiring":
      return `${advice.vmSize} retires on ${reason.retirementDate}, before a reservation would end`;
    case "no-prices":
      return reason.missing === "payg"
        ? `no pay-as-you-go price for ${advice.vmSize} in ${advice.region}`
        : `no reservation price for ${advice.vmSize} in ${advice.region}`;
    case "short-history":
      return `only ${String(reason.hours)} hours of node counts; ${String(reason.needed)} are needed`;
    case "no-eligible-pools":
      return "no pool of this size runs steadily enough to reserve (see the pools below)";
    case "below-break-even":
      return (
        `the pools ran ${percent(reason.uptime)} of hours (${perWeek(reason.uptime)}); ` +
        lossSentence(advice, reason.term, reason.breakEvenUptime, reason.annualLossOfOne)
      );
    default:
      return assertNever(reason);
  }
}

export function describePoolRefusal(refusal: PoolRefusal, advice: ReservationAdvice): string {
  const reason = refusal.reason;
  switch (reason.kind) {
    case "spot":
      return `${refusal.pool}: a Spot pool is never reserved`;
    case "switched-off": {
      const what = reason.detail ?? (reason.by === "schedule" ? "its schedule" : "its idle policy");
      return (
        `${refusal.pool}: ${what} keeps it on ${percent(reason.plannedUptime)} of hours ` +
        `(${perWeek(reason.plannedUptime)}); ` +
        lossSentence(advice, reason.term, reason.breakEvenUptime, reason.annualLossOfOne)
      );
    }
    default:
      return assertNever(reason);
  }
}

/** One line per term, for the 1- vs 3-year comparison. */
export function describeTerms(advice: ReservationAdvice): string[] {
  return advice.terms.map((t) => {
    const head =
      `${TERM_NAMES[t.term]}: break-even ${percent(t.breakEvenUptime)} ` +
      `(${perWeek(t.breakEvenUptime)})`;
    const outcome = t.retiresWithinTerm
      ? "the size retires before the term ends"
      : t.quantity === 0
        ? "no quantity saves money"
        : `best ${String(t.quantity)}, saving ${usd(t.annualSavings)} a year at ` +
          `${percent(t.utilization)} utilization`;
    return `${head}; ${outcome} ${basisOf(t)}`;
  });
}

/** One line for the advice: what to buy and what it saves, or why not. */
export function describeVerdict(advice: ReservationAdvice): string {
  const head = `${advice.vmSize} in ${advice.region}`;
  const verdict = advice.verdict;
  switch (verdict.kind) {
    case "reserve": {
      const analysis = termOf(advice, verdict.term);
      const basis = analysis === undefined ? "" : ` ${basisOf(analysis)}`;
      return (
        `${head}: reserve ${String(verdict.quantity)} for ${TERM_NAMES[verdict.term]}, ` +
        `saving about ${usd(verdict.annualSavings)} a year${basis}`
      );
    }
    case "refuse":
      return `${head}: do not reserve — ${verdict.reasons.map((r) => describeRefusal(r, advice)).join("; ")}`;
    default:
      return assertNever(verdict);
  }
}
