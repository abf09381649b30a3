/**
 * @module The emulated cluster autoscaler (setting `clusterAutoscaler`): an autoscaled pool with a
 * utilization profile shrinks to minCount after 10 idle virtual minutes and grows back to its
 * earlier count when busy; off by default; a pool without a profile is left alone.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "../../src/emulator/index.js";
import { smallFleet } from "./helpers.js";

/** dev-a100's gpu pool (autoscaled, count 2, 1–4): busy Mon 09:00–10:00 UTC, idle otherwise. */
function fleet(minCount: number) {
  const base = smallFleet();
  const [sub] = base.subscriptions;
  const gpu = sub?.clusters?.[0]?.pools[1];
  if (!gpu) throw new Error("unexpected small fleet");
  gpu.minCount = minCount;
  gpu.gpuUtil = { default: 1, "Mon 09:00-10:00": 70 };
  return base;
}

describe("emulated cluster autoscaler", () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(async () => {
    await emulator.stop();
  });
  beforeEach(() => {
    emulator.configure({ clusterAutoscaler: true });
  });

  const gpu = () =>
    emulator
      .clusters()
      .find((c) => c.name === "dev-a100")
      ?.pools.find((p) => p.name === "gpu");
  const at = (time: string) => new Date(`2026-11-23T${time}:00Z`);

  it("shrinks an idle pool to minCount (0) and grows it back to its earlier count when busy", () => {
    emulator.loadFleet(fleet(0));
    emulator.clock.set(at("00:04"));
    expect(gpu()).toMatchObject({ count: 2, runningNodes: 2 });
    emulator.clock.set(at("00:15"));
    expect(gpu()).toMatchObject({ count: 0, runningNodes: 0 });
    emulator.clock.set(at("09:05"));
    expect(gpu()).toMatchObject({ count: 2, runningNodes: 2 });
    emulator.clock.set(at("10:20"));
    expect(gpu()).toMatchObject({ count: 0, runningNodes: 0 });
  });

  it("never goes below minCount", () => {
    emulator.loadFleet(fleet(1));
    emulator.clock.set(at("01:00"));
    expect(gpu()).toMatchObject({ count: 1, runningNodes: 1 });
  });

  it("is off by default: the pool keeps its nodes", () => {
    emulator.configure({ clusterAutoscaler: false });
    emulator.loadFleet(fleet(0));
    emulator.clock.set(at("01:00"));
    expect(gpu()).toMatchObject({ count: 2, runningNodes: 2 });
  });
});
