/**
 * @module `response_url`s: Slack's rules (5 uses within 30 minutes of the payload), which hosts
 * we ever POST to (`hooks.slack.com`, plus the emulator's host in emulator mode — a
 * `response_url` arrives in a user-triggered payload, so anything else is refused before any
 * request is made), the JSON body, and the POST itself with bounded rate-limit retries.
 */
import type { Agent } from "node:https";
import { SlackError, type ResponseMessage } from "../ports/slack.js";
import { SlackHttpStatusError, toSlackError } from "./slack-errors.js";
import { httpsRequest, retryAfterHeader } from "./web-api-https.js";
import { withRateLimitRetry, type RateLimitPolicy } from "./web-api-retry.js";

/** Slack's limits: a `response_url` works up to 5 times within 30 minutes. */
export const RESPONSE_URL_MAX_USES = 5;
export const RESPONSE_URL_LIFETIME_MS = 30 * 60_000;

/** The only host real Slack hands out `response_url`s on. */
export const SLACK_RESPONSE_HOST = "hooks.slack.com";

/**
 * Checks a URL Slack handed us (a `response_url`, an `upload_url`) before anything is sent:
 * `https:`, no credentials, and a host (with its port, when not 443) in `allowedHosts` (compared
 * case-insensitively). Throws `SlackError` `NotAuthorized` otherwise (we are not authorised to
 * send there).
 */
export function checkSlackUrl(raw: string, allowedHosts: readonly string[], what: string): URL {
  const refuse = (why: string): never => {
    throw new SlackError("NotAuthorized", `${what} refused: ${why}`);
  };
  let url: URL | undefined;
  try {
    url = new URL(raw);
  } catch {
    refuse("not a URL");
  }
  if (url === undefined) return refuse("not a URL");
  if (url.protocol !== "https:") refuse(`scheme ${url.protocol} is not https:`);
  if (url.username !== "" || url.password !== "") refuse("credentials in the URL");
  const host = url.host.toLowerCase();
  if (!allowedHosts.some((allowed) => allowed.toLowerCase() === host)) {
    refuse(`host ${host} is not a Slack host (allowed: ${allowedHosts.join(", ")})`);
  }
  return url;
}

export function checkResponseUrl(raw: string, allowedHosts: readonly string[]): URL {
  return checkSlackUrl(raw, allowedHosts, "response_url");
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
  const body = Buffer.from(JSON.stringify(responseBody(message)), "utf8");
  await postToSlack(poster, url, "response_url", {
    contentType: "application/json; charset=utf-8",
    body,
    accepted: (status) => status >= 200 && status <= 299,
  });
}

/**
 * POSTs `body` to a checked Slack URL: a 429 with a `Retry-After` within the cap is retried, an
 * answer `accepted` refuses is a failure, and failures become `SlackError`s named by `what`.
 */
export async function postToSlack(
  poster: ResponsePoster,
  url: URL,
  what: string,
  request: {
    readonly contentType: string;
    readonly body: Buffer;
    readonly accepted: (status: number) => boolean;
  },
): Promise<void> {
  try {
    await withRateLimitRetry(async () => {
      const answer = await httpsRequest(url, {
        method: "POST",
        headers: { "content-type": request.contentType, accept: "application/json" },
        body: request.body,
        agent: poster.agent,
        timeoutMs: poster.timeoutMs,
      });
      if (!request.accepted(answer.status)) {
        throw new SlackHttpStatusError(
          answer.status,
          answer.text,
          retryAfterHeader(answer.headers),
        );
      }
    }, poster.rateLimit);
  } catch (e) {
    throw toSlackError(e, what);
  }
}
