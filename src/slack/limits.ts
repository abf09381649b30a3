/**
 * @module Slack's Block Kit limits (notes/slack.md §4) and a checker that lists every problem in a
 * message. Builders are tested against it; a message it passes is one Slack accepts.
 */
import type { SlackMessage } from "../ports/slack.js";

export const LIMITS = {
  blocks: 50,
  sectionText: 3000,
  headerText: 150,
  sectionFields: 10,
  fieldText: 2000,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  actionId: 255,
  blockId: 255,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  fallbackText: 40_000,
} as const;

type Json = Readonly<Record<string, unknown>>;

/** Every way `message` breaks a Block Kit limit; empty when Slack would accept it. */
export function checkBlockKit(message: SlackMessage): string[] {
  const problems: string[] = [];
  const text: unknown = message.text;
  if (typeof text !== "string" || text.trim() === "") {
    problems.push("text: the fallback text is missing");
  } else if (text.length > LIMITS.fallbackText) {
    problems.push(tooLong("text", text.length, LIMITS.fallbackText));
  }
  const blocks = message.blocks ?? [];
  if (blocks.length > LIMITS.blocks) {
    problems.push(`blocks: ${blocks.length} blocks (max ${LIMITS.blocks})`);
  }
  const blockIds = new Set<string>();
  blocks.forEach((block, i) => {
    const at = `blocks[${i}]`;
    const blockId = block.block_id;
    if (blockId !== undefined) {
      if (typeof blockId !== "string" || blockId === "") problems.push(`${at}.block_id: not text`);
      else {
        if (blockId.length > LIMITS.blockId) {
          problems.push(tooLong(`${at}.block_id`, blockId.length, LIMITS.blockId));
        }
        if (blockIds.has(blockId)) problems.push(`${at}.block_id: '${blockId}' is repeated`);
        blockIds.add(blockId);
      }
    }
    checkBlock(block, at, problems);
  });
  return problems;
}

function checkBlock(block: Json, at: string, problems: string[]): void {
  const type = block.type;
  switch (type) {
    case "section":
      checkSection(block, at, problems);
      return;
    case "header":
      checkText(block.text, `${at}.text`, LIMITS.headerText, problems, "plain_text");
      return;
    case "context":
      checkContext(block, at, problems);
      return;
    case "actions":
      checkActions(block, at, problems);
      return;
    case "divider":
      return;
    default:
      problems.push(`${at}: unsupported block type ${JSON.stringify(type)}`);
  }
}

function checkSection(block: Json, at: string, problems: string[]): void {
  const { text, fields, accessory } = block;
  if (text === undefined && fields === undefined) {
    problems.push(`${at}: a section needs text or fields`);
  }
  if (text !== undefined) checkText(text, `${at}.text`, LIMITS.sectionText, problems);
  if (fields !== undefined) {
    if (!Array.isArray(fields) || fields.length === 0) {
      problems.push(`${at}.fields: must be a non-empty list`);
    } else {
      if (fields.length > LIMITS.sectionFields) {
        problems.push(`${at}.fields: ${fields.length} fields (max ${LIMITS.sectionFields})`);
      }
      fields.forEach((f: unknown, i) => {
        checkText(f, `${at}.fields[${i}]`, LIMITS.fieldText, problems);
      });
    }
  }
  if (accessory !== undefined) checkElement(accessory, `${at}.accessory`, problems);
}

function checkContext(block: Json, at: string, problems: string[]): void {
  const elements = block.elements;
  if (!Array.isArray(elements) || elements.length === 0) {
    problems.push(`${at}.elements: must be a non-empty list`);
    return;
  }
  if (elements.length > LIMITS.contextElements) {
    problems.push(`${at}.elements: ${elements.length} elements (max ${LIMITS.contextElements})`);
  }
  elements.forEach((e: unknown, i) => {
    checkText(e, `${at}.elements[${i}]`, LIMITS.sectionText, problems);
  });
}

function checkActions(block: Json, at: string, problems: string[]): void {
  const elements = block.elements;
  if (!Array.isArray(elements) || elements.length === 0) {
    problems.push(`${at}.elements: must be a non-empty list`);
    return;
  }
  if (elements.length > LIMITS.actionsElements) {
    problems.push(`${at}.elements: ${elements.length} elements (max ${LIMITS.actionsElements})`);
  }
  const actionIds = new Set<string>();
  elements.forEach((e: unknown, i) => {
    const where = `${at}.elements[${i}]`;
    checkElement(e, where, problems);
    const id = isJson(e) ? e.action_id : undefined;
    if (typeof id === "string") {
      if (actionIds.has(id)) problems.push(`${where}.action_id: '${id}' is repeated in the block`);
      actionIds.add(id);
    }
  });
}

function checkElement(element: unknown, at: string, problems: string[]): void {
  if (!isJson(element)) {
    problems.push(`${at}: not an object`);
    return;
  }
  if (element.type !== "button") {
    problems.push(`${at}: unsupported element type ${JSON.stringify(element.type)}`);
    return;
  }
  checkText(element.text, `${at}.text`, LIMITS.buttonText, problems, "plain_text");
  const { action_id: actionId, value, url, style, confirm } = element;
  if (typeof actionId !== "string" || actionId === "") {
    problems.push(`${at}.action_id: missing`);
  } else if (actionId.length > LIMITS.actionId) {
    problems.push(tooLong(`${at}.action_id`, actionId.length, LIMITS.actionId));
  }
  checkOptionalString(value, `${at}.value`, LIMITS.buttonValue, problems);
  checkOptionalString(url, `${at}.url`, LIMITS.buttonUrl, problems);
  if (style !== undefined && style !== "primary" && style !== "danger") {
    problems.push(`${at}.style: must be primary or danger`);
  }
  if (confirm !== undefined) checkConfirm(confirm, `${at}.confirm`, problems);
}

function checkConfirm(confirm: unknown, at: string, problems: string[]): void {
  if (!isJson(confirm)) {
    problems.push(`${at}: not an object`);
    return;
  }
  checkText(confirm.title, `${at}.title`, LIMITS.confirmTitle, problems, "plain_text");
  checkText(confirm.text, `${at}.text`, LIMITS.confirmText, problems);
  checkText(confirm.confirm, `${at}.confirm`, LIMITS.confirmButton, problems, "plain_text");
  checkText(confirm.deny, `${at}.deny`, LIMITS.confirmButton, problems, "plain_text");
}

function checkText(
  value: unknown,
  at: string,
  max: number,
  problems: string[],
  only?: "plain_text",
): void {
  if (!isJson(value)) {
    problems.push(`${at}: missing text object`);
    return;
  }
  const { type, text } = value;
  if (type !== "plain_text" && type !== "mrkdwn") {
    problems.push(`${at}.type: must be plain_text or mrkdwn`);
  } else if (only !== undefined && type !== only) {
    problems.push(`${at}.type: must be ${only}`);
  }
  if (typeof text !== "string" || text.trim() === "") {
    problems.push(`${at}.text: empty`);
  } else if (text.length > max) {
    problems.push(tooLong(`${at}.text`, text.length, max));
  }
}

function checkOptionalString(value: unknown, at: string, max: number, problems: string[]): void {
  if (value === undefined) return;
  if (typeof value !== "string") problems.push(`${at}: not text`);
  else if (value.length > max) problems.push(tooLong(at, value.length, max));
}

function isJson(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function tooLong(at: string, length: number, max: number): string {
  return `${at}: ${length} characters (max ${max})`;
}
