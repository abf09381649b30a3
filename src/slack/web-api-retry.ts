/**
 * @module The Slack adapter's retry policy, bounded so a Function never waits long:
 * transport retries (network errors, 5xx) are `@slack/web-api`'s p-retry with a short
 * `retryConfig`; rate limits are handled here instead of by the client — the client runs with
 * `rejectRateLimitedCalls: true` (v8 would otherwise sleep for whatever `Retry-After` says,
 * uncapped, with the whole request queue paused) and this loop waits `Retry-After` only when it
 * is within `maxRetryAfterSeconds`, at most `retries` times; otherwise the 429 surfaces as
 * `RateLimited` at once.
 */
import type { RetryOptions } from "@slack/web-api";
import { retryAfterSecondsOf } from "./slack-errors.js";

export interface RateLimitPolicy {
  /** Retries after a 429 (default 2). */
  readonly retries: number;
  /** Longest `Retry-After` we are willing to wait, in seconds (default 10). */
  readonly maxRetryAfterSeconds: number;
}

export interface SlackRetryPolicy {
  readonly rateLimit: RateLimitPolicy;
  /** Retries of network failures and 5xx answers by `@slack/web-api` (default 2). */
  readonly transportRetries: number;
  /** First backoff in ms (default 500); doubles per retry up to `maxBackoffMs` (default 5000). */
  readonly minBackoffMs: number;
  readonly maxBackoffMs: number;
  /** Per-request timeout in ms (default 10 000). */
  readonly requestTimeoutMs: number;
}

export const DEFAULT_SLACK_RETRY: SlackRetryPolicy = Object.freeze({
  rateLimit: Object.freeze({ retries: 2, maxRetryAfterSeconds: 10 }),
  transportRetries: 2,
  minBackoffMs: 500,
  maxBackoffMs: 5000,
  requestTimeoutMs: 10_000,
});

/** A partial policy over the defaults. */
export type SlackRetryPolicyInput = Partial<Omit<SlackRetryPolicy, "rateLimit">> & {
  readonly rateLimit?: Partial<RateLimitPolicy>;
};

export function retryPolicy(input: SlackRetryPolicyInput = {}): SlackRetryPolicy {
  const d = DEFAULT_SLACK_RETRY;
  return {
    rateLimit: { ...d.rateLimit, ...input.rateLimit },
    transportRetries: input.transportRetries ?? d.transportRetries,
    minBackoffMs: input.minBackoffMs ?? d.minBackoffMs,
    maxBackoffMs: input.maxBackoffMs ?? d.maxBackoffMs,
    requestTimeoutMs: input.requestTimeoutMs ?? d.requestTimeoutMs,
  };
}

/** The `retryConfig` for `WebClient` (node-retry options through p-retry). */
export function webClientRetryConfig(policy: SlackRetryPolicy): RetryOptions {
  return {
    retries: policy.transportRetries,
    factor: 2,
    minTimeout: policy.minBackoffMs,
    maxTimeout: policy.maxBackoffMs,
    randomize: true,
  };
}

const realSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

/** Runs `call`, retrying rate-limited failures whose `Retry-After` is within the policy. */
export async function withRateLimitRetry<T>(
  call: () => Promise<T>,
  policy: RateLimitPolicy,
  sleep: (ms: number) => Promise<void> = realSleep,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (e) {
      const wait = retryAfterSecondsOf(e);
      if (wait === undefined || attempt >= policy.retries || wait > policy.maxRetryAfterSeconds) {
        throw e;
      }
      await sleep(wait * 1000);
    }
  }
}
