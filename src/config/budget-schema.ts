/**
 * @module The `budgets[]` entries of the policy file (SPEC §7): an amount from the file or from
 * an Azure budget, and a ladder of thresholds whose actions are enforced, not only announced.
 */
import * as z from "zod";
import {
  armScope,
  describeValue,
  numberBetween,
  referenceName,
  slackUserId,
} from "./policy-primitives.js";

/** What a crossed threshold does. A closed set: the budget planner switches over it. */
export const BUDGET_ACTIONS = [
  "notify",
  "idle-aggressive",
  "scale-spot-to-zero",
  "stop-clusters",
  "block-starts",
] as const;

const threshold = z
  .strictObject({
    percent: numberBetween(1, 1000).describe("Percentage of the budget amount, 1–1000."),
    forecast: z
      .boolean()
      .default(false)
      .describe("Fire when the month-end forecast crosses the percentage, not the current spend."),
    actions: z
      .array(z.enum(BUDGET_ACTIONS))
      .min(1, { error: "expected at least one action" })
      .superRefine((actions, ctx) => {
        actions.forEach((action, index) => {
          if (actions.indexOf(action) !== index) {
            ctx.addIssue({
              code: "custom",
              input: action,
              path: [index],
              message: `duplicate action '${action}'`,
            });
          }
        });
      })
      .describe(
        "What happens when the threshold is crossed: notify (Slack, once per period), " +
          "idle-aggressive (idle window halves), scale-spot-to-zero, stop-clusters (the budget's " +
          "groups stay stopped until the period ends or the budget is raised), block-starts " +
          "(/gpu start refused except for approvers).",
      ),
  })
  .describe("One rung of the threshold ladder; each fires at most once per budget period.");

export const budgetSchema = z
  .strictObject({
    name: referenceName("budget").describe("Unique budget name, referenced by groups[].budget."),
    scope: armScope.describe(
      "Azure scope whose cost counts: /subscriptions/<id>[/resourceGroups/<name>], a management " +
        "group or a billing scope. With azureBudget, the scope the Azure budget is defined at.",
    ),
    amount: z
      .number({
        error: (issue) => `expected an amount greater than 0, got ${describeValue(issue.input)}`,
      })
      .positive({
        error: (issue) => `expected an amount greater than 0, got ${describeValue(issue.input)}`,
      })
      .optional()
      .describe(
        "Monthly amount in the billing currency (a policy budget). Exactly one of amount or azureBudget.",
      ),
    azureBudget: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,63}$/, {
        error: (issue) => `expected an Azure budget name, got ${describeValue(issue.input)}`,
      })
      .optional()
      .describe(
        "Name of an Azure (Consumption) budget at `scope` whose amount, spend and forecast are used. " +
          "Exactly one of amount or azureBudget.",
      ),
    thresholds: z
      .array(threshold)
      .default([])
      .describe("Threshold ladder. Default: none (the budget is only reported)."),
    approvers: z
      .array(slackUserId())
      .default([])
      .describe("Slack user IDs who may still start clusters while block-starts is in force."),
  })
  .describe("A monthly budget and the actions gpu-warden takes as spend approaches it.");
