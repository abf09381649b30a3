/**
 * @module When the weekly report is due: named instants across both DST changes, gaps and
 * repeated hours, half-hour zones and week boundaries; and a property over random zones, days,
 * times and years — of a whole year of hourly firings, exactly one per local week is due, in
 * the hour that ends at or after the configured local time.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { resolveZone, type Zone } from "../time/zone.js";
import { isoWeek, WEEKDAYS, weeklyReportDue, type WeeklySchedule } from "./due.js";

function zone(name: string): Zone {
  const z = resolveZone(name);
  if (!z) throw new Error(`no zone ${name}`);
  return z;
}

const LA = zone("America/Los_Angeles");
const MONDAY_NINE: WeeklySchedule = { day: "Mon", time: "09:00" };

function dueAt(schedule: WeeklySchedule, z: Zone, iso: string): string | false {
  const decision = weeklyReportDue(schedule, z, new Date(iso));
  return decision.due ? decision.week : false;
}

describe("weeklyReportDue", () => {
  it.each([
    ["winter: Monday 09:00 PST is the 17:00 UTC firing", "2026-11-30T17:00:00Z", "2026-W49"],
    ["a firing a few ms late is the same firing", "2026-11-30T17:00:00.250Z", "2026-W49"],
    ["summer: Monday 09:00 PDT is the 16:00 UTC firing", "2026-06-01T16:00:00Z", "2026-W23"],
    ["the Monday after DST ends (1 Nov) is on PST", "2026-11-02T17:00:00Z", "2026-W45"],
    ["the Monday after DST starts (8 Mar) is on PDT", "2026-03-09T16:00:00Z", "2026-W11"],
  ])("%s", (_, iso, week) => {
    expect(dueAt(MONDAY_NINE, LA, iso)).toBe(week);
  });

  it.each([
    ["an hour early (08:00 PST)", "2026-11-30T16:00:00Z"],
    ["an hour late (10:00 PST)", "2026-11-30T18:00:00Z"],
    ["the winter hour in summer (10:00 PDT)", "2026-06-01T17:00:00Z"],
    ["the summer hour in winter (08:00 PST)", "2026-11-02T16:00:00Z"],
    ["another day at the right hour", "2026-12-01T17:00:00Z"],
  ])("not due %s", (_, iso) => {
    expect(dueAt(MONDAY_NINE, LA, iso)).toBe(false);
  });

  it("a local time the spring-forward gap skips is due just after the gap", () => {
    const gap: WeeklySchedule = { day: "Sun", time: "02:30" }; // 8 Mar 2026: 02:00 → 03:00
    expect(dueAt(gap, LA, "2026-03-08T10:00:00Z")).toBe("2026-W10"); // 03:00 PDT
    expect(dueAt(gap, LA, "2026-03-08T11:00:00Z")).toBe(false);
  });

  it("a local time that happens twice is due once, at its first occurrence", () => {
    const twice: WeeklySchedule = { day: "Sun", time: "01:30" }; // 1 Nov 2026: 02:00 → 01:00
    expect(dueAt(twice, LA, "2026-11-01T09:00:00Z")).toBe("2026-W44"); // 01:30 PDT = 08:30Z
    expect(dueAt(twice, LA, "2026-11-01T10:00:00Z")).toBe(false); // 01:30 PST = 09:30Z
  });

  it("a half-hour zone: Monday 09:00 in Kolkata (03:30 UTC) is the 04:00 UTC firing", () => {
    const kolkata = zone("Asia/Kolkata");
    expect(dueAt(MONDAY_NINE, kolkata, "2026-11-30T04:00:00Z")).toBe("2026-W49");
    expect(dueAt(MONDAY_NINE, kolkata, "2026-11-30T03:00:00Z")).toBe(false);
  });

  it("Sunday 23:30 UTC is due at Monday's first firing, for the week that ended", () => {
    const late: WeeklySchedule = { day: "Sun", time: "23:30" };
    expect(dueAt(late, zone("UTC"), "2026-12-07T00:00:00Z")).toBe("2026-W49");
  });

  it("when not due, says when it will be", () => {
    const decision = weeklyReportDue(MONDAY_NINE, LA, new Date("2026-11-30T18:00:00Z"));
    expect(decision).toMatchObject({ due: false, next: { week: "2026-W50" } });
    if (!decision.due) expect(decision.next.at.toISOString()).toBe("2026-12-07T17:00:00.000Z");
  });

  it.each([
    ["2026-01-01", "2026-W01"],
    ["2027-01-01", "2026-W53"],
    ["2024-12-30", "2025-W01"],
    ["2026-11-30", "2026-W49"],
  ])("ISO week of %s is %s", (date, week) => {
    expect(isoWeek(Date.parse(`${date}T00:00:00Z`) / 86_400_000)).toBe(week);
  });
});

const ZONES = [
  "America/Los_Angeles",
  "America/New_York",
  "America/St_Johns",
  "Europe/Berlin",
  "Europe/London",
  "Australia/Sydney",
  "Australia/Lord_Howe",
  "Asia/Kolkata",
  "Asia/Kathmandu",
  "UTC",
];

/** The same zone with its offsets remembered: a year of firings asks for the same ones often. */
function memoized(z: Zone): Zone {
  const offsets = new Map<number, number>();
  return {
    ...z,
    offsetAt: (ms) => {
      let offset = offsets.get(ms);
      if (offset === undefined) {
        offset = z.offsetAt(ms);
        offsets.set(ms, offset);
      }
      return offset;
    },
  };
}

describe("weeklyReportDue over a year of hourly firings (property)", () => {
  it("is due exactly once per local week, in the hour that ends at or after the local time", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.constantFrom(...WEEKDAYS),
        fc.integer({ min: 0, max: 1439 }),
        fc.integer({ min: 2025, max: 2030 }),
        fc.integer({ min: 0, max: 364 }),
        (zoneName, day, minute, year, startDay) => {
          const z = memoized(zone(zoneName));
          const time = `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
          const schedule: WeeklySchedule = { day, time };
          const start = Date.UTC(year, 0, 1 + startDay);
          const hours = 366 * 24; // a whole year: both DST changes of every zone
          const weeks = new Map<string, number>();
          for (let h = 0; h < hours; h++) {
            const firing = start + h * 3_600_000;
            // A random few ms late, as timers are.
            const decision = weeklyReportDue(schedule, z, new Date(firing + (h % 7) * 37));
            if (!decision.due) continue;
            expect(decision.at.getTime()).toBeGreaterThan(firing - 3_600_000);
            expect(decision.at.getTime()).toBeLessThanOrEqual(firing);
            weeks.set(decision.week, (weeks.get(decision.week) ?? 0) + 1);
          }
          // Every week but the partial first and last has its firing, and none has two.
          expect([...weeks.values()].every((n) => n === 1)).toBe(true);
          expect(weeks.size).toBeGreaterThanOrEqual(51);
          expect(weeks.size).toBeLessThanOrEqual(54);
        },
      ),
      { numRuns: 10 },
    );
  });
});
