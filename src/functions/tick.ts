/**
 * @module `tick` — timer, every 5 minutes (UTC): run the scheduled tick (SPEC §5, §11).
 */
import { tickDepsOf } from "../composition.js";
import { app, type InvocationContext, type Timer } from "@azure/functions";
import { runTick } from "../app/tick.js";
import { summarizeTick } from "../app/tick-summary.js";
import { getRuntime, type RuntimeProvider } from "./runtime.js";

export function makeTickHandler(runtime: RuntimeProvider, clock: () => Date = () => new Date()) {
  return async (timer: Timer, context: InvocationContext): Promise<void> => {
    const now = clock();
    if (timer.isPastDue) context.warn(`tick is past due; catching up at ${now.toISOString()}`);
    const rt = await runtime();
    const report = await runTick(tickDepsOf(rt), { now, apply: !rt.policy.policy.dryRun });
    const summary = summarizeTick(report);
    context.log(summary.text);
    // Never fatal: Slack or history failures are logged, the tick's actions stand.
    for (const problem of [...report.slackErrors, ...report.historyErrors]) context.warn(problem);
    if (summary.failed > 0)
      throw new Error(`tick finished with ${summary.failed} failed action(s): ${summary.text}`);
  };
}

app.timer("tick", { schedule: "0 */5 * * * *", handler: makeTickHandler(getRuntime) });
