/**
 * @module The desired state of a managed cluster at an instant (SPEC §5.1, §5.6): an active
 * override wins; else a budget's `stop-clusters` in force; else the schedule, started early by the
 * cluster's learned start duration when the group asks to be ready by the scheduled time.
 */
import {
  nextTransitions,
  stateAt,
  type DesiredState,
  type HolidayCalendar,
  type Schedule,
} from "../schedule/index.js";
import type { Rule } from "./types.js";

export interface OverrideView {
  readonly state: DesiredState;
  readonly until: string;
  readonly owner: string;
  readonly reason: string;
}

export interface Desire {
  readonly state: DesiredState;
  readonly rule: Rule;
  readonly why: string;
}

/** GPU nodes take 5–10 minutes to become ready; without history, assume 10. */
export const DEFAULT_START_SECONDS = 600;

export function desiredState(args: {
  readonly now: Date;
  readonly schedule: Schedule;
  readonly holidays: HolidayCalendar;
  readonly override: OverrideView | undefined;
  readonly budgetStop: boolean;
  readonly readyBySeconds: number;
}): Desire {
  const { now, schedule, holidays, override, readyBySeconds } = args;
  if (override) {
    return {
      state: override.state,
      rule: "override",
      why: `override by ${override.owner} until ${override.until}${override.reason ? ` (${override.reason})` : ""}`,
    };
  }
  if (args.budgetStop)
    return { state: "stopped", rule: "budget", why: "budget stop-clusters in force" };
  if (stateAt(schedule, now, holidays) === "running") {
    return { state: "running", rule: "schedule", why: `schedule '${schedule.text}' is running` };
  }
  if (readyBySeconds > 0) {
    const soon = new Date(now.getTime() + readyBySeconds * 1000);
    if (stateAt(schedule, soon, holidays) === "running") {
      const minutes = Math.round(readyBySeconds / 60);
      return {
        state: "running",
        rule: "schedule",
        why: `schedule '${schedule.text}' starts within ${minutes} min (readyBy: learned start time)`,
      };
    }
  }
  return { state: "stopped", rule: "schedule", why: `schedule '${schedule.text}' is stopped` };
}

/** p90 of recent start durations, or the default without history. */
export function learnedStartSeconds(durations: readonly number[]): number {
  if (durations.length === 0) return DEFAULT_START_SECONDS;
  const sorted = [...durations].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(sorted.length * 0.9) - 1)] ?? DEFAULT_START_SECONDS;
}

/** When a running cluster will next be stopped by its schedule or its override's end, if ever. */
export function upcomingStop(
  now: Date,
  schedule: Schedule,
  holidays: HolidayCalendar,
  override: OverrideView | undefined,
): Date | null {
  if (override) {
    if (override.state !== "running") return null;
    const until = new Date(override.until);
    return stateAt(schedule, until, holidays) === "stopped" ? until : null;
  }
  const [next] = nextTransitions(schedule, now, 1, holidays);
  return next?.state === "stopped" ? next.at : null;
}
