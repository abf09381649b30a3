/**
 * @module The control API over HTTP and the wire-level behaviours raw clients see: fault
 * injection (429 + Retry-After, count-limited faults, dropped connections, latency), ARM
 * throttling with its headers, bearer-token check, request log, virtual clock and costs.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  emulatorRequest,
  startEmulator,
  type Emulator,
  type RawResponse,
} from "../../src/emulator/index.js";
import { RG, smallFleet, SUB_A, SUB_B } from "./helpers.js";

let emu: Emulator;
const CLUSTER = `/subscriptions/${SUB_A}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/dev-a100`;
const API = "?api-version=2025-10-01";

const call = (
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
): Promise<RawResponse> =>
  emulatorRequest(emu, method, path, {
    ...(body === undefined ? {} : { body }),
    ...(headers === undefined ? {} : { headers }),
  });

beforeAll(async () => {
  emu = await startEmulator();
});

afterAll(async () => {
  await emu.stop();
});

beforeEach(async () => {
  const loaded = await call("PUT", "/_emulator/fleet", smallFleet());
  expect(loaded.status).toBe(200);
  expect(loaded.body).toEqual({
    start: "2026-11-23T00:00:00.000Z",
    subscriptions: 2,
    clusters: 3,
    pools: 6,
  });
  await call("DELETE", "/_emulator/faults");
  await call("PUT", "/_emulator/throttling", {
    enabled: false,
    reads: { burst: 250, perSecond: 25 },
    writes: { burst: 200, perSecond: 10 },
  });
  await call("DELETE", "/_emulator/requests");
});

describe("fault injection", () => {
  it("answers an injected 429 with Retry-After, and stops after N requests", async () => {
    const added = await call("POST", "/_emulator/faults", {
      method: "GET",
      path: "/subscriptions/*/resourceGroups/**",
      status: 429,
      retryAfterSeconds: 7,
      times: 2,
    });
    expect(added.status).toBe(201);
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await call("GET", CLUSTER + API);
      statuses.push(r.status);
      if (r.status === 429) {
        expect(r.headers["retry-after"]).toBe("7");
        expect(r.body).toMatchObject({ error: { code: "TooManyRequests" } });
      }
    }
    expect(statuses).toEqual([429, 429, 200]);
    const faults = await call("GET", "/_emulator/faults");
    expect(faults.body).toMatchObject({
      value: [{ id: (added.body as { id: string }).id, fired: 2, times: 2 }],
    });
    const log = await call("GET", "/_emulator/requests");
    expect(
      (log.body as { value: { status: number; answeredBy: string; faultId?: string }[] }).value.map(
        (e) => [e.status, e.answeredBy],
      ),
    ).toEqual([
      [429, "fault"],
      [429, "fault"],
      [200, "aks"],
    ]);
  });

  it("drops connections and adds latency", async () => {
    emu.faults.add({ path: "/subscriptions/*/providers/**", drop: true, times: 1 });
    await expect(
      call(
        "GET",
        `/subscriptions/${SUB_A}/providers/Microsoft.ContainerService/managedClusters${API}`,
      ),
    ).rejects.toThrow();
    expect(
      (
        await call(
          "GET",
          `/subscriptions/${SUB_A}/providers/Microsoft.ContainerService/managedClusters${API}`,
        )
      ).status,
    ).toBe(200);
    emu.faults.add({ method: "GET", path: "/subscriptions/**", latencyMs: 150, times: 1 });
    const started = Date.now();
    expect((await call("GET", CLUSTER + API)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(emu.requests.list().map((e) => e.status)).toEqual([0, 200, 200]);
  });

  it("rejects malformed rules with 400", async () => {
    const bad = await call("POST", "/_emulator/faults", {
      path: "/x",
      probability: 3,
      status: 500,
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({
      error: { code: "BadRequest", message: "probability: expected a number between 0 and 1" },
    });
  });
});

describe("ARM throttling", () => {
  it("counts reads and writes per subscription and answers 429 with Retry-After", async () => {
    const cfg = await call("PUT", "/_emulator/throttling", {
      enabled: true,
      reads: { burst: 3, perSecond: 0.01 },
      writes: { burst: 1, perSecond: 0.01 },
    });
    expect(cfg.body).toMatchObject({ enabled: true, reads: { burst: 3, perSecond: 0.01 } });
    const remaining: (string | string[] | undefined)[] = [];
    for (let i = 0; i < 3; i++)
      remaining.push(
        (await call("GET", CLUSTER + API)).headers["x-ms-ratelimit-remaining-subscription-reads"],
      );
    expect(remaining).toEqual(["2", "1", "0"]);
    const throttled = await call("GET", CLUSTER + API);
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    expect(throttled.body).toMatchObject({ error: { code: "SubscriptionRequestsThrottled" } });
    const other = await call(
      "GET",
      `/subscriptions/${SUB_B}/providers/Microsoft.ContainerService/managedClusters${API}`,
    );
    expect(other.status).toBe(200);
    const write = await call("POST", `${CLUSTER}/stop${API}`);
    expect(write.status).toBe(202);
    expect(write.headers["x-ms-ratelimit-remaining-subscription-writes"]).toBe("0");
    expect((await call("POST", `${CLUSTER}/start${API}`)).status).toBe(429);
    expect(emu.requests.list({ method: "GET" }).map((e) => e.answeredBy)).toEqual([
      "aks",
      "aks",
      "aks",
      "throttle",
      "aks",
    ]);
  });
});

describe("wire details", () => {
  it("requires a bearer token on ARM paths", async () => {
    const r = await emulatorRequest(emu, "GET", CLUSTER + API, { bearer: false });
    expect(r.status).toBe(401);
    expect(r.body).toMatchObject({ error: { code: "AuthenticationFailed" } });
  });

  it("answers unknown routes and unsupported methods with ARM errors", async () => {
    expect(
      (
        await call(
          "GET",
          `/subscriptions/${SUB_A}/providers/Microsoft.Compute/virtualMachines${API}`,
        )
      ).body,
    ).toMatchObject({
      error: { code: "NoRegisteredProviderFound" },
    });
    expect((await call("DELETE", CLUSTER + API)).status).toBe(405);
    expect((await call("GET", "/_emulator/nothing")).status).toBe(404);
  });

  it("serves the operation status resource and the Location URL", async () => {
    const stop = await call("POST", `${CLUSTER}/stop${API}`);
    const location = String(stop.headers.location);
    expect(
      location.startsWith(
        `${emu.url}/subscriptions/${SUB_A}/providers/Microsoft.ContainerService/locations/eastus/operationresults/`,
      ),
    ).toBe(true);
    expect((await call("GET", location)).status).toBe(202);
    const status = await call("GET", location.replace("/operationresults/", "/operationStatus/"));
    expect(status.body).toMatchObject({ status: "InProgress", percentComplete: 0 });
    await call("POST", "/_emulator/clock/advance", { minutes: 1, seconds: 30 });
    expect(
      (await call("GET", location.replace("/operationresults/", "/operationStatus/"))).body,
    ).toMatchObject({ percentComplete: 50 });
    await call("POST", "/_emulator/clock/advance", { minutes: 2 });
    expect((await call("GET", location)).status).toBe(204);
    expect(
      (await call("GET", location.replace("/operationresults/", "/operations/"))).body,
    ).toMatchObject({ status: "Succeeded", endTime: "2026-11-23T00:03:00.000Z" });
  });
});

describe("virtual clock and costs", () => {
  it("reads, sets and advances the clock; never backwards", async () => {
    expect((await call("GET", "/_emulator/clock")).body).toEqual({
      now: "2026-11-23T00:00:00.000Z",
      speed: 0,
    });
    expect(
      (await call("POST", "/_emulator/clock/advance", { hours: 1, minutes: 30 })).body,
    ).toMatchObject({ now: "2026-11-23T01:30:00.000Z" });
    expect(
      (await call("PUT", "/_emulator/clock", { now: "2026-11-24T00:00:00Z" })).body,
    ).toMatchObject({ now: "2026-11-24T00:00:00.000Z" });
    const back = await call("PUT", "/_emulator/clock", { now: "2026-11-01T00:00:00Z" });
    expect(back.status).toBe(400);
    expect(emu.clock.now().toISOString()).toBe("2026-11-24T00:00:00.000Z");
  });

  it("accrues per running node and stops accruing when the cluster has stopped", async () => {
    await call("POST", "/_emulator/clock/advance", { hours: 1 });
    type Costs = {
      totalUsd: number;
      clusters: {
        name: string;
        usd: number;
        pools: {
          name: string;
          usd: number;
          nodeHours: number;
          priceSource: string;
          usdPerHour: number;
          byDay: Record<string, { usd: number }>;
        }[];
      }[];
    };
    const first = (await call("GET", "/_emulator/costs")).body as Costs;
    const a100 = first.clusters.find((c) => c.name === "dev-a100");
    expect(a100?.pools.map((p) => [p.name, p.priceSource, p.nodeHours])).toEqual([
      ["system", "fleet", 2],
      ["gpu", "catalog", 2],
    ]);
    const gpuRate = a100?.pools[1]?.usdPerHour ?? 0;
    expect(gpuRate).toBeGreaterThan(1);
    expect(a100?.usd).toBeCloseTo(2 * 0.2 + 2 * gpuRate, 9);
    expect(first.clusters.find((c) => c.name === "dev-t4")?.usd).toBe(0);

    expect((await call("POST", `${CLUSTER}/stop${API}`)).status).toBe(202);
    await call("POST", "/_emulator/clock/advance", { hours: 5 });
    const later = (await call("GET", "/_emulator/costs")).body as Costs;
    const stopped = later.clusters.find((c) => c.name === "dev-a100");
    expect(stopped?.usd).toBeCloseTo((2 * 0.2 + 2 * gpuRate) * (1 + 3 / 60), 9);
    expect(Object.keys(stopped?.pools[1]?.byDay ?? {})).toEqual(["2026-11-23"]);
    const clusters = (await call("GET", "/_emulator/clusters")).body as {
      value: { name: string; powerState: string; pools: { runningNodes: number }[] }[];
    };
    expect(clusters.value.find((c) => c.name === "dev-a100")).toMatchObject({
      powerState: "Stopped",
      pools: [{ runningNodes: 0 }, { runningNodes: 0 }],
    });
  });

  it("loads YAML fleets and reports invalid ones by path", async () => {
    const yaml = `subscriptions:\n  - id: ${SUB_A}\n    clusters:\n      - name: c1\n        resourceGroup: rg\n        pools:\n          - { name: system, mode: System, vmSize: Standard_D4s_v5, count: -2 }\n`;
    const r = await emulatorRequest(emu, "PUT", "/_emulator/fleet", {
      body: yaml,
      headers: { "content-type": "application/yaml" },
    });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({
      error: {
        details: [{ message: "subscriptions.0.clusters.0.pools.0.count: expected a number ≥ 0" }],
      },
    });
  });

  it("changes settings through the control API", async () => {
    const r = await call("PUT", "/_emulator/settings", {
      operationMinutes: { clusterStop: 0 },
      retryAfterSeconds: 0,
    });
    expect(r.body).toMatchObject({
      operationMinutes: { clusterStop: 0, clusterStart: 6 },
      retryAfterSeconds: 0,
    });
    const stop = await call("POST", `${CLUSTER}/stop${API}`);
    expect(stop.headers["retry-after"]).toBeUndefined();
    expect((await call("GET", String(stop.headers.location))).status).toBe(204);
    expect((await call("PUT", "/_emulator/settings", { listPageSize: 0 })).status).toBe(400);
    await call("PUT", "/_emulator/settings", {
      operationMinutes: { clusterStop: 3 },
      retryAfterSeconds: 1,
    });
  });
});
