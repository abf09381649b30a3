/** @module Fleet file: the demo fleet loads; bad files are reported by path. */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { FleetValidationError, loadFleetFile, parseFleetText, validateFleet } from "./fleet.js";

const demo = fileURLToPath(new URL("../../examples/fleet.demo.yaml", import.meta.url));
const SUB = "11111111-1111-1111-1111-111111111111";

function issues(value: unknown): string[] {
  const result = validateFleet(value);
  return result.ok ? [] : result.error;
}

const cluster = (pools: unknown[]): unknown => ({
  subscriptions: [{ id: SUB, clusters: [{ name: "c1", resourceGroup: "rg", pools }] }],
});

describe("fleet file", () => {
  it("loads the demo fleet with the promised mix of clusters", async () => {
    const fleet = await loadFleetFile(demo);
    expect(new Date(fleet.start ?? 0).toISOString()).toBe("2026-11-23T00:00:00.000Z");
    expect(fleet.subscriptions).toHaveLength(2);
    const clusters = fleet.subscriptions.flatMap((s) => s.clusters);
    expect(clusters.length).toBeGreaterThanOrEqual(6);
    expect(clusters.some((c) => c.tags.env === "prod")).toBe(true);
    expect(clusters.some((c) => c.tags["gpu-warden.exclude"] === "true")).toBe(true);
    expect(clusters.some((c) => c.tags["gpu-warden.schedule"] === "Mon-Thur 09:00-18:00")).toBe(
      true,
    );
    const tagged = clusters.map((c) => c.tags["gpu-warden.schedule"] ?? "").join(" ");
    expect(tagged).toContain("America/Los_Angeles");
    expect(tagged).toContain("Europe/Berlin");
    for (const c of clusters) expect(c.pools.some((p) => p.mode === "System")).toBe(true);
    const sizes = clusters.flatMap((c) => c.pools.map((p) => p.vmSize)).join(" ");
    for (const gpu of ["A100", "H100", "T4", "A10_"]) expect(sizes).toContain(gpu);
    expect(clusters.find((c) => c.name === "dev-a100")?.pools[1]?.gpuUtil).toEqual({
      default: 2,
      "Mon-Fri 08:00-17:00 America/Los_Angeles": 65,
      "Tue 17:00-21:00 America/Los_Angeles": 80,
    });
  });

  it("applies defaults", () => {
    const result = validateFleet(
      cluster([{ name: "system", mode: "System", vmSize: "Standard_D4s_v5", count: 1 }]),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const c = result.value.subscriptions[0]?.clusters[0];
    expect(c?.location).toBe("eastus");
    expect(c?.powerState).toBe("Running");
    expect(c?.pools[0]?.scaleSetPriority).toBe("Regular");
    expect(result.value.billingLagHours).toBe(24);
    expect(result.value.start).toBeUndefined();
  });

  it("reports bad values by path", () => {
    const bad = {
      subscriptions: [
        {
          id: SUB,
          clusters: [
            {
              name: "ok",
              resourceGroup: "rg",
              pools: [{ name: "system", mode: "System", vmSize: "x", count: 1 }],
            },
            {
              name: "c2",
              resourceGroup: "rg",
              pools: [{ name: "system", mode: "System", vmSize: "x", count: -1 }],
            },
          ],
        },
      ],
    };
    expect(issues(bad)).toEqual([
      "subscriptions.0.clusters.1.pools.0.count: expected a number ≥ 0",
    ]);
    expect(
      issues(cluster([{ name: "system", mode: "System", vmSize: "x", count: "two" }])),
    ).toEqual(["subscriptions.0.clusters.0.pools.0.count: expected a number ≥ 0"]);
    expect(issues({ subscriptions: [{ id: "not-a-guid" }] })).toEqual([
      "subscriptions.0.id: expected a subscription id (GUID)",
    ]);
    expect(issues({ subscriptions: [], start: "yesterday" })).toEqual([
      "start: expected an ISO-8601 instant",
    ]);
    expect(issues({ subscriptions: [], colour: "blue" })[0]).toMatch(/^\(root\): .*colour/);
  });

  it("enforces AKS pool rules", () => {
    expect(issues(cluster([{ name: "gpu", vmSize: "x", count: 1 }]))).toEqual([
      "subscriptions.0.clusters.0.pools: expected at least one System pool",
    ]);
    expect(issues(cluster([{ name: "system", mode: "System", vmSize: "x", count: 0 }]))).toEqual([
      "subscriptions.0.clusters.0.pools.0.count: expected a number ≥ 1 for a System pool",
    ]);
    expect(
      issues(
        cluster([
          {
            name: "system",
            mode: "System",
            vmSize: "x",
            count: 1,
            enableAutoScaling: true,
            minCount: 0,
            maxCount: 3,
          },
          { name: "gpu", vmSize: "x", count: 1, enableAutoScaling: true, minCount: 4, maxCount: 2 },
          { name: "gpu", vmSize: "x", count: 1 },
        ]),
      ),
    ).toEqual([
      "subscriptions.0.clusters.0.pools.0.minCount: expected a number ≥ 1 for a System pool",
      "subscriptions.0.clusters.0.pools.1.maxCount: expected a number ≥ minCount",
      "subscriptions.0.clusters.0.pools.2.name: duplicate pool name",
    ]);
  });

  it("reads JSON and YAML text, and names syntax errors", () => {
    const json = JSON.stringify(
      cluster([{ name: "system", mode: "System", vmSize: "x", count: 1 }]),
    );
    expect(parseFleetText(json).subscriptions).toHaveLength(1);
    expect(() => parseFleetText("subscriptions: [\n")).toThrow(FleetValidationError);
    try {
      parseFleetText("subscriptions:\n  - id: 5\n");
    } catch (e) {
      expect(e).toBeInstanceOf(FleetValidationError);
      expect((e as FleetValidationError).issues).toEqual([
        "subscriptions.0.id: expected a subscription id (GUID)",
      ]);
    }
  });

  it("keeps tag values as strings", () => {
    const result = validateFleet({
      subscriptions: [
        {
          id: SUB,
          clusters: [
            {
              name: "c1",
              resourceGroup: "rg",
              tags: { "gpu-warden.exclude": true, cost: 5 },
              pools: [{ name: "system", mode: "System", vmSize: "x", count: 1 }],
            },
          ],
        },
      ],
    });
    expect(result.ok && result.value.subscriptions[0]?.clusters[0]?.tags).toEqual({
      "gpu-warden.exclude": "true",
      cost: "5",
    });
  });
});
