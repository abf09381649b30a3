/**
 * @module `reports` — timer, hourly on the hour (UTC): send the weekly report when its local day
 * and time fell in the hour just ended, once per week (SPEC §9, §11). A failed build is retried
 * within the hour (still due; the week is claimed only once built).
 */
import { app, type InvocationContext, type Timer } from "@azure/functions";
import { describeOutcome, sendWeeklyReport } from "../app/weekly-report.js";
import { reportDepsOf } from "../composition.js";
import { getRuntime, type RuntimeProvider } from "./runtime.js";

export function makeReportsHandler(runtime: RuntimeProvider, clock: () => Date = () => new Date()) {
  return async (timer: Timer, context: InvocationContext): Promise<void> => {
    const now = clock();
    if (timer.isPastDue) context.warn(`reports is past due; deciding at ${now.toISOString()}`);
    const outcome = await sendWeeklyReport(reportDepsOf(await runtime()), now);
    context.log(describeOutcome(outcome));
    if (outcome.kind === "sent") for (const error of outcome.errors) context.warn(error);
  };
}

app.timer("reports", {
  schedule: "0 0 * * * *",
  retry: { strategy: "fixedDelay", maxRetryCount: 3, delayInterval: { minutes: 5 } },
  handler: makeReportsHandler(getRuntime),
});
