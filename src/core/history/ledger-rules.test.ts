/**
 * @module The savings-ledger rules: a confirmed stop opens an entry per GPU pool that had nodes,
 * a start closes them; a scale-to-zero opens one for its pool, the restore closes it; a pool is
 * never counted twice; savings are nodes × price × hours.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cluster, pool } from "../../../test/fixtures/fleet.js";
import type { LedgerEntry } from "../report/types.js";
import { entrySavings, ledgerChanges, type LedgerInput } from "./ledger-rules.js";

const NOW = "2026-11-23T20:05:00.000Z";
const A100 = "Standard_NC24ads_A100_v4";
const stoppedDev = cluster("dev", {
  powerState: "Stopped",
  pools: [
    pool({ name: "system", mode: "System", vmSize: "Standard_D4s_v5", count: 0 }),
    pool({ name: "gpu", count: 0, powerState: "Stopped" }),
    pool({ name: "spot", count: 0, scaleSetPriority: "Spot", vmSize: A100 }),
  ],
});
const before = [
  { pool: "system", vmSize: "Standard_D4s_v5", nodes: 1, priority: "Regular" },
  { pool: "gpu", vmSize: A100, nodes: 2, priority: "Regular" },
  { pool: "spot", vmSize: A100, nodes: 3, priority: "Spot" },
  { pool: "idle", vmSize: A100, nodes: 0, priority: "Regular" },
] as const;

function input(overrides: Partial<LedgerInput>): LedgerInput {
  return { now: NOW, fleet: [], complete: true, open: [], stopped: [], scaled: [], ...overrides };
}

function entry(overrides: Partial<LedgerEntry>): LedgerEntry {
  return {
    clusterId: stoppedDev.id,
    pool: "gpu",
    kind: "stop",
    from: "2026-11-22T20:05:00Z",
    to: null,
    nodes: 2,
    usdPerHour: 3.673,
    basis: "list-snapshot",
    ...overrides,
  };
}

describe("ledger rules", () => {
  it("a confirmed stop opens one entry per GPU pool that had nodes, priced by priority", () => {
    const changes = ledgerChanges(
      input({ fleet: [stoppedDev], stopped: [{ cluster: stoppedDev, pools: before }] }),
    );
    expect(changes.closes).toEqual([]);
    expect(changes.opens.map((e) => [e.pool, e.kind, e.nodes, e.from, e.to])).toEqual([
      ["gpu", "stop", 2, NOW, null],
      ["spot", "stop", 3, NOW, null],
    ]);
    const [gpu, spot] = changes.opens;
    expect(gpu?.usdPerHour).toBe(3.673);
    expect(gpu?.basis).toBe("list-snapshot");
    expect(spot?.usdPerHour).toBeLessThan(gpu?.usdPerHour ?? 0);
  });

  it("a start closes the stop entries; a stopped cluster keeps them open", () => {
    const open = [entry({ pool: "gpu" }), entry({ pool: "spot", nodes: 3 })];
    expect(ledgerChanges(input({ fleet: [stoppedDev], open })).closes).toEqual([]);
    const started = { ...stoppedDev, powerState: "Running" as const };
    expect(ledgerChanges(input({ fleet: [started], open })).closes).toEqual([
      { clusterId: stoppedDev.id, pool: "gpu" },
      { clusterId: stoppedDev.id, pool: "spot" },
    ]);
  });

  it("a scale-to-zero opens an entry for its pool, closed once the pool has nodes again", () => {
    const running = cluster("dev", { pools: [pool({ name: "gpu", count: 0 })] });
    const scaled = [{ cluster: running, pool: { ...before[1] } }];
    const opened = ledgerChanges(input({ fleet: [running], scaled })).opens;
    expect(opened).toMatchObject([{ pool: "gpu", kind: "scale-to-zero", nodes: 2 }]);
    const open = opened.map((e) => ({ ...e }));
    expect(ledgerChanges(input({ fleet: [running], open })).closes).toEqual([]);
    const restored = cluster("dev", { pools: [pool({ name: "gpu", count: 2 })] });
    expect(ledgerChanges(input({ fleet: [restored], open })).closes).toEqual([
      { clusterId: running.id, pool: "gpu" },
    ]);
  });

  it("never counts a pool twice: a scaled-down pool whose cluster stops keeps its one entry", () => {
    const scaledDown = entry({ kind: "scale-to-zero", pool: "gpu", nodes: 2 });
    const changes = ledgerChanges(
      input({
        fleet: [stoppedDev],
        open: [scaledDown],
        stopped: [{ cluster: stoppedDev, pools: [{ ...before[1], nodes: 1 }, before[2]] }],
      }),
    );
    expect(changes.closes).toEqual([]); // cluster stopped: the scale entry runs on
    expect(changes.opens.map((e) => e.pool)).toEqual(["spot"]);
    // The cluster starts but the pool is still at 0 until its restore: still one open entry.
    const started = cluster("dev", { pools: [pool({ name: "gpu", count: 0 })] });
    const afterStart = ledgerChanges(input({ fleet: [started], open: [scaledDown] }));
    expect(afterStart.closes).toEqual([]);
  });

  it("a cluster gone from a complete discovery closes its entries; a partial one keeps them", () => {
    const open = [entry({})];
    expect(ledgerChanges(input({ open })).closes).toHaveLength(1);
    expect(ledgerChanges(input({ open, complete: false })).closes).toEqual([]);
  });

  it("savings are nodes × price × hours, open entries up to the end, clipped to the window", () => {
    const e = entry({ from: "2026-11-23T00:00:00Z", to: null, nodes: 2, usdPerHour: 3 });
    const from = Date.parse("2026-11-22T00:00:00Z");
    expect(entrySavings(e, from, Date.parse("2026-11-23T10:00:00Z"))).toBeCloseTo(60);
    const closed = { ...e, to: "2026-11-23T05:00:00Z" };
    expect(entrySavings(closed, from, Date.parse("2026-11-23T10:00:00Z"))).toBeCloseTo(30);
    expect(
      entrySavings(closed, Date.parse("2026-11-23T06:00:00Z"), Date.parse("2026-11-24T00:00:00Z")),
    ).toBe(0);
  });

  it("opens at most one entry per pool, whatever the mix of confirmations", () => {
    const poolNames = fc.constantFrom("gpu", "spot", "GPU");
    fc.assert(
      fc.property(
        fc.array(fc.record({ pool: poolNames, nodes: fc.nat(4) })),
        fc.array(fc.record({ pool: poolNames, nodes: fc.nat(4) })),
        (stops, scales) => {
          const changes = ledgerChanges(
            input({
              fleet: [stoppedDev],
              stopped: [
                {
                  cluster: stoppedDev,
                  pools: stops.map((s) => ({ ...s, vmSize: A100, priority: "Regular" as const })),
                },
              ],
              scaled: scales.map((s) => ({
                cluster: stoppedDev,
                pool: { ...s, vmSize: A100, priority: "Regular" as const },
              })),
            }),
          );
          const keys = changes.opens.map((e) => e.pool?.toLowerCase());
          expect(new Set(keys).size).toBe(keys.length);
          expect(changes.opens.every((e) => e.nodes > 0)).toBe(true);
        },
      ),
    );
  });
});
