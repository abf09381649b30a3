/**
 * @module Hygiene findings (SPEC §8): each mistake is found with its evidence and fix, healthy
 * pools and protected groups are left alone, findings come most severe first.
 */
import { describe, expect, it } from "vitest";
import { cluster, group, policy, pool } from "../../../test/fixtures/fleet.js";
import { findHygiene, poolKey, residualCostFinding, type FindingKind } from "./index.js";

const NOW = new Date("2026-11-23T09:00:00Z");
const DEV = policy([group("ml-dev")]);
const PROD = policy([
  group("inference-prod", {
    schedule: null,
    protected: true,
    match: { tags: { env: "prod" }, resourceGroups: [], names: [] },
  }),
  group("ml-dev"),
]);

/** A GPU pool with nothing to complain about on a dev cluster (except the spot question). */
const healthy = pool({
  enableAutoScaling: true,
  minCount: 0,
  maxCount: 4,
  scaleSetPriority: "Spot",
});

const kinds = (found: readonly { kind: FindingKind }[]): FindingKind[] => found.map((f) => f.kind);

describe("findHygiene", () => {
  it("finds nothing on a tidy dev cluster: tainted spot GPU pool, autoscaler down to zero", () => {
    const fleet = [
      cluster("dev-a100", {
        pools: [pool({ name: "system", mode: "System", vmSize: "Standard_D4s_v5" }), healthy],
      }),
    ];
    expect(findHygiene({ fleet, policy: DEV }, NOW)).toEqual([]);
  });

  it("ignores clusters without GPU pools", () => {
    const fleet = [cluster("cpu-only", { pools: [pool({ vmSize: "Standard_D4s_v5" })], tags: {} })];
    expect(findHygiene({ fleet, policy: DEV }, NOW)).toEqual([]);
  });

  it("a GPU pool without a NoSchedule taint: evidence names its taints, fix is the az command", () => {
    const fleet = [
      cluster("dev-a100", { pools: [{ ...healthy, nodeTaints: ["team=ml:PreferNoSchedule"] }] }),
    ];
    const [found] = findHygiene({ fleet, policy: DEV }, NOW);
    expect(found).toMatchObject({
      kind: "gpu-pool-without-taint",
      cluster: "ml-dev-rg/dev-a100",
      pool: "gpu",
      evidence: expect.stringContaining("taints: team=ml:PreferNoSchedule") as string,
      fix: expect.stringContaining(
        "az aks nodepool update -g ml-dev-rg --cluster-name dev-a100 -n gpu --node-taints sku=gpu:NoSchedule",
      ) as string,
    });
  });

  it("no autoscaler, or a floor above zero, in a non-protected group; never in a protected one", () => {
    const fleet = [
      cluster("dev-fixed", { pools: [{ ...healthy, enableAutoScaling: false, count: 3 }] }),
      cluster("dev-floor", { pools: [{ ...healthy, minCount: 2 }] }),
      cluster("prod-fixed", {
        tags: { env: "prod" },
        pools: [{ ...healthy, enableAutoScaling: false }],
      }),
    ];
    const found = findHygiene({ fleet, policy: PROD }, NOW);
    expect(found.map((f) => [f.kind, f.cluster])).toEqual([
      ["gpu-pool-without-autoscaler", "ml-dev-rg/dev-fixed"],
      ["gpu-pool-min-count-above-zero", "ml-dev-rg/dev-floor"],
    ]);
    expect(found[0]?.evidence).toContain("3 × Standard_NC24ads_A100_v4 stay allocated");
    expect(found[1]?.fix).toContain("--update-cluster-autoscaler --min-count 0 --max-count 4");
  });

  it("a dev cluster excluded by tag, or with a bad schedule tag, has no schedule in effect", () => {
    const fleet = [
      cluster("dev-excluded", {
        tags: { env: "dev", "gpu-warden.exclude": "true" },
        pools: [healthy],
      }),
      cluster("dev-bad-tag", {
        tags: { env: "dev", "gpu-warden.schedule": "Mon-Fri 25:00-26:00" },
        pools: [healthy],
      }),
    ];
    const found = findHygiene({ fleet, policy: DEV }, NOW);
    expect(kinds(found)).toEqual(["dev-cluster-without-schedule", "dev-cluster-without-schedule"]);
    expect(found[0]?.evidence).toContain("gpu-warden.schedule");
    expect(found[1]?.evidence).toContain("gpu-warden.exclude=true");
    expect(found[1]?.fix).toContain("az tag update");
  });

  it("a GPU cluster in no group is reported; it is never scheduled", () => {
    const fleet = [cluster("stray", { tags: { team: "research" }, pools: [healthy] })];
    const [found] = findHygiene({ fleet, policy: DEV }, NOW);
    expect(found).toMatchObject({ kind: "unmanaged-gpu-cluster", severity: "low" });
    expect(found?.evidence).toContain("team=research");
  });

  it("a regular-priority pool of a scheduled (dev) cluster is a spot candidate, priced with its basis", () => {
    const fleet = [cluster("dev-a100", { pools: [{ ...healthy, scaleSetPriority: "Regular" }] })];
    const [found] = findHygiene({ fleet, policy: DEV }, NOW);
    expect(found?.kind).toBe("spot-candidate");
    expect(found?.evidence).toContain("$3.673/h pay-as-you-go vs $0.735/h spot (−80 %");
    expect(found?.evidence).toContain("snapshot 2026-09-12");
    expect(found?.money).toEqual({
      usd: expect.closeTo(2.9385, 6) as number,
      per: "hour",
      basis: "list price snapshot 2026-09-12, per node",
    });
  });

  it("no spot advice without a spot price, nor for a group with no schedule and no idle policy", () => {
    const noSchedule = policy([group("ml-dev", { schedule: null })]);
    const regular = { ...healthy, scaleSetPriority: "Regular" as const };
    expect(
      findHygiene({ fleet: [cluster("a", { pools: [regular] })], policy: noSchedule }, NOW),
    ).toEqual([]);
    const idleOn = {
      fleet: [cluster("a", { pools: [regular] })],
      policy: noSchedule,
      idleGroups: new Set(["ml-dev"]),
    };
    expect(kinds(findHygiene(idleOn, NOW))).toEqual(["spot-candidate"]);
    const h100 = { ...regular, vmSize: "Standard_ND96isr_H100_v5" };
    expect(findHygiene({ fleet: [cluster("b", { pools: [h100] })], policy: DEV }, NOW)).toEqual([]);
  });

  it("an A100 pool that never used more than 13 GB per GPU fits a T4 (16 GB), with 20 % headroom", () => {
    const c = cluster("dev-a100", { pools: [healthy] });
    const vramUsedMib = new Map([[poolKey(c.id, "GPU"), 13 * 1024]]);
    const [found] = findHygiene({ fleet: [c], policy: DEV, vramUsedMib }, NOW);
    expect(found?.kind).toBe("oversized-gpu");
    expect(found?.evidence).toContain("13.0 GB per GPU of 80 GB");
    expect(found?.fix).toContain("Standard_NC4as_T4_v3");
    expect(found?.money?.usd).toBeCloseTo(3.673 - 0.526, 6);
    const tight = new Map([[poolKey(c.id, "gpu"), 70 * 1024]]);
    expect(findHygiene({ fleet: [c], policy: DEV, vramUsedMib: tight }, NOW)).toEqual([]);
  });

  it("a retired size is high severity and first; the fix names a current size", () => {
    const fleet = [
      cluster("old", {
        pools: [
          { ...healthy, name: "v100", vmSize: "Standard_NC6s_v3" },
          { ...healthy, name: "notaint", nodeTaints: [] },
        ],
      }),
    ];
    const found = findHygiene({ fleet, policy: DEV }, NOW);
    expect(kinds(found)).toEqual(["retired-sku", "gpu-pool-without-taint"]);
    expect(found[0]).toMatchObject({ severity: "high", pool: "v100" });
    expect(found[0]?.title).toContain("retired on 2025-09-30");
    expect(found[0]?.fix).toMatch(/such as Standard_\w+/);
    expect(found[0]?.fix).not.toContain("NC6s_v3 pool");
  });

  it("the size is retiring (within a year) before its date, retired from that day", () => {
    const fleet = [cluster("old", { pools: [{ ...healthy, vmSize: "Standard_NC6s_v3" }] })];
    expect(kinds(findHygiene({ fleet, policy: DEV }, new Date("2025-03-01T00:00:00Z")))).toEqual([
      "retiring-sku",
    ]);
    expect(kinds(findHygiene({ fleet, policy: DEV }, new Date("2025-09-30T00:00:00Z")))).toEqual([
      "retired-sku",
    ]);
  });
});

describe("residualCostFinding", () => {
  it("reports a stopped cluster's billed cost outside its pools, never a running one's", () => {
    const stopped = cluster("dev-a100", { powerState: "Stopped" });
    expect(residualCostFinding(stopped, 61.5)).toMatchObject({
      kind: "stopped-cluster-residual-cost",
      severity: "medium",
      money: { usd: 61.5, per: "week", basis: "billed cost" },
    });
    expect(residualCostFinding(stopped, 12)?.severity).toBe("low");
    expect(residualCostFinding(stopped, 0.001)).toBeUndefined();
    expect(residualCostFinding(cluster("dev-b"), 61.5)).toBeUndefined();
  });
});
