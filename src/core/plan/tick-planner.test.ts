/**
 * @module Scenario tests for the tick planner (SPEC §5), each a sentence: edges, catch-up after
 * downtime, off-hours drift with grace, manual stops respected, overrides, transitional states,
 * readyBy, pre-stop warnings, fire-and-verify, the blast-radius cap, and what is never touched.
 */
import { describe, expect, it } from "vitest";
import { cluster, group, memory, policy } from "../../../test/fixtures/fleet.js";
import { clusterKey, type Cluster } from "../fleet/types.js";
import type { OverrideView } from "./desired.js";
import { planTick, type TickInput } from "./tick-planner.js";
import type { ClusterMemory, Plan } from "./types.js";

// Times in America/Los_Angeles (PST, UTC-8) for a Mon-Fri 08:00-20:00 schedule.
const FRI_NOON = new Date("2026-11-27T20:00:00Z");
const FRI_2005 = new Date("2026-11-28T04:05:00Z");
const FRI_2300 = new Date("2026-11-28T07:00:00Z");
const MON_0805 = new Date("2026-11-30T16:05:00Z");

const dev = group("ml-dev");

function plan(
  now: Date,
  clusters: Cluster[],
  mem: Record<string, ClusterMemory> = {},
  extra: Partial<TickInput> = {},
): Plan {
  const memoryMap = new Map(
    Object.entries(mem).map(([name, m]) => {
      const c = clusters.find((x) => x.name === name);
      return [clusterKey(c?.id ?? name), m] as const;
    }),
  );
  return planTick({
    now,
    policy: policy([dev]),
    fleet: clusters,
    memory: memoryMap,
    overrides: new Map(),
    ...extra,
  });
}

const summary = (p: Plan) => p.actions.map((a) => `${a.kind} ${a.target.name} (${a.rule})`);

describe("schedule edges", () => {
  it("stops a running cluster at the evening stop edge", () => {
    const p = plan(FRI_2005, [cluster("dev-a100")], {
      "dev-a100": memory({ lastDesired: "running" }),
    });
    expect(summary(p)).toEqual(["stop-cluster dev-a100 (schedule)"]);
    expect(p.actions[0]?.reason).toMatch(/edge running → stopped/);
    expect(p.memory[0]?.next.lastDesired).toBe("stopped");
  });

  it("starts a stopped cluster at the morning start edge", () => {
    const p = plan(MON_0805, [cluster("dev-a100", { powerState: "Stopped" })], {
      "dev-a100": memory({ lastDesired: "stopped" }),
    });
    expect(summary(p)).toEqual(["start-cluster dev-a100 (schedule)"]);
  });

  it("does nothing at an edge when the cluster is already in the desired state, but remembers the edge", () => {
    const p = plan(FRI_2005, [cluster("dev-a100", { powerState: "Stopped" })], {
      "dev-a100": memory({ lastDesired: "running" }),
    });
    expect(p.actions).toEqual([]);
    expect(p.memory).toEqual([
      { clusterId: clusterKey(cluster("dev-a100").id), next: memory({ lastDesired: "stopped" }) },
    ]);
  });

  it("catches up: down for 3 hours across the stop edge, the first tick after stops the cluster", () => {
    const p = plan(FRI_2300, [cluster("dev-a100")], {
      "dev-a100": memory({ lastDesired: "running" }),
    });
    expect(summary(p)).toEqual(["stop-cluster dev-a100 (schedule)"]);
  });

  it("does not start on a holiday: the window starting that day is cancelled", () => {
    const withHoliday = group("ml-dev", { holidays: ["2026-11-30"] });
    const p = planTick({
      now: MON_0805,
      policy: policy([withHoliday]),
      fleet: [cluster("dev-a100", { powerState: "Stopped" })],
      memory: new Map([[clusterKey(cluster("dev-a100").id), memory({ lastDesired: "stopped" })]]),
      overrides: new Map(),
    });
    expect(p.actions).toEqual([]);
  });

  it("a schedule tag on the cluster wins over the group's schedule", () => {
    const tagged = cluster("dev-a100", {
      tags: { env: "dev", "gpu-warden.schedule": "daily 00:00-24:00" },
    });
    const p = plan(FRI_2005, [tagged], { "dev-a100": memory({ lastDesired: "running" }) });
    expect(p.actions).toEqual([]);
  });
});

describe("drift", () => {
  it("a cluster started by hand off-hours is warned at detection, then stopped after the grace period", () => {
    const c = cluster("dev-a100");
    const first = plan(FRI_2300, [c], { "dev-a100": memory({ lastDesired: "stopped" }) });
    expect(first.actions).toEqual([]);
    expect(first.findings).toEqual([
      expect.objectContaining({
        kind: "off-hours-running",
        since: "2026-11-28T07:00:00Z",
        stopAt: "2026-11-28T08:00:00Z",
      }),
    ]);
    const remembered = first.memory[0]?.next ?? memory();
    expect(remembered.offHoursSince).toBe("2026-11-28T07:00:00Z");

    const during = plan(new Date("2026-11-28T07:55:00Z"), [c], { "dev-a100": remembered });
    expect(during.actions).toEqual([]);
    const after = plan(new Date("2026-11-28T08:00:00Z"), [c], { "dev-a100": remembered });
    expect(summary(after)).toEqual(["stop-cluster dev-a100 (off-hours)"]);
  });

  it.each([
    ["warn", "is only warned about"],
    ["ignore", "is ignored"],
  ] as const)(
    "with offHours.action %s a cluster running off-hours %s, never stopped",
    (action, _sentence) => {
      const lenient = group("ml-dev", { offHours: { action, graceMinutes: 0 } });
      const p = planTick({
        now: FRI_2300,
        policy: policy([lenient]),
        fleet: [cluster("dev-a100")],
        memory: new Map([
          [
            clusterKey(cluster("dev-a100").id),
            memory({ lastDesired: "stopped", offHoursSince: "2026-11-28T01:00:00Z" }),
          ],
        ]),
        overrides: new Map(),
      });
      expect(p.actions).toEqual([]);
      expect(p.findings.some((f) => f.kind === "off-hours-running")).toBe(action === "warn");
    },
  );

  it("a cluster stopped by hand during hours is left stopped until the next start edge", () => {
    const p = plan(FRI_NOON, [cluster("dev-a100", { powerState: "Stopped" })], {
      "dev-a100": memory({ lastDesired: "running" }),
    });
    expect(p.actions).toEqual([]);
    expect(p.skipped[0]?.reason).toMatch(/left stopped until the next start edge/);
  });

  it("a cluster seen for the first time stopped during hours is not started", () => {
    expect(plan(FRI_NOON, [cluster("dev-a100", { powerState: "Stopped" })]).actions).toEqual([]);
  });

  it("a cluster seen for the first time running off-hours gets the grace period, not an immediate stop", () => {
    const p = plan(FRI_2300, [cluster("dev-a100")]);
    expect(p.actions).toEqual([]);
    expect(p.memory[0]?.next.offHoursSince).toBe("2026-11-28T07:00:00Z");
  });
});

describe("overrides", () => {
  const keep: OverrideView = {
    state: "running",
    until: "2026-11-28T06:00:00Z",
    owner: "U123",
    reason: "training run",
  };

  it("an override keeps a cluster running past the stop edge", () => {
    const p = plan(
      FRI_2005,
      [cluster("dev-a100")],
      { "dev-a100": memory({ lastDesired: "running" }) },
      {
        overrides: new Map([[clusterKey(cluster("dev-a100").id), keep]]),
      },
    );
    expect(p.actions).toEqual([]);
  });

  it("when the override has expired the cluster is stopped", () => {
    const p = plan(new Date("2026-11-28T06:05:00Z"), [cluster("dev-a100")], {
      "dev-a100": memory({ lastDesired: "running" }),
    });
    expect(summary(p)).toEqual(["stop-cluster dev-a100 (schedule)"]);
  });

  it("an override to stop wins over the schedule", () => {
    const stop: OverrideView = {
      state: "stopped",
      until: "2026-11-30T16:00:00Z",
      owner: "U1",
      reason: "",
    };
    const p = plan(
      FRI_NOON,
      [cluster("dev-a100")],
      { "dev-a100": memory({ lastDesired: "running" }) },
      {
        overrides: new Map([[clusterKey(cluster("dev-a100").id), stop]]),
      },
    );
    expect(summary(p)).toEqual(["stop-cluster dev-a100 (override)"]);
  });

  it("a budget's stop-clusters action keeps the group's clusters stopped", () => {
    const p = plan(
      FRI_NOON,
      [cluster("dev-a100")],
      { "dev-a100": memory({ lastDesired: "running" }) },
      {
        budgetStoppedGroups: new Set(["ml-dev"]),
      },
    );
    expect(summary(p)).toEqual(["stop-cluster dev-a100 (budget)"]);
  });
});

describe("what is never touched", () => {
  it.each([
    [
      "a protected group's cluster",
      policy([
        group("prod", {
          protected: true,
          match: { tags: { env: "dev" }, resourceGroups: [], names: [] },
        }),
      ]),
      cluster("prod-h100"),
      /protected/,
    ],
    [
      "a cluster excluded by tag",
      policy([dev]),
      cluster("dev-x", { tags: { env: "dev", "gpu-warden.exclude": "true" } }),
      /excluded/,
    ],
    [
      "a cluster with an unparseable schedule tag",
      policy([dev]),
      cluster("dev-bad", { tags: { env: "dev", "gpu-warden.schedule": "Mon-Thur 09:00-18:00" } }),
      /Mon-Thur/,
    ],
    ["a cluster in no group", policy([dev]), cluster("other", { tags: {} }), /no group/],
  ])("%s is skipped with its reason", (_what, pol, c, reason) => {
    const p = planTick({
      now: FRI_2005,
      policy: pol,
      fleet: [c],
      memory: new Map([[clusterKey(c.id), memory({ lastDesired: "running" })]]),
      overrides: new Map(),
    });
    expect(p.actions).toEqual([]);
    expect(p.skipped).toEqual([
      expect.objectContaining({ reason: expect.stringMatching(reason) as string }),
    ]);
  });

  it("an unparseable tag is reported as a finding naming the bad token", () => {
    const c = cluster("dev-bad", {
      tags: { env: "dev", "gpu-warden.schedule": "Mon-Thur 09:00-18:00" },
    });
    expect(plan(FRI_2005, [c]).findings).toEqual([
      expect.objectContaining({
        kind: "invalid-tag",
        message: expect.stringContaining("Mon-Thur") as string,
      }),
    ]);
  });

  it.each(["Starting", "Stopping", "Updating", "Upgrading", "Scaling", "Deleting", "Canceling"])(
    "a cluster in provisioningState %s is left alone this tick",
    (state) => {
      const p = plan(FRI_2005, [cluster("dev-a100", { provisioningState: state })], {
        "dev-a100": memory({ lastDesired: "running" }),
      });
      expect(p.actions).toEqual([]);
      expect(p.skipped[0]?.reason).toContain(state);
    },
  );

  it("a cluster in provisioningState Failed is reported", () => {
    const p = plan(FRI_2005, [cluster("dev-a100", { provisioningState: "Failed" })], {
      "dev-a100": memory({ lastDesired: "running" }),
    });
    expect(p.actions).toEqual([]);
    expect(p.findings[0]?.kind).toBe("cluster-failed");
  });
});

describe("readyBy and warnings", () => {
  it("readyBy starts early by the p90 of the cluster's recent start durations", () => {
    const ready = group("ml-dev", { readyBy: true });
    const c = cluster("dev-a100", { powerState: "Stopped" });
    const durations = [300, 360, 420, 480, 540, 600, 660, 720, 780, 1200]; // p90 = 780 s = 13 min
    const run = (now: string) =>
      planTick({
        now: new Date(now),
        policy: policy([ready]),
        fleet: [c],
        memory: new Map([
          [clusterKey(c.id), memory({ lastDesired: "stopped", startDurationsSeconds: durations })],
        ]),
        overrides: new Map(),
      });
    expect(run("2026-11-30T15:46:00Z").actions).toEqual([]); // 07:46, 14 min early: not yet
    expect(run("2026-11-30T15:47:00Z").actions.map((a) => a.kind)).toEqual(["start-cluster"]); // 07:47
  });

  it("warns warnBeforeStopMinutes before the stop edge, not earlier", () => {
    const c = cluster("dev-a100");
    const mem = { "dev-a100": memory({ lastDesired: "running" }) };
    expect(plan(new Date("2026-11-28T03:44:00Z"), [c], mem).findings).toEqual([]);
    expect(plan(new Date("2026-11-28T03:45:00Z"), [c], mem).findings).toEqual([
      expect.objectContaining({ kind: "pre-stop-warning", stopAt: "2026-11-28T04:00:00Z" }),
    ]);
  });
});

describe("fire and verify", () => {
  const pendingStart = {
    id: "op-1",
    kind: "start",
    issuedAt: "2026-11-30T16:00:00Z",
    expect: "Running",
    attempts: 1,
    reason: "edge",
  } as const;

  it("a pending start is confirmed from discovery, and its duration is learned", () => {
    const p = plan(new Date("2026-11-30T16:07:00Z"), [cluster("dev-a100")], {
      "dev-a100": memory({ lastDesired: "running", pending: pendingStart }),
    });
    expect(p.confirmations).toEqual([
      expect.objectContaining({ outcome: "done", durationSeconds: 420 }),
    ]);
    expect(p.memory[0]?.next).toEqual(
      memory({ lastDesired: "running", startDurationsSeconds: [420] }),
    );
  });

  it("a pending start still in progress is skipped, not re-planned", () => {
    const p = plan(
      new Date("2026-11-30T16:05:00Z"),
      [cluster("dev-a100", { powerState: "Stopped", provisioningState: "Starting" })],
      {
        "dev-a100": memory({ lastDesired: "running", pending: pendingStart }),
      },
    );
    expect(p.actions).toEqual([]);
    expect(p.confirmations).toEqual([]);
    expect(p.skipped[0]?.reason).toMatch(/in progress/);
  });

  it("a pending operation not confirmed within 30 minutes is reported failed", () => {
    const p = plan(
      new Date("2026-11-30T16:31:00Z"),
      [cluster("dev-a100", { powerState: "Stopped", provisioningState: "Starting" })],
      {
        "dev-a100": memory({ lastDesired: "running", pending: pendingStart }),
      },
    );
    expect(p.confirmations).toEqual([
      expect.objectContaining({
        outcome: "failed",
        message: expect.stringMatching(/30 minutes/) as string,
      }),
    ]);
  });

  it("a call that never took effect (still Stopped, Succeeded after 30 minutes) is planned again", () => {
    // Chaos seeds 2 and 15: the app died between the write-ahead and recording ARM's answer.
    const stale = memory({ lastDesired: "running", pending: pendingStart });
    const p = plan(
      new Date("2026-11-30T16:31:00Z"),
      [cluster("dev-a100", { powerState: "Stopped" })],
      {
        "dev-a100": stale,
      },
    );
    expect(p.confirmations).toEqual([expect.objectContaining({ outcome: "failed" })]);
    expect(p.actions).toEqual([]);
    expect(p.skipped[0]?.reason).toMatch(
      /not confirmed within 30 minutes .*; re-opened for the next tick$/,
    );
    const reopened = p.memory[0]?.next ?? stale;
    expect(reopened).toEqual(memory({ lastDesired: "stopped" }));
    const next = plan(
      new Date("2026-11-30T16:36:00Z"),
      [cluster("dev-a100", { powerState: "Stopped" })],
      {
        "dev-a100": reopened,
      },
    );
    expect(next.actions).toEqual([
      expect.objectContaining({
        kind: "start-cluster",
        target: expect.objectContaining({ name: "dev-a100" }) as unknown,
      }),
    ]);
  });
});

describe("blast radius", () => {
  it("a plan with more actions than the cap is refused whole, and its edges stay open", () => {
    const clusters = ["a", "b", "c"].map((n) => cluster(`dev-${n}`));
    const mem = Object.fromEntries(
      clusters.map((c) => [c.name, memory({ lastDesired: "running" })]),
    );
    const p = planTick({
      now: FRI_2005,
      policy: policy([dev], { maxActionsPerTick: 2 }),
      fleet: clusters,
      memory: new Map(clusters.map((c) => [clusterKey(c.id), mem[c.name] ?? memory()])),
      overrides: new Map(),
    });
    expect(p.actions).toEqual([]);
    expect(p.refused?.actions).toHaveLength(3);
    expect(p.refused?.reason).toMatch(/3 actions, over the blast-radius cap of 2/);
    expect(p.findings.some((f) => f.kind === "cap-exceeded")).toBe(true);
    expect(p.memory.every((m) => m.next.lastDesired === "running")).toBe(true);
  });
});
