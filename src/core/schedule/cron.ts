/**
 * @module The cron form of a schedule (`{ start, stop, timezone }`, as KEDA's cron scaler): the
 * desired state is whichever of start/stop fired last. Standard 5-field expressions (numbers,
 * names, ranges, steps, lists); `L`, `W`, `#` and `?` are rejected. Fire times are wall-clock
 * times in the zone, mapped to instants with the same DST rules as windows; a stop and a start
 * firing at the same instant resolve to stopped.
 */
import { CronExpressionParser } from "cron-parser";
import { ok, type Result } from "../result.js";
import { MS_PER_DAY, resolveZone, wallToInstant, weekday, type Zone } from "../time/zone.js";
import { invalid, unknownZone } from "./errors.js";
import type {
  CronRule,
  CronScheduleInput,
  DesiredState,
  HolidayCalendar,
  Schedule,
  ScheduleError,
} from "./types.js";

export function parseCronSchedule(
  input: CronScheduleInput,
  defaultZone: Zone,
): Result<Schedule, ScheduleError> {
  let zone = defaultZone;
  if (input.timezone !== undefined) {
    const named = resolveZone(input.timezone);
    if (!named) return invalid(input.timezone, unknownZone(input.timezone));
    zone = named;
  }
  const start = parseCronRule(input.start, "start");
  if (!start.ok) return start;
  const stop = parseCronRule(input.stop, "stop");
  if (!stop.ok) return stop;
  if (input.start.trim() === input.stop.trim()) {
    return invalid(input.stop, `cron start and stop are the same expression '${input.stop}'`);
  }
  const text = `start '${input.start}', stop '${input.stop}' (${zone.name})`;
  return ok({ kind: "cron", text, start: start.value, stop: stop.value, zone });
}

function parseCronRule(text: string, role: "start" | "stop"): Result<CronRule, ScheduleError> {
  const fields = text.trim().split(/\s+/);
  if (fields.length !== 5 || text.trim() === "") {
    return invalid(
      text,
      `cron ${role} '${text}' must have 5 fields (minute hour day month weekday)`,
    );
  }
  const special = /[LW#?]/i.exec(text.replace(/[a-z]{3}/gi, ""));
  if (special) {
    return invalid(text, `cron ${role} '${text}': '${special[0]}' is not supported`);
  }
  try {
    const parsed = CronExpressionParser.parse(text.trim()).fields;
    const weekdays = new Set(parsed.dayOfWeek.values.map((day) => Number(day) % 7));
    return ok({
      text,
      minutes: parsed.minute.values.map(Number),
      hours: parsed.hour.values.map(Number),
      daysOfMonth: new Set(parsed.dayOfMonth.values.map(Number)),
      months: new Set(parsed.month.values.map(Number)),
      weekdays,
      dayOfMonthRestricted: !parsed.dayOfMonth.isWildcard,
      weekdayRestricted: !parsed.dayOfWeek.isWildcard,
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return invalid(text, `cron ${role} '${text}': ${reason}`);
  }
}

interface CronSchedule {
  readonly start: CronRule;
  readonly stop: CronRule;
  readonly zone: Zone;
}

interface Fire {
  readonly at: number;
  readonly state: DesiredState;
}

/** How far back a cron pair is searched for its last firing; none found → stopped. */
const LOOKBACK_DAYS = 400;

/** The state set by the last firing at or before `atMs`. */
export function cronStateAt(
  cron: CronSchedule,
  atMs: number,
  holidays: HolidayCalendar,
): DesiredState {
  const lastDay = Math.floor(atMs / MS_PER_DAY) + 1;
  for (let day = lastDay; day > lastDay - LOOKBACK_DAYS; day--) {
    const fires = firesOn(cron, day, holidays).filter((fire) => fire.at <= atMs);
    const last = fires[fires.length - 1];
    if (last) return last.state;
  }
  return "stopped";
}

/** Firings after `fromMs` (exclusive) that change the state, up to `count`, within `horizonDays`. */
export function cronTransitions(
  cron: CronSchedule,
  fromMs: number,
  count: number,
  holidays: HolidayCalendar,
  horizonDays: number,
): Fire[] {
  let state = cronStateAt(cron, fromMs, holidays);
  const changes: Fire[] = [];
  const firstDay = Math.floor(fromMs / MS_PER_DAY) - 1;
  for (let day = firstDay; day <= firstDay + horizonDays && changes.length < count; day++) {
    for (const fire of firesOn(cron, day, holidays)) {
      if (fire.at <= fromMs || fire.state === state) continue;
      state = fire.state;
      changes.push(fire);
      if (changes.length === count) break;
    }
  }
  return changes;
}

/**
 * The firings whose wall-clock date is `day` in the cron's zone, in time order; at one instant
 * the stop firing sorts last, so it wins. Start firings on holidays are cancelled.
 */
function firesOn(cron: CronSchedule, day: number, holidays: HolidayCalendar): Fire[] {
  const fires: Fire[] = [];
  if (!holidays.has(day)) fires.push(...ruleFires(cron.start, cron.zone, day, "running"));
  fires.push(...ruleFires(cron.stop, cron.zone, day, "stopped"));
  return fires.sort((a, b) => a.at - b.at || (a.state === "stopped" ? 1 : -1));
}

function ruleFires(rule: CronRule, zone: Zone, day: number, state: DesiredState): Fire[] {
  if (!dayMatches(rule, day)) return [];
  const fires: Fire[] = [];
  for (const hour of rule.hours) {
    for (const minute of rule.minutes) {
      fires.push({ at: wallToInstant(zone, day, hour * 60 + minute), state });
    }
  }
  return fires;
}

function dayMatches(rule: CronRule, day: number): boolean {
  const date = new Date(day * MS_PER_DAY);
  if (!rule.months.has(date.getUTCMonth() + 1)) return false;
  const byDate = rule.daysOfMonth.has(date.getUTCDate());
  const byWeekday = rule.weekdays.has((weekday(day) + 1) % 7);
  if (rule.dayOfMonthRestricted && rule.weekdayRestricted) return byDate || byWeekday;
  return byDate && byWeekday;
}
