/**
 * @module `warmup` — runs when Azure adds an instance (scale-out), before it receives traffic:
 * builds the runtime and fills the Slack caches (SPEC §16: the acknowledgement budget). Restarts
 * do not run it; the caches then fill on the first request.
 */
import { app, type InvocationContext } from "@azure/functions";
import { warmSlackCaches } from "../app/slack/warm.js";
import { getSlackDeps, type SlackDepsProvider } from "./slack-deps.js";

export function makeWarmupHandler(deps: SlackDepsProvider) {
  return async (_warmup: unknown, context: InvocationContext): Promise<void> => {
    try {
      const warmed = await warmSlackCaches(await deps());
      context.log(
        `warmup: ${String(warmed.clusters)} clusters, ${String(warmed.usergroups)} user groups cached`,
      );
    } catch (error) {
      // Never fatal: the instance still serves, filling its caches on first use.
      context.warn(
        `warmup: caches not filled: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  };
}

app.warmup("warmup", { handler: makeWarmupHandler(getSlackDeps) });
