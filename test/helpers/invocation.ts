/**
 * @module What the Functions host hands a handler, built for tests: an `InvocationContext` whose
 * log lines are kept (`"<level>: <text>"`), and a `Timer`.
 */
import { InvocationContext, type Timer } from "@azure/functions";

export function context(name: string): { ctx: InvocationContext; logs: string[] } {
  const logs: string[] = [];
  const ctx = new InvocationContext({
    invocationId: "test",
    functionName: name,
    logHandler: (level, ...args) => logs.push(`${level}: ${args.map(String).join(" ")}`),
  });
  return { ctx, logs };
}

export const timer = (isPastDue = false): Timer => ({
  isPastDue,
  schedule: { adjustForDST: false },
  scheduleStatus: { last: "", next: "", lastUpdated: "" },
});
