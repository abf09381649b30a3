/**
 * @module Small CLI input/output helpers shared by the sub-commands.
 */
import { CliError } from "./errors.js";

/** Writes data as one JSON document on stdout. */
export function writeOut(data: unknown): void {
  process.stdout.write(`${JSON.stringify(data)}\n`);
}

/** Parses an ISO-8601 instant; a zone (Z or ±HH:MM) is required so no local clock is assumed. */
export function parseInstant(text: string, flag: string): Date {
  const withZone = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;
  const ms = Date.parse(text);
  if (!withZone.test(text) || Number.isNaN(ms)) {
    throw new CliError(
      `${flag}: invalid instant '${text}' (expected ISO-8601 with Z or an offset, e.g. 2026-11-27T16:00:00Z)`,
    );
  }
  return new Date(ms);
}
