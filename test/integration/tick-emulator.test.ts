/**
 * @module The tick end to end on the emulator (ARM over HTTPS, official SDKs) and Azurite (Table
 * Storage), with the example policy and the demo fleet: a simulated Monday of 288 ticks follows
 * every schedule, and never writes to the protected, excluded or badly tagged clusters.
 * Faults: tick-emulator.faults.test.ts; catch-up and manual changes: tick-emulator.catch-up.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TickReport } from "../../src/app/tick.js";
import {
  at,
  CLUSTER_PATH,
  MONDAY_EDGES,
  newScenario,
  OPERATION_MINUTES,
  SCHEDULED,
  scheduledPower,
  startStack,
  TICK_MINUTES,
  type Scenario,
  type Stack,
} from "./tick-emulator.harness.js";

const minutes = (iso: string): number => Date.parse(iso) / 60_000;

let stack: Stack | undefined;

beforeAll(async () => {
  stack = await startStack();
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

describe("a simulated Monday on the emulator and Azurite", () => {
  let day: Scenario;
  /** Power state of every listed cluster just before each tick, by tick instant. */
  const samples: { at: string; power: Record<string, string> }[] = [];
  const reports: TickReport[] = [];

  beforeAll(async () => {
    if (stack === undefined) throw new Error("the stack did not start");
    day = await newScenario(stack);
    while (day.now().toISOString() < at("00:00", 1)) {
      samples.push({
        at: day.now().toISOString(),
        power: Object.fromEntries(SCHEDULED.map((n) => [n, day.powerState(n)])),
      });
      reports.push(await day.tick());
      day.advance(TICK_MINUTES);
    }
  }, 60_000);

  it("runs 288 ticks from the demo fleet's start, each discovering the fleet in one request", () => {
    expect(samples[0]).toEqual({
      at: at("00:00"),
      power: Object.fromEntries(SCHEDULED.map((n) => [n, "Stopped"])),
    });
    expect(reports).toHaveLength(288);
    expect(reports.every((r) => r.discovery.requests === 1)).toBe(true);
    expect(reports.every((r) => r.discovery.clusters.length === 8)).toBe(true);
  });

  it.each(SCHEDULED)(
    "%s gets one call per edge, within one tick of the edge (less readyBy's 10 minutes)",
    (name) => {
      const calls = day
        .writes(name)
        .map((r) => `${r.method} ${r.path.split("/").pop() ?? ""} ${r.status} ${r.virtualAt}`);
      expect(calls).toEqual(
        MONDAY_EDGES[name].map((e) => {
          const due = new Date(Date.parse(at(e.at)) - e.leadMinutes * 60_000).toISOString();
          return `POST ${e.to === "Running" ? "start" : "stop"} 202 ${due}`;
        }),
      );
    },
  );

  it.each(SCHEDULED)(
    "%s is in its scheduled state at every tick, except while an edge's call is in flight",
    (name) => {
      const edges = MONDAY_EDGES[name];
      const wrong = samples.filter((sample) => {
        if (sample.power[name] === scheduledPower(name, sample.at)) return false;
        const t = minutes(sample.at);
        // One tick to notice the edge, then the operation's own duration.
        const inFlight = edges.some((e) => {
          const edge = minutes(at(e.at));
          return t >= edge && t < edge + TICK_MINUTES + OPERATION_MINUTES[e.to];
        });
        return !inFlight;
      });
      expect(wrong).toEqual([]);
      for (const edge of edges.filter((e) => e.leadMinutes > 0)) {
        const sample = samples.find((s) => s.at === at(edge.at));
        expect(sample?.power[name], `${name} ready by ${edge.at}Z`).toBe(edge.to);
      }
    },
  );

  it("never sends an ARM write to the protected, excluded or badly tagged clusters", () => {
    for (const name of ["inference-prod", "dev-legacy", "dev-h100"] as const) {
      expect(day.writes(name), name).toEqual([]);
    }
    expect(day.powerState("inference-prod")).toBe("Running");
    expect(day.powerState("dev-legacy")).toBe("Running");
    expect(day.powerState("dev-h100")).toBe("Stopped");
  });

  it("skips dev-h100 for its bad schedule tag, naming `Mon-Thur`, once in the audit log", async () => {
    const rows = (await day.audit()).filter((e) => e.target === CLUSTER_PATH["dev-h100"]);
    expect(rows.map((r) => r.kind)).toEqual(["skip", "alert"]);
    expect(rows[0]?.reason).toMatch(/Mon-Thur/);
    expect(rows[0]?.at).toBe(at("00:00"));
  });

  it("records every action with a fired result and a later confirmation, and no failure", async () => {
    const audit = await day.audit();
    const actions = audit.filter((e) => e.kind === "action");
    const results = audit.filter((e) => e.kind === "result");
    expect(actions).toHaveLength(7);
    for (const action of actions) {
      const fired = results.find((r) => r.runId === action.runId && r.target === action.target);
      expect(fired?.reason, action.target).toBe("pending");
      const confirmed = results.find(
        (r) => r.target === action.target && r.at > action.at && /confirmed\)$/.test(r.reason),
      );
      expect(confirmed, `${action.target} confirmed`).toBeDefined();
    }
    expect(results.filter((r) => !/^pending$|confirmed\)$/.test(r.reason))).toEqual([]);
  });
});
