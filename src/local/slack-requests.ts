/**
 * @module Requests as Slack sends them, signed with a signing secret: a slash command and a button
 * click. For the demo, `gpu-warden serve`'s companion and tests — never for the app's own path.
 */
import type { SlackRequest } from "../app/slack/verify-request.js";
import { signSlackRequest } from "../slack/verify.js";

export interface Signer {
  readonly signingSecret: string;
  readonly now: Date;
}

function signed(rawBody: string, signer: Signer, contentType: string): SlackRequest {
  const timestamp = String(Math.floor(signer.now.getTime() / 1000));
  return {
    rawBody,
    headers: {
      "content-type": contentType,
      "x-slack-request-timestamp": timestamp,
      "x-slack-signature": signSlackRequest({
        signingSecret: signer.signingSecret,
        timestamp,
        rawBody,
      }),
    },
  };
}

let triggers = 0;

export function slashCommandRequest(
  input: {
    readonly text: string;
    readonly user: string;
    readonly channel: string;
    readonly responseUrl: string;
    readonly command?: string;
  },
  signer: Signer,
): SlackRequest {
  const body = new URLSearchParams({
    team_id: "T0DEMO0001",
    channel_id: input.channel,
    user_id: input.user,
    command: input.command ?? "/gpu",
    text: input.text,
    response_url: input.responseUrl,
    trigger_id: `${signer.now.getTime()}.${++triggers}.gpu-warden`,
  }).toString();
  return signed(body, signer, "application/x-www-form-urlencoded");
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
    trigger_id: `${signer.now.getTime()}.${++triggers}.gpu-warden`,
    actions: [
      { action_id: input.actionId, type: "button", value: input.value, block_id: "actions" },
    ],
  };
  return signed(
    `payload=${encodeURIComponent(JSON.stringify(payload))}`,
    signer,
    "application/x-www-form-urlencoded",
  );
}
