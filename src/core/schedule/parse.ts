/**
 * @module Parser for the schedule grammar (SPEC §4):
 *
 *     schedule := "always" | "never" | window (";" window)*
 *     window   := days " " time "-" time [" " zone]
 *     days     := "daily" | dayspec ("," dayspec)*      dayspec := day | day "-" day (may wrap)
 *
 * Keywords are case-insensitive and extra spaces are allowed. Every error names the token that
 * is wrong; nothing invalid is ever read as "never".
 */
import { ok, type Result } from "../result.js";
import { MINUTES_PER_DAY, resolveZone, type Zone } from "../time/zone.js";
import { parseCronSchedule } from "./cron.js";
import { invalid, unknownZone } from "./errors.js";
import type { CronScheduleInput, Schedule, ScheduleError, Window } from "./types.js";

export interface ParseOptions {
  /** Zone for windows that name none: the policy's `timezone`, else UTC. */
  readonly defaultZone?: string | undefined;
}

const DAY_NAMES = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
const WINDOW_SHAPE = "'<days> <HH:MM>-<HH:MM> [zone]', e.g. 'Mon-Fri 08:00-20:00'";

/** Parses a schedule expression, or the cron `{start, stop, timezone}` form of the policy file. */
export function parseSchedule(
  input: string | CronScheduleInput,
  options: ParseOptions = {},
): Result<Schedule, ScheduleError> {
  const defaultZoneName = options.defaultZone ?? "UTC";
  const defaultZone = resolveZone(defaultZoneName);
  if (!defaultZone) return invalid(defaultZoneName, unknownZone(defaultZoneName));
  if (typeof input !== "string") return parseCronSchedule(input, defaultZone);

  const text = input.trim();
  if (text === "") {
    return invalid("", "empty schedule (say 'always', 'never' or e.g. 'Mon-Fri 08:00-20:00')");
  }
  const keyword = text.toLowerCase();
  if (keyword === "always" || keyword === "never") return ok({ kind: keyword, text });

  const windows: Window[] = [];
  for (const part of text.split(";")) {
    const window = parseWindow(part, text, defaultZone);
    if (!window.ok) return window;
    windows.push(window.value);
  }
  return ok({ kind: "windows", text, windows });
}

function parseWindow(
  part: string,
  whole: string,
  defaultZone: Zone,
): Result<Window, ScheduleError> {
  const normalized = part
    .trim()
    .replace(/\s*,\s*/g, ",")
    .replace(/\s*-\s*/g, "-");
  if (normalized === "") return invalid(whole, `empty window in '${whole}' (stray ';')`);
  const tokens = normalized.split(/\s+/);
  const [daysToken = "", rangeToken, zoneToken, extra] = tokens;
  if (/^(always|never)$/i.test(daysToken)) {
    return invalid(daysToken, `'${daysToken}' cannot be combined with other windows`);
  }
  if (extra !== undefined) {
    return invalid(
      extra,
      `unexpected '${extra}' in window '${part.trim()}' (expected ${WINDOW_SHAPE})`,
    );
  }
  if (rangeToken === undefined) {
    if (/^\d/.test(daysToken)) {
      return invalid(daysToken, `missing days before '${daysToken}' (expected ${WINDOW_SHAPE})`);
    }
    return invalid(
      daysToken,
      `window '${part.trim()}' has no time range (expected ${WINDOW_SHAPE})`,
    );
  }
  const days = parseDays(daysToken);
  if (!days.ok) return days;
  const range = parseRange(rangeToken);
  if (!range.ok) return range;
  let zone = defaultZone;
  if (zoneToken !== undefined) {
    const named = resolveZone(zoneToken);
    if (!named) return invalid(zoneToken, unknownZone(zoneToken));
    zone = named;
  }
  return ok({ days: days.value, start: range.value.start, end: range.value.end, zone });
}

function parseDays(token: string): Result<boolean[], ScheduleError> {
  const days: boolean[] = Array.from({ length: 7 }, () => false);
  if (token.toLowerCase() === "daily") return ok(days.map(() => true));
  for (const spec of token.split(",")) {
    const ends = spec.split("-");
    if (ends.length > 2 || spec === "") {
      const bad = spec === "" ? token : spec;
      return invalid(
        bad,
        `invalid days '${bad}' (expected a day like Mon or a range like Mon-Fri)`,
      );
    }
    const indexes: number[] = [];
    for (const name of ends) {
      const index = DAY_NAMES.indexOf(name.toLowerCase() as (typeof DAY_NAMES)[number]);
      if (index < 0) {
        const where = spec === name ? "" : ` in '${spec}'`;
        return invalid(
          spec,
          `unknown day '${name}'${where} (days are Mon, Tue, Wed, Thu, Fri, Sat, Sun, or 'daily')`,
        );
      }
      indexes.push(index);
    }
    const [from = 0, to = from] = indexes;
    for (let day = from; ; day = (day + 1) % 7) {
      days[day] = true;
      if (day === to) break;
    }
  }
  return ok(days);
}

function parseRange(token: string): Result<{ start: number; end: number }, ScheduleError> {
  const parts = token.split("-");
  const [startText, endText] = parts;
  if (parts.length !== 2 || startText === undefined || endText === undefined) {
    return invalid(token, `invalid time range '${token}' (expected HH:MM-HH:MM, e.g. 08:00-20:00)`);
  }
  const start = parseTime(startText, false);
  if (start === null) return invalid(startText, badTime(startText, token));
  const end = parseTime(endText, true);
  if (end === null) return invalid(endText, badTime(endText, token));
  if (start === end) {
    return invalid(
      token,
      `window '${token}' starts and ends at the same time (say 00:00-24:00 for a whole day)`,
    );
  }
  return ok({ start, end });
}

/** Minutes of the day for `HH:MM`; `24:00` (1440) only as an end. */
function parseTime(text: string, isEnd: boolean): number | null {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text);
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (minutes > 59) return null;
  if (hours === 24 && minutes === 0 && isEnd) return MINUTES_PER_DAY;
  return hours <= 23 ? hours * 60 + minutes : null;
}

function badTime(text: string, range: string): string {
  return `invalid time '${text}' in '${range}' (expected HH:MM from 00:00 to 23:59, or 24:00 as an end)`;
}
