/**
 * @module Schedule error constructors, shared by the expression and cron parsers.
 */
import { err } from "../result.js";
import type { ScheduleError } from "./types.js";

export function invalid(token: string, message: string): { ok: false; error: ScheduleError } {
  return err({ code: "InvalidSchedule", token, message });
}

export function unknownZone(name: string): string {
  return `unknown time zone '${name}' (expected an IANA name such as Europe/Berlin, or UTC)`;
}
