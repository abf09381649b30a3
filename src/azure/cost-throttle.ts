/**
 * @module 429s from Cost Management, waited out within a bound. The SDKs retry a 429 only when
 * `Retry-After` (or `retry-after-ms`) is present, and then wait as long as it says; Cost
 * Management often says how long to wait only in `x-ms-ratelimit-microsoft.costmanagement-*-
 * retry-after` headers (qpu, entity, tenant, client). This pipeline policy sits below the SDK's
 * retry policy, reads all of them, waits the longest — unless that would take the call past its
 * bound (a Function must not sleep for minutes) — and then gives up with a `Throttled`
 * {@link CostError} carrying the wait, which the next evaluation honours.
 */
import type { AdditionalPolicyConfig } from "@azure/core-client";
import type { HttpHeaders, PipelinePolicy } from "@azure/core-rest-pipeline";
import { setTimeout as sleep } from "node:timers/promises";
import { CostError } from "../ports/costs.js";
import { costPacePolicy, type PaceOptions } from "./cost-pace.js";

/** Headers that say how long to back off, in seconds (`Retry-After` may also be an HTTP date). */
export const RETRY_AFTER_HEADERS = [
  "retry-after",
  "x-ms-ratelimit-microsoft.costmanagement-qpu-retry-after",
  "x-ms-ratelimit-microsoft.costmanagement-entity-retry-after",
  "x-ms-ratelimit-microsoft.costmanagement-tenant-retry-after",
  "x-ms-ratelimit-microsoft.costmanagement-client-retry-after",
] as const;

export interface ThrottleBounds {
  /** Most seconds waited in total for one call; a longer wait gives up at once. Default 30. */
  readonly maxWaitSeconds?: number;
  /** Most attempts of one call (the first included). Default 3. */
  readonly maxAttempts?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
}

/** The longest wait the headers ask for, in seconds; `undefined` when none says. */
export function retryAfterSeconds(
  headers: HttpHeaders,
  now: number = Date.now(),
): number | undefined {
  let longest: number | undefined;
  for (const name of RETRY_AFTER_HEADERS) {
    const value = headers.get(name)?.trim();
    if (value === undefined || value === "") continue;
    let seconds = Number(value);
    if (!Number.isFinite(seconds) && name === "retry-after") {
      const at = Date.parse(value);
      seconds = Number.isNaN(at) ? Number.NaN : Math.max(0, (at - now) / 1000);
    }
    if (Number.isFinite(seconds) && seconds >= 0) longest = Math.max(longest ?? 0, seconds);
  }
  const ms = Number(headers.get("retry-after-ms") ?? headers.get("x-ms-retry-after-ms"));
  if (Number.isFinite(ms) && ms >= 0) longest = Math.max(longest ?? 0, ms / 1000);
  return longest;
}

export function costThrottlePolicy(bounds: ThrottleBounds = {}): PipelinePolicy {
  const maxWait = bounds.maxWaitSeconds ?? 30;
  const maxAttempts = bounds.maxAttempts ?? 3;
  const wait = bounds.sleep ?? ((ms: number) => sleep(ms));
  return {
    name: "gpuWardenCostThrottle",
    async sendRequest(request, next) {
      let waited = 0;
      for (let attempt = 1; ; attempt += 1) {
        const response = await next(request);
        if (response.status !== 429) return response;
        const seconds = retryAfterSeconds(response.headers, bounds.now?.() ?? Date.now());
        if (seconds === undefined || attempt >= maxAttempts || waited + seconds > maxWait) {
          const asked =
            seconds === undefined
              ? "without saying how long to wait"
              : `asking to wait ${String(seconds)}s`;
          throw new CostError(
            "Throttled",
            `Cost Management throttled ${request.method} ${new URL(request.url).pathname} ${asked} (gave up after ${String(attempt)} attempt(s), ${String(waited)}s waited)`,
            429,
            seconds === undefined ? {} : { retryAfterSeconds: seconds },
          );
        }
        await wait(seconds * 1000);
        waited += seconds;
      }
    },
  };
}

/**
 * Client options that install the policy below the SDK's own retries, and below it the pacer
 * (cost-pace.ts), so every request actually sent — retries included — takes a slot.
 */
export function costClientPolicies(
  bounds: ThrottleBounds = {},
  pace: PaceOptions = {},
): {
  additionalPolicies: AdditionalPolicyConfig[];
} {
  return {
    additionalPolicies: [
      { policy: costThrottlePolicy(bounds), position: "perRetry" },
      { policy: costPacePolicy(pace), position: "perRetry" },
    ],
  };
}
