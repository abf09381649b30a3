/**
 * @module `operations` — Storage queue `gpu-warden-operations`: one requested start or stop, or
 * pool restore (`/gpu wake`), per message. Malformed messages are logged and dropped (retrying cannot fix them); a failure to
 * reach Azure or storage throws, so the queue retries and finally moves it to the poison queue.
 */
import { app, type InvocationContext } from "@azure/functions";
import { runOperation } from "../app/operations.js";
import { OPERATIONS_QUEUE } from "../ports/queue.js";
import { getRuntime, type RuntimeProvider } from "./runtime.js";

export function makeOperationsHandler(
  runtime: RuntimeProvider,
  clock: () => Date = () => new Date(),
) {
  return async (message: unknown, context: InvocationContext): Promise<void> => {
    const outcome = await runOperation(message, await runtime(), clock());
    switch (outcome.kind) {
      case "rejected":
      case "unknown-cluster":
        context.error(outcome.message);
        return;
      case "nothing-to-do":
        context.log(outcome.message);
        return;
      case "result":
        context.log(
          `${outcome.result.action.kind} ${outcome.result.action.target.name}: ${outcome.result.outcome}`,
        );
        if (outcome.result.outcome === "failed")
          throw new Error(outcome.result.error?.message ?? "failed");
        return;
      case "pools": {
        context.log(outcome.message);
        const failed = outcome.results.filter((r) => r.outcome === "failed");
        for (const r of outcome.results)
          context.log(`${r.action.kind} ${r.action.target.name}/${r.action.pool}: ${r.outcome}`);
        // Retried by the queue; the restore record stays, so the next start edge restores anyway.
        if (failed.length > 0) throw new Error(failed.map((r) => r.error?.message).join("; "));
      }
    }
  };
}

app.storageQueue("operations", {
  queueName: OPERATIONS_QUEUE,
  connection: "AzureWebJobsStorage",
  handler: makeOperationsHandler(getRuntime),
});
