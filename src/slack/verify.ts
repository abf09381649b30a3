/**
 * @module Slack request signing (notes/slack.md §1): HMAC-SHA256 over `v0:<timestamp>:<raw body>`
 * with the signing secret as UTF-8, hex, `v0=` prefix; a constant-time compare after a format
 * check; the timestamp within 5 minutes of `now` in either direction.
 *
 * Order of checks: headers present → timestamp is an integer and fresh → signature well-formed →
 * HMAC matches. So a changed timestamp is `StaleTimestamp` when it leaves the 5-minute window
 * (or stops being an integer) and `BadSignature` when it stays fresh.
 */
import { Buffer } from "node:buffer";
import { createHmac, timingSafeEqual } from "node:crypto";
import { err, ok, type Result } from "../core/result.js";

/** Allowed distance between the request timestamp and now, either way. */
export const MAX_CLOCK_SKEW_SECONDS = 300;

export type VerifyErrorCode = "MissingHeaders" | "StaleTimestamp" | "BadSignature";

export interface VerifyError {
  readonly code: VerifyErrorCode;
  readonly message: string;
}

export interface VerifyInput {
  readonly signingSecret: string;
  /** `X-Slack-Request-Timestamp`, as received. */
  readonly timestamp: string | null | undefined;
  /** `X-Slack-Signature`, as received. */
  readonly signature: string | null | undefined;
  /** The body exactly as received, before any decoding. */
  readonly rawBody: string;
  /** Unix time in seconds (may be fractional). */
  readonly nowSeconds: number;
}

const SIGNATURE_FORMAT = /^v0=[0-9a-f]{64}$/;
const TIMESTAMP_FORMAT = /^\d{1,15}$/;

export function verifySlackRequest(input: VerifyInput): Result<void, VerifyError> {
  const { signingSecret, timestamp, signature, rawBody, nowSeconds } = input;
  if (!timestamp?.trim() || !signature?.trim()) {
    return fail("MissingHeaders", "X-Slack-Request-Timestamp and X-Slack-Signature are required");
  }
  if (!TIMESTAMP_FORMAT.test(timestamp)) {
    return fail("StaleTimestamp", "X-Slack-Request-Timestamp is not a Unix time in seconds");
  }
  if (!(Math.abs(Number(timestamp) - nowSeconds) <= MAX_CLOCK_SKEW_SECONDS)) {
    return fail("StaleTimestamp", "X-Slack-Request-Timestamp is more than 5 minutes from now");
  }
  if (!SIGNATURE_FORMAT.test(signature)) {
    return fail("BadSignature", "X-Slack-Signature is not v0= followed by 64 hex digits");
  }
  if (signingSecret === "") {
    return fail("BadSignature", "no signing secret is configured; every request is refused");
  }
  const expected = Buffer.from(signSlackRequest({ signingSecret, timestamp, rawBody }), "utf8");
  const received = Buffer.from(signature, "utf8");
  if (expected.length !== received.length || !timingSafeEqual(expected, received)) {
    return fail("BadSignature", "X-Slack-Signature does not match the request");
  }
  return ok(undefined);
}

/** The `X-Slack-Signature` value Slack would send: for tests, the emulator and the CLI. */
export function signSlackRequest(input: {
  readonly signingSecret: string;
  readonly timestamp: string;
  readonly rawBody: string;
}): string {
  const hmac = createHmac("sha256", Buffer.from(input.signingSecret, "utf8"));
  hmac.update(`v0:${input.timestamp}:${input.rawBody}`, "utf8");
  return `v0=${hmac.digest("hex")}`;
}

/** A Fetch `Headers` (Azure Functions v4) or a plain record such as Node's `IncomingHttpHeaders`. */
export type HeadersLike =
  | { get(name: string): string | null }
  | Readonly<Record<string, string | readonly string[] | undefined>>;

export interface SlackHeaders {
  readonly timestamp: string | undefined;
  readonly signature: string | undefined;
}

/** Reads the two signing headers, names compared case-insensitively. */
export function readSlackHeaders(headers: HeadersLike): SlackHeaders {
  return {
    timestamp: header(headers, "x-slack-request-timestamp"),
    signature: header(headers, "x-slack-signature"),
  };
}

function header(headers: HeadersLike, name: string): string | undefined {
  if (hasGet(headers)) return headers.get(name) ?? undefined;
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name || value === undefined) continue;
    return typeof value === "string" ? value : value.join(", ");
  }
  return undefined;
}

function hasGet(headers: HeadersLike): headers is { get(name: string): string | null } {
  return typeof (headers as { get?: unknown }).get === "function";
}

function fail(code: VerifyErrorCode, message: string): Result<void, VerifyError> {
  return err({ code, message });
}
