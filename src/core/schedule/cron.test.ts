/**
 * @module Table tests for the cron start/stop form: the state is whichever of start/stop fired
 * last, in the cron's zone, with the same DST rules and holidays as windows.
 */
import { describe, expect, it } from "vitest";
import { holidayCalendar, nextTransitions, parseSchedule, stateAt } from "./index.js";
import type { CronScheduleInput, Schedule } from "./index.js";

function cron(input: CronScheduleInput, defaultZone = "UTC"): Schedule {
  const parsed = parseSchedule(input, { defaultZone });
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}

const weekdays8to20 = {
  start: "0 8 * * 1-5",
  stop: "0 20 * * 1-5",
  timezone: "America/Los_Angeles",
};

describe("cron start/stop", () => {
  it.each([
    ["running on Friday 08:00 PST after the 08:00 start fired", "2026-11-27T16:00:00Z", "running"],
    [
      "stopped on Friday 07:59 PST: the last firing was Thursday's stop",
      "2026-11-27T15:59:00Z",
      "stopped",
    ],
    ["stopped all weekend: the last firing was Friday's stop", "2026-11-29T12:00:00Z", "stopped"],
  ])("weekdays 08:00-20:00 Los Angeles is %s", (_sentence, instant, expected) => {
    expect(stateAt(cron(weekdays8to20), new Date(instant))).toBe(expected);
  });

  it("reports the same transitions as the equivalent window expression", () => {
    const window = parseSchedule("Mon-Fri 08:00-20:00 America/Los_Angeles");
    if (!window.ok) throw new Error(window.error.message);
    const from = new Date("2026-11-27T16:00:00Z");
    expect(nextTransitions(cron(weekdays8to20), from, 6)).toEqual(
      nextTransitions(window.value, from, 6),
    );
  });

  it("a stop without a start keeps the last state: start Mondays, stop daily", () => {
    const s = cron({ start: "0 8 * * 1", stop: "0 20 * * *" });
    expect(stateAt(s, new Date("2026-11-24T10:00:00Z"))).toBe("stopped"); // Tuesday
    expect(
      nextTransitions(s, new Date("2026-11-24T10:00:00Z"), 2).map((t) => t.at.toISOString()),
    ).toEqual(["2026-11-30T08:00:00.000Z", "2026-11-30T20:00:00.000Z"]);
  });

  it("a start and a stop firing at the same instant resolve to stopped", () => {
    const s = cron({ start: "0 8 * * *", stop: "0 8 * * 1" });
    expect(stateAt(s, new Date("2026-11-23T09:00:00Z"))).toBe("stopped"); // Monday
    expect(stateAt(s, new Date("2026-11-24T09:00:00Z"))).toBe("running"); // Tuesday
  });

  it("a holiday cancels the start firing on that date", () => {
    const holidays = holidayCalendar(["2026-12-25"]);
    if (!holidays.ok) throw new Error(holidays.error.message);
    const s = cron({ start: "0 8 * * 1-5", stop: "0 20 * * 1-5" });
    expect(stateAt(s, new Date("2026-12-25T12:00:00Z"), holidays.value)).toBe("stopped");
  });

  it("a start firing inside the spring-forward gap fires when clocks jump", () => {
    const s = cron({ start: "30 2 * * *", stop: "0 5 * * *", timezone: "Europe/Berlin" });
    const [start] = nextTransitions(s, new Date("2026-03-28T12:00:00Z"), 1);
    expect(start?.at.toISOString()).toBe("2026-03-29T01:00:00.000Z");
  });

  it("a stop firing in the repeated hour fires once, at its earlier occurrence", () => {
    const s = cron({ start: "0 0 * * *", stop: "30 1 * * *", timezone: "America/Los_Angeles" });
    const transitions = nextTransitions(s, new Date("2026-11-01T07:30:00Z"), 2);
    expect(transitions.map((t) => `${t.at.toISOString()} ${t.state}`)).toEqual([
      "2026-11-01T08:30:00.000Z stopped",
      "2026-11-02T08:00:00.000Z running",
    ]);
  });

  it("uses the default zone when the cron form names none", () => {
    const s = cron({ start: "0 8 * * *", stop: "0 20 * * *" }, "Europe/Berlin");
    expect(stateAt(s, new Date("2026-11-27T07:00:00Z"))).toBe("running");
  });

  it.each([
    ["six fields", { start: "0 0 8 * * *", stop: "0 20 * * *" }, "0 0 8 * * *", /5 fields/],
    ["an hour out of range", { start: "0 25 * * *", stop: "0 20 * * *" }, "0 25 * * *", /25/],
    ["nth weekday", { start: "0 8 * * MON#1", stop: "0 20 * * *" }, "0 8 * * MON#1", /'#'/],
    ["last day of month", { start: "0 8 L * *", stop: "0 20 * * *" }, "0 8 L * *", /'L'/],
    ["an empty stop", { start: "0 8 * * *", stop: "" }, "", /5 fields/],
    ["the same start and stop", { start: "0 8 * * *", stop: "0 8 * * *" }, "0 8 * * *", /same/],
    [
      "an unknown zone",
      { start: "0 8 * * *", stop: "0 20 * * *", timezone: "Nowhere/City" },
      "Nowhere/City",
      /zone/,
    ],
  ])("rejects %s, naming %j", (_what, input, token, message) => {
    const parsed = parseSchedule(input);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error.token).toBe(token);
    expect(parsed.error.message).toMatch(message);
  });
});
