/**
 * @module Idle GPU pools end to end (SPEC §6) on the emulator and Azurite, with the runtime built
 * by `createRuntime`: an idle afternoon scales each pool down in its group's mode, the restore
 * record holds the exact size, and the next morning's start puts back exactly count, autoscaler
 * flag, minCount and maxCount; a crash between writing the restore record and the ARM call loses
 * nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runOperation } from "../../src/app/operations.js";
import { snapshotSaver } from "../../src/app/snapshot.js";
import { runTick, type TickDeps, type TickReport } from "../../src/app/tick.js";
import { createRuntime, tickDepsOf, type Runtime } from "../../src/composition.js";
import { readEnv } from "../../src/config/env.js";
import { loadPolicy } from "../../src/config/policy.js";
import { startEmulator, type Emulator } from "../../src/emulator/index.js";
import type { PoolControl } from "../../src/ports/azure.js";
import type { StateStore } from "../../src/ports/state-store.js";
import { startAzurite, type Azurite } from "../../src/storage/azurite.js";
import { createTableStore } from "../../src/storage/table-store.js";

const SUB = "11111111-1111-4111-8111-111111111111";
const RG = "ml-dev-rg";

// Busy Monday morning, idle from 12:00 UTC. Schedules Mon-Fri 08:00-20:00 UTC.
const gpu = (extra: object) => ({
  name: "gpu",
  vmSize: "Standard_NC24ads_A100_v4",
  count: 2,
  enableAutoScaling: true,
  minCount: 1,
  maxCount: 4,
  gpuUtil: { default: 1, "Mon 09:00-12:00": 80 },
  ...extra,
});
const FLEET = {
  start: "2026-11-23T12:00:00Z",
  subscriptions: [
    {
      id: SUB,
      clusters: ["force", "mincount"].map((team) => ({
        name: `dev-${team}`,
        resourceGroup: RG,
        tags: { team },
        pools: [{ name: "system", mode: "System", vmSize: "Standard_D4s_v5", count: 1 }, gpu({})],
      })),
    },
  ],
};
const POLICY = `
timezone: UTC
groups:
  - name: force
    match: { tags: { team: force } }
    schedule: "Mon-Fri 08:00-20:00"
    idle: { gpuUtilBelowPercent: 5, forMinutes: 60, mode: force-zero }
  - name: mincount
    match: { tags: { team: mincount } }
    schedule: "Mon-Fri 08:00-20:00"
    idle: { gpuUtilBelowPercent: 5, forMinutes: 60, mode: min-count-zero }
prometheus: { endpoint: "https://gpu-metrics.eastus.prometheus.monitor.azure.com" }
`;
const RECORDED = { count: 2, enableAutoScaling: true, minCount: 1, maxCount: 4 };

describe("idle GPU pools on the emulator", () => {
  let emulator: Emulator;
  let azurite: Azurite;
  let runtime: Runtime;
  let scenarios = 0;

  beforeAll(async () => {
    emulator = await startEmulator({ fleet: FLEET });
    azurite = await startAzurite();
    const policy = loadPolicy(POLICY);
    if (!policy.ok) throw new Error(JSON.stringify(policy.error));
    const env = readEnv({
      AzureWebJobsStorage: azurite.connectionString,
      GPU_WARDEN_ARM_ENDPOINT: emulator.url,
    });
    runtime = await createRuntime(env, {
      armCaCertificate: emulator.caCertificate,
      policy: policy.value,
    });
  }, 60_000);
  afterAll(async () => {
    await Promise.all([emulator.stop(), azurite.stop()]);
  });

  async function scenario(pools?: PoolControl) {
    emulator.loadFleet(FLEET);
    scenarios += 1;
    const store = await createTableStore({
      connectionString: azurite.connectionString,
      tablePrefix: `idle${String(scenarios)}${String(process.pid)}`,
    });
    const base = tickDepsOf(runtime);
    const { notify: _quiet, ...rest } = base;
    const deps = (control?: PoolControl): TickDeps => ({
      ...rest,
      store,
      saveSnapshot: snapshotSaver(store),
      ...(base.idle ? { idle: { ...base.idle, ...(control ? { pools: control } : {}) } } : {}),
    });
    const tick = (control?: PoolControl) =>
      runTick(deps(control), { now: emulator.clock.now(), apply: true });
    const reports: TickReport[] = [];
    const until = async (iso: string) => {
      while (emulator.clock.now().getTime() < Date.parse(iso)) {
        reports.push(await tick());
        emulator.clock.advance({ minutes: 5 });
      }
    };
    return { store, tick, until, reports, first: pools };
  }

  const poolOf = (cluster: string) => {
    const found = emulator
      .clusters()
      .find((c) => c.name === cluster)
      ?.pools.find((p) => p.name === "gpu");
    if (!found) throw new Error(`no gpu pool in ${cluster}`);
    return found;
  };
  const armPool = async (store: StateStore, cluster: string) => {
    const { clusters } = await runtime.fleet.discover({ subscriptions: [] });
    const p = clusters
      .find((c) => c.name === cluster)
      ?.pools.find((candidate) => candidate.name === "gpu");
    const records = await store.restores.list();
    return {
      size: p && {
        count: p.count,
        enableAutoScaling: p.enableAutoScaling,
        minCount: p.minCount,
        maxCount: p.maxCount,
      },
      record: records.find((r) => r.value.clusterId.endsWith(`/${cluster}`))?.value,
    };
  };

  it("scales idle pools down in both modes and restores them exactly at the next start", async () => {
    const s = await scenario();
    await s.until("2026-11-23T12:55:00Z");
    expect(s.reports.flatMap((r) => r.plan.pools.actions)).toEqual([]);
    await s.until("2026-11-23T13:15:00Z");
    const scaled = s.reports.flatMap((r) =>
      r.plan.pools.actions.map((a) => `${a.target.name} ${a.kind} ${a.mode}`),
    );
    expect(scaled).toEqual([
      "dev-force scale-pool force-zero",
      "dev-mincount scale-pool min-count-zero",
    ]);
    expect(await armPool(s.store, "dev-force")).toMatchObject({
      size: { count: 0, enableAutoScaling: false, minCount: null, maxCount: null },
      record: { ...RECORDED, mode: "force-zero", pool: "gpu" },
    });
    expect(await armPool(s.store, "dev-mincount")).toMatchObject({
      size: { count: 2, enableAutoScaling: true, minCount: 0, maxCount: 4 },
      record: { ...RECORDED, mode: "min-count-zero" },
    });
    expect(poolOf("dev-force").runningNodes).toBe(0);
    const audit = await s.store.audit.list({
      from: "2026-11-23T00:00:00Z",
      to: "2026-11-25T00:00:00Z",
    });
    const rows = audit.filter((e) => e.reason.startsWith("scale-pool gpu:"));
    expect(rows.map((e) => e.kind)).toEqual(["action", "action", "result", "result"]);

    // The evening stop, then Tuesday's start edge: the clusters start, the pools are restored.
    emulator.clock.set("2026-11-23T19:55:00Z");
    await s.until("2026-11-23T20:15:00Z");
    expect(emulator.clusters().map((c) => c.powerState)).toEqual(["Stopped", "Stopped"]);
    emulator.clock.set("2026-11-24T07:55:00Z");
    await s.until("2026-11-24T08:30:00Z");
    const restores = s.reports
      .flatMap((r) => r.plan.pools.actions)
      .filter((a) => a.kind === "restore-pool");
    expect(restores.map((a) => [a.target.name, a.to])).toEqual([
      ["dev-force", RECORDED],
      ["dev-mincount", RECORDED],
    ]);
    for (const name of ["dev-force", "dev-mincount"]) {
      expect(await armPool(s.store, name)).toEqual({ size: RECORDED, record: undefined });
    }
  }, 120_000);

  it("/gpu wake (a restore-pools message) restores a running cluster's pools at once", async () => {
    const s = await scenario();
    await s.until("2026-11-23T13:15:00Z");
    const force = emulator.clusters().find((c) => c.name === "dev-force");
    const outcome = await runOperation(
      { type: "restore-pools", clusterId: force?.id ?? "", requestedBy: "U0WAKE" },
      { ...runtime, store: s.store },
      emulator.clock.now(),
    );
    expect(outcome).toMatchObject({ kind: "pools", results: [{ outcome: "pending" }] });
    await s.until("2026-11-23T13:30:00Z");
    expect(await armPool(s.store, "dev-force")).toEqual({ size: RECORDED, record: undefined });
    expect((await armPool(s.store, "dev-mincount")).record).toMatchObject(RECORDED); // not asked
  }, 120_000);

  it("a crash between writing the restore record and the ARM call loses nothing", async () => {
    const s = await scenario();
    await s.until("2026-11-23T13:00:00Z");
    // The tick that scales down dies after its write-ahead: the ARM call never returns.
    let called = 0;
    const hung: PoolControl = {
      scalePool: () => {
        called += 1;
        return new Promise<void>(() => undefined);
      },
    };
    void s.tick(hung);
    const deadline = Date.now() + 20_000;
    // Both records written and both calls made (they never return): the write-ahead came first.
    while (((await s.store.restores.list()).length < 2 || called < 2) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect((await s.store.restores.list()).map((r) => r.value.count)).toEqual([2, 2]);
    expect(poolOf("dev-force")).toMatchObject({ count: 2, runningNodes: 2 });
    expect(called).toBe(2);

    // Later ticks with a working control converge: scaled down, with the original size on record.
    emulator.clock.advance({ minutes: 5 });
    await s.until("2026-11-23T15:30:00Z");
    expect(await armPool(s.store, "dev-force")).toMatchObject({
      size: { count: 0, enableAutoScaling: false },
      record: { ...RECORDED, mode: "force-zero" },
    });
    expect(await armPool(s.store, "dev-mincount")).toMatchObject({
      size: { minCount: 0 },
      record: { ...RECORDED, mode: "min-count-zero" },
    });
  }, 120_000);
});
