/**
 * @module Overrides created from Slack (SPEC §5, §10): what `start … for 3h`, `extend`, a keep
 * button and `stop` mean in time, capped by the group's `overrides.maxHours`. Pure: the schedule,
 * the current override and `now` are arguments.
 */
import { err, ok, type Result } from "../result.js";
import {
  nextTransitions,
  stateAt,
  type HolidayCalendar,
  type Schedule,
} from "../schedule/index.js";
import { localTime, wallToInstant, type Zone } from "../time/zone.js";
import type { OverrideView } from "./desired.js";

export type OverrideRequest =
  | { readonly kind: "start"; readonly forMinutes?: number }
  | { readonly kind: "stop" }
  | {
      readonly kind: "extend";
      readonly by: { readonly minutes: number } | { readonly until: string };
    };

export interface OverrideContext {
  readonly now: Date;
  readonly schedule: Schedule | null;
  readonly holidays: HolidayCalendar;
  readonly zone: Zone;
  readonly maxHours: number;
  /** The cluster's active override, if any. */
  readonly current: OverrideView | undefined;
}

export interface OverrideChange {
  readonly state: "running" | "stopped";
  readonly until: Date;
}

const HOUR = 3_600_000;
/** Without a schedule to say when, a stop lasts a week. */
const STOP_WITHOUT_SCHEDULE_MS = 7 * 24 * HOUR;

export function overrideFor(
  request: OverrideRequest,
  ctx: OverrideContext,
): Result<OverrideChange, string> {
  const { now } = ctx;
  const cap = new Date(now.getTime() + ctx.maxHours * HOUR);
  switch (request.kind) {
    case "start": {
      if (request.forMinutes !== undefined) {
        return capped({ state: "running", until: after(now, request.forMinutes) }, ctx);
      }
      // Until the schedule's end, at most maxHours.
      const end = scheduledStop(ctx) ?? cap;
      return ok({ state: "running", until: end.getTime() < cap.getTime() ? end : cap });
    }
    case "stop": {
      const [nextStart] = ctx.schedule
        ? nextTransitions(ctx.schedule, now, 2, ctx.holidays).filter((t) => t.state === "running")
        : [];
      return ok({
        state: "stopped",
        until: nextStart?.at ?? new Date(now.getTime() + STOP_WITHOUT_SCHEDULE_MS),
      });
    }
    case "extend": {
      const base =
        ctx.current?.state === "running" ? new Date(ctx.current.until) : scheduledStop(ctx);
      if (!base)
        return err("there is no coming stop to postpone: the cluster is not scheduled to stop");
      if ("minutes" in request.by)
        return capped({ state: "running", until: after(base, request.by.minutes) }, ctx);
      const until = nextWallTime(request.by.until, ctx.zone, now);
      if (!until.ok) return until;
      if (until.value.getTime() <= base.getTime()) {
        return err(`${request.by.until} is not later than the coming stop`);
      }
      return capped({ state: "running", until: until.value }, ctx);
    }
  }
}

/** When a running cluster's schedule next stops it (only while the schedule says running). */
function scheduledStop(ctx: OverrideContext): Date | null {
  if (!ctx.schedule || stateAt(ctx.schedule, ctx.now, ctx.holidays) !== "running") return null;
  const [next] = nextTransitions(ctx.schedule, ctx.now, 1, ctx.holidays);
  return next?.state === "stopped" ? next.at : null;
}

function capped(change: OverrideChange, ctx: OverrideContext): Result<OverrideChange, string> {
  const hours = (change.until.getTime() - ctx.now.getTime()) / HOUR;
  if (hours > ctx.maxHours + 1e-9) {
    return err(
      `that would keep it ${formatHours(hours)} from now; this group allows at most ${formatHours(ctx.maxHours)}`,
    );
  }
  return ok(change);
}

function after(start: Date, minutes: number): Date {
  return new Date(start.getTime() + minutes * 60_000);
}

/** The next time the wall clock in `zone` shows `HH:MM` after `now`. */
function nextWallTime(text: string, zone: Zone, now: Date): Result<Date, string> {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text);
  const minute = match ? Number(match[1]) * 60 + Number(match[2]) : NaN;
  if (!match || Number(match[2]) > 59 || minute >= 1440)
    return err(`invalid time '${text}' (expected HH:MM)`);
  const today = localTime(zone, now.getTime()).day;
  const candidate = wallToInstant(zone, today, minute);
  return ok(
    new Date(candidate > now.getTime() ? candidate : wallToInstant(zone, today + 1, minute)),
  );
}

function formatHours(hours: number): string {
  const whole = Math.floor(hours);
  const minutes = Math.round((hours - whole) * 60);
  return minutes === 0 ? `${whole}h` : `${whole}h${String(minutes).padStart(2, "0")}m`;
}
