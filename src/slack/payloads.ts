/**
 * @module Parsing what Slack POSTs (notes/slack.md §2–3): the URL-encoded slash-command form and
 * the interactivity form whose single `payload` field holds `block_actions` JSON. Unknown fields
 * are ignored; a missing or malformed field is a `Malformed` error naming it; bodies over 16 KiB
 * are `TooLarge`. Parse only after the signature is verified over the same raw body.
 */
import { Buffer } from "node:buffer";
import { z } from "zod";
import { err, ok, type Result } from "../core/result.js";

/** Slack's forms are small; anything bigger is not from Slack. */
export const MAX_BODY_BYTES = 16 * 1024;

export type PayloadError =
  | { readonly code: "TooLarge"; readonly message: string; readonly bytes: number }
  | { readonly code: "Malformed"; readonly message: string; readonly field: string };

/** "too large" or "malformed field actions[0].action_id", for the HTTP reply. */
export function describePayloadError(error: PayloadError): string {
  return error.code === "TooLarge" ? "too large" : `malformed field ${error.field}`;
}

export interface SlashCommand {
  readonly teamId: string;
  readonly channelId: string;
  readonly userId: string;
  /** The command as typed, e.g. `/gpu`. */
  readonly command: string;
  /** Everything after the command; may be empty. */
  readonly text: string;
  readonly responseUrl: string;
  readonly triggerId: string;
  readonly apiAppId?: string;
  readonly enterpriseId?: string;
  readonly channelName?: string;
  /** Deprecated by Slack: for display only, never for authorization. */
  readonly userName?: string;
}

export interface BlockAction {
  readonly userId: string;
  /** `channel.id`, else `container.channel_id`. */
  readonly channelId: string;
  /** `message.ts`, else `container.message_ts`. */
  readonly messageTs: string;
  readonly responseUrl: string;
  readonly teamId?: string;
  readonly apiAppId?: string;
  readonly triggerId?: string;
  /** The first (and for buttons, only) action. */
  readonly action: {
    readonly actionId: string;
    readonly type: string;
    readonly blockId?: string;
    readonly value?: string;
  };
  readonly container: {
    readonly type: string;
    readonly messageTs?: string;
    readonly channelId?: string;
    readonly isEphemeral: boolean;
  };
}

const teamId = z.string().regex(/^T[A-Z0-9]{2,}$/, "expected a Slack team ID such as T0123ABCD");
const userId = z.string().regex(/^[UW][A-Z0-9]{2,}$/, "expected a Slack user ID such as U0123ABCD");
const channelId = z
  .string()
  .regex(/^[CGD][A-Z0-9]{2,}$/, "expected a Slack channel ID such as C0123ABCD");
const appId = z.string().regex(/^A[A-Z0-9]{2,}$/, "expected a Slack app ID such as A0123ABCD");
const enterpriseId = z.string().regex(/^E[A-Z0-9]{2,}$/, "expected a Slack enterprise ID");
const messageTs = z.string().regex(/^\d{1,12}\.\d{1,8}$/, "expected a message timestamp");
const httpsUrl = z.string().max(3000, "too long").refine(isHttpsUrl, "expected an https:// URL");
const shortText = z.string().max(255, "too long");

const SlashCommandForm = z.object({
  team_id: teamId,
  channel_id: channelId,
  user_id: userId,
  command: z.string().regex(/^\/[a-z0-9_.-]{1,32}$/i, "expected a slash command such as /gpu"),
  text: z.string().max(4000, "too long").default(""),
  response_url: httpsUrl,
  trigger_id: shortText.min(1, "empty"),
  api_app_id: appId.optional(),
  enterprise_id: enterpriseId.optional(),
  channel_name: shortText.optional(),
  user_name: shortText.optional(),
});

const BlockActionsPayload = z.object({
  type: z.literal("block_actions", "only block_actions interactions are handled"),
  user: z.object({ id: userId }),
  team: z.object({ id: teamId }).nullish(),
  api_app_id: appId.optional(),
  trigger_id: shortText.optional(),
  channel: z.object({ id: channelId }).optional(),
  message: z.object({ ts: messageTs }).optional(),
  container: z.object({
    type: shortText,
    message_ts: messageTs.optional(),
    channel_id: channelId.optional(),
    is_ephemeral: z.boolean().optional(),
  }),
  response_url: httpsUrl,
  actions: z
    .array(
      z.object({
        action_id: shortText.min(1, "empty"),
        type: shortText,
        block_id: shortText.optional(),
        value: z.string().max(2000, "too long").optional(),
      }),
    )
    .min(1, "expected at least one action"),
});

/** Parses a slash-command POST body. */
export function parseSlashCommand(rawBody: string): Result<SlashCommand, PayloadError> {
  const form = readForm(rawBody);
  if (!form.ok) return form;
  const parsed = SlashCommandForm.safeParse(form.value);
  if (!parsed.success) return malformedFrom(parsed.error);
  const f = parsed.data;
  return ok({
    teamId: f.team_id,
    channelId: f.channel_id,
    userId: f.user_id,
    command: f.command,
    text: f.text,
    responseUrl: f.response_url,
    triggerId: f.trigger_id,
    ...(f.api_app_id === undefined ? {} : { apiAppId: f.api_app_id }),
    ...(f.enterprise_id === undefined ? {} : { enterpriseId: f.enterprise_id }),
    ...(f.channel_name === undefined ? {} : { channelName: f.channel_name }),
    ...(f.user_name === undefined ? {} : { userName: f.user_name }),
  });
}

/** Parses an interactivity POST body (`payload=<URL-encoded JSON>`) holding `block_actions`. */
export function parseInteraction(rawBody: string): Result<BlockAction, PayloadError> {
  const form = readForm(rawBody);
  if (!form.ok) return form;
  const payload = form.value.payload;
  if (payload === undefined) return malformed("payload", "missing");
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch {
    return malformed("payload", "not JSON");
  }
  const parsed = BlockActionsPayload.safeParse(json);
  if (!parsed.success) return malformedFrom(parsed.error);
  const p = parsed.data;
  const channel = p.channel?.id ?? p.container.channel_id;
  if (channel === undefined) return malformed("channel.id", "missing");
  const ts = p.message?.ts ?? p.container.message_ts;
  if (ts === undefined) return malformed("message.ts", "missing");
  const [first] = p.actions;
  if (first === undefined) return malformed("actions", "expected at least one action");
  return ok({
    userId: p.user.id,
    channelId: channel,
    messageTs: ts,
    responseUrl: p.response_url,
    ...(p.team?.id === undefined ? {} : { teamId: p.team.id }),
    ...(p.api_app_id === undefined ? {} : { apiAppId: p.api_app_id }),
    ...(p.trigger_id === undefined ? {} : { triggerId: p.trigger_id }),
    action: {
      actionId: first.action_id,
      type: first.type,
      ...(first.block_id === undefined ? {} : { blockId: first.block_id }),
      ...(first.value === undefined ? {} : { value: first.value }),
    },
    container: {
      type: p.container.type,
      ...(p.container.message_ts === undefined ? {} : { messageTs: p.container.message_ts }),
      ...(p.container.channel_id === undefined ? {} : { channelId: p.container.channel_id }),
      isEphemeral: p.container.is_ephemeral ?? false,
    },
  });
}

/** Slack's `ssl_check=1` probe (publicly distributed apps): acknowledge it and do nothing else. */
export function isSslCheck(rawBody: string): boolean {
  if (Buffer.byteLength(rawBody, "utf8") > MAX_BODY_BYTES) return false;
  return new URLSearchParams(rawBody).get("ssl_check") === "1";
}

/** The form's fields; a field given twice is refused rather than guessed at. */
function readForm(rawBody: string): Result<Readonly<Record<string, string>>, PayloadError> {
  const bytes = Buffer.byteLength(rawBody, "utf8");
  if (bytes > MAX_BODY_BYTES) {
    return err({
      code: "TooLarge",
      message: `body is ${bytes} bytes (max ${MAX_BODY_BYTES})`,
      bytes,
    });
  }
  const fields: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [key, value] of new URLSearchParams(rawBody)) {
    if (Object.hasOwn(fields, key)) return malformed(key, "given more than once");
    fields[key] = value;
  }
  return ok(fields);
}

function malformedFrom(error: z.ZodError): { readonly ok: false; readonly error: PayloadError } {
  const [issue] = error.issues;
  if (issue === undefined) return malformed("body", "invalid");
  const missing = issue.code === "invalid_type" && issue.message.endsWith("received undefined");
  return malformed(fieldName(issue.path), missing ? "missing" : issue.message);
}

function fieldName(path: readonly PropertyKey[]): string {
  let name = "";
  for (const part of path) {
    if (typeof part === "number") name += `[${part}]`;
    else name += name === "" ? String(part) : `.${String(part)}`;
  }
  return name === "" ? "body" : name;
}

function malformed(
  field: string,
  problem: string,
): { readonly ok: false; readonly error: PayloadError } {
  const shown = field.length > 64 ? `${field.slice(0, 63)}…` : field;
  return err({ code: "Malformed", field: shown, message: `field '${shown}': ${problem}` });
}

function isHttpsUrl(text: string): boolean {
  if (!URL.canParse(text)) return false;
  const url = new URL(text);
  return url.protocol === "https:" && url.hostname !== "" && url.username === "";
}
