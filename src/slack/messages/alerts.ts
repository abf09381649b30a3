/**
 * @module Alerts for the alert channel: an operation that failed, and a plan refused because it had
 * more actions than `limits.maxActionsPerTick` (SPEC §5.8).
 */
import type { SlackMessage } from "../../ports/slack.js";
import { context, header, section } from "../blocks.js";
import { LIMITS } from "../limits.js";
import { andMore, localClock, packLines, safe } from "../text.js";
import { errorBlock, type OperationError } from "./error-text.js";
import { describeOperation, type OperationTarget } from "./operation.js";

export interface FailureAlertInput extends OperationTarget {
  readonly group?: string;
  readonly error: OperationError;
  /** When it failed (ISO-8601). */
  readonly at: string;
  readonly zone: string;
}

export function failureAlert(input: FailureAlertInput): SlackMessage {
  const { doing } = describeOperation(input);
  const { summary, detail } = errorBlock(input.error);
  const where = [`at ${localClock(input.at, input.zone)}`];
  if (input.group !== undefined) where.push(`group ${safe(input.group, 150)}`);
  return {
    text: `:rotating_light: ${doing} failed — ${summary}`,
    blocks: [
      section(`:rotating_light: *${doing} failed*`),
      section(detail),
      context([where.join(" · ")]),
    ],
  };
}

export interface PlanRefusedInput {
  readonly actions: number;
  readonly limit: number;
  /** One line per planned action, e.g. `stop dev-a100`. */
  readonly targets: readonly string[];
  readonly at: string;
  readonly zone: string;
}

const TARGET_SECTIONS = 5;

export function planRefusedAlert(input: PlanRefusedInput): SlackMessage {
  const line =
    `Refused a plan of ${input.actions} actions (limit ${input.limit}, ` +
    "limits.maxActionsPerTick) — nothing was changed";
  const { chunks, omitted } = packLines(
    input.targets.map((t) => `• ${safe(t, 200)}`),
    LIMITS.sectionText,
    TARGET_SECTIONS,
  );
  const more = andMore(omitted);
  return {
    text: `:rotating_light: ${line}`,
    blocks: [
      header("gpu-warden refused a plan"),
      section(`:rotating_light: ${line}. Check the fleet and the policy before the next tick.`),
      ...chunks.map(section),
      context([`at ${localClock(input.at, input.zone)}${more === null ? "" : ` · ${more}`}`]),
    ],
  };
}

export interface ClusterProblemInput {
  readonly cluster: string;
  readonly group: string;
  /** What is wrong, e.g. the tag error naming the bad token, or `provisioningState Failed`. */
  readonly problem: string;
  /** What gpu-warden does about it. */
  readonly consequence: string;
}

/** ":warning: dev-h100 (ml-dev): tag … does not parse — skipped until it is fixed". */
export function clusterProblem(input: ClusterProblemInput): SlackMessage {
  const line = `:warning: ${safe(input.cluster, 80)} (${safe(input.group, 80)}): ${safe(input.problem, 2000)} — ${safe(input.consequence, 300)}`;
  return { text: line, blocks: [section(line)] };
}
