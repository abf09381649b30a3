/**
 * @module The budget period: the calendar month in UTC. Azure budgets with a `Monthly` time grain
 * reset on the 1st, and Cost Management dates usage by UTC day, so UTC months line both up.
 */

const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 86_400_000;

export interface Period {
  /** `YYYY-MM`. */
  readonly key: string;
  /** Inclusive start (00:00 UTC on the 1st). */
  readonly start: Date;
  /** Exclusive end (00:00 UTC on the 1st of the next month). */
  readonly end: Date;
}

export function periodOf(now: Date): Period {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth();
  return {
    key: `${String(year)}-${String(month + 1).padStart(2, "0")}`,
    start: new Date(Date.UTC(year, month, 1)),
    end: new Date(Date.UTC(year, month + 1, 1)),
  };
}

/**
 * How long billed cost is assumed to lag usage (SPEC §7: 8–24 hours; the upper bound): a UTC day
 * counts as billed once it ended this long ago. When rows for a later day exist, they win.
 */
export const ASSUMED_BILLING_LAG_HOURS = 24;

/** The instant up to which billed cost is taken as complete, within the period and ≤ now. */
export function billedThrough(now: Date, period: Period, lastBilledDay: string | null): Date {
  const lagged = now.getTime() - ASSUMED_BILLING_LAG_HOURS * MS_PER_HOUR;
  const assumed = Math.floor(lagged / MS_PER_DAY) * MS_PER_DAY;
  const fromRows = lastBilledDay === null ? Number.NaN : Date.parse(`${lastBilledDay}T00:00:00Z`);
  const rowsEnd = Number.isNaN(fromRows) ? -Infinity : fromRows + MS_PER_DAY;
  const through = Math.max(assumed, rowsEnd, period.start.getTime());
  return new Date(Math.min(through, now.getTime()));
}

/** Hours between two instants (negative spans count as 0). */
export function hoursBetween(from: Date | string, to: Date | string): number {
  const a = typeof from === "string" ? Date.parse(from) : from.getTime();
  const b = typeof to === "string" ? Date.parse(to) : to.getTime();
  return Math.max(0, b - a) / MS_PER_HOUR;
}

/** `YYYY-MM-DD` of an instant, in UTC. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}
