/**
 * @module Billed resources mapped to clusters and pools by AKS naming: the node resource group
 * (per subscription), VMSS `aks-<pool>-<digits>-vmss` and what is named after it, the cluster
 * resource itself, the `aks-managed-poolName` tag as a fallback; anything else maps to nothing.
 */
import { describe, expect, it } from "vitest";
import { DEV, FLEET, nodeResource, PROD, vmss } from "../../../test/fixtures/report.js";
import { ResourceMapper } from "./index.js";

const STORAGE =
  "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/shared/providers/Microsoft.Storage/storageAccounts/logs";

describe("ResourceMapper", () => {
  const mapper = new ResourceMapper(FLEET);

  it.each([
    ["the GPU pool's scale set", vmss(DEV, "gpu"), { cluster: 0, pool: "gpu", gpu: true }],
    [
      "the system pool's scale set",
      vmss(DEV, "system"),
      { cluster: 0, pool: "system", gpu: false },
    ],
    [
      "an instance of a scale set, in other casing",
      `${vmss(PROD, "a100")}/virtualMachines/3`.toUpperCase(),
      { cluster: 1, pool: "a100", gpu: true },
    ],
    [
      "an OS disk named after the scale set",
      nodeResource(DEV, "Microsoft.Compute/disks", "aks-gpu-12345678-vmss_0_OsDisk_1_abc"),
      { cluster: 0, pool: "gpu", gpu: true },
    ],
    [
      "a persistent volume disk (outside any pool)",
      nodeResource(DEV, "Microsoft.Compute/disks", "pvc-0a1b2c"),
      { cluster: 0, pool: null, gpu: false },
    ],
    ["the managed cluster itself (tier fee)", DEV.id, { cluster: 0, pool: null, gpu: false }],
    ["a resource of no cluster", STORAGE, undefined],
    ["not an ARM id", "garbage", undefined],
  ])("%s", (_, id, expected) => {
    expect(mapper.map(id)).toEqual(expected);
  });

  it("falls back to the aks-managed-poolName tag when the name says nothing", () => {
    const lb = nodeResource(DEV, "Microsoft.Network/loadBalancers", "kubernetes");
    expect(mapper.map(lb, "gpu")).toEqual({ cluster: 0, pool: "gpu", gpu: true });
    expect(mapper.map(lb)).toEqual({ cluster: 0, pool: null, gpu: false });
  });

  it("a node resource group is matched within its subscription only", () => {
    const elsewhere = vmss(DEV, "gpu").replace(
      DEV.subscriptionId,
      "22222222-2222-2222-2222-222222222222",
    );
    expect(mapper.map(elsewhere)).toBeUndefined();
  });
});
