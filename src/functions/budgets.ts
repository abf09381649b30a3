/**
 * @module `budgets` — timer, hourly at minute 15 (UTC): evaluate every budget (SPEC §7, §11).
 */
import { app, type InvocationContext, type Timer } from "@azure/functions";
import { evaluateBudgets } from "../app/budgets.js";
import { summarizeBudgets } from "../app/budgets-summary.js";
import { budgetDepsOf } from "../composition.js";
import { getRuntime, type RuntimeProvider } from "./runtime.js";

export function makeBudgetsHandler(runtime: RuntimeProvider, clock: () => Date = () => new Date()) {
  return async (timer: Timer, context: InvocationContext): Promise<void> => {
    const now = clock();
    if (timer.isPastDue) context.warn(`budgets is past due; evaluating at ${now.toISOString()}`);
    const report = await evaluateBudgets(budgetDepsOf(await runtime()), now);
    const summary = summarizeBudgets(report);
    context.log(summary.text);
    for (const error of report.slackErrors) context.warn(`slack: ${error}`);
    if (summary.failed > 0)
      throw new Error(
        `${String(summary.failed)} budget(s) could not be evaluated: ${summary.text}`,
      );
  };
}

app.timer("budgets", { schedule: "0 15 * * * *", handler: makeBudgetsHandler(getRuntime) });
