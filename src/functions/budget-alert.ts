/**
 * @module `budget-alert` — HTTP POST /api/budget-alert (function key): an Azure budget alert from
 * an Action Group webhook, evaluated at once (SPEC §7, §11).
 */
import {
  app,
  type HttpRequest,
  type HttpResponseInit,
  type InvocationContext,
} from "@azure/functions";
import { handleBudgetAlert } from "../app/budgets-alert.js";
import { budgetDepsOf } from "../composition.js";
import { getRuntime, type RuntimeProvider } from "./runtime.js";

export function makeBudgetAlertHandler(
  runtime: RuntimeProvider,
  clock: () => Date = () => new Date(),
) {
  return async (request: HttpRequest, context: InvocationContext): Promise<HttpResponseInit> => {
    const reply = await handleBudgetAlert(
      await request.text(),
      budgetDepsOf(await runtime()),
      clock(),
    );
    if (reply.status === 200) context.log(`budget alert: ${JSON.stringify(reply.body)}`);
    else context.warn(`budget alert ${String(reply.status)}: ${JSON.stringify(reply.body)}`);
    return { status: reply.status, jsonBody: reply.body };
  };
}

app.http("budget-alert", {
  methods: ["POST"],
  authLevel: "function",
  route: "budget-alert",
  handler: makeBudgetAlertHandler(getRuntime),
});
