/**
 * @module The local timer trigger: fires on the clock's 5-minute marks, never overlaps itself
 * (marks missed meanwhile are skipped), reports `isPastDue: false`, and stops cleanly.
 */
import type { Timer } from "@azure/functions";
import { afterEach, describe, expect, it, vi } from "vitest";
import { startTimer } from "./host-timer.js";

afterEach(() => {
  vi.useRealTimers();
});

describe("timer", () => {
  it("fires on the 5-minute marks without overlapping a slow invocation", async () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date("2026-11-23T00:04:59.000Z"));
    const fired: string[] = [];
    const infos: Timer[] = [];
    let active = 0;
    let maxActive = 0;
    const timer = startTimer({
      name: "tick",
      everyMinutes: 5,
      clock: { now: () => new Date(), speed: () => 1 },
      log: () => undefined,
      run: async (info) => {
        infos.push(info);
        fired.push(new Date().toISOString());
        active += 1;
        maxActive = Math.max(maxActive, active);
        // The first invocation takes 7 minutes: the 00:10 mark passes while it runs.
        const ms = fired.length === 1 ? 7 * 60_000 : 1_000;
        await new Promise((resolve) => setTimeout(resolve, ms));
        active -= 1;
      },
    });
    expect(timer.next().toISOString()).toBe("2026-11-23T00:05:00.000Z");
    await vi.advanceTimersByTimeAsync(20 * 60_000); // to 00:24:59;
    await timer.stop();
    expect(fired).toEqual([
      "2026-11-23T00:05:00.000Z",
      "2026-11-23T00:15:00.000Z",
      "2026-11-23T00:20:00.000Z",
    ]);
    expect(maxActive).toBe(1);
    expect(infos.every((i) => !i.isPastDue)).toBe(true);
    expect(infos[1]?.scheduleStatus.last).toBe("2026-11-23T00:05:00.000Z");
  });

  it("follows a faster clock, and stop() waits for the invocation in progress", async () => {
    const virtual = Date.parse("2026-11-23T00:00:00.000Z");
    const started = Date.now();
    const clock = { now: () => new Date(virtual + (Date.now() - started) * 600), speed: () => 600 };
    let finished = 0;
    const timer = startTimer({
      name: "tick",
      everyMinutes: 5,
      clock,
      log: () => undefined,
      run: async () => {
        await new Promise((resolve) => setTimeout(resolve, 100));
        finished += 1;
      },
    });
    // 5 virtual minutes at ×600 are 0.5 s: the first invocation starts at about 500 ms.
    await new Promise((resolve) => setTimeout(resolve, 550));
    await timer.stop();
    expect(finished).toBe(1);
  });
});
