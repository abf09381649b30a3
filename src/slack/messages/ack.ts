/**
 * @module The ephemeral acknowledgement of a slash command, sent within Slack's 3 seconds while a
 * worker does the work: "Starting dev-a100 for 2h — I'll report here when it is Running".
 */
import type { SlackMessage } from "../../ports/slack.js";
import { assertNever } from "../../core/result.js";
import { section } from "../blocks.js";
import { formatMinutes, localClock, safe } from "../text.js";
import { NAME_MAX } from "./operation.js";

export type AckInput =
  | {
      readonly action: "start";
      readonly cluster: string;
      /** As asked: `for 2h`. */
      readonly forMinutes?: number;
      /** When the override ends, or when the schedule will stop it (ISO-8601). */
      readonly until?: string;
      readonly zone: string;
    }
  | { readonly action: "stop"; readonly cluster: string }
  | {
      readonly action: "extend";
      readonly cluster: string;
      /** The new stop time (ISO-8601). */
      readonly until: string;
      readonly zone: string;
      readonly now?: string;
    }
  | { readonly action: "wake"; readonly cluster: string }
  | { readonly action: "report" };

export function ackMessage(input: AckInput): SlackMessage {
  const line = ackLine(input);
  return { text: line, blocks: [section(line)] };
}

function ackLine(input: AckInput): string {
  switch (input.action) {
    case "start": {
      const name = safe(input.cluster, NAME_MAX);
      const report = "I'll report here when it is Running";
      const until = input.until === undefined ? null : localClock(input.until, input.zone);
      if (input.forMinutes !== undefined) {
        const span = `for ${formatMinutes(input.forMinutes)}`;
        return `Starting ${name} ${span}${until === null ? "" : ` (until ${until})`} — ${report}`;
      }
      if (until !== null)
        return `Starting ${name} until its schedule stops it at ${until} — ${report}`;
      return `Starting ${name} — ${report}`;
    }
    case "stop":
      return (
        `Stopping ${safe(input.cluster, NAME_MAX)}; it stays stopped until its next scheduled ` +
        "start — I'll report here when it is Stopped"
      );
    case "extend": {
      const until = localClock(input.until, input.zone, input.now);
      return `Keeping ${safe(input.cluster, NAME_MAX)} running until ${until}`;
    }
    case "wake":
      return (
        `Restoring the GPU pools of ${safe(input.cluster, NAME_MAX)} that were scaled to zero — ` +
        "I'll report here when they are back"
      );
    case "report":
      return "Preparing this week's cost report — it will appear here in a moment";
    default:
      return assertNever(input);
  }
}
