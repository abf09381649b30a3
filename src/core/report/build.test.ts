/**
 * @module The weekly report model: totals that add up (an `other` line for the rest), savings from the ledger (open entries up to
 * now), the chart's daily GPU cost with the budget pace line, budget events of the week,
 * residual cost of stopped clusters, data freshness.
 */
import { describe, expect, it } from "vitest";
import { buildWeeklyReport, OTHER_CLUSTERS } from "./index.js";
import { cluster, pool } from "../../../test/fixtures/fleet.js";
import { DEV, input, nodeResource, NOW, PROD, row, vmss } from "../../../test/fixtures/report.js";

const STORAGE =
  "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/shared/providers/Microsoft.Storage/storageAccounts/logs";

describe("buildWeeklyReport", () => {
  const week = [
    row("2026-11-20", vmss(DEV, "gpu"), 100.004),
    row("2026-11-20", vmss(DEV, "system"), 5),
    row("2026-11-21", nodeResource(DEV, "Microsoft.Compute/disks", "pvc-1"), 1.5),
    row("2026-11-21", DEV.id, 2.4),
    row("2026-11-22", vmss(PROD, "a100"), 176.3),
    row("2026-11-22", STORAGE, 3),
    row("2026-11-12", vmss(DEV, "gpu"), 80),
    row("2026-11-01", vmss(PROD, "a100"), 50),
  ];

  it("covers the 7 UTC days before now, and the 7 before them", async () => {
    const report = await buildWeeklyReport(input([]), NOW);
    expect(report.week).toEqual({ from: "2026-11-16", to: "2026-11-22" });
    expect(report.previousWeek).toEqual({ from: "2026-11-09", to: "2026-11-15" });
    expect(report.daily.map((d) => d.day)).toHaveLength(14);
    expect(report.daily[0]?.day).toBe("2026-11-09");
  });

  it("per-cluster costs and the other line sum to the total shown, billed", async () => {
    const report = await buildWeeklyReport(input(week), NOW);
    expect(report.clusters.map((c) => [c.cluster, c.week, c.previousWeek, c.gpuWeek])).toEqual([
      ["ml-prod-rg/inference", 176.3, 0, 176.3],
      ["ml-dev-rg/dev-a100", 108.9, 80, 100],
    ]);
    expect(report.other).toEqual({ week: 3, previousWeek: 0, rows: 1 });
    expect(report.total).toEqual({ usd: 288.2, basis: "billed" });
    expect(report.previousTotal.usd).toBe(80);
    expect(report.gpuTotal.usd).toBe(276.3);
    expect(report.clusters[1]?.pools).toEqual([
      { pool: "gpu", gpu: true, week: 100 },
      { pool: "system", gpu: false, week: 5 },
      { pool: "(cluster)", gpu: false, week: 3.9 },
    ]);
  });

  it("the chart has daily GPU cost per cluster, the cumulative month to date and the pace", async () => {
    const budgets = [
      { name: "ml", amount: 20_000, spent: 9_000, forecast: 21_000, thresholdsFired: [] },
      { name: "prod", amount: 10_000, spent: 4_000, forecast: null, thresholdsFired: [] },
    ];
    const report = await buildWeeklyReport(input(week, { budgets }), NOW);
    const last = report.daily.at(-1);
    expect(last).toEqual({
      day: "2026-11-22",
      byCluster: { "ml-prod-rg/inference": 176.3 },
      total: 176.3,
      cumulative: 50 + 80 + 100 + 176.3,
      pace: 22_000,
    });
    expect(report.daily.find((d) => d.day === "2026-11-12")?.byCluster).toEqual({
      "ml-dev-rg/dev-a100": 80,
    });
    expect(report.paceBudget).toBe(30_000);
  });

  it("the pace line restarts with the month", async () => {
    const report = await buildWeeklyReport(
      input([], {
        weekEnding: "2026-12-02",
        budgets: [{ name: "b", amount: 3100, spent: 0, forecast: null, thresholdsFired: [] }],
      }),
      NOW,
    );
    const pace = Object.fromEntries(report.daily.map((d) => [d.day, d.pace]));
    expect(pace["2026-11-30"]).toBe(3100);
    expect(pace["2026-12-01"]).toBe(100);
    expect(pace["2026-12-02"]).toBe(200);
  });

  it("names the top 8 clusters in the chart and stacks the rest as other clusters", async () => {
    const fleet = Array.from({ length: 12 }, (_, i) =>
      cluster(`c${String(i).padStart(2, "0")}`, { pools: [pool({ name: "gpu" })] }),
    );
    const rows = fleet.map((c, i) => row("2026-11-22", vmss(c, "gpu"), 10 + i));
    const report = await buildWeeklyReport(input(rows, { fleet }), NOW);
    const day = report.daily.at(-1);
    expect(Object.keys(day?.byCluster ?? {})).toHaveLength(9);
    expect(day?.byCluster[OTHER_CLUSTERS]).toBe(10 + 11 + 12 + 13);
    expect(day?.byCluster["ml-dev-rg/c11"]).toBe(21);
    expect(day?.total).toBe(report.gpuTotal.usd);
  });

  it("savings: node-hours avoided in the week × price; an open entry counts up to now", async () => {
    const ledger = [
      {
        clusterId: DEV.id,
        kind: "stop" as const,
        from: "2026-11-20T20:00:00Z",
        to: "2026-11-21T08:00:00Z",
        nodes: 2,
        usdPerHour: 3.673,
        basis: "list-snapshot" as const,
        priceAsOf: "2026-09-12",
      },
      {
        clusterId: PROD.id,
        pool: "a100",
        kind: "scale-to-zero" as const,
        from: "2026-11-23T05:00:00Z",
        to: null,
        nodes: 1,
        usdPerHour: 3.673,
        basis: "list-snapshot" as const,
        priceAsOf: "2026-09-12",
      },
    ];
    const lastWeek = await buildWeeklyReport(input([], { ledger }), NOW);
    expect(lastWeek.savings).toEqual({
      usd: 88.15,
      basis: "list-price",
      priceLabel: "snapshot 2026-09-12",
    });
    expect(lastWeek.savingsLines).toMatchObject([
      { cluster: "ml-dev-rg/dev-a100", kind: "stop", hours: 12, nodeHours: 24, usd: 88.15 },
    ]);
    const thisWeek = await buildWeeklyReport(input([], { ledger, weekEnding: "2026-11-23" }), NOW);
    expect(thisWeek.savingsLines).toMatchObject([
      { usd: 88.15 },
      { cluster: "ml-prod-rg/inference", pool: "a100", hours: 4, usd: 14.69, open: true },
    ]);
    expect(thisWeek.savings.usd).toBe(102.84);
  });

  it("lists the budget thresholds that fired during the week only", async () => {
    const budgets = [
      {
        name: "ml",
        amount: 100,
        spent: 90,
        forecast: 120,
        thresholdsFired: [
          { percent: 50, forecast: false, at: "2026-11-10T10:00:00Z", actions: ["notify"] },
          {
            percent: 80,
            forecast: false,
            at: "2026-11-18T10:00:00Z",
            actions: ["notify", "idle-aggressive"],
          },
        ],
      },
    ];
    const report = await buildWeeklyReport(input([], { budgets }), NOW);
    expect(report.budgetEvents).toEqual([
      {
        budget: "ml",
        percent: 80,
        forecast: false,
        at: "2026-11-18T10:00:00Z",
        actions: ["notify", "idle-aggressive"],
      },
    ]);
  });

  it("a stopped cluster's cost outside its pools becomes a residual-cost finding", async () => {
    const stopped = { ...DEV, powerState: "Stopped" as const };
    const rows = [row("2026-11-21", nodeResource(DEV, "Microsoft.Compute/disks", "pvc-1"), 61.5)];
    const report = await buildWeeklyReport(input(rows, { fleet: [stopped, PROD] }), NOW);
    expect(report.findings).toMatchObject([
      {
        kind: "stopped-cluster-residual-cost",
        cluster: "ml-dev-rg/dev-a100",
        money: { usd: 61.5 },
      },
    ]);
  });

  it("says how fresh the data is and skips malformed rows", async () => {
    const rows = [
      row("2026-11-20", vmss(DEV, "gpu"), 1),
      row("2026-11-21", vmss(DEV, "gpu"), Number.NaN),
      row("21/11/2026", vmss(DEV, "gpu"), 1),
    ];
    const report = await buildWeeklyReport(input(rows), NOW);
    expect(report.freshness).toEqual({
      lastCostDay: "2026-11-20",
      rows: 1,
      missingDays: [
        "2026-11-16",
        "2026-11-17",
        "2026-11-18",
        "2026-11-19",
        "2026-11-21",
        "2026-11-22",
      ],
      rejectedRows: 2,
    });
  });
});
