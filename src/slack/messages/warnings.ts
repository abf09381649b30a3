/**
 * @module Warnings with buttons (SPEC §5): the pre-stop warning "dev-a100 stops at 20:00 PST —
 * [Keep 1h] [Keep 2h] [Stop now]", the off-hours drift warning with the same buttons, and the
 * outcome that replaces a clicked warning (buttons gone, so a second click does nothing).
 */
import type { Block, SlackMessage } from "../../ports/slack.js";
import { assertNever } from "../../core/result.js";
import {
  DEFAULT_KEEP_MINUTES,
  STOP_NOW_ACTION,
  encodeWarningValue,
  keepActionId,
  type WarningTarget,
} from "../actions.js";
import { actions, context, section, type Button } from "../blocks.js";
import { LIMITS } from "../limits.js";
import { formatMinutes, localClock, mentionUser, safe } from "../text.js";
import { NAME_MAX } from "./operation.js";

export interface PreStopWarningInput {
  /** ARM resource id: goes into the buttons' value. */
  readonly clusterId: string;
  /** Display name. */
  readonly cluster: string;
  /** The scheduled stop (ISO-8601). */
  readonly stopAt: string;
  readonly zone: string;
  /** Keep buttons, in minutes; default 1h and 2h. */
  readonly keepMinutes?: readonly number[];
}

export interface DriftWarningInput {
  readonly clusterId: string;
  readonly cluster: string;
  readonly zone: string;
  /** When it was first seen running off-hours (ISO-8601). */
  readonly since?: string;
  /** When gpu-warden will stop it (`offHours.action: stop`), or null when it only warns. */
  readonly stopAt: string | null;
  readonly keepMinutes?: readonly number[];
}

export type WarningOutcome =
  | {
      readonly kind: "kept";
      readonly cluster: string;
      /** The new stop time (ISO-8601). */
      readonly until: string;
      /** Slack user ID of whoever clicked. */
      readonly by: string;
      readonly zone: string;
    }
  | { readonly kind: "stopped"; readonly cluster: string; readonly by: string }
  | { readonly kind: "expired"; readonly cluster: string };

/** "dev-a100 stops at 20:00 PST — [Keep 1h] [Keep 2h] [Stop now]". */
export function preStopWarning(input: PreStopWarningInput): SlackMessage {
  const name = safe(input.cluster, NAME_MAX);
  const line = `${name} stops at ${localClock(input.stopAt, input.zone)}`;
  const target = { clusterId: input.clusterId, stopAt: input.stopAt };
  const keep = input.keepMinutes ?? DEFAULT_KEEP_MINUTES;
  return {
    text: `${line} — keep it running?`,
    blocks: withButtons([section(`:alarm_clock: *${line}*`)], target, input.cluster, keep),
  };
}

/** "dev-a100 was started outside its schedule; it stops at 23:10 PST unless kept". */
export function driftWarning(input: DriftWarningInput): SlackMessage {
  const name = safe(input.cluster, NAME_MAX);
  const line =
    input.stopAt === null
      ? `${name} was started outside its schedule and is still running`
      : `${name} was started outside its schedule; it stops at ${localClock(input.stopAt, input.zone)} unless kept`;
  const blocks: Block[] = [section(`:warning: ${line}`)];
  if (input.since !== undefined) {
    blocks.push(context([`running since ${localClock(input.since, input.zone)}`]));
  }
  const target = { clusterId: input.clusterId, stopAt: input.stopAt };
  const keep = input.stopAt === null ? [] : (input.keepMinutes ?? DEFAULT_KEEP_MINUTES);
  return { text: line, blocks: withButtons(blocks, target, input.cluster, keep) };
}

/** The replacement for a clicked warning: its outcome, and no buttons. */
export function warningOutcome(outcome: WarningOutcome): SlackMessage {
  const line = outcomeLine(outcome);
  return { text: line, blocks: [section(line)] };
}

function outcomeLine(o: WarningOutcome): string {
  const name = safe(o.cluster, NAME_MAX);
  switch (o.kind) {
    case "kept":
      return `${name} — Kept running until ${localClock(o.until, o.zone)} by ${mentionUser(o.by)}`;
    case "stopped":
      return `${name} — Stopped by ${mentionUser(o.by)}`;
    case "expired":
      return `${name} — this warning is out of date; nothing was changed`;
    default:
      return assertNever(o);
  }
}

function withButtons(
  blocks: Block[],
  target: WarningTarget,
  cluster: string,
  keepMinutes: readonly number[],
): Block[] {
  const value = encodeWarningValue(target);
  if (value.length > LIMITS.buttonValue) {
    return [...blocks, context(["(buttons unavailable: the cluster id is too long)"])];
  }
  const keep = [...new Set(keepMinutes.filter((m) => Number.isSafeInteger(m) && m > 0))]
    .slice(0, LIMITS.actionsElements - 1)
    .map((m): Button => ({
      text: `Keep ${formatMinutes(m)}`,
      actionId: keepActionId(m),
      value,
      ...(m === keepMinutes[0] ? { style: "primary" as const } : {}),
    }));
  const stopNow: Button = {
    text: "Stop now",
    actionId: STOP_NOW_ACTION,
    value,
    style: "danger",
    confirm: {
      title: "Stop now?",
      text: `Stop ${cluster} now? Anything running on it is interrupted.`,
      confirm: "Stop now",
      deny: "Cancel",
    },
  };
  return [...blocks, actions([...keep, stopNow])];
}
