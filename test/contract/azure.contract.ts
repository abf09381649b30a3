/**
 * @module The Azure port contract (FleetReader + ClusterControl + PoolControl): one suite that the in-memory
 * fake and the real adapters (Resource Graph discovery and AKS control through the official SDKs,
 * against the emulator) must both pass. Each implementation provides a small "world": it loads
 * clusters declared as in a fleet file and can let every operation in progress finish.
 */
import { describe, expect, it } from "vitest";
import { clusterKey, type Cluster } from "../../src/core/fleet/types.js";
import type { ClusterRef } from "../../src/core/plan/types.js";
import {
  ArmError,
  type ArmErrorCode,
  type ClusterControl,
  type FleetReader,
  type PoolControl,
} from "../../src/ports/azure.js";
import { cluster, pool, SUB } from "../fixtures/fleet.js";

export interface AzureWorld {
  readonly fleet: FleetReader;
  readonly control: ClusterControl;
  readonly pools: PoolControl;
  /** Lets every operation in progress finish (the fake settles; the emulator's clock moves). */
  finishOperations(): void;
}

/**
 * Builds a world holding exactly these clusters, declared as a fleet file would declare them:
 * a `Stopped` cluster's pools keep the counts it gets back on start.
 */
export type MakeAzureWorld = (clusters: readonly Cluster[]) => Promise<AzureWorld>;

export const SUB_B = "22222222-2222-4222-8222-222222222222";

/** Three clusters in two subscriptions: running, stopped, and one in a mixed-case group. */
export function contractFleet(): Cluster[] {
  return [
    cluster("dev-a100", {
      tags: { env: "dev", team: "ml" },
      pools: [
        pool({ name: "system", mode: "System", vmSize: "Standard_D4s_v5", nodeTaints: [] }),
        pool({ enableAutoScaling: true, minCount: 1, maxCount: 4 }),
        pool({ name: "spot", vmSize: "Standard_NC4as_T4_v3", count: 3, scaleSetPriority: "Spot" }),
      ],
    }),
    cluster("dev-t4", {
      powerState: "Stopped",
      pools: [
        pool({ name: "system", mode: "System", vmSize: "Standard_D4s_v5", count: 1 }),
        pool({ vmSize: "Standard_NC4as_T4_v3", count: 3 }),
      ],
    }),
    cluster("inference-prod", {
      subscriptionId: SUB_B,
      resourceGroup: "ML-Prod",
      location: "westus2",
      nodeResourceGroup: "MC_ML-Prod_inference-prod_westus2",
      tags: { env: "prod" },
    }),
  ];
}

/**
 * What discovery shows of a declared cluster with no operation running: Resource Graph's
 * lower-case resource group, and a stopped cluster's pools Stopped at count 0.
 */
export function discovered(declared: Cluster): Cluster {
  const stopped = declared.powerState === "Stopped";
  return {
    ...declared,
    resourceGroup: declared.resourceGroup.toLowerCase(),
    pools: declared.pools.map((p) => (stopped ? { ...p, count: 0, powerState: "Stopped" } : p)),
  };
}

export function refOf(c: Cluster): ClusterRef {
  return {
    id: c.id,
    name: c.name,
    resourceGroup: c.resourceGroup,
    subscriptionId: c.subscriptionId,
  };
}

/** The ArmError code a call rejects with, or "resolved". */
export async function armCodeOf(call: Promise<unknown>): Promise<ArmErrorCode | "resolved"> {
  try {
    await call;
    return "resolved";
  } catch (error) {
    if (error instanceof ArmError) return error.code;
    throw error;
  }
}

const byId = (a: Cluster, b: Cluster): number =>
  clusterKey(a.id).localeCompare(clusterKey(b.id), "en");

export function describeAzureContract(name: string, makeWorld: MakeAzureWorld): void {
  describe(`Azure port contract: ${name}`, () => {
    const fleet = contractFleet();
    const [devA100, devT4, prod] = fleet as [Cluster, Cluster, Cluster];

    async function observe(world: AzureWorld, target: Cluster): Promise<Cluster | undefined> {
      const { clusters } = await world.fleet.discover({ subscriptions: [] });
      return clusters.find((c) => clusterKey(c.id) === clusterKey(target.id));
    }

    it("discovery returns every cluster with its pools, power and provisioning states, tags, resource group and subscription", async () => {
      const world = await makeWorld(fleet);
      const discovery = await world.fleet.discover({ subscriptions: [] });
      expect(discovery.unreadable).toEqual([]);
      expect(discovery.requests).toBe(1);
      expect([...discovery.clusters].sort(byId)).toEqual(fleet.map(discovered).sort(byId));
    });

    it("discovery is scoped by subscription, in any letter case", async () => {
      const world = await makeWorld(fleet);
      const onlyB = await world.fleet.discover({ subscriptions: [SUB_B.toUpperCase()] });
      expect(onlyB.clusters.map((c) => c.name)).toEqual(["inference-prod"]);
      const onlyA = await world.fleet.discover({ subscriptions: [SUB] });
      expect(onlyA.clusters.map((c) => c.name).sort()).toEqual(["dev-a100", "dev-t4"]);
    });

    it("stop resolves once ARM accepts it: Stopping at once, then Stopped with every pool at zero", async () => {
      const world = await makeWorld(fleet);
      await world.control.stop(refOf(devA100));
      const during = await observe(world, devA100);
      expect(during).toMatchObject({ powerState: "Running", provisioningState: "Stopping" });
      expect(during?.pools.map((p) => [p.count, p.provisioningState])).toEqual([
        [2, "Stopping"],
        [2, "Stopping"],
        [3, "Stopping"],
      ]);

      world.finishOperations();
      const after = await observe(world, devA100);
      expect(after).toMatchObject({ powerState: "Stopped", provisioningState: "Succeeded" });
      expect(after?.pools.map((p) => [p.count, p.powerState, p.provisioningState])).toEqual([
        [0, "Stopped", "Succeeded"],
        [0, "Stopped", "Succeeded"],
        [0, "Stopped", "Succeeded"],
      ]);
      expect(after?.pools.map((p) => [p.enableAutoScaling, p.minCount, p.maxCount])).toEqual([
        [false, null, null],
        [true, 1, 4],
        [false, null, null],
      ]);
    });

    it("start resolves once ARM accepts it: Starting at once, then Running with its pool sizes back", async () => {
      const world = await makeWorld(fleet);
      // The reference as discovery gives it (lower-case resource group) works as well.
      await world.control.start(refOf(discovered(devT4)));
      expect(await observe(world, devT4)).toMatchObject({
        powerState: "Stopped",
        provisioningState: "Starting",
      });

      world.finishOperations();
      expect(await observe(world, devT4)).toEqual(discovered({ ...devT4, powerState: "Running" }));
    });

    it("stopping a stopped cluster and starting a running one are OperationNotAllowed", async () => {
      const world = await makeWorld(fleet);
      expect(await armCodeOf(world.control.stop(refOf(devT4)))).toBe("OperationNotAllowed");
      expect(await armCodeOf(world.control.start(refOf(prod)))).toBe("OperationNotAllowed");
      expect(await observe(world, devT4)).toEqual(discovered(devT4));
      expect(await observe(world, prod)).toEqual(discovered(prod));
    });

    it("any action while another runs on the cluster is OperationNotAllowed, and changes nothing", async () => {
      const world = await makeWorld(fleet);
      await world.control.stop(refOf(devA100));
      expect(await armCodeOf(world.control.start(refOf(devA100)))).toBe("OperationNotAllowed");
      expect(await armCodeOf(world.control.stop(refOf(devA100)))).toBe("OperationNotAllowed");
      await world.control.start(refOf(devT4));
      expect(await armCodeOf(world.control.stop(refOf(devT4)))).toBe("OperationNotAllowed");

      world.finishOperations();
      expect(await observe(world, devA100)).toMatchObject({ powerState: "Stopped" });
      expect(await observe(world, devT4)).toMatchObject({ powerState: "Running" });
    });

    it.each<[string, string, Partial<Cluster>]>([
      ["an unknown cluster", "dev-nope", {}],
      ["a cluster in an unknown resource group", "dev-a100", { resourceGroup: "no-such-rg" }],
      [
        "a cluster in an unknown subscription",
        "dev-a100",
        { subscriptionId: SUB.replace(/1/g, "9") },
      ],
    ])("start and stop of %s are NotFound", async (_what, name, change) => {
      const world = await makeWorld(fleet);
      const ghost = cluster(name, change);
      expect(await armCodeOf(world.control.start(refOf(ghost)))).toBe("NotFound");
      expect(await armCodeOf(world.control.stop(refOf(ghost)))).toBe("NotFound");
    });

    describePoolContract(makeWorld);
  });
}

const pick = (c: Cluster | undefined, name: string) => {
  const p = c?.pools.find((candidate) => candidate.name === name);
  return p && [p.count, p.enableAutoScaling, p.minCount, p.maxCount, p.provisioningState];
};

function describePoolContract(makeWorld: MakeAzureWorld): void {
  const fleet = contractFleet();
  const [devA100, devT4] = fleet as [Cluster, Cluster];
  const FORCE_ZERO = { count: 0, enableAutoScaling: false, minCount: null, maxCount: null };

  async function observe(world: AzureWorld): Promise<Cluster | undefined> {
    const { clusters } = await world.fleet.discover({ subscriptions: [] });
    return clusters.find((c) => clusterKey(c.id) === clusterKey(devA100.id));
  }

  it("scalePool forces a GPU pool to zero (autoscaler off), then puts back count, autoscaler flag, minCount and maxCount", async () => {
    const world = await makeWorld(fleet);
    await world.pools.scalePool(refOf(devA100), "gpu", FORCE_ZERO);
    expect(pick(await observe(world), "gpu")?.slice(0, 4)).toEqual([0, false, null, null]);
    expect(pick(await observe(world), "gpu")?.[4]).not.toBe("Succeeded");
    world.finishOperations();
    expect(pick(await observe(world), "gpu")).toEqual([0, false, null, null, "Succeeded"]);

    await world.pools.scalePool(refOf(devA100), "gpu", {
      count: 2,
      enableAutoScaling: true,
      minCount: 1,
      maxCount: 4,
    });
    world.finishOperations();
    const after = await observe(world);
    expect(after).toEqual(discovered(devA100));
  });

  it("scalePool sets minCount 0 and keeps the autoscaler on (min-count-zero)", async () => {
    const world = await makeWorld(fleet);
    await world.pools.scalePool(refOf(devA100), "gpu", {
      count: 2,
      enableAutoScaling: true,
      minCount: 0,
      maxCount: 4,
    });
    world.finishOperations();
    expect(pick(await observe(world), "gpu")).toEqual([2, true, 0, 4, "Succeeded"]);
  });

  it("a System pool at count 0 is InvalidParameter and changes nothing", async () => {
    const world = await makeWorld(fleet);
    expect(await armCodeOf(world.pools.scalePool(refOf(devA100), "system", FORCE_ZERO))).toBe(
      "InvalidParameter",
    );
    expect(await observe(world)).toEqual(discovered(devA100));
  });

  it("a pool of a stopped cluster, and a pool already being resized, are OperationNotAllowed", async () => {
    const world = await makeWorld(fleet);
    expect(await armCodeOf(world.pools.scalePool(refOf(devT4), "gpu", FORCE_ZERO))).toBe(
      "OperationNotAllowed",
    );
    await world.pools.scalePool(refOf(devA100), "spot", FORCE_ZERO);
    expect(await armCodeOf(world.pools.scalePool(refOf(devA100), "spot", FORCE_ZERO))).toBe(
      "OperationNotAllowed",
    );
  });

  it("an unknown pool or cluster is NotFound", async () => {
    const world = await makeWorld(fleet);
    expect(await armCodeOf(world.pools.scalePool(refOf(devA100), "nope", FORCE_ZERO))).toBe(
      "NotFound",
    );
    const ghost = cluster("dev-nope");
    expect(await armCodeOf(world.pools.scalePool(refOf(ghost), "gpu", FORCE_ZERO))).toBe(
      "NotFound",
    );
  });
}
