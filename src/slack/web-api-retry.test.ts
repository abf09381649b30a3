/** @module The bounded rate-limit retry loop and the `WebClient` retry config. */
import { WebAPIRateLimitedError } from "@slack/web-api";
import { describe, expect, it } from "vitest";
import { SlackHttpStatusError } from "./slack-errors.js";
import { retryPolicy, webClientRetryConfig, withRateLimitRetry } from "./web-api-retry.js";

function flaky(failures: Error[]): { call: () => Promise<string>; calls: () => number } {
  let n = 0;
  return {
    call: () => {
      const failure = failures[n++];
      return failure === undefined ? Promise.resolve("ok") : Promise.reject(failure);
    },
    calls: () => n,
  };
}

describe("withRateLimitRetry", () => {
  const policy = { retries: 2, maxRetryAfterSeconds: 10 };

  it("waits each Retry-After within the cap, up to `retries` times", async () => {
    const slept: number[] = [];
    const sleep = (ms: number): Promise<void> => {
      slept.push(ms);
      return Promise.resolve();
    };
    const f = flaky([new WebAPIRateLimitedError(1), new SlackHttpStatusError(429, "", 3)]);
    await expect(withRateLimitRetry(f.call, policy, sleep)).resolves.toBe("ok");
    expect(slept).toEqual([1000, 3000]);
    const g = flaky([1, 2, 3].map(() => new WebAPIRateLimitedError(1)));
    await expect(withRateLimitRetry(g.call, policy, sleep)).rejects.toBeInstanceOf(
      WebAPIRateLimitedError,
    );
    expect(g.calls()).toBe(3);
  });

  it("does not wait beyond the cap, nor retry other failures", async () => {
    const sleep = (): Promise<void> => Promise.reject(new Error("must not sleep"));
    const long = flaky([new WebAPIRateLimitedError(11)]);
    await expect(withRateLimitRetry(long.call, policy, sleep)).rejects.toBeInstanceOf(
      WebAPIRateLimitedError,
    );
    expect(long.calls()).toBe(1);
    const other = flaky([new SlackHttpStatusError(503, "", 1)]);
    await expect(withRateLimitRetry(other.call, policy, sleep)).rejects.toBeInstanceOf(
      SlackHttpStatusError,
    );
    expect(other.calls()).toBe(1);
  });
});

describe("retry policy", () => {
  it("defaults to 2 transport retries with 0.5–5 s backoff and a 10 s request timeout", () => {
    const p = retryPolicy();
    expect(p).toEqual({
      rateLimit: { retries: 2, maxRetryAfterSeconds: 10 },
      transportRetries: 2,
      minBackoffMs: 500,
      maxBackoffMs: 5000,
      requestTimeoutMs: 10_000,
    });
    expect(webClientRetryConfig(p)).toEqual({
      retries: 2,
      factor: 2,
      minTimeout: 500,
      maxTimeout: 5000,
      randomize: true,
    });
    expect(retryPolicy({ rateLimit: { retries: 0 } }).rateLimit).toEqual({
      retries: 0,
      maxRetryAfterSeconds: 10,
    });
  });
});
