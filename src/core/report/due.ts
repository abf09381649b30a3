/**
 * @module When the weekly report is due (SPEC §9, §11), pure. The `reports` timer fires every
 * hour on the hour in UTC; the report is due at the firing whose past hour contains the
 * configured local day and time (`reports.weekly.day` / `.time`, in the policy's zone), so a local
 * 09:00 is sent at 17:00 UTC in winter and 16:00 UTC in summer in Los Angeles. A local time that
 * a spring-forward gap skips counts from the first instant after the gap, one that happens twice
 * from its first occurrence (src/core/time/zone.ts). Each local week has exactly one such instant,
 * and the hours `(H − 1 h, H]` of the firings tile time, so exactly one firing a week is due;
 * the week's key (its ISO week) lets the sender claim it once.
 */
import {
  formatDate,
  localTime,
  MS_PER_DAY,
  wallToInstant,
  weekday,
  type Zone,
} from "../time/zone.js";

export const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface WeeklySchedule {
  readonly day: Weekday;
  /** Local `HH:MM`. */
  readonly time: string;
}

export interface ReportSlot {
  /** ISO week of the local date the report is for: `2026-W49`. */
  readonly week: string;
  /** The local date (`YYYY-MM-DD`) and the instant of the configured day and time. */
  readonly localDate: string;
  readonly at: Date;
}

export type DueDecision =
  ({ readonly due: true } & ReportSlot) | { readonly due: false; readonly next: ReportSlot };

const MS_PER_HOUR = 3_600_000;

/**
 * Whether a firing at `now` sends the week's report. `now` is taken to the hour it fires at
 * (a timer runs a few ms late), and the report is due when the configured instant lies in the
 * hour that ends there. Otherwise, the next slot (for logs).
 */
export function weeklyReportDue(schedule: WeeklySchedule, zone: Zone, now: Date): DueDecision {
  const firing = Math.floor(now.getTime() / MS_PER_HOUR) * MS_PER_HOUR;
  const { day } = localTime(zone, firing);
  const inHour = (slot: ReportSlot): boolean =>
    slot.at.getTime() > firing - MS_PER_HOUR && slot.at.getTime() <= firing;
  const current = slotOfWeek(schedule, zone, day);
  if (inHour(current)) return { due: true, ...current };
  if (current.at.getTime() <= firing)
    return { due: false, next: slotOfWeek(schedule, zone, day + 7) };
  // Still ahead this week; the week before may have ended within the hour (a Sunday-night
  // slot seen at Monday's first firing).
  const previous = slotOfWeek(schedule, zone, day - 7);
  return inHour(previous) ? { due: true, ...previous } : { due: false, next: current };
}

/** The slot of the Monday-to-Sunday local week that contains the epoch day `day`. */
export function slotOfWeek(schedule: WeeklySchedule, zone: Zone, day: number): ReportSlot {
  const monday = day - weekday(day);
  const date = monday + WEEKDAYS.indexOf(schedule.day);
  const [hours = 0, minutes = 0] = schedule.time.split(":").map(Number);
  return {
    week: isoWeek(date),
    localDate: formatDate(date),
    at: new Date(wallToInstant(zone, date, hours * 60 + minutes)),
  };
}

/** ISO-8601 week of an epoch day: `2026-W01` is the week with the year's first Thursday. */
export function isoWeek(day: number): string {
  const thursday = day - weekday(day) + 3;
  const year = new Date(thursday * MS_PER_DAY).getUTCFullYear();
  const firstDay = Date.UTC(year, 0, 1) / MS_PER_DAY;
  const week = Math.floor((thursday - firstDay) / 7) + 1;
  return `${String(year)}-W${String(week).padStart(2, "0")}`;
}
