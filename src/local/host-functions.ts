/**
 * @module The handler factories of `src/functions/`, loaded for the local host: the very code the
 * Functions host runs. Loaded lazily (they pull in the SDKs), with the library's test-mode notices
 * ("Failed to detect the Azure Functions runtime", "Skipping call to register function …" once per
 * module) held back: outside the Functions worker the local host, not `app.*`, routes to them.
 */
import type { makeBudgetAlertHandler } from "../functions/budget-alert.js";
import type { makeBudgetsHandler } from "../functions/budgets.js";
import type { makeHealthHandler } from "../functions/health.js";
import type { makeOperationsHandler } from "../functions/operations.js";
import type { makeReportsHandler } from "../functions/reports.js";
import type { makeSlackCommandHandler } from "../functions/slack-command.js";
import type { makeSlackInteractionHandler } from "../functions/slack-interaction.js";
import type { makeTickHandler } from "../functions/tick.js";
import type { makeWarmupHandler } from "../functions/warmup.js";

export interface HandlerFactories {
  readonly budgets: typeof makeBudgetsHandler;
  readonly budgetAlert: typeof makeBudgetAlertHandler;
  readonly health: typeof makeHealthHandler;
  readonly operations: typeof makeOperationsHandler;
  readonly reports: typeof makeReportsHandler;
  readonly slackCommand: typeof makeSlackCommandHandler;
  readonly slackInteraction: typeof makeSlackInteractionHandler;
  readonly tick: typeof makeTickHandler;
  readonly warmup: typeof makeWarmupHandler;
}

const TEST_MODE_NOTICE =
  /^WARNING: (Skipping call to register function|Failed to detect the Azure Functions runtime)/;

export async function loadHandlerFactories(): Promise<HandlerFactories> {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (typeof args[0] === "string" && TEST_MODE_NOTICE.test(args[0])) return;
    warn(...args);
  };
  try {
    const [health, operations, command, interaction, tick, warmup] = await Promise.all([
      import("../functions/health.js"),
      import("../functions/operations.js"),
      import("../functions/slack-command.js"),
      import("../functions/slack-interaction.js"),
      import("../functions/tick.js"),
      import("../functions/warmup.js"),
    ]);
    const [budgets, budgetAlert, reports] = await Promise.all([
      import("../functions/budgets.js"),
      import("../functions/budget-alert.js"),
      import("../functions/reports.js"),
    ]);
    return {
      budgets: budgets.makeBudgetsHandler,
      budgetAlert: budgetAlert.makeBudgetAlertHandler,
      health: health.makeHealthHandler,
      operations: operations.makeOperationsHandler,
      reports: reports.makeReportsHandler,
      slackCommand: command.makeSlackCommandHandler,
      slackInteraction: interaction.makeSlackInteractionHandler,
      tick: tick.makeTickHandler,
      warmup: warmup.makeWarmupHandler,
    };
  } finally {
    console.warn = warn;
  }
}
