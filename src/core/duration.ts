/**
 * @module Durations as people type them: `30m`, `2h`, `1h30m` (SPEC §10).
 */
import { err, ok, type Result } from "./result.js";

/** Minutes in a duration like `1h30m`; an error names the text when it is not one. */
export function parseDuration(text: string): Result<number, string> {
  const match = /^\s*(?:(\d+)h)?\s*(?:(\d+)m)?\s*$/i.exec(text);
  const hours = Number(match?.[1] ?? 0);
  const minutes = Number(match?.[2] ?? 0);
  if (!match || (match[1] === undefined && match[2] === undefined)) {
    return err(`invalid duration '${text}' (expected e.g. 30m, 2h or 1h30m)`);
  }
  const total = hours * 60 + minutes;
  if (total <= 0) return err(`invalid duration '${text}' (must be longer than zero)`);
  return ok(total);
}
