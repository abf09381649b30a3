/**
 * @module Block Kit constructors. Each one clips its text to Slack's limits (see `limits.ts`), so a
 * builder can only go over a limit by using too many blocks or elements — which builders page.
 */
import type { Block } from "../ports/slack.js";
import { LIMITS } from "./limits.js";
import { clip } from "./text.js";

export interface ConfirmDialog {
  readonly title: string;
  readonly text: string;
  readonly confirm: string;
  readonly deny: string;
}

export interface Button {
  readonly text: string;
  readonly actionId: string;
  readonly value?: string;
  readonly style?: "primary" | "danger";
  readonly confirm?: ConfirmDialog;
}

/** A header: plain text only, so nothing is escaped. */
export function header(text: string): Block {
  return { type: "header", text: plain(clip(text, LIMITS.headerText)) };
}

/** A section of mrkdwn text; the text must already be escaped. */
export function section(mrkdwn: string): Block {
  return { type: "section", text: mrkdwnText(clip(nonEmpty(mrkdwn), LIMITS.sectionText)) };
}

/** A section of two-column fields (at most 10; extra fields are dropped by the caller's paging). */
export function fields(items: readonly string[], text?: string): Block {
  const columns = items
    .slice(0, LIMITS.sectionFields)
    .map((f) => mrkdwnText(clip(nonEmpty(f), LIMITS.fieldText)));
  return {
    type: "section",
    ...(text === undefined ? {} : { text: mrkdwnText(clip(nonEmpty(text), LIMITS.sectionText)) }),
    fields: columns,
  };
}

/** A context line of small mrkdwn texts (at most 10). */
export function context(items: readonly string[]): Block {
  return {
    type: "context",
    elements: items
      .slice(0, LIMITS.contextElements)
      .map((t) => mrkdwnText(clip(nonEmpty(t), LIMITS.sectionText))),
  };
}

export function divider(): Block {
  return { type: "divider" };
}

/** An actions block of buttons (at most 25). */
export function actions(buttons: readonly Button[], blockId?: string): Block {
  return {
    type: "actions",
    ...(blockId === undefined ? {} : { block_id: blockId }),
    elements: buttons.slice(0, LIMITS.actionsElements).map(button),
  };
}

function button(b: Button): Block {
  return {
    type: "button",
    text: plain(clip(b.text, LIMITS.buttonText)),
    action_id: b.actionId,
    ...(b.value === undefined ? {} : { value: b.value }),
    ...(b.style === undefined ? {} : { style: b.style }),
    ...(b.confirm === undefined ? {} : { confirm: confirmDialog(b.confirm) }),
  };
}

function confirmDialog(c: ConfirmDialog): Block {
  return {
    title: plain(clip(c.title, LIMITS.confirmTitle)),
    text: plain(clip(c.text, LIMITS.confirmText)),
    confirm: plain(clip(c.confirm, LIMITS.confirmButton)),
    deny: plain(clip(c.deny, LIMITS.confirmButton)),
    style: "danger",
  };
}

function plain(text: string): Block {
  return { type: "plain_text", text: nonEmpty(text), emoji: true };
}

function mrkdwnText(text: string): Block {
  return { type: "mrkdwn", text };
}

/** Slack rejects empty text objects. */
function nonEmpty(text: string): string {
  return text.trim() === "" ? "—" : text;
}
