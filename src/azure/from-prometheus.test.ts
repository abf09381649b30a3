/** @module Table test of the Prometheus vector → GPU utilization converter (AKS node naming). */
import { describe, expect, it } from "vitest";
import { fromPrometheus, poolOfNode, type InstantVector } from "./from-prometheus.js";

describe("fromPrometheus", () => {
  it.each([
    ["aks-gpu-12345678-vmss000000", "gpu"],
    ["aks-a100spot-1-vmss00000a", "a100spot"],
    ["AKS-GPU-12345678-VMSS000001", "gpu"],
    ["aks-gpu-vmss000000", undefined],
    ["gpu-node-1", undefined],
    ["aks-Gpu_1-123-vmss0", undefined],
  ])("node %s belongs to pool %s", (node, pool) => {
    expect(poolOfNode(node)).toBe(pool);
  });

  it("keeps each node's busiest series, by cluster and pool, and counts the unmatched", () => {
    const series = (labels: Record<string, string>, value: string) => ({
      metric: labels,
      value: [1_764_000_000, value] as [number, string],
    });
    const vector: InstantVector = {
      status: "success",
      data: {
        resultType: "vector",
        result: [
          series({ cluster: "Dev-A100", Hostname: "aks-gpu-1-vmss000000" }, "3.5"),
          series({ cluster: "dev-a100", Hostname: "aks-gpu-1-vmss000000" }, "1"),
          series({ cluster: "dev-a100", Hostname: "aks-gpu-1-vmss000001" }, "NaN"),
          series({ cluster: "dev-a100", Hostname: "some-vm" }, "0"),
          series({ Hostname: "aks-gpu-1-vmss000002" }, "0"),
        ],
      },
    };
    const { utilization, unmatched } = fromPrometheus(vector, "2026-11-23T12:00:00Z", 5);
    expect(unmatched).toBe(2);
    expect(utilization.windowMinutes).toBe(5);
    expect([...(utilization.clusters.get("dev-a100")?.get("gpu") ?? [])]).toEqual([
      ["aks-gpu-1-vmss000000", 3.5],
      ["aks-gpu-1-vmss000001", 100], // not a number: never idle
    ]);
  });
});
