/**
 * @module The budget planner (SPEC §7), pure: from a budget, what was observed of its spend, the
 * record of this period and `now`, the next record and the thresholds that fire now.
 *
 * - Spend = billed cost + an intraday estimate: the rate of the scope's running GPU nodes (list
 *   price), integrated over the samples taken since billed cost ends (each evaluation adds one;
 *   the first rate seen is assumed back to where billed cost ends).
 * - Forecast = Azure's, else the linear month-end projection of the spend (none during the first
 *   day: too early to project); never below the spend.
 * - A threshold fires when its measure (spend, or forecast for `forecast: true`) reaches its
 *   percentage of the amount, once per period: what fired is kept in the record, so evaluating
 *   again — or a repeated alert — fires nothing new. Rungs fire lowest first.
 */
import { billedThrough, hoursBetween, periodOf, type Period } from "./period.js";
import type {
  BudgetAction,
  BudgetObservation,
  BudgetRecord,
  BudgetRule,
  FiredThreshold,
  RateSample,
} from "./types.js";

export interface BudgetPlanInput {
  readonly rule: BudgetRule;
  readonly observation: BudgetObservation;
  /** The stored record; one from an earlier period is ignored. */
  readonly previous: BudgetRecord | undefined;
  readonly now: Date;
}

export interface BudgetPlan {
  readonly record: BudgetRecord;
  /** Thresholds firing now, lowest first (already in `record.fired`). */
  readonly fired: readonly FiredThreshold[];
}

/**
 * Most rate samples kept: hourly evaluations over 8 days of billing lag (Azure's is 1–3 days),
 * and small enough for one stored record (~65 characters a sample, 32,000 a record).
 */
export const MAX_SAMPLES = 200;

const MS_PER_DAY = 86_400_000;

export function planBudget(input: BudgetPlanInput): BudgetPlan {
  const { rule, observation: seen, now } = input;
  const period = periodOf(now);
  const previous = input.previous?.period === period.key ? input.previous : undefined;
  const through = billedThrough(now, period, seen.lastBilledDay);
  const samples = keptSamples(
    [...(previous?.samples ?? []), { at: now.toISOString(), usdPerHour: seen.usdPerHour }],
    through,
  );
  // List prices are in USD: no estimate is added to a bill in another currency.
  const intraday = seen.currency === "USD" ? integrate(samples, through, now) : 0;
  const spent = Math.max(seen.billed + intraday, seen.alert?.spent ?? 0);
  const forecast = forecastOf(spent, seen, period, now);
  const already = new Set(previous?.fired.map((f) => f.key));
  const fired = rungsOf(rule)
    .filter((rung) => !already.has(rung.key))
    .flatMap((rung): FiredThreshold[] => {
      const measured = rung.forecast ? forecast : spent;
      if (measured === null || !reaches(measured, seen.amount, rung.percent)) return [];
      return [{ ...rung, at: now.toISOString(), amount: seen.amount, measured }];
    });
  const record: BudgetRecord = {
    budget: rule.name,
    period: period.key,
    evaluatedAt: now.toISOString(),
    currency: seen.currency,
    amount: seen.amount,
    billed: seen.billed,
    billedThrough: through.toISOString(),
    intraday,
    spent,
    forecast,
    samples,
    fired: [...(previous?.fired ?? []), ...fired],
  };
  return { record, fired };
}

/** True when `measured` is at least `percent` % of `amount` (compared without dividing). */
export function reaches(measured: number, amount: number, percent: number): boolean {
  return measured * 100 >= amount * percent;
}

/** `actual-80`, `forecast-100`. */
export function rungKey(percent: number, forecast: boolean): string {
  return `${forecast ? "forecast" : "actual"}-${String(percent)}`;
}

interface Rung {
  readonly key: string;
  readonly percent: number;
  readonly forecast: boolean;
  readonly actions: readonly BudgetAction[];
}

/** The ladder lowest first (actual before forecast at one percentage); equal rungs merged. */
export function rungsOf(rule: BudgetRule): readonly Rung[] {
  const byKey = new Map<string, Rung>();
  for (const t of rule.thresholds) {
    const key = rungKey(t.percent, t.forecast);
    const actions = new Set([...(byKey.get(key)?.actions ?? []), ...t.actions]);
    byKey.set(key, { key, percent: t.percent, forecast: t.forecast, actions: [...actions] });
  }
  return [...byKey.values()].sort(
    (a, b) => a.percent - b.percent || Number(a.forecast) - Number(b.forecast),
  );
}

function forecastOf(
  spent: number,
  seen: BudgetObservation,
  period: Period,
  now: Date,
): number | null {
  const elapsed = now.getTime() - period.start.getTime();
  const length = period.end.getTime() - period.start.getTime();
  const linear = elapsed < MS_PER_DAY ? null : (spent * length) / elapsed;
  const base = seen.azureForecast ?? linear;
  const alerted = seen.alert?.forecast;
  if (base === null && alerted === undefined) return null;
  return Math.max(base ?? 0, alerted ?? 0, spent);
}

/**
 * Samples in time order, one per instant: those after `through`, plus the last one at or before
 * it (its rate holds at `through`); at most {@link MAX_SAMPLES}, the newest.
 */
function keptSamples(samples: readonly RateSample[], through: Date): RateSample[] {
  const byAt = new Map<number, RateSample>();
  for (const s of samples) byAt.set(Date.parse(s.at), s);
  const sorted = [...byAt].sort(([a], [b]) => a - b);
  const firstAfter = sorted.findIndex(([at]) => at > through.getTime());
  const from = firstAfter === -1 ? sorted.length - 1 : Math.max(0, firstAfter - 1);
  return sorted
    .slice(from)
    .map(([, s]) => s)
    .slice(-MAX_SAMPLES);
}

/** USD of the step function the samples describe, over [from, to]; the first rate is back-filled. */
function integrate(samples: readonly RateSample[], from: Date, to: Date): number {
  let usd = 0;
  samples.forEach((sample, i) => {
    const start = i === 0 ? from.getTime() : Math.max(Date.parse(sample.at), from.getTime());
    const next = samples[i + 1];
    const end = Math.min(next === undefined ? to.getTime() : Date.parse(next.at), to.getTime());
    usd += hoursBetween(new Date(start), new Date(end)) * sample.usdPerHour;
  });
  return usd;
}
