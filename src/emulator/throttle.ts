/**
 * @module ARM subscription throttling as a token bucket per subscription and operation type
 * (reads: 250 burst / 25 per s; writes: 200 / 10 per s; deletes: 200 / 10 per s — ARM's 2024
 * limits, notes/azure-apis.md §8). Refill is measured in **real** time (ARM limits are about
 * request rate; virtual-clock jumps would refill every bucket). Over the limit: 429
 * `SubscriptionRequestsThrottled` with `Retry-After`; every answer under a subscription carries
 * `x-ms-ratelimit-remaining-subscription-reads|writes|deletes`. A throttled request costs nothing.
 */
import { armError, type EmuResponse } from "./http.js";

export type OperationType = "reads" | "writes" | "deletes";

export interface BucketSpec {
  readonly burst: number;
  readonly perSecond: number;
}

export interface ThrottleConfig {
  readonly enabled: boolean;
  readonly reads: BucketSpec;
  readonly writes: BucketSpec;
  readonly deletes: BucketSpec;
}

export type ThrottleConfigInput = Partial<Omit<ThrottleConfig, OperationType>> &
  Partial<Record<OperationType, Partial<BucketSpec>>>;

export const ARM_LIMITS: ThrottleConfig = Object.freeze({
  enabled: false,
  reads: { burst: 250, perSecond: 25 },
  writes: { burst: 200, perSecond: 10 },
  deletes: { burst: 200, perSecond: 10 },
});

interface Bucket {
  tokens: number;
  last: number;
}

export type ThrottleVerdict =
  | { readonly allowed: true; readonly headers: Record<string, string> }
  | { readonly allowed: false; readonly response: EmuResponse };

/** The operation type ARM counts a method as. */
export function operationType(method: string): OperationType {
  const m = method.toUpperCase();
  if (m === "GET" || m === "HEAD") return "reads";
  return m === "DELETE" ? "deletes" : "writes";
}

export class ArmThrottle {
  private cfg: ThrottleConfig = ARM_LIMITS;
  private buckets = new Map<string, Bucket>();

  constructor(private readonly realNow: () => number = Date.now) {}

  config(): ThrottleConfig {
    return this.cfg;
  }

  /** Changes limits (missing fields keep their value) and refills every bucket. */
  configure(input: ThrottleConfigInput): ThrottleConfig {
    const spec = (type: OperationType): BucketSpec => {
      const merged = { ...this.cfg[type], ...(input[type] ?? {}) };
      const { burst, perSecond } = merged as { burst: unknown; perSecond: unknown };
      if (
        typeof burst !== "number" ||
        typeof perSecond !== "number" ||
        !(burst >= 1) ||
        !(perSecond > 0)
      ) {
        throw new RangeError(`${type}: expected burst ≥ 1 and perSecond > 0`);
      }
      return merged;
    };
    if (input.enabled !== undefined && typeof input.enabled !== "boolean") {
      throw new RangeError("enabled: expected true or false");
    }
    this.cfg = {
      enabled: input.enabled ?? this.cfg.enabled,
      reads: spec("reads"),
      writes: spec("writes"),
      deletes: spec("deletes"),
    };
    this.buckets.clear();
    return this.cfg;
  }

  /** Takes a token for a request under `subscriptionId`, or answers 429. */
  take(subscriptionId: string, method: string): ThrottleVerdict {
    const type = operationType(method);
    const header = `x-ms-ratelimit-remaining-subscription-${type}`;
    if (!this.cfg.enabled) return { allowed: true, headers: {} };
    const spec = this.cfg[type];
    const key = `${subscriptionId.toLowerCase()}:${type}`;
    const now = this.realNow();
    const bucket = this.buckets.get(key) ?? { tokens: spec.burst, last: now };
    bucket.tokens = Math.min(
      spec.burst,
      bucket.tokens + ((now - bucket.last) / 1000) * spec.perSecond,
    );
    bucket.last = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, headers: { [header]: String(Math.floor(bucket.tokens)) } };
    }
    const wait = Math.max(1, Math.ceil((1 - bucket.tokens) / spec.perSecond));
    const noun = type === "reads" ? "read" : type === "writes" ? "write" : "delete";
    return {
      allowed: false,
      response: armError(
        429,
        "SubscriptionRequestsThrottled",
        `Number of '${noun}' requests for subscription '${subscriptionId}' actor 'emulator-principal' exceeded. Please try again after '${wait}' seconds after additional tokens are available. Refer to https://aka.ms/arm-throttling`,
        { headers: { "retry-after": String(wait), [header]: "0" } },
      ),
    };
  }
}
