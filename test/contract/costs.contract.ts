/**
 * @module The cost ports' contract (CostSource + BudgetSource): one suite the in-memory fake and
 * the SDK adapters (`@azure/arm-costmanagement`, `@azure/arm-consumption`, against the emulator)
 * must both pass. One scenario: dev-a100 ($6.20/h: a $0.20 System node and two $3.00 GPU nodes)
 * and a $1/h cluster in another resource group ran from 30 Oct; on 5 Nov 06:00 UTC, with a 24 h
 * billing lag, 1–3 Nov are billed and October is not this month. By resource, each pool's cost
 * is its scale set's, in the cluster's node resource group.
 */
import { describe, expect, it } from "vitest";
import {
  CostError,
  type BudgetSource,
  type CostErrorCode,
  type CostRow,
  type CostRowSource,
  type CostSource,
} from "../../src/ports/costs.js";

export const SUB = "11111111-1111-4111-8111-111111111111";
export const RG_SCOPE = `/subscriptions/${SUB}/resourceGroups/ml-dev-rg`;
export const SUB_SCOPE = `/subscriptions/${SUB}`;
export const NOW = new Date("2026-11-05T06:00:00Z");
export const BILLED_DAYS = ["2026-11-01", "2026-11-02", "2026-11-03"];
/** $/day of the clusters in ml-dev-rg and in the other resource group. */
export const DEV_PER_DAY = 6.2 * 24;
export const OTHER_PER_DAY = 24;
/** $/day of dev-a100's pools: two $3.00 GPU nodes, one $0.20 System node. */
export const POOL_PER_DAY = { gpu: 6 * 24, system: 0.2 * 24 };
/** A pool's scale set in dev-a100's node resource group (`MC_ml-dev-rg_dev-a100_<region>`). */
export const DEV_VMSS =
  /^\/subscriptions\/11111111-1111-4111-8111-111111111111\/resourceGroups\/MC_ml-dev-rg_dev-a100_[a-z0-9]+\/providers\/Microsoft\.Compute\/virtualMachineScaleSets\/aks-(gpu|system)-\d{8}-vmss$/i;

export interface CostWorld {
  readonly costs: CostSource & CostRowSource;
  readonly budgets: BudgetSource;
  /** The next cost call gets a 429 asking to wait `seconds` (only in a QPU header). */
  throttleNext(seconds: number): void;
}

export type MakeCostWorld = () => Promise<CostWorld>;

/** The Azure budgets of the scenario: with a forecast notification, and without. */
export const BUDGETS = {
  withForecast: { name: "ml-dev-gpu", amount: 1000 },
  actualOnly: { name: "ml-dev-plain", amount: 500 },
};

async function allRows(pages: AsyncIterable<readonly CostRow[]>): Promise<CostRow[]> {
  const rows: CostRow[] = [];
  for await (const page of pages) rows.push(...page);
  return rows;
}

async function codeOf(call: Promise<unknown>): Promise<CostErrorCode | "resolved"> {
  try {
    await call;
    return "resolved";
  } catch (error) {
    if (error instanceof CostError) return error.code;
    throw error;
  }
}

export function describeCostContract(name: string, makeWorld: MakeCostWorld): void {
  describe(`cost ports contract: ${name}`, () => {
    it("month to date: the scope's billed days of this month only, oldest first", async () => {
      const { costs } = await makeWorld();
      const mtd = await costs.monthToDate(RG_SCOPE, NOW);
      expect(mtd.currency).toBe("USD");
      expect(mtd.days.map((d) => d.day)).toEqual(BILLED_DAYS);
      for (const d of mtd.days) expect(d.cost).toBeCloseTo(DEV_PER_DAY, 6);
      expect(mtd.total).toBeCloseTo(3 * DEV_PER_DAY, 6);
      expect(mtd.requests).toBeGreaterThanOrEqual(1);
    });

    it("a subscription scope adds every resource group in it", async () => {
      const { costs } = await makeWorld();
      const mtd = await costs.monthToDate(SUB_SCOPE, NOW);
      expect(mtd.total).toBeCloseTo(3 * (DEV_PER_DAY + OTHER_PER_DAY), 6);
    });

    it("rows by resource: each pool's scale set in the node resource group, per billed day asked for", async () => {
      const { costs } = await makeWorld();
      const rows = await allRows(costs.costRows(RG_SCOPE, "2026-11-02", "2026-11-30"));
      expect([...new Set(rows.map((r) => r.date))].sort()).toEqual(BILLED_DAYS.slice(1));
      expect(rows).toHaveLength(4);
      for (const row of rows) {
        const pool = DEV_VMSS.exec(row.resourceId)?.[1] as keyof typeof POOL_PER_DAY | undefined;
        expect(pool, row.resourceId).toBeDefined();
        expect(row.costUsd).toBeCloseTo(POOL_PER_DAY[pool ?? "gpu"], 6);
      }
      expect(new Set(rows.map((r) => r.resourceId)).size).toBe(2);
      const all = await allRows(costs.costRows(SUB_SCOPE, "2026-11-01", "2026-11-03"));
      const total = all.reduce((sum, r) => sum + r.costUsd, 0);
      expect(total).toBeCloseTo(3 * (DEV_PER_DAY + OTHER_PER_DAY), 6);
    });

    it("rows by resource: a 429 past the bound is Throttled", async () => {
      const world = await makeWorld();
      world.throttleNext(3600);
      const error = await allRows(
        world.costs.costRows(RG_SCOPE, BILLED_DAYS[0] ?? "", "2026-11-03"),
      )
        .then(() => undefined)
        .catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "Throttled", retryAfterSeconds: 3600 });
    });

    it("an unknown subscription is NotFound", async () => {
      const { costs, budgets } = await makeWorld();
      const missing = "/subscriptions/99999999-9999-4999-8999-999999999999";
      expect(await codeOf(costs.monthToDate(missing, NOW))).toBe("NotFound");
      expect(await codeOf(budgets.get(missing, BUDGETS.actualOnly.name))).toBe("NotFound");
    });

    it("an Azure budget: amount, billed spend, and a forecast only with a forecast notification", async () => {
      const { budgets } = await makeWorld();
      const forecasting = await budgets.get(RG_SCOPE, BUDGETS.withForecast.name);
      expect(forecasting).toMatchObject({ name: BUDGETS.withForecast.name, amount: 1000 });
      expect(forecasting.currency).toBe("USD");
      expect(forecasting.currentSpend).toBeCloseTo(3 * DEV_PER_DAY, 2);
      expect(forecasting.forecastSpend).toBeGreaterThan(forecasting.currentSpend);
      const plain = await budgets.get(RG_SCOPE, BUDGETS.actualOnly.name);
      expect(plain.amount).toBe(500);
      expect(plain.forecastSpend).toBeNull();
      expect(await codeOf(budgets.get(RG_SCOPE, "no-such-budget"))).toBe("NotFound");
    });

    it("a 429 asking for a wait past the bound is Throttled at once, with the wait", async () => {
      const world = await makeWorld();
      world.throttleNext(3600);
      const started = Date.now();
      const error = await world.costs.monthToDate(RG_SCOPE, NOW).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CostError);
      expect(error).toMatchObject({ code: "Throttled", retryAfterSeconds: 3600 });
      expect(Date.now() - started).toBeLessThan(5000);
    });
  });
}
