/** @module The virtual clock: timers run in order at their instant; no going back; speed. */
import { describe, expect, it } from "vitest";
import { VirtualClock } from "./clock.js";

describe("VirtualClock", () => {
  it("runs timers in time order with the clock at each timer's instant", () => {
    const clock = new VirtualClock({ startMs: 1000 });
    const seen: [string, number][] = [];
    clock.schedule(5000, () => seen.push(["b", clock.now()]));
    clock.schedule(3000, () => seen.push(["a", clock.now()]));
    const cancel = clock.schedule(4000, () => seen.push(["x", clock.now()]));
    cancel();
    clock.advanceTo(4500);
    expect(seen).toEqual([["a", 3000]]);
    expect(clock.now()).toBe(4500);
    clock.advanceBy(10_000);
    expect(seen).toEqual([
      ["a", 3000],
      ["b", 5000],
    ]);
  });

  it("runs zero-delay timers on runDue and refuses to go backwards", () => {
    const clock = new VirtualClock({ startMs: 0 });
    let ran = false;
    clock.schedule(0, () => (ran = true));
    clock.runDue();
    expect(ran).toBe(true);
    expect(() => {
      clock.advanceTo(-1);
    }).toThrow(/backwards/);
    expect(() => {
      clock.advanceBy(-5);
    }).toThrow(RangeError);
  });

  it("follows real time at a speed factor", () => {
    let real = 0;
    const clock = new VirtualClock({ startMs: 0, speed: 60, realNow: () => real });
    real = 1000;
    expect(clock.now()).toBe(60_000);
    clock.setSpeed(0);
    real = 5000;
    expect(clock.now()).toBe(60_000);
    clock.reset(10);
    expect(clock.now()).toBe(10);
  });
});
