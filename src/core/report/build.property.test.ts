/**
 * @module Property tests of the report's reconciliation: for any fleet, rows and paging, the
 * per-cluster lines plus `other` sum exactly to the total shown and within rounding to the raw
 * rows of the week; the paging never changes the report; savings equal the ledger, entry by entry.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cluster, pool } from "../../../test/fixtures/fleet.js";
import { input, nodeResource, NOW, pages, row, vmss } from "../../../test/fixtures/report.js";
import type { Cluster } from "../fleet/types.js";
import { addDays, dayStartMs, toCents } from "./days.js";
import { buildWeeklyReport, entryCents, type CostRow, type LedgerEntry } from "./index.js";

const FLEET: readonly Cluster[] = Array.from({ length: 6 }, (_, i) =>
  cluster(`c${String(i)}`, {
    pools: [
      pool({ name: "system", mode: "System", vmSize: "Standard_D4s_v5" }),
      pool({ name: "gpu" }),
    ],
  }),
);
const member = (c: number): Cluster => {
  const found = FLEET[c];
  if (found === undefined) throw new Error(`no cluster ${String(c)}`);
  return found;
};
const STRAY = "/subscriptions/x/resourceGroups/other/providers/Microsoft.Storage/storageAccounts/s";

const resource = fc.oneof(
  fc
    .tuple(fc.nat(FLEET.length - 1), fc.constantFrom("gpu", "system", "ghost"))
    .map(([c, p]) => vmss(member(c), p)),
  fc.nat(FLEET.length - 1).map((c) => nodeResource(member(c), "Microsoft.Compute/disks", "pvc")),
  fc.constant(STRAY),
);
const rowArb = fc
  .tuple(fc.integer({ min: -20, max: 0 }), resource, fc.double({ min: 0, max: 5000, noNaN: true }))
  .map(([offset, id, cost]): CostRow => row(addDays("2026-11-22", offset), id, cost));

describe("weekly report reconciliation", () => {
  it("clusters + other = total (exactly, in cents) ≈ the week's raw rows; paging changes nothing", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(rowArb, { maxLength: 200 }),
        fc.integer({ min: 1, max: 50 }),
        async (rows, size) => {
          const a = await buildWeeklyReport(input(rows, { fleet: FLEET }), NOW);
          const b = await buildWeeklyReport(
            { ...input([], { fleet: FLEET }), costPages: pages(rows, size) },
            NOW,
          );
          expect(b).toEqual(a);
          const lines = a.clusters.reduce((sum, c) => sum + toCents(c.week), 0);
          expect(lines + toCents(a.other.week)).toBe(toCents(a.total.usd));
          const raw = rows
            .filter((r) => r.date >= a.week.from && r.date <= a.week.to)
            .reduce((sum, r) => sum + r.costUsd, 0);
          const tolerance = 0.005 * (a.clusters.length + 1) + 1e-6;
          expect(Math.abs(a.total.usd - raw)).toBeLessThanOrEqual(tolerance);
          const gpu = a.clusters.reduce((sum, c) => sum + toCents(c.gpuWeek), 0);
          expect(gpu).toBe(toCents(a.gpuTotal.usd));
        },
      ),
      { numRuns: 150 },
    );
  });

  const entryArb = fc
    .record({
      start: fc.integer({ min: -400, max: 200 }),
      length: fc.option(fc.integer({ min: 1, max: 300 }), { nil: null }),
      nodes: fc.integer({ min: 0, max: 8 }),
      price: fc.double({ min: 0.1, max: 100, noNaN: true }),
      kind: fc.constantFrom("stop" as const, "scale-to-zero" as const),
      c: fc.nat(FLEET.length - 1),
    })
    .map(({ start, length, nodes, price, kind, c }): LedgerEntry => {
      const from = dayStartMs("2026-11-16") + start * 3_600_000;
      return {
        clusterId: member(c).id,
        kind,
        from: new Date(from).toISOString(),
        to: length === null ? null : new Date(from + length * 3_600_000).toISOString(),
        nodes,
        usdPerHour: price,
        basis: "list-snapshot",
        priceAsOf: "2026-09-12",
      };
    });

  it("savings shown = Σ lines = Σ over the ledger of node-hours in the week × price", async () => {
    const window = { fromMs: dayStartMs("2026-11-16"), toMs: dayStartMs("2026-11-23") };
    await fc.assert(
      fc.asyncProperty(fc.array(entryArb, { maxLength: 30 }), async (ledger) => {
        const report = await buildWeeklyReport(input([], { fleet: FLEET, ledger }), NOW);
        const ledgerCents = ledger.reduce((s, e) => s + entryCents(e, window, NOW.getTime()), 0);
        const lineCents = report.savingsLines.reduce((s, l) => s + toCents(l.usd), 0);
        expect(toCents(report.savings.usd)).toBe(ledgerCents);
        expect(lineCents).toBe(ledgerCents);
        for (const e of ledger) {
          const from = Date.parse(e.from);
          const to = e.to === null ? NOW.getTime() : Date.parse(e.to);
          const inside = Math.max(0, Math.min(to, window.toMs) - Math.max(from, window.fromMs));
          const expected = (inside / 3_600_000) * e.nodes * e.usdPerHour;
          expect(entryCents(e, window, NOW.getTime()) / 100).toBeCloseTo(expected, 2);
        }
      }),
      { numRuns: 200 },
    );
  });
});
