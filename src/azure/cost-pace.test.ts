/**
 * @module The Cost Management pacer: never more queries in a window than allowed, waits for a
 * slot when it can, gives up with `Throttled` when the wait would be too long, and lets
 * everything that is not a query through untouched.
 */
import { createHttpHeaders, createPipelineRequest } from "@azure/core-rest-pipeline";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CostError } from "../ports/costs.js";
import { costPacePolicy, pacer, type PaceWindow } from "./cost-pace.js";

/** A virtual clock: `sleep` advances it. */
function clock() {
  let t = 1_000_000;
  const slept: number[] = [];
  return {
    now: () => t,
    sleep: (ms: number) => {
      slept.push(ms);
      t += ms;
      return Promise.resolve();
    },
    advance: (ms: number) => {
      t += ms;
    },
    slept,
  };
}

const WINDOWS: readonly PaceWindow[] = [
  { requests: 4, seconds: 10 },
  { requests: 20, seconds: 60 },
];

describe("pacer", () => {
  it("sends a burst of 4 at once, then one slot at a time as the 10 s window frees", async () => {
    const c = clock();
    const pace = pacer({ windows: WINDOWS, now: c.now, sleep: c.sleep });
    const times: number[] = [];
    for (let i = 0; i < 6; i += 1) {
      await pace.take("q");
      times.push(c.now());
    }
    expect(times.slice(0, 4)).toEqual([1_000_000, 1_000_000, 1_000_000, 1_000_000]);
    expect(times[4]).toBe(1_010_000);
    expect(times[5]).toBe(1_010_000);
  });

  it("never exceeds any window, for any arrival pattern (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 8_000 }), { maxLength: 60 }),
        async (gaps) => {
          const c = clock();
          const pace = pacer({
            windows: WINDOWS,
            now: c.now,
            sleep: c.sleep,
            maxWaitSeconds: 3600,
          });
          const sent: number[] = [];
          for (const gap of gaps) {
            c.advance(gap);
            await pace.take("q");
            sent.push(c.now());
          }
          for (const w of WINDOWS)
            for (const t of sent)
              expect(
                sent.filter((s) => s > t - w.seconds * 1000 && s <= t).length,
              ).toBeLessThanOrEqual(w.requests);
        },
      ),
    );
  });

  it("gives up at once with Throttled when a slot is further away than the bound", async () => {
    const c = clock();
    const pace = pacer({ windows: WINDOWS, now: c.now, sleep: c.sleep, maxWaitSeconds: 5 });
    for (let i = 0; i < 4; i += 1) await pace.take("q");
    const error = await pace.take("Cost Management query at /x").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CostError);
    expect(error).toMatchObject({ code: "Throttled", retryAfterSeconds: 10 });
    expect(c.slept).toEqual([]);
  });

  it("concurrent callers queue for slots in arrival order", async () => {
    const c = clock();
    const pace = pacer({ windows: [{ requests: 2, seconds: 10 }], now: c.now, sleep: c.sleep });
    const order: number[] = [];
    await Promise.all([0, 1, 2, 3].map((i) => pace.take("q").then(() => order.push(i))));
    expect(order).toEqual([0, 1, 2, 3]);
    expect(c.slept).toEqual([10_000]);
  });
});

describe("costPacePolicy", () => {
  const ok = () =>
    Promise.resolve({
      status: 200,
      headers: createHttpHeaders(),
      request: createPipelineRequest({ url: "https://x" }),
    });

  it("paces query POSTs (first page and nextLink) and nothing else", async () => {
    const c = clock();
    const policy = costPacePolicy({
      windows: [{ requests: 1, seconds: 10 }],
      now: c.now,
      sleep: c.sleep,
    });
    const send = (method: "GET" | "POST", url: string) =>
      policy.sendRequest(createPipelineRequest({ url, method }), ok);
    const query =
      "https://management.azure.com/subscriptions/s/providers/Microsoft.CostManagement/query";
    await send("POST", `${query}?api-version=2023-03-01`);
    await send(
      "GET",
      "https://management.azure.com/subscriptions/s/providers/Microsoft.Consumption/budgets/b",
    );
    await send(
      "POST",
      "https://management.azure.com/subscriptions/s/providers/Microsoft.ContainerService/managedClusters/c/stop",
    );
    expect(c.slept).toEqual([]);
    await send("POST", `${query}?api-version=2023-03-01&$skiptoken=2`);
    expect(c.slept).toEqual([10_000]);
  });
});

describe("pacer without windows", () => {
  it("lets everything through at once (the emulator has no tenant quota)", async () => {
    const c = clock();
    const pace = pacer({ windows: [], now: c.now, sleep: c.sleep });
    for (let i = 0; i < 100; i += 1) await pace.take("q");
    expect(c.slept).toEqual([]);
  });
});
