/**
 * @module A budget threshold crossed (SPEC §7), for the groups' channels and the alert channel:
 * what was spent (or is forecast) against the amount, how much of it is an estimate not billed
 * yet, and what gpu-warden now does about it.
 */
import type { BudgetAction } from "../../core/budget/types.js";
import type { SlackMessage } from "../../ports/slack.js";
import { context, section } from "../blocks.js";
import { andMore, formatMoney, localClock, mentionUser, percent, safe } from "../text.js";

export interface BudgetThresholdInput {
  readonly budget: string;
  readonly percent: number;
  /** A forecast threshold: `measured` is the month-end forecast. */
  readonly forecast: boolean;
  /** The spend (or forecast) that crossed it. */
  readonly measured: number;
  readonly amount: number;
  readonly currency: string;
  /** The part of the spend that is an intraday estimate (list price), not billed yet. */
  readonly estimated: number;
  readonly actions: readonly BudgetAction[];
  /** Groups the actions apply to. */
  readonly groups: readonly string[];
  readonly approvers: readonly string[];
  /** When it fired (ISO-8601), and the zone to show it in. */
  readonly at: string;
  readonly zone: string;
}

const NAMES_SHOWN = 10;

export function budgetThresholdMessage(input: BudgetThresholdInput): SlackMessage {
  const name = safe(input.budget, 150);
  const money = (n: number) => formatMoney(n, input.currency);
  const share = percent(input.measured, input.amount);
  const headline = input.forecast
    ? `Budget ${name} is forecast to reach ${money(input.measured)} by the end of the month: ${share} of ${money(input.amount)} (threshold ${String(input.percent)}%).`
    : `Budget ${name} has spent ${money(input.measured)} of ${money(input.amount)} this month: ${share} (threshold ${String(input.percent)}%).`;
  const estimate =
    !input.forecast && input.estimated > 0
      ? ` ${money(input.estimated)} of it is estimated from running GPU nodes at list price, not billed yet.`
      : "";
  const doing = input.actions.flatMap((a) => describe(a, input.approvers));
  const groups = input.groups.slice(0, NAMES_SHOWN).map((g) => safe(g, 80));
  const more = andMore(input.groups.length - groups.length);
  const scope =
    groups.length === 0 ? "" : ` for ${groups.join(", ")}${more === null ? "" : ` ${more}`}`;
  const blocks = [section(`:money_with_wings: ${headline}${estimate}`)];
  if (doing.length > 0)
    blocks.push(section(`Now in force${scope}:\n${doing.map((d) => `• ${d}`).join("\n")}`));
  blocks.push(
    context([`at ${localClock(input.at, input.zone)} · budget period: the calendar month (UTC)`]),
  );
  return { text: `:money_with_wings: ${headline}`, blocks };
}

function describe(action: BudgetAction, approvers: readonly string[]): string[] {
  switch (action) {
    case "notify":
      return [];
    case "idle-aggressive":
      return ["idle GPU pools are scaled to zero after half their usual idle time"];
    case "scale-spot-to-zero":
      return ["Spot GPU pools are scaled to zero"];
    case "stop-clusters":
      return ["clusters are stopped and kept stopped until the month ends or the budget is raised"];
    case "block-starts": {
      const who = approvers.slice(0, NAMES_SHOWN).map(mentionUser);
      const more = andMore(approvers.length - who.length);
      return [
        who.length === 0
          ? "starts from Slack are refused"
          : `starts from Slack are refused except for approvers: ${who.join(", ")}${more === null ? "" : ` ${more}`}`,
      ];
    }
  }
}
