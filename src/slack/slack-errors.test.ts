/** @module Every kind of Slack failure maps to one `SlackError` code, in one place. */
import {
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
} from "@slack/web-api";
import { describe, expect, it } from "vitest";
import { SlackError } from "../ports/slack.js";
import {
  apiErrorOfBody,
  retryAfterSecondsOf,
  SlackHttpStatusError,
  SlackNetworkError,
  toSlackError,
} from "./slack-errors.js";

const platform = (error: string): WebAPIPlatformError =>
  new WebAPIPlatformError({ ok: false, error });

describe("toSlackError", () => {
  it.each([
    ["ratelimited", "RateLimited"],
    ["invalid_auth", "NotAuthorized"],
    ["not_authed", "NotAuthorized"],
    ["missing_scope", "NotAuthorized"],
    ["token_revoked", "NotAuthorized"],
    ["channel_not_found", "NotFound"],
    ["not_in_channel", "NotFound"],
    ["message_not_found", "NotFound"],
    ["no_such_subteam", "NotFound"],
    ["internal_error", "Transient"],
    ["invalid_blocks", "Unknown"],
  ])("platform error %s → %s", (error, code) => {
    const mapped = toSlackError(platform(error), "chat.postMessage");
    expect(mapped).toBeInstanceOf(SlackError);
    expect(mapped.code).toBe(code);
    expect(mapped.message).toBe(`chat.postMessage: ${error}`);
  });

  it.each([
    [new WebAPIRateLimitedError(30), "RateLimited"],
    [new WebAPIRequestError(new Error("socket hang up")), "Transient"],
    [new WebAPIHTTPError(503, "Service Unavailable", {}, ""), "Transient"],
    [new WebAPIHTTPError(500, "Internal Server Error", {}, ""), "Transient"],
    [new WebAPIHTTPError(401, "Unauthorized", {}, ""), "NotAuthorized"],
    [new WebAPIHTTPError(404, "Not Found", {}, ""), "NotFound"],
    [new WebAPIHTTPError(400, "Bad Request", {}, ""), "Unknown"],
    [new Error("Retry header did not contain a valid timeout (url: x)"), "RateLimited"],
    [new SlackNetworkError("ECONNREFUSED"), "Transient"],
    [
      new SlackHttpStatusError(404, '{"ok":false,"error":"expired_url"}', undefined),
      "ResponseUrlExpired",
    ],
    [new SlackHttpStatusError(404, "used_url", undefined), "ResponseUrlExpired"],
    [new SlackHttpStatusError(404, '{"ok":false,"error":"no_service"}', undefined), "NotFound"],
    [new SlackHttpStatusError(404, "<html>", undefined), "NotFound"],
    [new SlackHttpStatusError(429, "", 3), "RateLimited"],
    [new SlackHttpStatusError(502, "", undefined), "Transient"],
    [new SlackHttpStatusError(400, "no_text", undefined), "Unknown"],
    ["a string", "Unknown"],
  ] as const)("%s → %s", (error, code) => {
    expect(toSlackError(error, "x").code).toBe(code);
  });

  it("passes a SlackError through unchanged and keeps the cause", () => {
    const own = new SlackError("NotFound", "x");
    expect(toSlackError(own, "y")).toBe(own);
    const original = platform("channel_not_found");
    expect(toSlackError(original, "y").cause).toBe(original);
  });

  it("reads Retry-After from rate-limit failures only", () => {
    expect(retryAfterSecondsOf(new WebAPIRateLimitedError(7))).toBe(7);
    expect(retryAfterSecondsOf(new SlackHttpStatusError(429, "", 2))).toBe(2);
    expect(retryAfterSecondsOf(new SlackHttpStatusError(503, "", 2))).toBeUndefined();
    expect(retryAfterSecondsOf(platform("ratelimited"))).toBeUndefined();
  });

  it("reads Slack's error string from JSON or bare bodies", () => {
    expect(apiErrorOfBody('{"ok":false,"error":"used_url"}')).toBe("used_url");
    expect(apiErrorOfBody("expired_url\n")).toBe("expired_url");
    expect(apiErrorOfBody("Not Found")).toBeUndefined();
    expect(apiErrorOfBody('{"error":{"code":"TooManyRequests"}}')).toBeUndefined();
  });
});
