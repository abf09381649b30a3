/**
 * @module Properties of the budget ladder over random spend paths: evaluating again (or an alert
 * repeating) never fires a rung twice in a period; rungs fire in order of their percentage; a
 * forecast rung fires only when the forecast reaches it; the record keeps every firing once.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { planBudget, reaches } from "./plan.js";
import type { BudgetRecord, BudgetRule } from "./types.js";

const thresholds = fc.uniqueArray(
  fc.record({
    percent: fc.integer({ min: 1, max: 150 }),
    forecast: fc.boolean(),
    actions: fc.constant(["notify"] as const),
  }),
  { minLength: 1, maxLength: 6, selector: (t) => `${String(t.forecast)}-${String(t.percent)}` },
);

const steps = fc.array(
  fc.record({
    hours: fc.integer({ min: 0, max: 30 }),
    billed: fc.double({ min: 0, max: 5_000, noNaN: true }),
    usdPerHour: fc.double({ min: 0, max: 50, noNaN: true }),
    repeat: fc.boolean(),
  }),
  { minLength: 1, maxLength: 25 },
);

describe("the budget ladder, property-based", () => {
  it("fires each rung at most once per period, in order, forecast rungs only on the forecast", () => {
    fc.assert(
      fc.property(thresholds, steps, (ladder, path) => {
        const rule: BudgetRule = {
          name: "b",
          scope: "/subscriptions/s",
          amount: 10_000,
          thresholds: ladder,
          approvers: [],
        };
        let now = Date.parse("2026-11-03T00:00:00Z");
        let billed = 0;
        let record: BudgetRecord | undefined;
        const fired: string[] = [];
        for (const step of path) {
          now += step.hours * 3_600_000;
          billed += step.billed;
          const observation = {
            amount: 10_000,
            currency: "USD",
            billed,
            lastBilledDay: null,
            azureForecast: null,
            usdPerHour: step.usdPerHour,
          };
          const times = step.repeat ? 2 : 1;
          for (let i = 0; i < times; i++) {
            const plan = planBudget({ rule, observation, previous: record, now: new Date(now) });
            if (record && plan.record.period !== record.period) fired.length = 0;
            const percents = plan.fired.filter((f) => !f.forecast).map((f) => f.percent);
            expect(percents).toEqual([...percents].sort((a, b) => a - b));
            for (const f of plan.fired) {
              expect(fired).not.toContain(f.key);
              fired.push(f.key);
              const measure = f.forecast ? plan.record.forecast : plan.record.spent;
              expect(measure).not.toBeNull();
              expect(reaches(measure ?? 0, 10_000, f.percent)).toBe(true);
            }
            expect(plan.record.fired.map((f) => f.key)).toEqual(fired);
            record = plan.record;
          }
        }
      }),
    );
  });
});
