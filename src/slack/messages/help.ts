/**
 * @module Help and usage: every command with what it does, under the configured command name.
 */
import type { SlackMessage } from "../../ports/slack.js";
import { context, section } from "../blocks.js";
import { USAGE, USAGE_NOTES } from "../command.js";
import { escapeMrkdwn, safe } from "../text.js";

export function helpMessage(commandName = "/gpu"): SlackMessage {
  const command = safe(commandName, 40);
  const lines = USAGE.map((u) => `\`${command} ${escapeMrkdwn(u.syntax)}\` — ${u.effect}`);
  return {
    text: `${command} commands: ${USAGE.map((u) => u.verb).join(", ")}`,
    blocks: [section(`*${command}* commands\n${lines.join("\n")}`), context([USAGE_NOTES])],
  };
}
