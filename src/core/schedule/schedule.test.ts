/**
 * @module Table tests for the schedule engine: grammar, overnight windows, wrapping day ranges,
 * unions, holidays, always/never and precise errors. DST rules live in dst.test.ts.
 */
import { describe, expect, it } from "vitest";
import {
  checkSchedule,
  holidayCalendar,
  nextTransitions,
  parseSchedule,
  stateAt,
} from "./index.js";
import type { HolidayCalendar, Schedule } from "./index.js";

function schedule(expr: string, defaultZone = "UTC"): Schedule {
  const parsed = parseSchedule(expr, { defaultZone });
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}

function holidays(...dates: string[]): HolidayCalendar {
  const calendar = holidayCalendar(dates);
  if (!calendar.ok) throw new Error(calendar.error.message);
  return calendar.value;
}

const at = (iso: string) => new Date(iso);
const isoTransitions = (s: Schedule, from: string, count: number, cal?: HolidayCalendar) =>
  nextTransitions(s, at(from), count, cal).map((t) => `${t.at.toISOString()} ${t.state}`);

// 2026-11-23 is a Monday; 2026-11-27 a Friday.
describe("desired state at an instant", () => {
  it.each([
    [
      "Mon-Fri 08:00-20:00 runs on a Friday at noon",
      "Mon-Fri 08:00-20:00",
      "2026-11-27T12:00:00Z",
      "running",
    ],
    [
      "Mon-Fri 08:00-20:00 starts exactly at 08:00",
      "Mon-Fri 08:00-20:00",
      "2026-11-27T08:00:00Z",
      "running",
    ],
    [
      "Mon-Fri 08:00-20:00 is stopped exactly at 20:00 (end is exclusive)",
      "Mon-Fri 08:00-20:00",
      "2026-11-27T20:00:00Z",
      "stopped",
    ],
    [
      "Mon-Fri 08:00-20:00 is stopped on Saturday",
      "Mon-Fri 08:00-20:00",
      "2026-11-28T12:00:00Z",
      "stopped",
    ],
    [
      "Fri 22:00-06:00 runs Saturday 05:59 (the tail belongs to Friday)",
      "Fri 22:00-06:00",
      "2026-11-28T05:59:00Z",
      "running",
    ],
    [
      "Fri 22:00-06:00 is stopped Saturday 06:00",
      "Fri 22:00-06:00",
      "2026-11-28T06:00:00Z",
      "stopped",
    ],
    [
      "Fri 22:00-06:00 is stopped Friday 03:00 (Thursday has no window)",
      "Fri 22:00-06:00",
      "2026-11-27T03:00:00Z",
      "stopped",
    ],
    [
      "Fri 22:00-06:00 is stopped Saturday 23:00 (Saturday has no window)",
      "Fri 22:00-06:00",
      "2026-11-28T23:00:00Z",
      "stopped",
    ],
    [
      "Fri-Mon 09:00-17:00 wraps through Sunday",
      "Fri-Mon 09:00-17:00",
      "2026-11-29T10:00:00Z",
      "running",
    ],
    [
      "Fri-Mon 09:00-17:00 wraps through Monday",
      "Fri-Mon 09:00-17:00",
      "2026-11-30T10:00:00Z",
      "running",
    ],
    [
      "Fri-Mon 09:00-17:00 does not include Tuesday",
      "Fri-Mon 09:00-17:00",
      "2026-11-24T10:00:00Z",
      "stopped",
    ],
    [
      "Sun-Tue 09:00-17:00 includes Monday",
      "Sun-Tue 09:00-17:00",
      "2026-11-23T10:00:00Z",
      "running",
    ],
    ["Mon,Wed 09:00-17:00 skips Tuesday", "Mon,Wed 09:00-17:00", "2026-11-24T10:00:00Z", "stopped"],
    ["Mon 20:00-24:00 runs until midnight", "Mon 20:00-24:00", "2026-11-23T23:59:00Z", "running"],
    [
      "Mon 20:00-24:00 is stopped at Tuesday midnight",
      "Mon 20:00-24:00",
      "2026-11-24T00:00:00Z",
      "stopped",
    ],
    ["daily 00:00-24:00 runs on a Sunday", "daily 00:00-24:00", "2026-11-29T03:00:00Z", "running"],
    ["always runs", "always", "2026-11-29T03:00:00Z", "running"],
    ["never is stopped", "never", "2026-11-29T03:00:00Z", "stopped"],
    ["keywords are case-insensitive", "mon-FRI 08:00-20:00 utc", "2026-11-27T12:00:00Z", "running"],
    [
      "extra spaces are allowed",
      "  Mon - Fri   08:00 - 20:00 ;  Sat 10:00-12:00 ",
      "2026-11-28T11:00:00Z",
      "running",
    ],
    [
      "a window's zone overrides the default",
      "Mon-Fri 08:00-20:00 America/Los_Angeles",
      "2026-11-27T17:00:00Z",
      "running",
    ],
    [
      "a zone name is case-insensitive",
      "Mon-Fri 08:00-20:00 america/los_angeles",
      "2026-11-27T15:00:00Z",
      "stopped",
    ],
  ])("%s", (_sentence, expr, instant, expected) => {
    expect(stateAt(schedule(expr), at(instant))).toBe(expected);
  });

  it("uses the default zone for windows that name none", () => {
    // 08:00 in Berlin is 07:00 UTC in winter.
    const berlin = schedule("Mon-Fri 08:00-20:00", "Europe/Berlin");
    expect(stateAt(berlin, at("2026-11-27T06:59:00Z"))).toBe("stopped");
    expect(stateAt(berlin, at("2026-11-27T07:00:00Z"))).toBe("running");
  });
});

describe("next transitions", () => {
  it("the issue's example: running until Friday 20:00 in Los Angeles", () => {
    const s = schedule("Mon-Fri 08:00-20:00 America/Los_Angeles");
    const result = checkSchedule(s, at("2026-11-27T16:00:00Z"));
    expect(result.state).toBe("running");
    expect(result.nextChange?.toISOString()).toBe("2026-11-28T04:00:00.000Z");
  });

  it("adjacent windows do not blip at the boundary (Mon all day; Tue 00:00-08:00)", () => {
    expect(
      isoTransitions(schedule("Mon 00:00-24:00; Tue 00:00-08:00"), "2026-11-22T12:00:00Z", 2),
    ).toEqual(["2026-11-23T00:00:00.000Z running", "2026-11-24T08:00:00.000Z stopped"]);
  });

  it("overlapping windows form one union", () => {
    expect(
      isoTransitions(schedule("Mon 08:00-12:00; Mon 11:00-18:00"), "2026-11-23T00:00:00Z", 2),
    ).toEqual(["2026-11-23T08:00:00.000Z running", "2026-11-23T18:00:00.000Z stopped"]);
  });

  it("consecutive overnight windows that touch merge into one run (Fri-Sun 18:00-18:00 is rejected, so 18:00-06:00 then 06:00-18:00)", () => {
    const s = schedule("Sat 18:00-06:00; Sun 06:00-18:00");
    expect(isoTransitions(s, "2026-11-28T12:00:00Z", 2)).toEqual([
      "2026-11-28T18:00:00.000Z running",
      "2026-11-29T18:00:00.000Z stopped",
    ]);
  });

  it("an overnight window's transitions run from the start day into the next", () => {
    expect(isoTransitions(schedule("Fri 22:00-06:00"), "2026-11-27T12:00:00Z", 3)).toEqual([
      "2026-11-27T22:00:00.000Z running",
      "2026-11-28T06:00:00.000Z stopped",
      "2026-12-04T22:00:00.000Z running",
    ]);
  });

  it("always and never never change", () => {
    expect(checkSchedule(schedule("always"), at("2026-11-27T12:00:00Z"))).toEqual({
      state: "running",
      nextChange: null,
    });
    expect(checkSchedule(schedule("never"), at("2026-11-27T12:00:00Z"))).toEqual({
      state: "stopped",
      nextChange: null,
    });
  });

  it("a window that covers every minute has no transition", () => {
    expect(
      checkSchedule(schedule("daily 00:00-24:00"), at("2026-11-27T12:00:00Z")).nextChange,
    ).toBeNull();
  });

  it("a weekly window found beyond the first search horizon is still reported", () => {
    expect(isoTransitions(schedule("Mon 08:00-09:00"), "2026-11-23T09:00:00Z", 1)).toEqual([
      "2026-11-30T08:00:00.000Z running",
    ]);
  });
});

describe("holidays", () => {
  it("a holiday cancels the windows that start on it", () => {
    const s = schedule("Mon-Fri 08:00-20:00");
    expect(stateAt(s, at("2026-12-25T12:00:00Z"), holidays("2026-12-25"))).toBe("stopped");
    expect(stateAt(s, at("2026-12-24T12:00:00Z"), holidays("2026-12-25"))).toBe("running");
  });

  it("a holiday on the start day cancels an overnight window's tail too", () => {
    expect(
      stateAt(schedule("Fri 22:00-06:00"), at("2026-12-26T03:00:00Z"), holidays("2026-12-25")),
    ).toBe("stopped");
  });

  it("a holiday on the tail's day does not cancel a window that started the day before", () => {
    expect(
      stateAt(schedule("Thu 22:00-06:00"), at("2026-12-25T03:00:00Z"), holidays("2026-12-25")),
    ).toBe("running");
  });

  it("holiday dates are read in the schedule's zone (Christmas in Auckland starts on 24 Dec UTC)", () => {
    const s = schedule("Mon-Fri 08:00-20:00 Pacific/Auckland");
    // 2026-12-24T21:00Z is Friday 25 Dec 10:00 NZDT.
    expect(stateAt(s, at("2026-12-24T21:00:00Z"))).toBe("running");
    expect(stateAt(s, at("2026-12-24T21:00:00Z"), holidays("2026-12-25"))).toBe("stopped");
  });

  it("next transitions skip a holiday", () => {
    const s = schedule("Mon-Fri 08:00-20:00");
    expect(isoTransitions(s, "2026-12-24T21:00:00Z", 2, holidays("2026-12-25"))).toEqual([
      "2026-12-28T08:00:00.000Z running",
      "2026-12-28T20:00:00.000Z stopped",
    ]);
  });

  it.each(["2026-02-30", "26-12-25", "2026-13-01", "christmas"])(
    "rejects the holiday date '%s'",
    (date) => {
      const calendar = holidayCalendar([date]);
      expect(calendar.ok).toBe(false);
      if (!calendar.ok) expect(calendar.error.token).toBe(date);
    },
  );
});

describe("invalid expressions name the offending token", () => {
  it.each([
    ["an unknown day", "Mon-Thur 09:00-20:00", "Mon-Thur", /unknown day 'Thur'/],
    ["an hour past 23", "Mon-Fri 08:00-26:00", "26:00", /invalid time '26:00'/],
    ["a malformed range", "Mon-Fri 03:00-04-00", "03:00-04-00", /invalid time range/],
    ["an unknown zone", "Mon-Fri 08:00-20:00 Invalid/Zone", "Invalid/Zone", /unknown time zone/],
    ["an abbreviation instead of a zone", "Mon-Fri 08:00-20:00 EST", "EST", /unknown time zone/],
    ["an empty string", "", "", /empty schedule/],
    ["blanks only", "   ", "", /empty schedule/],
    ["a zero-length window", "Mon 08:00-08:00", "08:00-08:00", /same time/],
    ["24:00 as a start", "Mon 24:00-08:00", "24:00", /invalid time '24:00'/],
    ["minutes past 59", "Mon 08:60-09:00", "08:60", /invalid time/],
    ["a time without minutes", "Mon 8-9", "8", /invalid time '8'/],
    ["missing days", "08:00-20:00", "08:00-20:00", /missing days/],
    ["a missing time range", "Mon-Fri", "Mon-Fri", /no time range/],
    ["a trailing word", "Mon-Fri 08:00-20:00 UTC later", "later", /unexpected 'later'/],
    ["always mixed with windows", "always; Mon 08:00-09:00", "always", /cannot be combined/],
    ["a stray semicolon", "Mon 08:00-09:00;", "Mon 08:00-09:00;", /empty window/],
    ["a three-part day range", "Mon-Wed-Fri 08:00-09:00", "Mon-Wed-Fri", /invalid days/],
    ["an empty day in a list", "Mon,,Fri 08:00-09:00", "Mon,,Fri", /invalid days/],
  ])("rejects %s: %j names %j", (_what, expr, token, message) => {
    const parsed = parseSchedule(expr, { defaultZone: "UTC" });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error.token).toBe(token);
    expect(parsed.error.message).toMatch(message);
  });

  it("rejects an unknown default zone by name", () => {
    const parsed = parseSchedule("Mon 08:00-09:00", { defaultZone: "Mars/Olympus" });
    expect(parsed.ok ? null : parsed.error.token).toBe("Mars/Olympus");
  });
});
