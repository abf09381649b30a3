/**
 * @module Refusals, shown only to the person who asked (ephemeral): who may act, unknown or
 * ambiguous cluster names, starts blocked by a budget, clusters gpu-warden does not manage, an
 * operation already running, and commands it did not understand.
 */
import type { SlackMessage } from "../../ports/slack.js";
import { assertNever } from "../../core/result.js";
import { section } from "../blocks.js";
import {
  andMore,
  formatMinutes,
  formatMoney,
  localClock,
  mentionChannel,
  mentionUser,
  mentionUsergroup,
  percent,
  safe,
} from "../text.js";
import { NAME_MAX } from "./operation.js";

export type RefusedAction = "start" | "stop" | "extend" | "wake" | "keep" | "stop-now";

export interface AllowList {
  /** Slack user IDs of `slack.admins`. */
  readonly admins: readonly string[];
  readonly users: readonly string[];
  readonly usergroups: readonly string[];
  readonly channels: readonly string[];
}

export type Refusal =
  | {
      readonly kind: "not-allowed";
      readonly action: RefusedAction;
      readonly cluster: string;
      readonly allowed: AllowList;
    }
  | {
      readonly kind: "unknown-cluster";
      readonly typed: string;
      readonly suggestions: readonly string[];
    }
  | {
      readonly kind: "ambiguous-cluster";
      readonly typed: string;
      readonly candidates: readonly string[];
    }
  | {
      readonly kind: "budget-blocks-starts";
      readonly cluster: string;
      readonly budget: string;
      readonly spend: number;
      readonly amount: number;
      readonly currency: string;
      /** Who may still start (user IDs). */
      readonly approvers: readonly string[];
    }
  | {
      readonly kind: "not-managed";
      readonly cluster: string;
      readonly why: "protected" | "excluded" | "unmanaged" | "invalid-tag";
      readonly detail?: string;
    }
  | {
      readonly kind: "busy";
      readonly cluster: string;
      /** E.g. `start`, `stop`. */
      readonly operation: string;
      readonly since: string;
      readonly zone: string;
    }
  | {
      readonly kind: "override-cap";
      readonly cluster: string;
      readonly requestedMinutes: number;
      readonly maxHours: number;
    }
  | { readonly kind: "invalid-command"; readonly message: string };

/** The most names listed in one refusal. */
const LIST_MAX = 10;

export function refusalMessage(refusal: Refusal): SlackMessage {
  const line = refusalLine(refusal);
  const [first = line] = line.split("\n");
  return { text: first, blocks: [section(line)] };
}

function refusalLine(r: Refusal): string {
  switch (r.kind) {
    case "not-allowed":
      return `You may not ${r.action === "stop-now" ? "stop" : r.action} ${safe(r.cluster, NAME_MAX)}. ${whoMay(r.allowed)}`;
    case "unknown-cluster": {
      const hint =
        r.suggestions.length > 0
          ? ` — did you mean ${list(r.suggestions, (s) => safe(s, NAME_MAX), " or ")}?`
          : "";
      return `No cluster named '${safe(r.typed, 80)}'${hint}`;
    }
    case "ambiguous-cluster":
      return (
        `'${safe(r.typed, 80)}' matches several clusters; say which: ` +
        list(r.candidates, (c) => `\`${safe(c, NAME_MAX)}\``)
      );
    case "budget-blocks-starts":
      return (
        `Starts are blocked: budget ${safe(r.budget, 80)} has spent ` +
        `${formatMoney(r.spend, r.currency)} of ${formatMoney(r.amount, r.currency)} ` +
        `(${percent(r.spend, r.amount)}) this period, so ${safe(r.cluster, NAME_MAX)} cannot be started or kept running.` +
        (r.approvers.length > 0
          ? ` An approver can start it: ${list(r.approvers, mentionUser)}.`
          : "")
      );
    case "not-managed":
      return `${safe(r.cluster, NAME_MAX)} is ${notManaged(r.why)}, so gpu-warden leaves it alone${
        r.detail === undefined ? "" : ` (${safe(r.detail, 300)})`
      }.`;
    case "busy":
      return (
        `${safe(r.cluster, NAME_MAX)} is busy: a ${safe(r.operation, 40)} has been in progress ` +
        `since ${localClock(r.since, r.zone)}. Try again when it is done.`
      );
    case "override-cap":
      return (
        `${formatMinutes(r.requestedMinutes)} is longer than overrides may last ` +
        `(${r.maxHours}h, overrides.maxHours); ask for ${r.maxHours}h or less for ${safe(r.cluster, NAME_MAX)}.`
      );
    case "invalid-command":
      return r.message.trim() === "" ? "That command was not understood." : safe(r.message, 2900);
    default:
      return assertNever(r);
  }
}

function notManaged(why: "protected" | "excluded" | "unmanaged" | "invalid-tag"): string {
  switch (why) {
    case "protected":
      return "in a protected group";
    case "excluded":
      return "excluded from gpu-warden";
    case "unmanaged":
      return "not in any gpu-warden group";
    case "invalid-tag":
      return "tagged with an invalid schedule";
    default:
      return assertNever(why);
  }
}

function whoMay(a: AllowList): string {
  const who: string[] = [];
  if (a.admins.length > 0) who.push(`${list(a.admins, mentionUser)} (admins)`);
  if (a.users.length > 0) who.push(list(a.users, mentionUser));
  if (a.usergroups.length > 0) who.push(`members of ${list(a.usergroups, mentionUsergroup)}`);
  if (a.channels.length > 0) who.push(`anyone in ${list(a.channels, mentionChannel)}`);
  return who.length === 0 ? "Nobody may act on it from Slack." : `Who may: ${who.join("; ")}.`;
}

/** At most {@link LIST_MAX} items, then "… and N more". */
function list(items: readonly string[], show: (item: string) => string, last = ", "): string {
  const shown = items.slice(0, LIST_MAX).map(show);
  const more = andMore(items.length - shown.length);
  if (more !== null) return `${shown.join(", ")} ${more}`;
  if (shown.length <= 1 || last === ", ") return shown.join(", ");
  return `${shown.slice(0, -1).join(", ")}${last}${shown.at(-1) ?? ""}`;
}
