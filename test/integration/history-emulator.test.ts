/**
 * @module The tick's history end to end on the emulator and Azurite: a simulated Monday and
 * Tuesday morning of ticks record one sample per GPU pool and UTC hour that matches what the
 * emulator was running at the hour's first tick, and a ledger entry for every stop gpu-warden
 * made, with the pre-stop node counts, open from the tick that confirmed the stop until the tick
 * that saw the cluster running again.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isGpuSku } from "../../src/core/skus/index.js";
import type { LedgerEntry, PoolDay } from "../../src/ports/history.js";
import {
  at,
  CLUSTER_PATH,
  MONDAY,
  newScenario,
  startStack,
  TICK_MINUTES,
  type Scenario,
  type Stack,
} from "./tick-emulator.harness.js";

let stack: Stack | undefined;
let day: Scenario;
/** GPU nodes running per `cluster pool`, just before the first tick of each UTC hour. */
const running = new Map<string, Map<string, number>>();
/** Each tick's instant and which clusters the emulator showed Running just before it. */
const ticks: { at: string; runningClusters: Set<string> }[] = [];
let days: PoolDay[] = [];
let ledger: LedgerEntry[] = [];
const historyErrors: string[] = [];

beforeAll(async () => {
  stack = await startStack();
  const emulator = stack.emulator;
  day = await newScenario(stack);
  const end = Date.parse(at("09:00", 1));
  while (day.now().getTime() < end) {
    const now = day.now().toISOString();
    const clusters = emulator.clusters();
    ticks.push({
      at: now,
      runningClusters: new Set(
        clusters.filter((c) => c.powerState === "Running").map((c) => c.id.toLowerCase()),
      ),
    });
    if (now.slice(14, 16) === "00") {
      const hour = new Map<string, number>();
      for (const c of clusters) {
        for (const p of c.pools.filter((pool) => isGpuSku(pool.vmSize))) {
          const on = c.powerState === "Running" && p.powerState === "Running";
          hour.set(`${c.id.toLowerCase()} ${p.name}`, on ? p.count : 0);
        }
      }
      running.set(now.slice(0, 13), hour);
    }
    historyErrors.push(...(await day.tick()).historyErrors);
    day.advance(TICK_MINUTES);
  }
  days = await day.store.samples.list({ from: MONDAY, to: at("00:00", 2) });
  ledger = await day.store.ledger.list({ from: MONDAY, to: at("00:00", 2) });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

describe("history on the emulator", () => {
  it("records without errors, one row per GPU pool and day", () => {
    // dev-t4's Spot T4 pool has no spot figure in the snapshot: left out, and said so.
    expect(historyErrors.every((e) => /^dev-t4\/gput4: no list price/.test(e))).toBe(true);
    const monday = running.get(MONDAY.slice(0, 13));
    expect(monday?.size).toBeGreaterThan(0);
    expect(days.filter((d) => d.day === "2026-11-23")).toHaveLength(monday?.size ?? -1);
  });

  it("samples every hour's node count as the emulator ran it at the hour's first tick", () => {
    const recorded = new Map<string, number | null>();
    for (const d of days) {
      d.hours.forEach((nodes, hour) => {
        const key = `${d.day}T${String(hour).padStart(2, "0")}`;
        recorded.set(`${key}|${d.clusterId.toLowerCase()} ${d.pool}`, nodes);
      });
    }
    let nonzero = 0;
    for (const [hour, pools] of running) {
      for (const [pool, nodes] of pools) {
        expect(recorded.get(`${hour}|${pool}`), `${hour} ${pool}`).toBe(nodes);
        if (nodes > 0) nonzero += 1;
      }
    }
    expect(nonzero).toBeGreaterThan(24); // the 24/7 pools at least
  });

  it("opens a stop entry per GPU pool at the confirming tick and closes it once running again", () => {
    const stops = ledger.filter((e) => e.kind === "stop");
    const ids = (open: boolean) =>
      new Set(stops.filter((e) => (e.to === null) === open).map((e) => e.clusterId));
    // Monday evening's stops resumed on Tuesday morning; the night's later stops are still open.
    expect(ids(false)).toEqual(new Set([CLUSTER_PATH["dev-a10"], CLUSTER_PATH["nb-a100"]]));
    expect(ids(true)).toEqual(new Set([CLUSTER_PATH["dev-a100"], CLUSTER_PATH["batch-a100"]]));
    for (const entry of stops) {
      const key = entry.clusterId.toLowerCase();
      // The tick before `from` still saw it running (the stop in flight) and `from` saw it stopped.
      const index = ticks.findIndex((t) => t.at === new Date(entry.from).toISOString());
      expect(ticks[index - 1]?.runningClusters.has(key)).toBe(true);
      expect(ticks[index]?.runningClusters.has(key)).toBe(false);
      // Its nodes are the pool's count the hour before the stop, priced from the snapshot.
      const hour = new Date(Date.parse(entry.from) - 3_600_000).toISOString().slice(0, 13);
      expect(entry.nodes).toBe(running.get(hour)?.get(`${key} ${entry.pool ?? ""}`));
      expect(entry.usdPerHour).toBeGreaterThan(0);
      expect(entry.basis).toBe("list-snapshot");
      // Closed at the first tick that saw it running again.
      if (entry.to === null) continue;
      const closing = ticks.findIndex((t) => t.at === entry.to);
      expect(ticks[closing]?.runningClusters.has(key)).toBe(true);
      expect(ticks[closing - 1]?.runningClusters.has(key)).toBe(false);
    }
  });
});
