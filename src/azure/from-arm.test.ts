/**
 * @module Table tests for the ARM → fleet converter, on the official example bodies and on the
 * defaults AKS leaves implicit.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { clusterFromArm } from "./from-arm.js";

const examples = new URL("../../../shared/azure-rest-examples/", import.meta.url);
const example = (path: string): unknown =>
  JSON.parse(readFileSync(new URL(path, examples), "utf8"));

describe("clusterFromArm", () => {
  it("reads the official ManagedClustersGet example body", () => {
    const file = example("containerservice/ManagedClustersGet.json") as {
      responses: { 200: { body: unknown } };
    };
    const result = clusterFromArm(file.responses[200].body);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toMatchObject({
      name: "clustername1",
      resourceGroup: "rg1",
      subscriptionId: "00000000-0000-0000-0000-000000000000",
      powerState: "Running",
      provisioningState: "Succeeded",
      nodeResourceGroup: "MC_rg1_clustername1_location1",
      tags: { archv2: "", tier: "production" },
    });
    expect(result.value.pools[0]).toMatchObject({
      name: "nodepool1",
      mode: "User",
      vmSize: "Standard_DS1_v2",
      count: 3,
    });
  });

  it.each([
    [
      "a stopped cluster stops every pool",
      { powerState: { code: "Stopped" } },
      {},
      { powerState: "Stopped" },
    ],
    ["a System pool keeps its mode", {}, { mode: "System" }, { mode: "System" }],
    [
      "autoscaler bounds are read",
      {},
      { enableAutoScaling: true, minCount: 1, maxCount: 4 },
      { minCount: 1, maxCount: 4 },
    ],
    ["a spot pool is Spot", {}, { scaleSetPriority: "Spot" }, { scaleSetPriority: "Spot" }],
    [
      "missing optional fields take AKS defaults",
      {},
      { count: null },
      { count: 0, mode: "User", nodeTaints: [], provisioningState: "Succeeded" },
    ],
  ])("%s", (_sentence, clusterProps, poolProps, poolExpect) => {
    const poolBody = { name: "gpu", vmSize: "Standard_NC24ads_A100_v4", count: 2, ...poolProps };
    const body = {
      id: "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c1",
      name: "c1",
      location: "eastus",
      properties: { agentPoolProfiles: [poolBody], ...clusterProps },
    };
    const result = clusterFromArm(body);
    if (!result.ok) throw new Error(result.error);
    expect(result.value).toMatchObject({ subscriptionId: "s1", resourceGroup: "rg" });
    expect(result.value.pools[0]).toMatchObject(poolExpect);
  });

  it("names the cluster and the field when a row is unusable", () => {
    const result = clusterFromArm({
      id: "/subscriptions/s/resourceGroups/r/providers/x/y/bad",
      name: "bad",
      properties: { agentPoolProfiles: [{ count: 2 }] },
    });
    expect(result.ok ? "" : result.error).toMatch(/bad: properties\.agentPoolProfiles\.0\.name/);
  });
});
