/**
 * @module The official `@azure/arm-containerservice` client against the emulator over HTTPS:
 * LROs (start/stop with Location polling, pool PUT with Azure-AsyncOperation), AKS errors
 * (409, 400, 412, 404), paging, and SDK retry on a 429 with Retry-After.
 */
import { ContainerServiceClient, type AgentPool } from "@azure/arm-containerservice";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { emulatorClientOptions, startEmulator, type Emulator } from "../../src/emulator/index.js";
import { expectArmError, RG, smallFleet, SUB_A, SUB_B } from "./helpers.js";

let emu: Emulator;
let aks: ContainerServiceClient;

beforeAll(async () => {
  emu = await startEmulator();
  const options = emulatorClientOptions(emu);
  aks = new ContainerServiceClient(options.credential, SUB_A, {
    ...options.containerService,
    retryOptions: { maxRetries: 1, retryDelayInMs: 10, maxRetryDelayInMs: 50 },
  });
});

afterAll(async () => {
  await emu.stop();
});

beforeEach(() => {
  emu.loadFleet(smallFleet());
  emu.configure({
    advanceClockOnPoll: false,
    listPageSize: 100,
    operationMinutes: { clusterStop: 3, clusterStart: 6, poolScale: 2 },
  });
  emu.faults.clear();
  emu.requests.clear();
});

const counts = (pools: AgentPool[] | undefined): (number | undefined)[] =>
  (pools ?? []).map((p) => p.count);

describe("managed clusters via the SDK", () => {
  it("stops with a real LRO: Stopping, 409 meanwhile, Stopped after the virtual clock passes", async () => {
    const poller = await aks.managedClusters.beginStop(RG, "dev-a100");
    const during = await aks.managedClusters.get(RG, "dev-a100");
    expect(during.provisioningState).toBe("Stopping");
    expect(during.powerState?.code).toBe("Running");
    expect(poller.isDone()).toBe(false);

    await expectArmError(
      aks.managedClusters.beginStart(RG, "dev-a100"),
      409,
      "OperationNotAllowed",
    );
    await expectArmError(
      aks.agentPools.beginCreateOrUpdate(RG, "dev-a100", "gpu", { count: 3 }),
      409,
      "OperationNotAllowed",
    );

    emu.clock.advance({ minutes: 3 });
    await poller.pollUntilDone();
    const after = await aks.managedClusters.get(RG, "dev-a100");
    expect(after.provisioningState).toBe("Succeeded");
    expect(after.powerState?.code).toBe("Stopped");
    expect(counts(after.agentPoolProfiles)).toEqual([0, 0]);
    expect(after.agentPoolProfiles?.map((p) => p.powerState?.code)).toEqual(["Stopped", "Stopped"]);

    const polls = emu.requests.list({ pathContains: "/operationresults/" });
    expect(polls.map((r) => r.status)).toEqual([202, 204]);
    const stop = emu.requests.list({ method: "POST" });
    expect(stop.map((r) => r.status)).toEqual([202, 409]);
  });

  it("refuses to stop a stopped cluster; start restores pool sizes; ...AndWait finishes with advanceClockOnPoll", async () => {
    await expectArmError(aks.managedClusters.beginStop(RG, "dev-t4"), 409, "OperationNotAllowed");
    await expectArmError(
      aks.managedClusters.beginStart(RG, "dev-a100"),
      409,
      "OperationNotAllowed",
    );
    emu.configure({ advanceClockOnPoll: true });
    const before = emu.clock.now().getTime();
    await aks.managedClusters.beginStartAndWait(RG, "dev-t4");
    expect(emu.clock.now().getTime() - before).toBe(6 * 60_000);
    const started = await aks.managedClusters.get(RG, "dev-t4");
    expect(started.powerState?.code).toBe("Running");
    expect(counts(started.agentPoolProfiles)).toEqual([1, 3]);
  });

  it("returns 202 with an absolute Location on the emulator's host, and Retry-After", async () => {
    let location: string | undefined;
    let retryAfter: string | undefined;
    await aks.managedClusters.beginStop(RG, "dev-a100", {
      onResponse: (raw) => {
        if (raw.status === 202 && raw.request.method === "POST") {
          location = raw.headers.get("location");
          retryAfter = raw.headers.get("retry-after");
        }
      },
    });
    expect(location).toMatch(
      new RegExp(
        `^${emu.url}/subscriptions/${SUB_A}/providers/Microsoft.ContainerService/locations/eastus/operationresults/[0-9a-f-]+\\?api-version=`,
      ),
    );
    expect(retryAfter).toBe("1");
  });

  it("lists by subscription and resource group, following nextLink", async () => {
    emu.configure({ listPageSize: 1 });
    const all = [];
    for await (const c of aks.managedClusters.list()) all.push(c.name);
    expect(all).toEqual(["dev-a100", "dev-t4"]);
    const inRg = [];
    for await (const c of aks.managedClusters.listByResourceGroup(RG)) inRg.push(c.name);
    expect(inRg).toEqual(["dev-a100", "dev-t4"]);
    expect(emu.requests.list({ method: "GET" })).toHaveLength(4);
    const first = await aks.managedClusters.get(RG, "dev-a100");
    expect(first.id).toBe(
      `/subscriptions/${SUB_A}/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/dev-a100`,
    );
    expect(first.nodeResourceGroup).toBe(`MC_${RG}_dev-a100_eastus`);
    expect(first.agentPoolProfiles?.[1]).toMatchObject({
      name: "gpu",
      mode: "User",
      vmSize: "Standard_NC24ads_A100_v4",
      enableAutoScaling: true,
      minCount: 1,
      maxCount: 4,
      scaleSetPriority: "Regular",
      nodeTaints: ["sku=gpu:NoSchedule"],
      powerState: { code: "Running" },
      provisioningState: "Succeeded",
    });
  });

  it("answers 404 for unknown clusters, pools, resource groups and subscriptions", async () => {
    await expectArmError(aks.managedClusters.get(RG, "nope"), 404, "ResourceNotFound");
    await expectArmError(
      aks.managedClusters.get("no-rg", "dev-a100"),
      404,
      "ResourceGroupNotFound",
    );
    await expectArmError(aks.agentPools.get(RG, "dev-a100", "nopool"), 404, "NotFound");
    await expectArmError(aks.managedClusters.beginStop(RG, "nope"), 404, "ResourceNotFound");
    const options = emulatorClientOptions(emu);
    const other = new ContainerServiceClient(
      options.credential,
      "33333333-3333-4333-8333-333333333333",
      options.containerService,
    );
    await expectArmError(other.managedClusters.get(RG, "dev-a100"), 404, "SubscriptionNotFound");
    const b = new ContainerServiceClient(options.credential, SUB_B, options.containerService);
    expect((await b.managedClusters.get("prod-rg", "prod-a10")).name).toBe("prod-a10");
  });
});

describe("agent pools via the SDK", () => {
  it("rejects a System pool at count 0 or minCount 0 with 400 InvalidParameter", async () => {
    const system = await aks.agentPools.get(RG, "dev-a100", "system");
    await expectArmError(
      aks.agentPools.beginCreateOrUpdate(RG, "dev-a100", "system", { ...system, count: 0 }),
      400,
      "InvalidParameter",
    );
    await expectArmError(
      aks.agentPools.beginCreateOrUpdate(RG, "dev-a100", "system", {
        ...system,
        enableAutoScaling: true,
        minCount: 0,
        maxCount: 3,
      }),
      400,
      "InvalidParameter",
    );
    await expectArmError(
      aks.agentPools.beginCreateOrUpdate(RG, "dev-a100", "system", { ...system, mode: "User" }),
      400,
      "MustDefineAtLeastOneSystemPool",
    );
    await expectArmError(
      aks.agentPools.beginCreateOrUpdate(RG, "dev-a100", "gpu", { vmSize: "Standard_NC4as_T4_v3" }),
      400,
      "PropertyChangeNotAllowed",
    );
  });

  it("scales a user pool to zero: 200 Updating, Succeeded later, billed nodes follow", async () => {
    const { minCount, maxCount, ...gpu } = await aks.agentPools.get(RG, "dev-a100", "gpu");
    expect([minCount, maxCount]).toEqual([1, 4]);
    let status = 0;
    const poller = await aks.agentPools.beginCreateOrUpdate(
      RG,
      "dev-a100",
      "gpu",
      { ...gpu, enableAutoScaling: false, count: 0 },
      { onResponse: (raw) => (status = status === 0 ? raw.status : status) },
    );
    expect(status).toBe(200);
    const during = await aks.agentPools.get(RG, "dev-a100", "gpu");
    expect(during.provisioningState).toBe("Updating");
    expect(during.count).toBe(0);
    expect(emu.clusters()[0]?.pools[1]?.runningNodes).toBe(2);
    emu.clock.advance({ minutes: 2 });
    const done = await poller.pollUntilDone();
    expect(done).toMatchObject({
      count: 0,
      enableAutoScaling: false,
      provisioningState: "Succeeded",
    });
    expect(done.minCount).toBeUndefined();
    expect(emu.clusters()[0]?.pools[1]?.runningNodes).toBe(0);
  });

  it("creates a pool with 201 Creating, and stops/starts a user pool restoring its autoscaler", async () => {
    emu.configure({ advanceClockOnPoll: true });
    let status = 0;
    const created = await aks.agentPools.beginCreateOrUpdateAndWait(
      RG,
      "dev-a100",
      "spot",
      { vmSize: "Standard_NC4as_T4_v3", count: 1, scaleSetPriority: "Spot", mode: "User" },
      { onResponse: (raw) => (status = status === 0 ? raw.status : status) },
    );
    expect(status).toBe(201);
    expect(created).toMatchObject({
      name: "spot",
      provisioningState: "Succeeded",
      scaleSetPriority: "Spot",
      count: 1,
    });

    const stopped = await aks.agentPools.beginCreateOrUpdateAndWait(RG, "dev-a100", "gpu", {
      powerState: { code: "Stopped" },
    });
    expect(stopped).toMatchObject({
      count: 0,
      enableAutoScaling: false,
      powerState: { code: "Stopped" },
    });
    const started = await aks.agentPools.beginCreateOrUpdateAndWait(RG, "dev-a100", "gpu", {
      powerState: { code: "Running" },
    });
    expect(started).toMatchObject({
      count: 2,
      enableAutoScaling: true,
      minCount: 1,
      maxCount: 4,
      powerState: { code: "Running" },
    });
    await expectArmError(
      aks.agentPools.beginCreateOrUpdate(RG, "dev-a100", "system", {
        powerState: { code: "Stopped" },
      }),
      400,
      "InvalidParameter",
    );
  });

  it("honours If-Match: 412 PreConditionFailed on a stale eTag, success on the current one", async () => {
    const gpu = await aks.agentPools.get(RG, "dev-a100", "gpu");
    await expectArmError(
      aks.agentPools.beginCreateOrUpdate(
        RG,
        "dev-a100",
        "gpu",
        { ...gpu, count: 3 },
        { ifMatch: "stale-etag" },
      ),
      412,
      "PreConditionFailed",
    );
    await expectArmError(
      aks.agentPools.beginCreateOrUpdate(
        RG,
        "dev-a100",
        "new",
        { vmSize: "Standard_D4s_v5", count: 1 },
        { ifMatch: "*" },
      ),
      412,
      "PreConditionFailed",
    );
    await expectArmError(
      aks.agentPools.beginCreateOrUpdate(
        RG,
        "dev-a100",
        "gpu",
        { ...gpu, count: 3 },
        { ifNoneMatch: "*" },
      ),
      412,
      "PreConditionFailed",
    );
    const poller = await aks.agentPools.beginCreateOrUpdate(
      RG,
      "dev-a100",
      "gpu",
      { ...gpu, count: 3 },
      { ifMatch: gpu.eTag ?? "" },
    );
    const changed = await aks.agentPools.get(RG, "dev-a100", "gpu");
    expect(changed.eTag).not.toBe(gpu.eTag);
    expect(changed.provisioningState).toBe("Scaling");
    emu.clock.advance({ minutes: 2 });
    expect((await poller.pollUntilDone()).count).toBe(3);
  });

  it("refuses pool changes on a stopped cluster", async () => {
    await expectArmError(
      aks.agentPools.beginCreateOrUpdate(RG, "dev-t4", "gpu", { count: 1 }),
      409,
      "OperationNotAllowed",
    );
  });
});

describe("SDK retry behaviour", () => {
  it("retries a 429 that carries Retry-After and then succeeds", async () => {
    emu.faults.add({
      method: "GET",
      path: `/subscriptions/${SUB_A}/**`,
      status: 429,
      retryAfterSeconds: 1,
      times: 1,
    });
    const started = Date.now();
    const cluster = await aks.managedClusters.get(RG, "dev-a100");
    expect(cluster.name).toBe("dev-a100");
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(emu.requests.list().map((r) => [r.status, r.answeredBy])).toEqual([
      [429, "fault"],
      [200, "aks"],
    ]);
  });
});
