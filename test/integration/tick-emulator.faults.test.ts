/**
 * @module The tick on the emulator and Azurite under ARM faults (SPEC §16, reliability): a
 * simulated Monday with 429 + Retry-After on 30 % and 503 on 5 % of ARM calls (seeded; discovery,
 * start/stop and their status polls alike), the SDK's own retries off so the tick's retry path
 * does the work. Ticks whose discovery fails are allowed (the next tick recovers) and counted.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TickReport } from "../../src/app/tick.js";
import { clusterKey } from "../../src/core/fleet/types.js";
import { ArmError } from "../../src/ports/azure.js";
import type { AuditEntry } from "../../src/ports/state-types.js";
import {
  at,
  CLUSTER_PATH,
  MONDAY_EDGES,
  newScenario,
  SCHEDULED,
  scheduledPower,
  startStack,
  TICK_MINUTES,
  type Scenario,
  type Stack,
} from "./tick-emulator.harness.js";

const THROTTLED = 0.3;
const UNAVAILABLE = 0.05;
const SEED = 29;

let stack: Stack | undefined;

beforeAll(async () => {
  stack = await startStack({ armMaxRetries: 0 });
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

describe("a simulated Monday under ARM throttling and outages", () => {
  let day: Scenario;
  const failedTicks: { at: string; error: unknown }[] = [];
  const reports: TickReport[] = [];
  let audit: AuditEntry[] = [];
  /** Virtual instant of the third tick after the faults were cleared. */
  let settledAt = "";

  beforeAll(async () => {
    if (stack === undefined) throw new Error("the stack did not start");
    const { emulator } = stack;
    day = await newScenario(stack);
    emulator.faults.setSeed(SEED);
    emulator.faults.add({
      path: "/**",
      status: 429,
      retryAfterSeconds: 30,
      probability: THROTTLED,
    });
    // The second rule only sees calls the first let through: 5 % of all calls overall.
    emulator.faults.add({ path: "/**", status: 503, probability: UNAVAILABLE / (1 - THROTTLED) });

    const tick = async (): Promise<void> => {
      try {
        reports.push(await day.tick());
      } catch (error) {
        failedTicks.push({ at: day.now().toISOString(), error });
      }
    };
    while (day.now().toISOString() < at("00:00", 1)) {
      await tick();
      day.advance(TICK_MINUTES);
    }
    emulator.faults.clear();
    for (let n = 1; n <= 3; n += 1) {
      await tick();
      if (n < 3) day.advance(TICK_MINUTES);
    }
    settledAt = day.now().toISOString();
    audit = await day.audit();
  }, 60_000);

  it("really faulted: discovery failed on some ticks; start/stop calls and their status polls were refused", () => {
    const log = stack?.emulator.requests.list() ?? [];
    const isWrite = (path: string): boolean => path.endsWith("/start") || path.endsWith("/stop");
    const faulted = log.filter((r) => r.answeredBy === "fault");
    expect(failedTicks.length).toBeGreaterThan(0);
    expect(reports.length + failedTicks.length).toBe(288 + 3);
    expect(faulted.filter((r) => isWrite(r.path)).length).toBeGreaterThan(0);
    expect(faulted.filter((r) => r.path.includes("/operationresults/")).length).toBeGreaterThan(0);
    // Longest run of refused calls on one cluster: beyond the three attempts a 409 gets.
    const runs = new Map<string, number>();
    let longest = 0;
    for (const call of log.filter((r) => isWrite(r.path))) {
      const cluster = call.path.replace(/\/(start|stop)$/, "");
      const run = call.answeredBy === "fault" ? (runs.get(cluster) ?? 0) + 1 : 0;
      runs.set(cluster, run);
      longest = Math.max(longest, run);
    }
    expect(longest).toBeGreaterThanOrEqual(3);
  });

  it("lets only ticks whose discovery was throttled or unavailable fail", () => {
    for (const { at: when, error } of failedTicks) {
      expect(error, when).toBeInstanceOf(ArmError);
      if (!(error instanceof ArmError)) continue;
      expect(["Throttled", "Transient"], `${when}: ${error.message}`).toContain(error.code);
      expect(error.message, when).toMatch(/^Resource Graph discovery: /);
    }
    expect(failedTicks.filter((f) => f.at >= at("00:00", 1))).toEqual([]);
  });

  it("converges once the faults stop: within 3 ticks every scheduled cluster is in its desired state", async () => {
    for (const name of SCHEDULED) {
      expect(`${name} ${day.powerState(name)} ${day.provisioningState(name)}`).toBe(
        `${name} ${scheduledPower(name, settledAt)} Succeeded`,
      );
    }
    const states = await day.store.clusters.list();
    expect(states.filter((s) => s.value.pending !== null).map((s) => s.key)).toEqual([]);
  });

  it("ends every planned action in a recorded result, and every fired one in a confirmation", () => {
    const actions = audit.filter((e) => e.kind === "action");
    const results = audit.filter((e) => e.kind === "result");
    expect(actions.length).toBeGreaterThanOrEqual(7);
    for (const action of actions) {
      const result = results.find((r) => r.runId === action.runId && r.target === action.target);
      expect(result?.reason, `${action.at} ${action.target}`).toMatch(
        /^pending$|^pending \(retry next tick\): (Throttled|Transient): /,
      );
      if (result?.reason !== "pending") continue;
      const confirmed = results.find(
        (r) => r.target === action.target && r.at > action.at && /confirmed\)$/.test(r.reason),
      );
      expect(confirmed, `${action.at} ${action.target} confirmed`).toBeDefined();
    }
    expect(results.filter((r) => r.reason.startsWith("failed"))).toEqual([]);
  });

  it("records every call ARM accepted as fired, even when the SDK's status poll after it failed", () => {
    const accepted = (stack?.emulator.requests.list({ method: "POST" }) ?? []).filter(
      (r) => r.answeredBy === "aks" && r.status === 202,
    );
    const fired = audit.filter((e) => e.kind === "result" && e.reason === "pending");
    const calls = (list: string[]): string[] => list.map((c) => c.toLowerCase()).sort();
    expect(calls(fired.map((e) => `${e.at} ${e.target}`))).toEqual(
      calls(accepted.map((r) => `${r.virtualAt} ${r.path.replace(/\/(start|stop)$/, "")}`)),
    );
  });

  it.each(SCHEDULED)(
    "%s gets exactly one accepted call per edge, and no call AKS refuses as a duplicate",
    (name) => {
      const writes = day.writes(name);
      const accepted = writes.filter((r) => r.answeredBy === "aks" && r.status === 202);
      expect(accepted.map((r) => r.path.split("/").pop())).toEqual(
        MONDAY_EDGES[name].map((e) => (e.to === "Running" ? "start" : "stop")),
      );
      accepted.forEach((call, i) => {
        const edge = MONDAY_EDGES[name][i];
        const next = MONDAY_EDGES[name][i + 1];
        const due = Date.parse(at(edge?.at ?? "00:00")) - (edge?.leadMinutes ?? 0) * 60_000;
        expect(Date.parse(call.virtualAt), call.virtualAt).toBeGreaterThanOrEqual(due);
        if (next) expect(call.virtualAt < at(next.at), call.virtualAt).toBe(true);
      });
      expect(writes.filter((r) => r.answeredBy === "aks" && r.status !== 202)).toEqual([]);
    },
  );

  it("never writes to the protected, excluded or badly tagged clusters, under any fault", () => {
    for (const name of ["inference-prod", "dev-legacy", "dev-h100"] as const) {
      expect(day.writes(name), name).toEqual([]);
    }
    const touched = new Set(
      reports.flatMap((r) => r.plan.actions.map((a) => clusterKey(a.target.id))),
    );
    expect([...touched].sort()).toEqual(SCHEDULED.map((n) => clusterKey(CLUSTER_PATH[n])).sort());
  });
});
