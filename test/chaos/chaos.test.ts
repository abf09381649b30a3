/**
 * @module The short form of the chaos suite (SPEC §16, reliability), in `npm test`: a fixed range
 * of seeds, each a random fleet, policy and schedule run under random ARM, Resource Graph,
 * Prometheus and Slack faults, with the app killed before or after an ARM call and Azurite
 * restarted between ticks or taken down in the middle of one; every invariant is checked after
 * every tick (see run-seed.ts, invariants.ts). The long form is `npm run chaos` (run.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runSeed, type SeedResult } from "./run-seed.js";
import { startChaosStack, type ChaosStack } from "./stack.js";

const SEEDS = Array.from({ length: 12 }, (_, i) => i + 1);

let stack: ChaosStack | undefined;
const results: SeedResult[] = [];

beforeAll(async () => {
  stack = await startChaosStack();
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

describe("chaos (short form)", () => {
  it.each(SEEDS)(
    "seed %i: nothing untouchable changed, every action recorded, no restore record lost, no double call, converged",
    async (seed) => {
      if (!stack) throw new Error("the stack did not start");
      const result = await runSeed(stack, seed);
      results.push(result);
      expect(result.violations).toEqual([]);
    },
    90_000,
  );

  it("really went through faults, kills and storage outages", () => {
    const total = (key: "kills" | "storageOutages" | "faulted" | "failedTicks"): number =>
      results.reduce((n, r) => n + r[key], 0);
    expect(total("faulted")).toBeGreaterThan(50);
    expect(total("failedTicks")).toBeGreaterThan(5);
    expect(total("kills")).toBeGreaterThan(3);
    expect(total("storageOutages")).toBeGreaterThan(3);
  });
});
