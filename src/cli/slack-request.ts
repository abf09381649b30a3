/**
 * @module What `gpu-warden slack command` sends and shows: a slash-command form body like Slack's,
 * its signing headers (`X-Slack-Request-Timestamp`, `X-Slack-Signature`), the POST, and a plain
 * text rendering of the Block Kit reply.
 */
import { performance } from "node:perf_hooks";

export {
  signingHeaders,
  slashCommandBody,
  type SlashCommandInput,
} from "../local/slack-requests.js";

export interface PostResult {
  readonly status: number;
  readonly ms: number;
  readonly text: string;
  /** The parsed body when it is JSON. */
  readonly json: unknown;
}

export async function postForm(
  url: string,
  rawBody: string,
  headers: Record<string, string>,
): Promise<PostResult> {
  const started = performance.now();
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: rawBody,
  });
  const text = await response.text();
  const ms = performance.now() - started;
  let json: unknown;
  try {
    json = JSON.parse(text) as unknown;
  } catch {
    json = undefined;
  }
  return { status: response.status, ms, text, json };
}

/** A Slack message as lines of text: its blocks (sections, fields, context, buttons), else `text`. */
export function renderMessage(message: unknown): string {
  if (!isRecord(message)) return String(message);
  const blocks = Array.isArray(message.blocks) ? message.blocks : [];
  const lines = blocks.flatMap((block) => renderBlock(block));
  if (lines.length > 0) return lines.join("\n");
  return typeof message.text === "string" ? message.text : JSON.stringify(message);
}

function renderBlock(block: unknown): string[] {
  if (!isRecord(block)) return [];
  const texts = (items: unknown): string[] =>
    Array.isArray(items) ? items.map(textOf).filter((t) => t !== "") : [];
  switch (block.type) {
    case "header":
    case "section":
      return [textOf(block.text), ...texts(block.fields)].filter((t) => t !== "");
    case "context":
      return [texts(block.elements).join("  ·  ")];
    case "actions":
      return [
        texts(block.elements)
          .map((t) => `[${t}]`)
          .join(" "),
      ];
    case "divider":
      return ["—"];
    default:
      return [];
  }
}

function textOf(element: unknown): string {
  if (!isRecord(element)) return "";
  if (typeof element.text === "string") return element.text;
  return isRecord(element.text) && typeof element.text.text === "string" ? element.text.text : "";
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
