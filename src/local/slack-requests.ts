/**
 * @module Requests as Slack sends them, signed with a signing secret: a slash command and a button
 * click. For the demo, `gpu-warden slack command`, the bench and tests — never for the app's own
 * path.
 */
import { randomBytes } from "node:crypto";
import type { SlackRequest } from "../app/slack/verify-request.js";
import { signSlackRequest } from "../slack/verify.js";

export interface SlashCommandInput {
  readonly command: string;
  readonly text: string;
  readonly user: string;
  readonly channel: string;
  readonly team: string;
  readonly responseUrl: string;
}

/** The form Slack POSTs for a slash command (field order as Slack sends it). */
export function slashCommandBody(input: SlashCommandInput): string {
  return new URLSearchParams({
    team_id: input.team,
    team_domain: "gpu-warden-local",
    channel_id: input.channel,
    channel_name: "local",
    user_id: input.user,
    user_name: "local-user",
    command: input.command,
    text: input.text,
    api_app_id: "A0GPUWARDEN",
    is_enterprise_install: "false",
    response_url: input.responseUrl,
    trigger_id: `${String(Date.now())}.${randomBytes(6).toString("hex")}`,
  }).toString();
}

/** `X-Slack-Request-Timestamp` and `X-Slack-Signature` for a body at an instant. */
export function signingHeaders(
  signingSecret: string,
  rawBody: string,
  nowSeconds: number,
): Record<string, string> {
  const timestamp = String(Math.floor(nowSeconds));
  return {
    "x-slack-request-timestamp": timestamp,
    "x-slack-signature": signSlackRequest({ signingSecret, timestamp, rawBody }),
  };
}

export interface Signer {
  readonly signingSecret: string;
  readonly now: Date;
}

function signed(rawBody: string, signer: Signer): SlackRequest {
  return {
    rawBody,
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      ...signingHeaders(signer.signingSecret, rawBody, signer.now.getTime() / 1000),
    },
  };
}

export function slashCommandRequest(
  input: {
    readonly text: string;
    readonly user: string;
    readonly channel: string;
    readonly responseUrl: string;
  },
  signer: Signer,
): SlackRequest {
  return signed(slashCommandBody({ command: "/gpu", team: "T0DEMO0001", ...input }), signer);
}

export function buttonClickRequest(
  input: {
    readonly user: string;
    readonly channel: string;
    readonly messageTs: string;
    readonly actionId: string;
    readonly value: string;
    readonly responseUrl: string;
  },
  signer: Signer,
): SlackRequest {
  const payload = {
    type: "block_actions",
    team: { id: "T0DEMO0001" },
    user: { id: input.user },
    channel: { id: input.channel },
    message: { ts: input.messageTs },
    container: {
      type: "message",
      message_ts: input.messageTs,
      channel_id: input.channel,
      is_ephemeral: false,
    },
    response_url: input.responseUrl,
    trigger_id: `${String(signer.now.getTime())}.${randomBytes(6).toString("hex")}`,
    actions: [
      { action_id: input.actionId, type: "button", value: input.value, block_id: "actions" },
    ],
  };
  return signed(`payload=${encodeURIComponent(JSON.stringify(payload))}`, signer);
}
