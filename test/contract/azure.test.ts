/**
 * @module Runs the Azure port contract against the in-memory fake and against the real adapters
 * (`ResourceGraphFleetReader`, `AksClusterControl` on the official SDK clients, built as the
 * composition root builds them) talking HTTPS to an emulator started for this file; then the
 * emulator-only parts: paging past 1,000 clusters, and faults mapped to coded errors.
 */
import { ContainerServiceClient } from "@azure/arm-containerservice";
import { ResourceGraphClient } from "@azure/arm-resourcegraph";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AksClusterControl } from "../../src/azure/control.js";
import { AksPoolControl } from "../../src/azure/pool-control.js";
import { ResourceGraphFleetReader } from "../../src/azure/discovery.js";
import type { Cluster } from "../../src/core/fleet/types.js";
import {
  emulatorClientOptions,
  startEmulator,
  syntheticFleet,
  type Emulator,
  type FleetInput,
} from "../../src/emulator/index.js";
import { FakeAzure } from "../fakes/fake-azure.js";
import {
  armCodeOf,
  contractFleet,
  describeAzureContract,
  refOf,
  type AzureWorld,
} from "./azure.contract.js";

describeAzureContract("in-memory fake", (clusters) => {
  const fake = new FakeAzure(clusters);
  return Promise.resolve({
    fleet: fake,
    control: fake,
    pools: fake,
    finishOperations: () => {
      fake.settle();
    },
  });
});

/** The fleet file that declares these clusters. */
function fleetOf(clusters: readonly Cluster[]): FleetInput {
  const subscriptions = new Map<string, Cluster[]>();
  for (const c of clusters)
    subscriptions.set(c.subscriptionId, [...(subscriptions.get(c.subscriptionId) ?? []), c]);
  return {
    start: "2026-11-23T00:00:00Z",
    subscriptions: [...subscriptions].map(([id, members]) => ({
      id,
      clusters: members.map((c) => ({
        name: c.name,
        resourceGroup: c.resourceGroup,
        location: c.location,
        tags: { ...c.tags },
        powerState: c.powerState,
        nodeResourceGroup: c.nodeResourceGroup,
        pools: c.pools.map((p) => ({
          name: p.name,
          mode: p.mode === "System" ? "System" : "User",
          vmSize: p.vmSize,
          count: p.count,
          enableAutoScaling: p.enableAutoScaling,
          ...(p.minCount === null ? {} : { minCount: p.minCount }),
          ...(p.maxCount === null ? {} : { maxCount: p.maxCount }),
          scaleSetPriority: p.scaleSetPriority,
          nodeTaints: [...p.nodeTaints],
          powerState: p.powerState,
        })),
      })),
    })),
  };
}

describe("on the emulator, through the official SDK clients", () => {
  let emulator: Emulator | undefined;

  beforeAll(async () => {
    emulator = await startEmulator();
  });

  afterAll(async () => {
    await emulator?.stop();
  });

  /** The adapters as `createRuntime` builds them, with the SDK's own retries off. */
  function adapters(emu: Emulator): AzureWorld {
    const o = emulatorClientOptions(emu);
    const retryOptions = { maxRetries: 0 };
    const graph = new ResourceGraphClient(o.credential, { ...o.resourceGraph, retryOptions });
    const aks = (sub: string) =>
      new ContainerServiceClient(o.credential, sub, { ...o.containerService, retryOptions });
    return {
      fleet: new ResourceGraphFleetReader(graph),
      control: new AksClusterControl(aks),
      pools: new AksPoolControl(aks),
      finishOperations: () => {
        emu.clock.advance({ minutes: 10 });
      },
    };
  }

  function running(): Emulator {
    if (emulator === undefined) throw new Error("the emulator did not start");
    return emulator;
  }

  describeAzureContract("ResourceGraphFleetReader + AksClusterControl", (clusters) => {
    const emu = running();
    emu.faults.clear();
    emu.requests.clear();
    emu.loadFleet(fleetOf(clusters));
    return Promise.resolve(adapters(emu));
  });

  describe("emulator only", () => {
    const RESOURCE_GRAPH = "/providers/Microsoft.ResourceGraph/resources";
    const [devA100] = contractFleet() as [Cluster];
    let world: AzureWorld;

    beforeEach(() => {
      const emu = running();
      emu.faults.clear();
      emu.loadFleet(fleetOf(contractFleet()));
      emu.requests.clear();
      world = adapters(emu);
    });

    it("discovers 2,345 clusters in exactly ⌈2345 / 1000⌉ = 3 Resource Graph requests", async () => {
      const emu = running();
      emu.loadFleet(syntheticFleet({ clusters: 2345, subscriptions: 4, stoppedEvery: 5 }));
      emu.requests.clear();
      const discovery = await world.fleet.discover({ subscriptions: [] });
      expect(discovery.clusters).toHaveLength(2345);
      expect(new Set(discovery.clusters.map((c) => c.id)).size).toBe(2345);
      expect(discovery.clusters.filter((c) => c.powerState === "Stopped")).toHaveLength(469);
      expect(discovery.requests).toBe(3);
      const logged = emu.requests.list();
      expect(logged.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(
        Array.from({ length: 3 }, () => `POST ${RESOURCE_GRAPH} 200`),
      );
    });

    it.each([
      [503, "Transient", {}],
      [500, "Transient", {}],
      [429, "Throttled", { retryAfterSeconds: 7 }],
    ] as const)(
      "a %i injected on discovery surfaces as %s (SDK retries off)",
      async (status, code, extra) => {
        running().faults.add({ path: RESOURCE_GRAPH, status, times: 1, ...extra });
        expect(await armCodeOf(world.fleet.discover({ subscriptions: [] }))).toBe(code);
        expect((await world.fleet.discover({ subscriptions: [] })).clusters).toHaveLength(3);
      },
    );

    it.each([
      [429, "Throttled"],
      [503, "Transient"],
    ] as const)(
      "a %i on the stop request itself surfaces as %s and changes nothing",
      async (status, code) => {
        running().faults.add({ method: "POST", path: "/subscriptions/**/stop", status, times: 1 });
        expect(await armCodeOf(world.control.stop(refOf(devA100)))).toBe(code);
        const { clusters } = await world.fleet.discover({ subscriptions: [] });
        expect(clusters.find((c) => c.name === "dev-a100")).toMatchObject({
          powerState: "Running",
          provisioningState: "Succeeded",
        });
      },
    );

    it("stop fires one POST and does not wait for the operation: at most one status poll", async () => {
      const emu = running();
      await world.control.stop(refOf(devA100));
      const calls = emu.requests.list().map((r) => `${r.method} ${r.status}`);
      expect(calls[0]).toBe("POST 202");
      expect(calls.slice(1)).toEqual(calls.length > 1 ? ["GET 202"] : []);
    });

    it.each([
      ["stop", "dev-a100", 429, "Stopping"],
      ["stop", "dev-a100", 503, "Stopping"],
      ["start", "dev-t4", 429, "Starting"],
      ["start", "dev-t4", 503, "Starting"],
    ] as const)(
      "a %s of %s that ARM accepted resolves even when the SDK's status poll after it gets a %i",
      async (verb, name, status, transitional) => {
        const emu = running();
        emu.faults.add({ method: "GET", path: "/subscriptions/**/operationresults/*", status });
        const target = contractFleet().find((c) => c.name === name);
        if (target === undefined) throw new Error(`no ${name}`);
        await world.control[verb](refOf(target));
        const { clusters } = await world.fleet.discover({ subscriptions: [] });
        expect(clusters.find((c) => c.name === name)?.provisioningState).toBe(transitional);
        const log = emu.requests
          .list()
          .filter((r) => r.path.includes("Microsoft.ContainerService"));
        expect(log.map((r) => `${r.method} ${r.status} ${r.answeredBy}`)).toEqual([
          "POST 202 aks",
          `GET ${String(status)} fault`,
        ]);
      },
    );
  });
});
