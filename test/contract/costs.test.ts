/**
 * @module Runs the cost ports' contract against the in-memory fake and against the SDK adapters
 * (built as the composition root builds them) over HTTPS to an emulator started for this file;
 * then the emulator-only parts: `nextLink` paging, a 429 that carries only the QPU retry-after
 * header being waited out, one query per call (the tenant-wide limit), and rows by resource
 * across pages.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createCostAdapters } from "../../src/azure/cost-clients.js";
import {
  startEmulator,
  staticTokenCredential,
  type Emulator,
  type FleetInput,
} from "../../src/emulator/index.js";
import { CostError } from "../../src/ports/costs.js";
import { FakeCosts } from "../fakes/fake-costs.js";
import {
  BILLED_DAYS,
  BUDGETS,
  DEV_PER_DAY,
  describeCostContract,
  NOW,
  OTHER_PER_DAY,
  POOL_PER_DAY,
  RG_SCOPE,
  SUB,
  SUB_SCOPE,
} from "./costs.contract.js";

const QPU_RETRY_AFTER = "x-ms-ratelimit-microsoft.costmanagement-qpu-retry-after";

const NODE_RG = `/subscriptions/${SUB}/resourceGroups/MC_ml-dev-rg_dev-a100_eastus`;
const vmss = (pool: string) =>
  `${NODE_RG}/providers/Microsoft.Compute/virtualMachineScaleSets/aks-${pool}-12345678-vmss`;
const devRows = BILLED_DAYS.flatMap((date) =>
  Object.entries(POOL_PER_DAY).map(([pool, costUsd]) => ({
    date,
    resourceId: vmss(pool),
    costUsd,
  })),
);

describeCostContract("in-memory fake", () => {
  const fake = new FakeCosts()
    .setRows(RG_SCOPE, devRows)
    .setRows(SUB_SCOPE, [
      ...devRows,
      ...BILLED_DAYS.map((date) => ({
        date,
        resourceId: `/subscriptions/${SUB}/resourceGroups/MC_other-rg_other_eastus/providers/Microsoft.Compute/virtualMachineScaleSets/aks-system-87654321-vmss`,
        costUsd: OTHER_PER_DAY,
      })),
    ])
    .setDays(
      RG_SCOPE,
      BILLED_DAYS.map((day) => ({ day, cost: DEV_PER_DAY })),
    )
    .setDays(
      SUB_SCOPE,
      BILLED_DAYS.map((day) => ({ day, cost: DEV_PER_DAY + OTHER_PER_DAY })),
    )
    .setBudget({
      ...BUDGETS.withForecast,
      scope: RG_SCOPE,
      currency: "USD",
      currentSpend: 3 * DEV_PER_DAY,
      forecastSpend: 3 * DEV_PER_DAY * 7,
      timeGrain: "Monthly",
    })
    .setBudget({
      ...BUDGETS.actualOnly,
      scope: RG_SCOPE,
      currency: "USD",
      currentSpend: 3 * DEV_PER_DAY,
      forecastSpend: null,
      timeGrain: "Monthly",
    });
  return Promise.resolve({
    costs: fake,
    budgets: fake,
    throttleNext: (seconds) => {
      fake.failures.push(new CostError("Throttled", "429", 429, { retryAfterSeconds: seconds }));
    },
  });
});

/** The scenario as a fleet file: prices pinned, two clusters in SUB, from 30 Oct. */
function scenarioFleet(): FleetInput {
  const system = { name: "system", mode: "System" as const, vmSize: "Standard_D4s_v5", count: 1 };
  return {
    start: "2026-10-30T00:00:00Z",
    billingLagHours: 24,
    prices: { Standard_D4s_v5: 0.2, Standard_NC24ads_A100_v4: 3, Standard_NC4as_T4_v3: 1 },
    subscriptions: [
      {
        id: SUB,
        clusters: [
          {
            name: "dev-a100",
            resourceGroup: "ml-dev-rg",
            pools: [system, { name: "gpu", vmSize: "Standard_NC24ads_A100_v4", count: 2 }],
          },
          {
            name: "other",
            resourceGroup: "other-rg",
            pools: [{ ...system, vmSize: "Standard_NC4as_T4_v3" }],
          },
        ],
      },
    ],
    budgets: [
      {
        name: BUDGETS.withForecast.name,
        scope: RG_SCOPE,
        amount: BUDGETS.withForecast.amount,
        notifications: {
          Forecasted_GreaterThan_100_Percent: { threshold: 100, thresholdType: "Forecasted" },
        },
      },
      { name: BUDGETS.actualOnly.name, scope: RG_SCOPE, amount: BUDGETS.actualOnly.amount },
    ],
  };
}

describe("on the emulator, through the official SDK clients", () => {
  let emulator: Emulator | undefined;
  const emu = (): Emulator => {
    if (!emulator) throw new Error("the emulator did not start");
    return emulator;
  };
  const adapters = () =>
    createCostAdapters(staticTokenCredential(), {
      endpoint: emu().url,
      ca: emu().caCertificate,
      maxRetries: 0,
      throttle: { maxWaitSeconds: 5 },
    });

  beforeAll(async () => {
    emulator = await startEmulator();
  });

  afterAll(async () => {
    await emulator?.stop();
  });

  beforeEach(() => {
    emu().faults.clear();
    emu().configure({ listPageSize: 100 });
    emu().loadFleet(scenarioFleet());
    emu().clock.set(NOW);
    emu().requests.clear();
  });

  const throttleRule = (seconds: number) => ({
    method: "POST",
    path: "/subscriptions/**/providers/Microsoft.CostManagement/query",
    status: 429,
    code: "429",
    message: "Too many requests. Please retry.",
    headers: { [QPU_RETRY_AFTER]: String(seconds) },
    times: 1,
  });

  describeCostContract("Cost Management and Consumption SDKs", async () => {
    const { costs, budgets } = await adapters();
    return {
      costs,
      budgets,
      throttleNext: (seconds) => void emu().faults.add(throttleRule(seconds)),
    };
  });

  it("follows nextLink: one row per page, the same total, one request per page", async () => {
    emu().configure({ listPageSize: 1 });
    const { costs } = await adapters();
    const mtd = await costs.monthToDate(RG_SCOPE, NOW);
    expect(mtd.requests).toBe(3);
    expect(mtd.total).toBeCloseTo(3 * DEV_PER_DAY, 6);
    const posts = emu()
      .requests.list()
      .filter((r) => r.answeredBy === "cost-management");
    expect(posts.map((r) => r.query)).toEqual([
      expect.not.stringContaining("skiptoken"),
      expect.stringContaining("%24skiptoken=1"),
      expect.stringContaining("%24skiptoken=2"),
    ]);
  });

  it("waits out a 429 that says how long only in the QPU retry-after header", async () => {
    emu().faults.add(throttleRule(1));
    const { costs } = await adapters();
    const started = Date.now();
    const mtd = await costs.monthToDate(RG_SCOPE, NOW);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(mtd.total).toBeCloseTo(3 * DEV_PER_DAY, 6);
    const statuses = emu()
      .requests.list()
      .map((r) => [r.status, r.answeredBy]);
    expect(statuses).toEqual([
      [429, "fault"],
      [200, "cost-management"],
    ]);
  });

  it("rows by resource: one page at a time, following nextLink", async () => {
    emu().configure({ listPageSize: 4 });
    const { costs } = await adapters();
    const sizes: number[] = [];
    let total = 0;
    for await (const page of costs.costRows(SUB_SCOPE, "2026-11-01", "2026-11-03")) {
      sizes.push(page.length);
      total += page.reduce((sum, r) => sum + r.costUsd, 0);
    }
    expect(sizes).toEqual([4, 4, 1]); // 3 days × (2 dev-a100 pools + 1 other pool)
    expect(total).toBeCloseTo(3 * (DEV_PER_DAY + OTHER_PER_DAY), 6);
  });

  it("costs one query per call (the tenant-wide limit is a few a minute)", async () => {
    const { costs } = await adapters();
    await costs.monthToDate(SUB_SCOPE, NOW);
    expect(emu().requests.list()).toHaveLength(1);
  });
});
