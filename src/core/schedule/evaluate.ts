/**
 * @module Schedule evaluation on the UTC timeline (SPEC §4). Each window instance becomes an
 * interval of instants [start, end); instances are merged into a union, so adjacent windows do not
 * blip and a window that has closed is never re-entered in a repeated (fall-back) hour. Holidays
 * cancel the instances that start on them.
 */
import { assertNever } from "../result.js";
import { MS_PER_DAY, localTime, wallToInstant, weekday, type Zone } from "../time/zone.js";
import { cronStateAt, cronTransitions } from "./cron.js";
import type { DesiredState, HolidayCalendar, Schedule, Transition, Window } from "./types.js";

const NO_HOLIDAYS: HolidayCalendar = new Set();
/** Search horizons for the next transitions; a schedule with none within a year has none. */
const HORIZONS_DAYS = [8, 64, 400] as const;

interface Interval {
  start: number;
  end: number;
}

/** The desired state at an instant. */
export function stateAt(
  schedule: Schedule,
  at: Date,
  holidays: HolidayCalendar = NO_HOLIDAYS,
): DesiredState {
  const atMs = at.getTime();
  switch (schedule.kind) {
    case "always":
      return "running";
    case "never":
      return "stopped";
    case "windows":
      return runningIntervals(schedule.windows, atMs, atMs, holidays).some(
        (interval) => interval.start <= atMs && atMs < interval.end,
      )
        ? "running"
        : "stopped";
    case "cron":
      return cronStateAt(schedule, atMs, holidays);
    default:
      return assertNever(schedule);
  }
}

/** The next `count` changes of desired state strictly after `from`, in time order. */
export function nextTransitions(
  schedule: Schedule,
  from: Date,
  count: number,
  holidays: HolidayCalendar = NO_HOLIDAYS,
): Transition[] {
  const fromMs = from.getTime();
  switch (schedule.kind) {
    case "always":
    case "never":
      return [];
    case "windows":
      return windowTransitions(schedule.windows, fromMs, count, holidays);
    case "cron": {
      const horizon = HORIZONS_DAYS[HORIZONS_DAYS.length - 1] ?? 400;
      return cronTransitions(schedule, fromMs, count, holidays, horizon).map((fire) => ({
        at: new Date(fire.at),
        state: fire.state,
      }));
    }
    default:
      return assertNever(schedule);
  }
}

/** The state at an instant and when it next changes (`null`: not within a year). */
export function checkSchedule(
  schedule: Schedule,
  at: Date,
  holidays: HolidayCalendar = NO_HOLIDAYS,
): { state: DesiredState; nextChange: Date | null } {
  const [next] = nextTransitions(schedule, at, 1, holidays);
  return { state: stateAt(schedule, at, holidays), nextChange: next?.at ?? null };
}

function windowTransitions(
  windows: readonly Window[],
  fromMs: number,
  count: number,
  holidays: HolidayCalendar,
): Transition[] {
  let found: Transition[] = [];
  for (const days of HORIZONS_DAYS) {
    const untilMs = fromMs + days * MS_PER_DAY;
    found = [];
    // Instances not generated start after untilMs, so boundaries before it are final.
    for (const { start, end } of runningIntervals(windows, fromMs, untilMs, holidays)) {
      if (start > fromMs && start < untilMs) found.push({ at: new Date(start), state: "running" });
      if (end > fromMs && end < untilMs) found.push({ at: new Date(end), state: "stopped" });
    }
    if (found.length >= count) break;
  }
  return found.slice(0, count);
}

/**
 * The merged running intervals of every window instance that may overlap [fromMs, untilMs]:
 * instances starting from the local day before `fromMs` (an overnight tail) to the day after
 * `untilMs`.
 */
function runningIntervals(
  windows: readonly Window[],
  fromMs: number,
  untilMs: number,
  holidays: HolidayCalendar,
): Interval[] {
  const instances: Interval[] = [];
  for (const window of windows) {
    const firstDay = localTime(window.zone, fromMs).day - 1;
    const lastDay = localTime(window.zone, untilMs).day + 1;
    for (let day = firstDay; day <= lastDay; day++) {
      const instance = windowInstance(window, day, holidays);
      if (instance) instances.push(instance);
    }
  }
  return mergeIntervals(instances);
}

function windowInstance(window: Window, day: number, holidays: HolidayCalendar): Interval | null {
  if (!window.days[weekday(day)] || holidays.has(day)) return null;
  const start = wallToInstant(window.zone, day, window.start);
  const endDay = window.end > window.start ? day : day + 1;
  const end = wallToInstant(window.zone, endDay, window.end);
  // A window that falls wholly inside a DST gap has no instants at all.
  return end > start ? { start, end } : null;
}

function mergeIntervals(intervals: Interval[]): Interval[] {
  intervals.sort((a, b) => a.start - b.start);
  const merged: Interval[] = [];
  for (const interval of intervals) {
    const last = merged[merged.length - 1];
    if (last && interval.start <= last.end) last.end = Math.max(last.end, interval.end);
    else merged.push({ ...interval });
  }
  return merged;
}

/** The zone people read a schedule in: its first window's, or the cron form's; none for always/never. */
export function scheduleZone(schedule: Schedule): Zone | null {
  switch (schedule.kind) {
    case "windows":
      return schedule.windows[0]?.zone ?? null;
    case "cron":
      return schedule.zone;
    case "always":
    case "never":
      return null;
    default:
      return assertNever(schedule);
  }
}
