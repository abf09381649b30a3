/**
 * @module The gate every Slack request passes first: size, signature, freshness, and replay. A
 * request that fails gets 401 (413 when too large) and changes nothing.
 */
import { MAX_BODY_BYTES } from "../../slack/payloads.js";
import { readSlackHeaders, verifySlackRequest, type HeadersLike } from "../../slack/verify.js";
import { unauthorized, type SlackReply } from "./context.js";

export interface SlackRequest {
  readonly rawBody: string;
  readonly headers: HeadersLike;
}

/** `null` when the request may proceed, else the reply to send. */
export function gate(request: SlackRequest, signingSecret: string, now: Date): SlackReply | null {
  if (Buffer.byteLength(request.rawBody, "utf8") > MAX_BODY_BYTES) {
    return { status: 413, body: `request body over ${MAX_BODY_BYTES} bytes` };
  }
  const { timestamp, signature } = readSlackHeaders(request.headers);
  const verified = verifySlackRequest({
    signingSecret,
    timestamp,
    signature,
    rawBody: request.rawBody,
    nowSeconds: Math.floor(now.getTime() / 1000),
  });
  return verified.ok ? null : unauthorized(verified.error.message);
}
