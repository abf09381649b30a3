/** @module ARM token buckets: burst, refill in real time, per subscription and operation type. */
import { describe, expect, it } from "vitest";
import { ArmThrottle, operationType } from "./throttle.js";

describe("ArmThrottle", () => {
  it("is off by default and uses ARM's limits", () => {
    const t = new ArmThrottle();
    expect(t.take("s", "GET")).toEqual({ allowed: true, headers: {} });
    expect(t.config()).toMatchObject({
      reads: { burst: 250, perSecond: 25 },
      writes: { burst: 200, perSecond: 10 },
    });
  });

  it("allows the burst, then answers 429 with Retry-After until tokens refill", () => {
    let now = 0;
    const t = new ArmThrottle(() => now);
    t.configure({ enabled: true, reads: { burst: 3, perSecond: 0.5 } });
    const remaining = [1, 2, 3].map(() => {
      const v = t.take("sub-a", "GET");
      return v.allowed ? v.headers["x-ms-ratelimit-remaining-subscription-reads"] : "denied";
    });
    expect(remaining).toEqual(["2", "1", "0"]);
    const denied = t.take("sub-a", "GET");
    expect(denied.allowed).toBe(false);
    if (!denied.allowed) {
      expect(denied.response.status).toBe(429);
      expect(denied.response.headers?.["retry-after"]).toBe("2");
      expect(denied.response.body).toMatchObject({
        error: { code: "SubscriptionRequestsThrottled" },
      });
    }
    expect(t.take("sub-b", "GET").allowed).toBe(true);
    expect(t.take("sub-a", "PUT").allowed).toBe(true);
    now = 2000;
    expect(t.take("sub-a", "GET").allowed).toBe(true);
    expect(t.take("sub-a", "GET").allowed).toBe(false);
  });

  it("classifies methods and rejects bad limits", () => {
    expect([operationType("GET"), operationType("post"), operationType("DELETE")]).toEqual([
      "reads",
      "writes",
      "deletes",
    ]);
    const t = new ArmThrottle();
    expect(() => t.configure({ reads: { burst: 0 } })).toThrow(RangeError);
  });
});
