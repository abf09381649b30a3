/**
 * @module What the local host hands every invocation, as the Functions host does: an
 * `InvocationContext` whose log lines go to the host's log, prefixed with the function's name.
 */
import { randomUUID } from "node:crypto";
import { format } from "node:util";
import azureFunctions, { type InvocationContext } from "@azure/functions";

// A CommonJS package whose classes Node's ESM loader cannot see as named exports.
const { InvocationContext: Context } = azureFunctions;

/** One line of the host's log (no trailing newline). */
export type HostLog = (line: string) => void;

export function invocationContext(functionName: string, log: HostLog): InvocationContext {
  return new Context({
    invocationId: randomUUID(),
    functionName,
    logHandler: (level, ...args) => {
      const prefix = level === "information" ? "" : `${level}: `;
      log(`  [${functionName}] ${prefix}${format(...args)}`);
    },
  });
}
