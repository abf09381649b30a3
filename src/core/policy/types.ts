/**
 * @module The policy as the pure core sees it: groups with parsed schedules and calendars. The
 * config layer turns the validated policy file into this shape once.
 */
import type { HolidayCalendar, Schedule } from "../schedule/index.js";

export type OffHoursAction = "stop" | "warn" | "ignore";

export interface GroupMatch {
  readonly tags: Readonly<Record<string, string>>;
  readonly resourceGroups: readonly string[];
  readonly names: readonly string[];
}

export interface GroupRules {
  readonly name: string;
  readonly match: GroupMatch;
  readonly schedule: Schedule | null;
  readonly holidays: HolidayCalendar;
  readonly readyBy: boolean;
  readonly offHours: { readonly action: OffHoursAction; readonly graceMinutes: number };
  readonly warnBeforeStopMinutes: number;
  readonly protected: boolean;
}

export interface TickPolicy {
  /** Zone for schedule tags that name none. */
  readonly timezone: string;
  readonly maxActionsPerTick: number;
  readonly groups: readonly GroupRules[];
}

/** Per-cluster Azure tags that refine a group (SPEC §3). */
export const TAGS = {
  schedule: "gpu-warden.schedule",
  exclude: "gpu-warden.exclude",
  idle: "gpu-warden.idle",
} as const;
