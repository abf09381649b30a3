/**
 * @module Property test over random fleets, policies, memories and instants: no plan ever acts on
 * a protected group's cluster, an excluded cluster or one with an unparseable tag; a plan never
 * exceeds the cap; actions only move a cluster towards a state it is not in.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cluster, group, memory, policy } from "../../../test/fixtures/fleet.js";
import { clusterKey } from "../fleet/types.js";
import { resolveClusterPolicy } from "../policy/resolve.js";
import { planTick } from "./tick-planner.js";

const schedules = [
  "Mon-Fri 08:00-20:00 America/Los_Angeles",
  "daily 22:00-06:00 Europe/Berlin",
  "always",
  "never",
  "Sat-Sun 10:00-12:00",
];
const tagSets = [
  { env: "dev" },
  { env: "prod" },
  { env: "batch" },
  { env: "dev", "gpu-warden.exclude": "true" },
  { env: "dev", "gpu-warden.exclude": "yes" },
  { env: "dev", "gpu-warden.schedule": "Mon-Thur 09:00-18:00" },
  { env: "dev", "gpu-warden.schedule": "daily 07:00-19:00" },
  {},
];

const arbCluster = fc
  .record({
    n: fc.integer({ min: 0, max: 9999 }),
    tags: fc.constantFrom(...tagSets),
    powerState: fc.constantFrom("Running", "Stopped"),
    provisioningState: fc.constantFrom(
      "Succeeded",
      "Succeeded",
      "Succeeded",
      "Starting",
      "Stopping",
      "Failed",
      "Updating",
    ),
  })
  .map(({ n, tags, powerState, provisioningState }) =>
    cluster(`c${n}`, { tags, powerState, provisioningState }),
  );

const arbPolicy = fc
  .record({
    devSchedule: fc.constantFrom(...schedules),
    batchSchedule: fc.constantFrom(...schedules),
    prodProtected: fc.boolean(),
    cap: fc.integer({ min: 1, max: 10 }),
    offHours: fc.constantFrom("stop", "warn", "ignore"),
    readyBy: fc.boolean(),
  })
  .map((p) =>
    policy(
      [
        group("prod", {
          protected: p.prodProtected,
          schedule: "never",
          match: { tags: { env: "prod" }, resourceGroups: [], names: [] },
        }),
        group("dev", {
          schedule: p.devSchedule,
          readyBy: p.readyBy,
          offHours: { action: p.offHours, graceMinutes: 30 },
        }),
        group("batch", {
          schedule: p.batchSchedule,
          protected: true,
          match: { tags: { env: "batch" }, resourceGroups: [], names: [] },
        }),
      ],
      { maxActionsPerTick: p.cap },
    ),
  );

const arbMemory = fc.record({
  lastDesired: fc.constantFrom("running", "stopped", null),
  offHoursSince: fc.constantFrom(null, "2026-11-27T00:00:00Z"),
});

describe("tick planner properties", () => {
  it("never acts on protected, excluded or badly tagged clusters, and never exceeds the cap", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(arbCluster, { selector: (c) => c.id, maxLength: 25 }),
        fc.array(arbMemory, { minLength: 25, maxLength: 25 }),
        arbPolicy,
        fc.integer({
          min: Date.parse("2026-01-01T00:00:00Z"),
          max: Date.parse("2027-01-01T00:00:00Z"),
        }),
        (fleet, memories, pol, nowMs) => {
          const mem = new Map(fleet.map((c, i) => [clusterKey(c.id), memory(memories[i] ?? {})]));
          const plan = planTick({
            now: new Date(nowMs),
            policy: pol,
            fleet,
            memory: mem,
            overrides: new Map(),
          });
          expect(plan.actions.length).toBeLessThanOrEqual(pol.maxActionsPerTick);
          for (const action of [...plan.actions, ...(plan.refused?.actions ?? [])]) {
            const c = fleet.find((x) => x.id === action.target.id);
            if (!c) throw new Error("action on a cluster not in the fleet");
            expect(resolveClusterPolicy(c, pol).kind).toBe("managed");
            expect(c.provisioningState).toBe("Succeeded");
            expect(action.from).toBe(c.powerState);
            expect(action.to).not.toBe(c.powerState);
          }
          if (plan.refused)
            expect(plan.refused.actions.length).toBeGreaterThan(pol.maxActionsPerTick);
        },
      ),
      { numRuns: 300 },
    );
  });
});
