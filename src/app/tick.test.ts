/**
 * @module The tick use case end to end on the in-memory fakes (the same flow runs on the emulator
 * and Azurite in test/integration): write-ahead pending operations, fire and verify, retries of
 * 409s, exact dry run, the cap, and an audit row for every action, result and new skip.
 */
import { describe, expect, it } from "vitest";
import { cluster, group, policy } from "../../test/fixtures/fleet.js";
import { FakeAzure } from "../../test/fakes/fake-azure.js";
import { clusterKey } from "../core/fleet/types.js";
import type { TickPolicy } from "../core/policy/types.js";
import { ArmError } from "../ports/azure.js";
import type { StateStore } from "../ports/state-store.js";
import { createMemoryStore } from "../storage/memory-store.js";
import { runTick, type TickDeps } from "./tick.js";

// Mon-Fri 08:00-20:00 America/Los_Angeles; Friday 2026-11-27.
const FRI_1955 = new Date("2026-11-28T03:55:00Z");
const FRI_2000 = new Date("2026-11-28T04:00:00Z");
const FRI_2005 = new Date("2026-11-28T04:05:00Z");
const FRI_2010 = new Date("2026-11-28T04:10:00Z");
const FRI_2015 = new Date("2026-11-28T04:15:00Z");

function setup(
  clusters = [cluster("dev-a100")],
  tickPolicy: TickPolicy = policy([group("ml-dev")]),
) {
  const azure = new FakeAzure(clusters);
  const store = createMemoryStore();
  let n = 0;
  const deps: TickDeps = {
    fleet: azure,
    control: azure,
    store,
    policy: tickPolicy,
    scope: { subscriptions: [] },
    newId: () => `id-${++n}`,
  };
  const tick = (now: Date, apply = true) => runTick(deps, { now, apply });
  return { azure, store, deps, tick };
}

async function audit(store: StateStore) {
  return store.audit.list({ from: "2026-01-01T00:00:00Z", to: "2027-01-01T00:00:00Z" });
}

describe("tick", () => {
  it("stops a cluster at the stop edge, then confirms the stop from discovery", async () => {
    const { azure, store, tick } = setup();
    await tick(FRI_1955);
    const edge = await tick(FRI_2005);
    expect(edge.results.map((r) => `${r.action.kind} ${r.outcome}`)).toEqual([
      "stop-cluster pending",
    ]);
    expect(azure.calls).toEqual(["stop dev-a100"]);
    const id = clusterKey(cluster("dev-a100").id);
    expect((await store.clusters.get(id))?.value.pending).toMatchObject({
      kind: "stop",
      expect: "Stopped",
    });

    azure.settle();
    const confirm = await tick(FRI_2010);
    expect(confirm.plan.confirmations).toEqual([
      expect.objectContaining({ outcome: "done", kind: "stop" }),
    ]);
    expect((await store.clusters.get(id))?.value.pending).toBeNull();
    const kinds = (await audit(store)).map((e) => `${e.kind}: ${e.reason.split(":")[0] ?? ""}`);
    expect(kinds).toContain("action: edge running → stopped");
    expect(kinds).toContain("result: pending");
    expect(kinds).toContain("result: dev-a100 is Stopped (stop confirmed)");
  });

  it("writes the pending operation before the ARM call", async () => {
    const { azure, store, deps } = setup();
    let pendingAtCall: unknown = "not called";
    const control = {
      start: () => Promise.resolve(),
      stop: async (ref: Parameters<typeof azure.stop>[0]) => {
        pendingAtCall = (await store.clusters.get(clusterKey(ref.id)))?.value.pending;
        return azure.stop(ref);
      },
    };
    await runTick({ ...deps, control }, { now: FRI_1955, apply: true });
    await runTick({ ...deps, control }, { now: FRI_2005, apply: true });
    expect(pendingAtCall).toMatchObject({ kind: "stop", issuedAt: FRI_2005.toISOString() });
  });

  it("records its decisions, confirmations included, before memory and ARM: a killed tick keeps them", async () => {
    const { azure, store, deps } = setup();
    await runTick(deps, { now: FRI_1955, apply: true });
    await runTick(deps, { now: FRI_2005, apply: true });
    azure.settle();
    // The process dies as the tick writes its memory (after the plan, before any ARM call).
    const crash = () => Promise.reject(new Error("killed"));
    const dying = {
      ...store,
      clusters: new Proxy(store.clusters, {
        get: (table, name) => {
          if (name === "replace" || name === "insert" || name === "upsert") return crash;
          const value: unknown = Reflect.get(table, name, table);
          return typeof value === "function" ? (value as () => unknown).bind(table) : value;
        },
      }),
    } as StateStore;
    await expect(
      runTick({ ...deps, store: dying }, { now: FRI_2010, apply: true }),
    ).rejects.toThrow("killed");
    const rows = (await audit(store)).filter((e) => e.at === FRI_2010.toISOString());
    expect(rows.map((e) => `${e.kind}: ${e.reason}`)).toContain(
      "result: dev-a100 is Stopped (stop confirmed)",
    );
  });

  it("retries a 409 on later ticks and reports failure after three attempts", async () => {
    const { azure, tick } = setup();
    await tick(FRI_1955);
    const busy = () => new ArmError("OperationNotAllowed", "another operation is in progress", 409);
    azure.failures.push(busy(), busy(), busy());
    const outcomes = [];
    for (const now of [FRI_2000, FRI_2005, FRI_2010, FRI_2015]) {
      const report = await tick(now);
      outcomes.push(
        report.results.map((r) => `${r.outcome}${r.retry ? " (retry)" : ""}`).join(","),
      );
    }
    expect(outcomes).toEqual(["pending (retry)", "pending (retry)", "failed", ""]);
    expect(azure.calls).toHaveLength(3);
  });

  it("retries a throttled or unavailable call on every later tick until ARM takes it", async () => {
    const { azure, store, tick } = setup();
    await tick(FRI_1955);
    const throttled = () => new ArmError("Throttled", "stop dev-a100: too many requests", 429);
    azure.failures.push(throttled(), throttled(), throttled(), throttled());
    azure.failures.push(new ArmError("Transient", "stop dev-a100: service unavailable", 503));
    const outcomes = [];
    for (let minute = 0; minute <= 30; minute += 5) {
      const report = await tick(new Date(FRI_2000.getTime() + minute * 60_000));
      outcomes.push(report.results.map((r) => `${r.outcome}${r.retry ? " (retry)" : ""}`).join());
    }
    expect(outcomes).toEqual([...Array<string>(5).fill("pending (retry)"), "pending", ""]);
    expect(azure.calls).toHaveLength(6);
    expect(azure.get("dev-a100")?.provisioningState).toBe("Stopping");
    expect((await audit(store)).some((e) => e.reason.startsWith("failed"))).toBe(false);
  });

  it("throttled attempts do not count toward a 409's three attempts", async () => {
    const { azure, tick } = setup();
    await tick(FRI_1955);
    const busy = () => new ArmError("OperationNotAllowed", "another operation is in progress", 409);
    azure.failures.push(new ArmError("Throttled", "slow down", 429), busy(), busy());
    azure.failures.push(new ArmError("Throttled", "slow down", 429), busy());
    const outcomes = [];
    for (let minute = 0; minute <= 20; minute += 5) {
      const report = await tick(new Date(FRI_2000.getTime() + minute * 60_000));
      outcomes.push(report.results.map((r) => `${r.outcome}: ${r.error?.code ?? ""}`).join());
    }
    expect(outcomes).toEqual([
      "pending: Throttled",
      "pending: OperationNotAllowed",
      "pending: OperationNotAllowed",
      "pending: Throttled",
      "failed: OperationNotAllowed",
    ]);
  });

  it("a 409 once, then success: no failure is recorded", async () => {
    const { azure, store, tick } = setup();
    await tick(FRI_1955);
    azure.failures.push(new ArmError("OperationNotAllowed", "busy", 409));
    await tick(FRI_2000);
    const second = await tick(FRI_2005);
    expect(second.results.map((r) => r.outcome)).toEqual(["pending"]);
    expect((await audit(store)).some((e) => e.reason.startsWith("failed"))).toBe(false);
  });

  it("a dry run plans exactly what apply would do and changes nothing", async () => {
    const { azure, store, tick } = setup();
    await tick(FRI_1955);
    const before = await audit(store);
    const dry = await tick(FRI_2005, false);
    expect(dry.plan.actions.map((a) => a.kind)).toEqual(["stop-cluster"]);
    expect(azure.calls).toEqual([]);
    expect(await audit(store)).toEqual(before);
    const real = await tick(FRI_2005);
    expect(real.plan).toEqual(dry.plan);
  });

  it("refuses a plan over the cap: no ARM call, one alert, and the next tick plans it again", async () => {
    const clusters = [cluster("dev-a"), cluster("dev-b")];
    const { azure, store, tick } = setup(
      clusters,
      policy([group("ml-dev")], { maxActionsPerTick: 1 }),
    );
    await tick(FRI_1955);
    const refused = await tick(FRI_2005);
    expect(refused.plan.refused?.actions).toHaveLength(2);
    expect(azure.calls).toEqual([]);
    const alerts = (await audit(store)).filter((e) => e.kind === "alert" && e.target === "fleet");
    expect(alerts.map((e) => e.reason)).toEqual([
      expect.stringMatching(/over the blast-radius cap/),
    ]);
    expect((await tick(FRI_2010)).plan.refused?.actions).toHaveLength(2);
  });

  it("records a skip when its reason is new, not on every tick", async () => {
    const bad = cluster("dev-bad", {
      tags: { env: "dev", "gpu-warden.schedule": "Mon-Thur 09:00-18:00" },
    });
    const { store, tick } = setup([bad]);
    await tick(FRI_1955);
    await tick(FRI_2005);
    await tick(FRI_2010);
    const rows = (await audit(store)).filter((e) => e.target === bad.id);
    expect(rows.map((r) => r.kind)).toEqual(["skip", "alert"]);
    expect(rows[0]?.reason).toContain("Mon-Thur");
  });

  it("announces a pre-stop warning once per stop edge", async () => {
    const { tick } = setup();
    const first = await tick(new Date("2026-11-28T03:45:00Z"));
    const second = await tick(FRI_1955);
    expect(first.findings.map((f) => f.kind)).toEqual(["pre-stop-warning"]);
    expect(second.plan.findings.map((f) => f.kind)).toEqual(["pre-stop-warning"]);
    expect(second.findings).toEqual([]);
  });
});
