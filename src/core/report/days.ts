/**
 * @module UTC calendar days as `YYYY-MM-DD` strings (which sort as they read): adding days,
 * ranges, month lengths — the arithmetic of report weeks and the budget pace line.
 */

const MS_PER_DAY = 86_400_000;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function isDay(text: string): boolean {
  return DAY.test(text) && Number.isFinite(Date.parse(`${text}T00:00:00Z`));
}

/** The UTC day of an instant. */
export function dayOf(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

/** Midnight UTC starting the day, in ms. */
export function dayStartMs(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}

export function addDays(day: string, days: number): string {
  return new Date(dayStartMs(day) + days * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Every day from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}

export function daysInMonth(day: string): number {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function dayOfMonth(day: string): number {
  return Number(day.slice(8, 10));
}

export function monthStart(day: string): string {
  return `${day.slice(0, 7)}-01`;
}

/** Rounds money to cents (half away from zero), as integer cents. */
export function toCents(usd: number): number {
  return Math.sign(usd) * Math.round(Math.abs(usd) * 100);
}
