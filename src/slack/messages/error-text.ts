/**
 * @module An operation's error as message text: the code on one line, the message (clipped) in a
 * code block.
 */
import { safe } from "../text.js";

export interface OperationError {
  /** E.g. `OperationNotAllowed`, `Timeout`. */
  readonly code: string;
  readonly message: string;
}

export function errorBlock(error: OperationError): { summary: string; detail: string } {
  const code = safe(error.code, 80);
  const message = safe(error.message.replace(/`{3,}/g, "'''"), 2500);
  const summary = safe(`${error.code}: ${error.message}`, 300);
  return { summary, detail: `*${code}*\n\`\`\`${message === "" ? "(no message)" : message}\`\`\`` };
}
