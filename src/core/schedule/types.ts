/**
 * @module Schedule types (SPEC §4): a parsed schedule is a closed union; errors name the token.
 */
import type { Zone } from "../time/zone.js";

/** What a schedule says a cluster should be. */
export type DesiredState = "running" | "stopped";

/** One `days start-end [zone]` window. Minutes are wall-clock minutes of the day. */
export interface Window {
  /** Seven flags, Monday first: does a window instance start on that weekday? */
  readonly days: readonly boolean[];
  /** 0..1439. */
  readonly start: number;
  /** 1..1440 (24:00). `end <= start` is an overnight window whose tail belongs to the start day. */
  readonly end: number;
  readonly zone: Zone;
}

/** The expanded fields of a 5-field cron expression. Weekdays: 0 = Sunday … 6 = Saturday. */
export interface CronRule {
  readonly text: string;
  readonly minutes: readonly number[];
  readonly hours: readonly number[];
  readonly daysOfMonth: ReadonlySet<number>;
  readonly months: ReadonlySet<number>;
  readonly weekdays: ReadonlySet<number>;
  /** Standard cron: when both day fields are restricted, a day matches if either matches. */
  readonly dayOfMonthRestricted: boolean;
  readonly weekdayRestricted: boolean;
}

export type Schedule =
  | { readonly kind: "always"; readonly text: string }
  | { readonly kind: "never"; readonly text: string }
  | { readonly kind: "windows"; readonly text: string; readonly windows: readonly Window[] }
  | {
      readonly kind: "cron";
      readonly text: string;
      readonly start: CronRule;
      readonly stop: CronRule;
      readonly zone: Zone;
    };

/** The cron form of a schedule, as written in the policy file. */
export interface CronScheduleInput {
  readonly start: string;
  readonly stop: string;
  readonly timezone?: string | undefined;
}

export interface ScheduleError {
  readonly code: "InvalidSchedule";
  /** The offending token, verbatim (empty string for an empty schedule). */
  readonly token: string;
  readonly message: string;
}

/** Local calendar dates (epoch days in the schedule's zone) that cancel windows starting on them. */
export type HolidayCalendar = ReadonlySet<number>;

export interface Transition {
  readonly at: Date;
  readonly state: DesiredState;
}
