/**
 * @module The buttons of warnings: stable `action_id`s (`keep-1h`, `keep-2h`, `stop-now`) and a
 * `value` carrying `{clusterId, stopAt}` as compact JSON, encoded by the builders and decoded
 * (with zod) by the interaction handler. `stopAt` lets a late click notice the warning is stale.
 */
import { z } from "zod";
import { parseDuration } from "../core/duration.js";
import { err, ok, type Result } from "../core/result.js";
import { InstantSchema } from "../ports/state-types.js";
import { formatMinutes } from "./text.js";

export const STOP_NOW_ACTION = "stop-now";
export const DEFAULT_KEEP_MINUTES: readonly number[] = [60, 120];

export interface WarningTarget {
  /** ARM resource id of the cluster. */
  readonly clusterId: string;
  /** The stop the warning announced, ISO-8601; null for a warn-only drift warning. */
  readonly stopAt: string | null;
}

export type WarningAction =
  | { readonly kind: "keep"; readonly minutes: number; readonly target: WarningTarget }
  | { readonly kind: "stop-now"; readonly target: WarningTarget };

/** `keep-1h`, `keep-2h`, `keep-1h30m`. */
export function keepActionId(minutes: number): string {
  return `keep-${formatMinutes(minutes)}`;
}

export function encodeWarningValue(target: WarningTarget): string {
  return JSON.stringify({ clusterId: target.clusterId, stopAt: target.stopAt });
}

const WarningValue = z.strictObject({
  clusterId: z.string().min(1).max(1000),
  stopAt: InstantSchema.nullable(),
});

/** Decodes a clicked warning button; an error says what was wrong, for the audit log. */
export function parseWarningAction(action: {
  readonly actionId: string;
  readonly value?: string;
}): Result<WarningAction, string> {
  const { actionId, value } = action;
  const keep = /^keep-(.{1,12})$/.exec(actionId);
  let minutes: number | null = null;
  if (keep?.[1] !== undefined) {
    const parsed = parseDuration(keep[1]);
    if (!parsed.ok) return err(`unknown action '${actionId.slice(0, 40)}'`);
    minutes = parsed.value;
  } else if (actionId !== STOP_NOW_ACTION) {
    return err(`unknown action '${actionId.slice(0, 40)}'`);
  }
  if (value === undefined) return err("the button carries no value");
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    return err("the button value is not JSON");
  }
  const parsed = WarningValue.safeParse(json);
  if (!parsed.success) return err("the button value is not {clusterId, stopAt}");
  const target: WarningTarget = parsed.data;
  return minutes === null
    ? ok({ kind: "stop-now", target })
    : ok({ kind: "keep", minutes, target });
}
