/** @module Fault rules: glob matching, count limits, seeded probability, actions. */
import { describe, expect, it } from "vitest";
import { FaultInjector, globToRegExp } from "./faults.js";

describe("FaultInjector", () => {
  it("matches globs case-insensitively", () => {
    const re = globToRegExp("/subscriptions/*/providers/Microsoft.ContainerService/**");
    expect(re.test("/subscriptions/abc/providers/microsoft.containerservice/managedClusters")).toBe(
      true,
    );
    expect(re.test("/subscriptions/a/b/providers/Microsoft.ContainerService/x")).toBe(false);
  });

  it("fires count-limited rules N times, first match wins", () => {
    const f = new FaultInjector();
    const rule = f.add({
      method: "GET",
      path: "/x/**",
      status: 429,
      retryAfterSeconds: 2,
      times: 2,
    });
    f.add({ path: "/x/**", latencyMs: 5 });
    const kinds = [1, 2, 3].map(() => f.decide("get", "/x/y")?.action.kind);
    expect(kinds).toEqual(["respond", "respond", "pass"]);
    expect(f.decide("POST", "/x/y")?.fault.id).not.toBe(rule.id);
    expect(f.list().find((x) => x.id === rule.id)?.fired).toBe(2);
    const first = new FaultInjector().add({ path: "/a", status: 503 });
    expect(first.status).toBe(503);
  });

  it("is reproducible for a seed", () => {
    const sample = (seed: number): boolean[] => {
      const f = new FaultInjector(seed);
      f.add({ path: "/**", status: 500, probability: 0.3 });
      return Array.from({ length: 50 }, () => f.decide("GET", "/p") !== undefined);
    };
    expect(sample(7)).toEqual(sample(7));
    expect(sample(7)).not.toEqual(sample(8));
    const hits = sample(7).filter(Boolean).length;
    expect(hits).toBeGreaterThan(5);
    expect(hits).toBeLessThan(30);
  });

  it("builds ARM error responses and drops", () => {
    const f = new FaultInjector();
    f.add({ path: "/a", status: 429, retryAfterSeconds: 3 });
    f.add({ path: "/b", drop: true });
    const a = f.decide("GET", "/a");
    expect(a?.action).toMatchObject({
      kind: "respond",
      response: {
        status: 429,
        headers: { "retry-after": "3" },
        body: { error: { code: "TooManyRequests" } },
      },
    });
    expect(f.decide("GET", "/b")?.action.kind).toBe("drop");
    expect(() => f.add({ path: "/c" })).toThrow(/at least one/);
    expect(() => f.add({ path: "/c", status: 99 })).toThrow(/status/);
    expect(() => f.add({ path: "c", status: 500 })).toThrow(/path/);
    expect(f.remove("fault-1")).toBe(true);
    f.clear();
    expect(f.list()).toEqual([]);
  });
});
