/**
 * @module Reservation advice for one region and VM size (SPEC §8), pure. Spot pools and pools a
 * schedule or idle policy keeps on below break-even are left out of the sizing, each with why and
 * what reserving 1 instance for it would lose a year; the rest are summed hour by hour and every
 * term with prices is computed exactly over the series (`math.ts`). The verdict reserves the term
 * and quantity that save the most a year, or refuses with reasons: retired or retiring size
 * (never recommended; a term the size would not outlive is never chosen), missing prices, too
 * little history, nothing eligible, or uptime below break-even with the yearly loss stated.
 */
import { findSku, retirementStatus, type HourlyPrice } from "../skus/index.js";
import {
  breakEvenUptime,
  maxCount,
  optimalQuantity,
  seriesSavings,
  sumSeries,
  uptimeShare,
  utilization,
} from "./math.js";
import {
  HOURS_PER_YEAR,
  RESERVATION_TERMS,
  TERM_YEARS,
  type PoolRefusal,
  type PoolUsage,
  type RefusalReason,
  type ReservationAdvice,
  type ReservationInput,
  type ReservationTerm,
  type TermAnalysis,
  type Verdict,
} from "./types.js";

const MS_PER_DAY = 86_400_000;

/** Default history needed: 30 days. */
export const DEFAULT_MIN_HOURS = 720;

/** What reserving one instance that runs `uptime` of the hours saves a year (negative: loses). */
export function annualSavingsOfOne(payg: number, reserved: number, uptime: number): number {
  return (payg * uptime - reserved) * HOURS_PER_YEAR;
}

interface PricedTerm {
  readonly term: ReservationTerm;
  readonly payg: HourlyPrice;
  readonly reserved: HourlyPrice;
  readonly retiresWithinTerm: boolean;
}

function pricedTerms(input: ReservationInput, retirementDate: string | undefined): PricedTerm[] {
  const payg = input.prices.payg;
  if (payg === undefined || payg.usdPerHour <= 0) return [];
  const retiresAt =
    retirementDate === undefined ? Infinity : Date.parse(`${retirementDate}T00:00:00Z`);
  return RESERVATION_TERMS.flatMap((term): PricedTerm[] => {
    const reserved = term === "1y" ? input.prices.reserved1y : input.prices.reserved3y;
    if (reserved === undefined) return [];
    const termEnd = input.on.getTime() + TERM_YEARS[term] * 365 * MS_PER_DAY;
    return [{ term, payg, reserved, retiresWithinTerm: retiresAt < termEnd }];
  });
}

/** The term whose break-even is lowest (the most favourable to reserving). */
function mostFavourable(terms: readonly PricedTerm[]): PricedTerm | undefined {
  const ratio = (t: PricedTerm): number => t.reserved.usdPerHour / t.payg.usdPerHour;
  return terms.reduce<PricedTerm | undefined>(
    (best, t) => (best === undefined || ratio(t) < ratio(best) ? t : best),
    undefined,
  );
}

function exclusion(pool: PoolUsage, best: PricedTerm | undefined): PoolRefusal | undefined {
  if (pool.priority === "Spot") return { pool: pool.pool, reason: { kind: "spot" } };
  if (pool.plan === undefined || best === undefined) return undefined;
  const payg = best.payg.usdPerHour;
  const reserved = best.reserved.usdPerHour;
  const breakEven = breakEvenUptime(payg, reserved);
  if (pool.plan.uptime >= breakEven) return undefined;
  return {
    pool: pool.pool,
    reason: {
      kind: "switched-off",
      by: pool.plan.by,
      ...(pool.plan.detail === undefined ? {} : { detail: pool.plan.detail }),
      plannedUptime: pool.plan.uptime,
      term: best.term,
      breakEvenUptime: breakEven,
      annualLossOfOne: -annualSavingsOfOne(payg, reserved, pool.plan.uptime),
    },
  };
}

function analyse(series: readonly number[], priced: PricedTerm): TermAnalysis {
  const payg = priced.payg.usdPerHour;
  const reserved = priced.reserved.usdPerHour;
  const breakEven = breakEvenUptime(payg, reserved);
  const quantity = optimalQuantity(series, payg, reserved);
  const savings = seriesSavings(series, quantity, payg, reserved);
  return {
    ...priced,
    breakEvenUptime: breakEven,
    breakEvenHoursPerWeek: 168 * breakEven,
    quantity,
    seriesSavings: savings,
    annualSavings: series.length === 0 ? 0 : (savings * HOURS_PER_YEAR) / series.length,
    utilization: utilization(series, quantity),
    annualSavingsOfOne: annualSavingsOfOne(payg, reserved, uptimeShare(series)),
  };
}

export function adviseReservation(input: ReservationInput): ReservationAdvice {
  const sku = findSku(input.vmSize);
  const priced = pricedTerms(input, sku?.retirementDate);
  const best = mostFavourable(priced);
  const excluded: PoolRefusal[] = [];
  const sized: PoolUsage[] = [];
  for (const pool of input.pools) {
    const refusal = exclusion(pool, best);
    if (refusal === undefined) sized.push(pool);
    else excluded.push(refusal);
  }
  const series = sumSeries(sized.map((p) => p.hourlyCounts));
  const terms = priced.map((t) => analyse(series, t));
  const minHours = input.minHours ?? DEFAULT_MIN_HOURS;
  const reasons: RefusalReason[] = [];
  if (sku === undefined) reasons.push({ kind: "unknown-size" });
  else if (sku.retirementDate !== undefined) {
    const status = retirementStatus(sku, input.on);
    if (status !== "active") reasons.push({ kind: status, retirementDate: sku.retirementDate });
  }
  if (!((input.prices.payg?.usdPerHour ?? 0) > 0)) {
    reasons.push({ kind: "no-prices", missing: "payg" });
  } else if (priced.length === 0) reasons.push({ kind: "no-prices", missing: "reservation" });
  if (sized.length === 0) reasons.push({ kind: "no-eligible-pools" });
  else if (series.length < minHours) {
    reasons.push({ kind: "short-history", hours: series.length, needed: minHours });
  }
  return {
    vmSize: sku?.vmSize ?? input.vmSize,
    region: input.region.toLowerCase(),
    hours: series.length,
    uptime: uptimeShare(series),
    maxCount: maxCount(series),
    terms,
    verdict: verdict(reasons, terms, series, sku?.retirementDate),
    excluded,
  };
}

function verdict(
  reasons: RefusalReason[],
  terms: readonly TermAnalysis[],
  series: readonly number[],
  retirementDate: string | undefined,
): Verdict {
  if (reasons.length > 0) return { kind: "refuse", reasons };
  const allowed = terms.filter((t) => !t.retiresWithinTerm);
  const winner = allowed
    .filter((t) => t.quantity > 0)
    .reduce<TermAnalysis | undefined>(
      (w, t) => (w === undefined || t.annualSavings > w.annualSavings ? t : w),
      undefined,
    );
  if (winner !== undefined) {
    const { term, quantity, annualSavings } = winner;
    return { kind: "reserve", term, quantity, annualSavings };
  }
  const favourable = allowed.reduce<TermAnalysis | undefined>(
    (f, t) => (f === undefined || t.breakEvenUptime < f.breakEvenUptime ? t : f),
    undefined,
  );
  if (favourable === undefined) {
    // Every priced term outlives the size (reasons above already cover a missing price).
    return {
      kind: "refuse",
      reasons: [{ kind: "retiring", retirementDate: retirementDate ?? "" }],
    };
  }
  return {
    kind: "refuse",
    reasons: [
      {
        kind: "below-break-even",
        uptime: uptimeShare(series),
        term: favourable.term,
        breakEvenUptime: favourable.breakEvenUptime,
        annualLossOfOne: -favourable.annualSavingsOfOne,
      },
    ],
  };
}
