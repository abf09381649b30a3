/**
 * @module DST table tests in four zones, on both changes of 2026: a wall time in the spring-forward
 * gap maps to the first valid instant after it; a wall time in the repeated hour maps to its
 * earlier occurrence; a window that has closed is never re-entered in the repeated hour.
 */
import { describe, expect, it } from "vitest";
import { nextTransitions, parseSchedule, stateAt } from "./index.js";
import type { Schedule } from "./index.js";

function schedule(expr: string): Schedule {
  const parsed = parseSchedule(expr);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
}

const HOUR = 3_600_000;
const MINUTE = 60_000;

/**
 * Hand-checked facts per zone. `gapStart`: the instant clocks jump forward (the first valid
 * instant after the gap). `repeatedHour`: local hour that occurs twice; `repeatStart`: the instant
 * its first occurrence begins.
 */
const ZONES = [
  {
    zone: "America/Los_Angeles",
    gapHour: "02",
    gapStart: "2026-03-08T10:00:00Z",
    repeatedHour: "01",
    repeatStart: "2026-11-01T08:00:00Z",
  },
  {
    zone: "Europe/Berlin",
    gapHour: "02",
    gapStart: "2026-03-29T01:00:00Z",
    repeatedHour: "02",
    repeatStart: "2026-10-25T00:00:00Z",
  },
  {
    zone: "Australia/Sydney",
    gapHour: "02",
    gapStart: "2026-10-03T16:00:00Z",
    repeatedHour: "02",
    repeatStart: "2026-04-04T15:00:00Z",
  },
  {
    zone: "Pacific/Auckland",
    gapHour: "02",
    gapStart: "2026-09-26T14:00:00Z",
    repeatedHour: "02",
    repeatStart: "2026-04-04T13:00:00Z",
  },
] as const;

const ms = (iso: string) => Date.parse(iso);
const iso = (t: number) => new Date(t).toISOString().replace(".000Z", "Z");

function transitionsFrom(s: Schedule, fromMs: number, count: number): string[] {
  return nextTransitions(s, new Date(fromMs), count).map(
    (t) => `${iso(t.at.getTime())} ${t.state}`,
  );
}

describe.each(ZONES)("DST in $zone", ({ zone, gapHour, gapStart, repeatedHour, repeatStart }) => {
  const gap = ms(gapStart);
  const repeat = ms(repeatStart);

  it(`a window starting inside the spring-forward gap (Sun ${gapHour}:30) starts when clocks jump`, () => {
    const s = schedule(`Sun ${gapHour}:30-05:00 ${zone}`);
    expect(transitionsFrom(s, gap - 3 * HOUR, 1)).toEqual([`${gapStart} running`]);
    expect(stateAt(s, new Date(gap - MINUTE))).toBe("stopped");
    expect(stateAt(s, new Date(gap))).toBe("running");
  });

  it(`a window ending inside the gap (Sun 00:30-${gapHour}:30) ends when clocks jump`, () => {
    const s = schedule(`Sun 00:30-${gapHour}:30 ${zone}`);
    const [start, stop] = transitionsFrom(s, gap - 6 * HOUR, 2);
    expect(start).toMatch(/running$/);
    expect(stop).toBe(`${gapStart} stopped`);
  });

  it(`a window wholly inside the gap (Sun ${gapHour}:10-${gapHour}:50) does not run that day`, () => {
    const s = schedule(`Sun ${gapHour}:10-${gapHour}:50 ${zone}`);
    const [next] = nextTransitions(s, new Date(gap - 3 * HOUR), 1);
    expect(next?.state).toBe("running");
    expect((next?.at.getTime() ?? 0) - gap).toBeGreaterThan(6 * 24 * HOUR);
  });

  it("an overnight window across the spring-forward night is an hour shorter", () => {
    const s = schedule(`Sat 22:00-06:00 ${zone}`);
    const [start, stop] = nextTransitions(s, new Date(gap - 12 * HOUR), 2);
    expect((stop?.at.getTime() ?? 0) - (start?.at.getTime() ?? 0)).toBe(7 * HOUR);
  });

  it(`a window starting in the repeated hour (Sun ${repeatedHour}:30) starts at its earlier occurrence`, () => {
    const s = schedule(`Sun ${repeatedHour}:30-05:00 ${zone}`);
    expect(transitionsFrom(s, repeat - 3 * HOUR, 1)).toEqual([
      `${iso(repeat + 30 * MINUTE)} running`,
    ]);
  });

  it(`a window ending in the repeated hour (Sun 00:00-${repeatedHour}:30) ends at its earlier occurrence and is not re-entered`, () => {
    const s = schedule(`Sun 00:00-${repeatedHour}:30 ${zone}`);
    const firstEnd = repeat + 30 * MINUTE;
    expect(stateAt(s, new Date(firstEnd - MINUTE))).toBe("running");
    expect(stateAt(s, new Date(firstEnd))).toBe("stopped");
    // The second pass through the same wall-clock minutes: still stopped.
    expect(stateAt(s, new Date(repeat + HOUR + 15 * MINUTE))).toBe("stopped");
    const [stop, nextStart] = nextTransitions(s, new Date(firstEnd - MINUTE), 2);
    expect(stop?.at.getTime()).toBe(firstEnd);
    expect((nextStart?.at.getTime() ?? 0) - firstEnd).toBeGreaterThan(6 * 24 * HOUR);
  });

  it("an overnight window across the fall-back night is an hour longer", () => {
    const s = schedule(`Sat 22:00-06:00 ${zone}`);
    const [start, stop] = nextTransitions(s, new Date(repeat - 12 * HOUR), 2);
    expect((stop?.at.getTime() ?? 0) - (start?.at.getTime() ?? 0)).toBe(9 * HOUR);
  });
});
