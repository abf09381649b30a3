/**
 * @module The one place where Slack failures become `SlackError` codes: `@slack/web-api` errors
 * (platform `ok:false` errors, HTTP errors, request errors, rate-limit rejections), non-2xx
 * answers of `response_url`s, and network failures of our own HTTPS transport.
 *
 * | what | code |
 * |---|---|
 * | `ratelimited`, HTTP 429, a 429 without a usable `Retry-After` | RateLimited |
 * | `invalid_auth`, `not_authed`, `missing_scope`, revoked/expired token…, HTTP 401/403 | NotAuthorized |
 * | `channel_not_found`, `not_in_channel`, `message_not_found`, `no_such_subteam`, `no_service`…, HTTP 404 | NotFound |
 * | `expired_url`, `used_url` (a `response_url` past 30 minutes or 5 uses) | ResponseUrlExpired |
 * | network errors, timeouts, `internal_error`/`fatal_error`…, HTTP 408 and 5xx | Transient |
 * | anything else | Unknown |
 */
import { SlackError, type SlackErrorCode } from "../ports/slack.js";

/** A non-2xx answer of a plain HTTPS POST (a `response_url`), before mapping. */
export class SlackHttpStatusError extends Error {
  override readonly name = "SlackHttpStatusError";

  constructor(
    readonly status: number,
    readonly body: string,
    /** Seconds from a valid `Retry-After` header, if any. */
    readonly retryAfterSeconds: number | undefined,
  ) {
    const apiError = apiErrorOfBody(body);
    super(apiError === undefined ? `HTTP ${status}` : `HTTP ${status} ${apiError}`);
  }
}

/** The request never got an HTTP answer (refused, reset, timed out, TLS failure). */
export class SlackNetworkError extends Error {
  override readonly name = "SlackNetworkError";
}

const API_ERRORS: Readonly<Record<string, SlackErrorCode>> = {
  ratelimited: "RateLimited",
  rate_limited: "RateLimited",
  invalid_auth: "NotAuthorized",
  not_authed: "NotAuthorized",
  missing_scope: "NotAuthorized",
  account_inactive: "NotAuthorized",
  token_revoked: "NotAuthorized",
  token_expired: "NotAuthorized",
  no_permission: "NotAuthorized",
  not_allowed_token_type: "NotAuthorized",
  team_access_not_granted: "NotAuthorized",
  ekm_access_denied: "NotAuthorized",
  access_denied: "NotAuthorized",
  channel_not_found: "NotFound",
  not_in_channel: "NotFound",
  message_not_found: "NotFound",
  no_such_subteam: "NotFound",
  subteam_not_found: "NotFound",
  user_not_found: "NotFound",
  no_service: "NotFound",
  expired_url: "ResponseUrlExpired",
  used_url: "ResponseUrlExpired",
  internal_error: "Transient",
  fatal_error: "Transient",
  service_unavailable: "Transient",
  request_timeout: "Transient",
};

/** The code for a Slack error string (`channel_not_found` …); `Unknown` when unlisted. */
export function codeOfApiError(error: string): SlackErrorCode {
  return API_ERRORS[error] ?? "Unknown";
}

/** The code for an HTTP status without a recognised error string. */
export function codeOfStatus(status: number): SlackErrorCode {
  if (status === 429) return "RateLimited";
  if (status === 401 || status === 403) return "NotAuthorized";
  if (status === 404 || status === 410) return "NotFound";
  if (status === 408 || status >= 500) return "Transient";
  return "Unknown";
}

/** The Slack error string in a body: `{"ok":false,"error":"x"}` or a bare `x` (webhook style). */
export function apiErrorOfBody(body: string): string | undefined {
  const text = body.trim();
  if (/^[a-z][a-z0-9_]*$/.test(text)) return text;
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === "object" && value !== null && "error" in value) {
      const error = value.error;
      if (typeof error === "string") return error;
    }
  } catch {
    return undefined;
  }
  return undefined;
}

/** `Retry-After` seconds carried by a rate-limit failure, or `undefined` when not one. */
export function retryAfterSecondsOf(e: unknown): number | undefined {
  if (e instanceof SlackHttpStatusError) return e.status === 429 ? e.retryAfterSeconds : undefined;
  if (hasCode(e, "slack_webapi_rate_limited_error")) {
    const seconds = (e as { retryAfter?: unknown }).retryAfter;
    return typeof seconds === "number" && Number.isFinite(seconds) ? seconds : undefined;
  }
  return undefined;
}

function hasCode(e: unknown, code: string): boolean {
  return typeof e === "object" && e !== null && (e as { code?: unknown }).code === code;
}

function field(e: unknown, name: string): unknown {
  return typeof e === "object" && e !== null ? (e as Record<string, unknown>)[name] : undefined;
}

/**
 * Maps any failure of a Slack call to a `SlackError`. `context` names the call
 * (`chat.postMessage`, `response_url`) and starts the message; tokens never appear in it.
 */
export function toSlackError(e: unknown, context: string): SlackError {
  if (e instanceof SlackError) return e;
  const fail = (code: SlackErrorCode, detail: string): SlackError =>
    new SlackError(code, `${context}: ${detail}`, { cause: e });
  if (e instanceof SlackHttpStatusError) {
    const apiError = apiErrorOfBody(e.body);
    const byError = apiError === undefined ? "Unknown" : codeOfApiError(apiError);
    return fail(byError === "Unknown" ? codeOfStatus(e.status) : byError, e.message);
  }
  if (e instanceof SlackNetworkError) return fail("Transient", e.message);
  if (hasCode(e, "slack_webapi_platform_error")) {
    const apiError = field(field(e, "data"), "error");
    const text = typeof apiError === "string" ? apiError : "unknown_error";
    return fail(codeOfApiError(text), text);
  }
  if (hasCode(e, "slack_webapi_rate_limited_error")) {
    return fail("RateLimited", `rate limited (Retry-After ${String(retryAfterSecondsOf(e))} s)`);
  }
  if (hasCode(e, "slack_webapi_http_error")) {
    const status = field(e, "statusCode");
    const code = typeof status === "number" ? codeOfStatus(status) : "Unknown";
    return fail(code, `HTTP ${String(status)}`);
  }
  if (hasCode(e, "slack_webapi_request_error")) {
    const original = field(e, "original");
    return fail("Transient", original instanceof Error ? original.message : "request failed");
  }
  const message = e instanceof Error ? e.message : String(e);
  // @slack/web-api v8 aborts a 429 whose Retry-After is missing or unparsable with a plain Error.
  if (message.startsWith("Retry header did not contain a valid timeout")) {
    return fail("RateLimited", "rate limited without a usable Retry-After");
  }
  return fail("Unknown", message);
}
