/**
 * @module Table tests: what Slack overrides mean in time, and their cap.
 */
import { describe, expect, it } from "vitest";
import { parseSchedule } from "../schedule/index.js";
import { resolveZone } from "../time/zone.js";
import { overrideFor, type OverrideContext, type OverrideRequest } from "./overrides.js";

const zone = resolveZone("America/Los_Angeles");
const schedule = parseSchedule("Mon-Fri 08:00-20:00 America/Los_Angeles");
if (!zone || !schedule.ok) throw new Error("fixture");

const FRI_1900 = new Date("2026-11-28T03:00:00Z"); // Friday 19:00 PST
const SAT_1000 = new Date("2026-11-28T18:00:00Z"); // Saturday 10:00 PST

function ctx(now: Date, extra: Partial<OverrideContext> = {}): OverrideContext {
  if (!zone || !schedule.ok) throw new Error("fixture");
  return {
    now,
    schedule: schedule.value,
    holidays: new Set(),
    zone,
    maxHours: 12,
    current: undefined,
    ...extra,
  };
}

const until = (request: OverrideRequest, c: OverrideContext) => {
  const result = overrideFor(request, c);
  return result.ok
    ? `${result.value.state} until ${result.value.until.toISOString()}`
    : `refused: ${result.error}`;
};

describe("overrides from Slack", () => {
  it.each([
    [
      "start for 2h runs two hours from now",
      { kind: "start", forMinutes: 120 },
      FRI_1900,
      "running until 2026-11-28T05:00:00.000Z",
    ],
    [
      "start without a duration runs until the schedule's end",
      { kind: "start" },
      FRI_1900,
      "running until 2026-11-28T04:00:00.000Z",
    ],
    [
      "start without a duration off-hours runs at most maxHours",
      { kind: "start" },
      SAT_1000,
      "running until 2026-11-29T06:00:00.000Z",
    ],
    [
      "stop lasts until the next start edge",
      { kind: "stop" },
      FRI_1900,
      "stopped until 2026-11-30T16:00:00.000Z",
    ],
    [
      "extend 1h postpones the coming 20:00 stop to 21:00",
      { kind: "extend", by: { minutes: 60 } },
      FRI_1900,
      "running until 2026-11-28T05:00:00.000Z",
    ],
    [
      "extend until 22:30 is in the group's zone",
      { kind: "extend", by: { until: "22:30" } },
      FRI_1900,
      "running until 2026-11-28T06:30:00.000Z",
    ],
    [
      "start for 13h is over the 12h cap",
      { kind: "start", forMinutes: 780 },
      FRI_1900,
      "refused: that would keep it 13h from now; this group allows at most 12h",
    ],
    [
      "extend off-hours has no stop to postpone",
      { kind: "extend", by: { minutes: 60 } },
      SAT_1000,
      "refused: there is no coming stop to postpone: the cluster is not scheduled to stop",
    ],
    [
      "extend until a time before the stop is refused",
      { kind: "extend", by: { until: "19:30" } },
      FRI_1900,
      "refused: 19:30 is not later than the coming stop",
    ],
  ] as const)("%s", (_sentence, request, now, expected) => {
    expect(until(request, ctx(now))).toBe(expected);
  });

  it("extend adds to an existing override rather than to the schedule", () => {
    const current = {
      state: "running",
      until: "2026-11-28T06:00:00Z",
      owner: "U1",
      reason: "",
    } as const;
    expect(until({ kind: "extend", by: { minutes: 60 } }, ctx(FRI_1900, { current }))).toBe(
      "running until 2026-11-28T07:00:00.000Z",
    );
  });
});
