/**
 * @module `response_url`s: Slack's rules (5 uses within 30 minutes of the payload), which hosts
 * we ever POST to (`hooks.slack.com`, plus the emulator's host in emulator mode — a
 * `response_url` arrives in a user-triggered payload, so anything else is refused before any
 * request is made), the JSON body, and the POST itself with bounded rate-limit retries.
 */
import type { Agent } from "node:https";
import { SlackError, type ResponseMessage } from "../ports/slack.js";
import { SlackHttpStatusError, toSlackError } from "./slack-errors.js";
import { httpsPostJson, retryAfterHeader } from "./web-api-https.js";
import { withRateLimitRetry, type RateLimitPolicy } from "./web-api-retry.js";

/** Slack's limits: a `response_url` works up to 5 times within 30 minutes. */
export const RESPONSE_URL_MAX_USES = 5;
export const RESPONSE_URL_LIFETIME_MS = 30 * 60_000;

/** The only host real Slack hands out `response_url`s on. */
export const SLACK_RESPONSE_HOST = "hooks.slack.com";

/**
 * Checks a `response_url` before anything is sent: `https:`, no credentials, and a host (with
 * its port, when not 443) in `allowedHosts` (compared case-insensitively). Throws `SlackError`
 * `NotAuthorized` otherwise (we are not authorised to send there).
 */
export function checkResponseUrl(raw: string, allowedHosts: readonly string[]): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new SlackError("NotAuthorized", "response_url refused: not a URL");
  }
  const refuse = (why: string): never => {
    throw new SlackError("NotAuthorized", `response_url refused: ${why}`);
  };
  if (url.protocol !== "https:") refuse(`scheme ${url.protocol} is not https:`);
  if (url.username !== "" || url.password !== "") refuse("credentials in the URL");
  const host = url.host.toLowerCase();
  if (!allowedHosts.some((allowed) => allowed.toLowerCase() === host)) {
    refuse(`host ${host} is not a Slack host (allowed: ${allowedHosts.join(", ")})`);
  }
  return url;
}

/** The JSON body Slack expects on a `response_url`. */
export function responseBody(message: ResponseMessage): Record<string, unknown> {
  return {
    response_type: message.responseType ?? "ephemeral",
    replace_original: message.replaceOriginal ?? false,
    text: message.text,
    ...(message.blocks === undefined ? {} : { blocks: message.blocks }),
  };
}

export interface ResponsePoster {
  readonly agent: Agent;
  readonly allowedHosts: readonly string[];
  readonly timeoutMs: number;
  readonly rateLimit: RateLimitPolicy;
}

/**
 * POSTs a message to a `response_url`. Refused hosts fail before any request; a 429 with a
 * `Retry-After` within the cap is retried (a rejected POST is not a use); network failures and
 * 5xx are not retried (the POST may have landed, and each landing is one of the 5 uses).
 */
export async function postResponse(
  poster: ResponsePoster,
  responseUrl: string,
  message: ResponseMessage,
): Promise<void> {
  const url = checkResponseUrl(responseUrl, poster.allowedHosts);
  const body = responseBody(message);
  try {
    await withRateLimitRetry(async () => {
      const answer = await httpsPostJson(url, body, poster.agent, poster.timeoutMs);
      if (answer.status < 200 || answer.status > 299) {
        throw new SlackHttpStatusError(
          answer.status,
          answer.text,
          retryAfterHeader(answer.headers),
        );
      }
    }, poster.rateLimit);
  } catch (e) {
    throw toSlackError(e, "response_url");
  }
}
