/**
 * @module Property tests (fast-check) for the schedule engine over random windows, zones, holidays
 * and instants, and random cron pairs: reported transitions are real changes, nothing changes
 * between them, states alternate, and a window never re-opens in a repeated hour.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { holidayCalendar, nextTransitions, parseSchedule, stateAt } from "./index.js";
import type { HolidayCalendar, Schedule } from "./index.js";

const ZONES = [
  "UTC",
  "America/Los_Angeles",
  "Europe/Berlin",
  "Australia/Sydney",
  "Pacific/Auckland",
];
const DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const FROM = Date.parse("2026-01-01T00:00:00Z");
const TO = Date.parse("2027-01-01T00:00:00Z");
const DAY = 86_400_000;

const hhmm = (minute: number) =>
  `${String(Math.floor(minute / 60)).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;

const dayspec = fc.oneof(
  fc.constantFrom(...DAYS),
  fc.tuple(fc.constantFrom(...DAYS), fc.constantFrom(...DAYS)).map(([a, b]) => `${a}-${b}`),
);

const windowText = fc
  .record({
    days: fc.oneof(
      fc.constant("daily"),
      fc.array(dayspec, { minLength: 1, maxLength: 3 }).map((d) => d.join(",")),
    ),
    // Whole minutes, biased towards the DST-sensitive small hours.
    start: fc.oneof(fc.integer({ min: 0, max: 1439 }), fc.integer({ min: 60, max: 200 })),
    end: fc.oneof(fc.integer({ min: 1, max: 1440 }), fc.integer({ min: 60, max: 200 })),
    zone: fc.constantFrom(...ZONES),
  })
  .filter(({ start, end }) => start !== end)
  .map(
    ({ days, start, end, zone }) =>
      `${days} ${hhmm(start)}-${end === 1440 ? "24:00" : hhmm(end)} ${zone}`,
  );

const windowsSchedule = fc
  .array(windowText, { minLength: 1, maxLength: 3 })
  .map((w) => w.join("; "));

const cronSchedule = fc
  .record({
    startMinute: fc.integer({ min: 0, max: 59 }),
    startHour: fc.integer({ min: 0, max: 23 }),
    stopMinute: fc.integer({ min: 0, max: 59 }),
    stopHour: fc.integer({ min: 0, max: 23 }),
    weekdays: fc.constantFrom("*", "1-5", "0,6", "1", "2-4"),
    zone: fc.constantFrom(...ZONES),
  })
  .filter((c) => c.startMinute !== c.stopMinute || c.startHour !== c.stopHour)
  .map((c) => ({
    start: `${c.startMinute} ${c.startHour} * * ${c.weekdays}`,
    stop: `${c.stopMinute} ${c.stopHour} * * *`,
    timezone: c.zone,
  }));

const holidays = fc
  .array(fc.integer({ min: 0, max: 364 }), { maxLength: 5 })
  .map((days) => days.map((d) => new Date(FROM + d * DAY).toISOString().slice(0, 10)));

const instant = fc.integer({ min: FROM, max: TO });

function parse(input: string | { start: string; stop: string; timezone: string }): Schedule {
  const parsed = parseSchedule(input);
  if (!parsed.ok) throw new Error(`${JSON.stringify(input)}: ${parsed.error.message}`);
  return parsed.value;
}

function calendar(dates: string[]): HolidayCalendar {
  const result = holidayCalendar(dates);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

/** The properties every schedule must satisfy between `from` and its next transitions. */
function checkTransitions(
  s: Schedule,
  fromMs: number,
  cal: HolidayCalendar,
  probes: number[],
): void {
  const transitions = nextTransitions(s, new Date(fromMs), 6, cal);
  let previousMs = fromMs;
  let previousState = stateAt(s, new Date(fromMs), cal);
  for (const { at, state } of transitions) {
    const atMs = at.getTime();
    // Strictly later, a real change, and the state just before it is the previous one.
    expect(atMs).toBeGreaterThan(previousMs);
    expect(state).not.toBe(previousState);
    expect(stateAt(s, at, cal)).toBe(state);
    expect(stateAt(s, new Date(atMs - 1), cal)).toBe(previousState);
    // Nothing changes strictly between two reported transitions.
    for (const p of probes) {
      const probe = previousMs + Math.floor(p * (atMs - previousMs));
      if (probe > previousMs && probe < atMs)
        expect(stateAt(s, new Date(probe), cal)).toBe(previousState);
    }
    previousMs = atMs;
    previousState = state;
  }
}

const probes = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 3, maxLength: 6 });

describe("schedule properties", () => {
  it("windows: transitions are real changes and nothing changes between them", () => {
    fc.assert(
      fc.property(windowsSchedule, holidays, instant, probes, (expr, dates, from, ps) => {
        checkTransitions(parse(expr), from, calendar(dates), ps);
      }),
      { numRuns: 300 },
    );
  });

  it("cron pairs: transitions are real changes and nothing changes between them", () => {
    fc.assert(
      fc.property(cronSchedule, holidays, instant, probes, (cron, dates, from, ps) => {
        checkTransitions(parse(cron), from, calendar(dates), ps);
      }),
      { numRuns: 150 },
    );
  });

  it("adjacency: a window ending at 24:00 and the next day's window from 00:00 never blip", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 0, max: 1439 }),
        fc.integer({ min: 1, max: 1439 }),
        fc.constantFrom(...ZONES),
        instant,
        (day, start, end, zone, from) => {
          const next = DAYS[(day + 1) % 7] ?? "Mon";
          const first = `${DAYS[day] ?? "Mon"} ${hhmm(start)}-24:00 ${zone}`;
          const s = parse(`${first}; ${next} 00:00-${hhmm(end)} ${zone}`);
          const transitions = nextTransitions(s, new Date(from), 4);
          for (const { at } of transitions) {
            // A blip would be a stop and a start at the same instant, or a stop at local midnight.
            expect(stateAt(s, at)).toBe(
              transitions.find((t) => t.at.getTime() === at.getTime())?.state,
            );
          }
          const stops = transitions.filter((t) => t.state === "stopped");
          const starts = transitions.filter((t) => t.state === "running");
          expect(Math.abs(stops.length - starts.length)).toBeLessThanOrEqual(1);
          for (let i = 1; i < transitions.length; i++) {
            expect(transitions[i]?.state).not.toBe(transitions[i - 1]?.state);
          }
          // Each run lasts from the first window's start to the second's end: longer than 24h - start.
          const run = transitions.findIndex((t) => t.state === "running");
          const runStart = transitions[run];
          const runStop = transitions[run + 1];
          if (runStart && runStop) {
            const minimum = (1440 - start + end) * 60_000 - 3_600_000;
            expect(runStop.at.getTime() - runStart.at.getTime()).toBeGreaterThanOrEqual(minimum);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("no re-entry in the repeated hour: a window ending inside it stays closed for the second pass", () => {
    // Fall-back nights of 2026: the instant the repeated local hour first begins.
    const repeats = [
      { zone: "America/Los_Angeles", hour: 1, first: Date.parse("2026-11-01T08:00:00Z") },
      { zone: "Europe/Berlin", hour: 2, first: Date.parse("2026-10-25T00:00:00Z") },
      { zone: "Australia/Sydney", hour: 2, first: Date.parse("2026-04-04T15:00:00Z") },
      { zone: "Pacific/Auckland", hour: 2, first: Date.parse("2026-04-04T13:00:00Z") },
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...repeats),
        fc.integer({ min: 1, max: 59 }),
        fc.integer({ min: 0, max: 59 }),
        ({ zone, hour, first }, endMinute, probeMinute) => {
          const s = parse(`Sun 00:00-${hhmm(hour * 60 + endMinute)} ${zone}`);
          const firstEnd = first + endMinute * 60_000;
          expect(stateAt(s, new Date(firstEnd - 1))).toBe("running");
          // Any minute of the second pass through the repeated hour is stopped.
          expect(stateAt(s, new Date(first + 3_600_000 + probeMinute * 60_000))).toBe("stopped");
        },
      ),
    );
  });
});
