/**
 * @module The budget threshold message: what it says for spend and for forecast, and that it
 * stays within Block Kit's limits with any names fast-check can think of.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkBlockKit } from "../limits.js";
import { budgetThresholdMessage, type BudgetThresholdInput } from "./budget.js";

const INPUT: BudgetThresholdInput = {
  budget: "ml-dev-monthly",
  percent: 100,
  forecast: false,
  measured: 20_412,
  amount: 20_000,
  currency: "USD",
  estimated: 412,
  actions: ["notify", "stop-clusters", "block-starts"],
  groups: ["ml-dev"],
  approvers: ["U0ADMIN"],
  at: "2026-11-20T10:15:00Z",
  zone: "America/Los_Angeles",
};

describe("budgetThresholdMessage", () => {
  it("says what was spent, how much is estimated, and what is now in force", () => {
    const message = budgetThresholdMessage(INPUT);
    expect(message.text).toBe(
      ":money_with_wings: Budget ml-dev-monthly has spent $20,412.00 of $20,000.00 this month: 102% (threshold 100%).",
    );
    const body = JSON.stringify(message.blocks);
    expect(body).toContain("$412.00 of it is estimated");
    expect(body).toContain("Now in force for ml-dev");
    expect(body).toContain("kept stopped until the month ends or the budget is raised");
    expect(body).toContain("except for approvers: <@U0ADMIN>");
    expect(checkBlockKit(message)).toEqual([]);
  });

  it("speaks of the forecast for a forecast threshold, and of nothing in force for notify alone", () => {
    const message = budgetThresholdMessage({
      ...INPUT,
      forecast: true,
      measured: 23_000,
      actions: ["notify"],
    });
    expect(message.text).toContain("is forecast to reach $23,000.00 by the end of the month: 115%");
    expect(JSON.stringify(message.blocks)).not.toContain("Now in force");
  });

  it("stays within Block Kit's limits for any names and numbers", () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 2000 }),
        fc.array(fc.string({ maxLength: 500 }), { maxLength: 300 }),
        fc.array(fc.string({ maxLength: 50 }), { maxLength: 300 }),
        fc.double({ noNaN: false }),
        (budget, groups, approvers, measured) => {
          const message = budgetThresholdMessage({
            ...INPUT,
            budget,
            groups,
            approvers,
            measured,
            actions: [
              "notify",
              "idle-aggressive",
              "scale-spot-to-zero",
              "stop-clusters",
              "block-starts",
            ],
          });
          expect(checkBlockKit(message)).toEqual([]);
        },
      ),
      { numRuns: 200 },
    );
  });
});
