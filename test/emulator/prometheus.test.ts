/**
 * @module The emulator's managed Prometheus (`/api/v1/query`) through the app's adapter
 * (`PrometheusGpuMetrics` on `@azure/core-rest-pipeline`, HTTPS with the emulator's CA): one series
 * per running node of each running pool with a `gpuUtil` profile, named as AKS names nodes, the
 * windowed maximum of the profile on the virtual clock; and the service's own errors.
 */
import { request } from "node:https";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { GPU_UTIL_QUERY, PrometheusGpuMetrics } from "../../src/azure/prometheus.js";
import { emulatorClientOptions, startEmulator, type Emulator } from "../../src/emulator/index.js";
import { MetricsError } from "../../src/ports/metrics.js";
import { RG, smallFleet, SUB_A } from "./helpers.js";

/** The small fleet, with utilization profiles: dev-a100's gpu pool busy Mon 09:00–10:00 UTC. */
function fleet() {
  const base = smallFleet();
  const [sub] = base.subscriptions;
  const [devA100, devT4] = sub?.clusters ?? [];
  const gpu = devA100?.pools[1];
  if (!gpu || !devT4?.pools[1]) throw new Error("unexpected small fleet");
  gpu.gpuUtil = { default: 2, "Mon 09:00-10:00": 70 };
  devT4.pools[1].gpuUtil = { default: 0 }; // stopped cluster: no series
  return base;
}

describe("emulated managed Prometheus", () => {
  let emulator: Emulator;
  let metrics: PrometheusGpuMetrics;

  beforeAll(async () => {
    emulator = await startEmulator();
    const o = emulatorClientOptions(emulator);
    metrics = new PrometheusGpuMetrics({
      credential: o.credential,
      caCertificate: emulator.caCertificate,
      maxRetries: 0,
    });
  });
  afterAll(async () => {
    await emulator.stop();
  });
  beforeEach(() => {
    emulator.faults.clear();
    emulator.loadFleet(fleet());
  });

  const at = (time: string) => new Date(`2026-11-23T${time}:00Z`);
  const nodes = async (time: string) =>
    (await metrics.poolUtilization(emulator.url, at(time))).clusters;

  it("serves one series per running node of pools with a profile, grouped by cluster and pool", async () => {
    const clusters = await nodes("08:00");
    expect([...clusters.keys()]).toEqual(["dev-a100"]);
    const gpu = clusters.get("dev-a100")?.get("gpu");
    expect(gpu?.size).toBe(2);
    for (const [node, value] of gpu ?? []) {
      expect(node).toMatch(/^aks-gpu-\d{8}-vmss00000[01]$/);
      expect(value).toBe(2);
    }
    expect(clusters.get("dev-a100")?.has("system")).toBe(false); // no profile, no series
  });

  it("answers the maximum of the profile over the query's window of virtual time", async () => {
    expect(max(await nodes("08:56"))).toBe(2);
    expect(max(await nodes("09:01"))).toBe(70);
    expect(max(await nodes("10:04"))).toBe(70); // 09:59 is inside [09:59, 10:04]
    expect(max(await nodes("10:06"))).toBe(2);
  });

  it("has no series for a pool scaled to zero", async () => {
    const { AksPoolControl } = await import("../../src/azure/pool-control.js");
    const { ContainerServiceClient } = await import("@azure/arm-containerservice");
    const o = emulatorClientOptions(emulator);
    const pools = new AksPoolControl(
      (sub) => new ContainerServiceClient(o.credential, sub, o.containerService),
    );
    const ref = {
      id: `/subscriptions/${SUB_A}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/dev-a100`,
      name: "dev-a100",
      resourceGroup: RG,
      subscriptionId: SUB_A,
    };
    await pools.scalePool(ref, "gpu", {
      count: 0,
      enableAutoScaling: false,
      minCount: null,
      maxCount: null,
    });
    emulator.clock.advance({ minutes: 5 });
    const now = emulator.clock.now();
    expect((await metrics.poolUtilization(emulator.url, now)).clusters.size).toBe(0);
  });

  it("maps a throttled or failing query to a coded MetricsError", async () => {
    emulator.faults.add({ path: "/api/v1/query", status: 503, times: 1 });
    await expect(metrics.poolUtilization(emulator.url, at("08:00"))).rejects.toMatchObject({
      name: "MetricsError",
      code: "Transient",
    });
    emulator.faults.add({ path: "/api/v1/query", status: 429, times: 1 });
    const error: unknown = await metrics
      .poolUtilization(emulator.url, at("08:00"))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MetricsError);
    expect((error as MetricsError).code).toBe("Throttled");
  });

  it("refuses a query without a bearer token (401) and a query it cannot answer (400 bad_data)", async () => {
    const raw = (body: string, auth: boolean) => post(emulator, body, auth);
    expect((await raw(`query=${encodeURIComponent(GPU_UTIL_QUERY)}`, false)).status).toBe(401);
    const bad = await raw(`query=${encodeURIComponent("rate(foo[5m])")}`, true);
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text)).toMatchObject({ status: "error", errorType: "bad_data" });
    const plain = await raw("query=DCGM_FI_DEV_GPU_UTIL", true);
    expect(JSON.parse(plain.text)).toMatchObject({
      status: "success",
      data: {
        resultType: "vector",
        result: [{ metric: { __name__: "DCGM_FI_DEV_GPU_UTIL", cluster: "dev-a100" } }, {}],
      },
    });
  });
});

function max(
  clusters: ReadonlyMap<string, ReadonlyMap<string, ReadonlyMap<string, number>>>,
): number {
  return Math.max(
    ...[...clusters.values()].flatMap((pools) =>
      [...pools.values()].flatMap((n) => [...n.values()]),
    ),
  );
}

function post(
  emulator: Emulator,
  body: string,
  auth: boolean,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${emulator.url}/api/v1/query`,
      {
        method: "POST",
        ca: emulator.caCertificate,
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          ...(auth ? { authorization: "Bearer t" } : {}),
        },
      },
      (res) => {
        let text = "";
        res.on("data", (chunk: Buffer) => (text += chunk.toString()));
        res.on("end", () => {
          resolve({ status: res.statusCode ?? 0, text });
        });
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}
