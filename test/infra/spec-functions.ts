/**
 * @module The functions SPEC §11 lists (../shared/SPEC.md), read from its table, as the
 * registrations the Functions host should receive: name, trigger type and the trigger's
 * schedule, route, method, auth level or queue.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO } from "./bicep.js";

export type SpecTrigger =
  | { readonly type: "timerTrigger"; readonly schedule: string }
  | {
      readonly type: "httpTrigger";
      readonly method: string;
      readonly route: string;
      readonly authLevel: "anonymous" | "function";
    }
  | { readonly type: "queueTrigger"; readonly queueName: string };

export interface SpecFunction {
  readonly name: string;
  readonly trigger: SpecTrigger;
}

export const SPEC_FILE = join(REPO, "../shared/SPEC.md");

/** Rows of the `| function | trigger |` table under "## 11. Azure Functions". */
export function specFunctions(text: string = readFileSync(SPEC_FILE, "utf8")): SpecFunction[] {
  const section = text.split(/^## /m).find((s) => s.startsWith("11. Azure Functions"));
  if (section === undefined) throw new Error("SPEC.md: no section 11. Azure Functions");
  return section
    .split("\n")
    .map((line) => /^\| `([a-z-]+)` \| (.+) \|$/.exec(line))
    .filter((match) => match !== null)
    .map(([, name = "", trigger = ""]) => ({ name, trigger: parseTrigger(name, trigger) }));
}

function parseTrigger(name: string, text: string): SpecTrigger {
  const timer = /^timer `([^`]+)`/.exec(text);
  if (timer?.[1]) return { type: "timerTrigger", schedule: timer[1] };
  const http = /^HTTP (GET|POST) `\/api\/([^`]+)`/.exec(text);
  if (http?.[1] && http[2]) {
    const authLevel = text.includes("function key") ? "function" : "anonymous";
    return { type: "httpTrigger", method: http[1], route: http[2], authLevel };
  }
  const queue = /^Storage queue `([^`]+)`/.exec(text);
  if (queue?.[1]) return { type: "queueTrigger", queueName: queue[1] };
  throw new Error(`SPEC.md §11: cannot read the trigger of ${name}: ${text}`);
}
