/**
 * @module Reservation advice in the cases FinOps people check first: the A100 break-even, a pool
 * on a 60 h/week schedule refused with the money it would lose, a 24/7 pool reserved with its
 * savings, 1- vs 3-year, Spot and retired sizes never reserved.
 */
import { describe, expect, it } from "vitest";
import { listPrice, type HourlyPrice } from "../skus/index.js";
import { adviseReservation } from "./advise.js";
import { besideAzure } from "./beside-azure.js";
import { describePoolRefusal, describeTerms, describeVerdict } from "./describe.js";
import type { PoolUsage, ReservationInput } from "./types.js";

const A100 = "Standard_NC24ads_A100_v4";
const ON = new Date("2026-11-23T00:00:00Z");
const HOURS = 720;

function snapshot(kind: "payg" | "reserved1y"): HourlyPrice {
  const price = listPrice(A100, kind);
  if (price === undefined) throw new Error(`no ${kind} price in the snapshot`);
  return price;
}

/** A price like the snapshot's, at another figure (e.g. an assumed 3-year rate). */
function priced(base: HourlyPrice, kind: HourlyPrice["kind"], usdPerHour: number): HourlyPrice {
  return { ...base, kind, usdPerHour };
}

const A100_PRICES = { payg: snapshot("payg"), reserved1y: snapshot("reserved1y") };

/** `nodes` every hour of 30 days. */
const always = (nodes: number): number[] => new Array<number>(HOURS).fill(nodes);

/** `nodes` on weekdays 08:00–20:00 for 30 days from a Monday 00:00 (60 h a week). */
function weekdays8to20(nodes: number): number[] {
  return Array.from({ length: HOURS }, (_, h) => {
    const day = Math.floor(h / 24) % 7;
    const hour = h % 24;
    return day < 5 && hour >= 8 && hour < 20 ? nodes : 0;
  });
}

const pool = (name: string, hourlyCounts: number[], extra: Partial<PoolUsage> = {}): PoolUsage => ({
  pool: name,
  priority: "Regular",
  hourlyCounts,
  ...extra,
});

const advise = (pools: PoolUsage[], more: Partial<ReservationInput> = {}) =>
  adviseReservation({
    vmSize: A100,
    region: "eastus",
    pools,
    prices: A100_PRICES,
    on: ON,
    ...more,
  });

describe("reservation advice", () => {
  it("puts the break-even of an NC24ads_A100_v4 at about 61 % ($3.673/h vs $2.24/h on 1 year)", () => {
    const advice = advise([pool("prod/infer/gpu", always(1))]);
    const oneYear = advice.terms.find((t) => t.term === "1y");
    expect(oneYear?.breakEvenUptime).toBeCloseTo(0.61, 2);
    expect(oneYear?.breakEvenHoursPerWeek).toBeCloseTo(102.5, 0);
  });

  it("reserves a 24/7 pool, with its annual savings", () => {
    const advice = advise([pool("prod/infer/gpu", always(2))]);
    expect(advice.verdict).toEqual({
      kind: "reserve",
      term: "1y",
      quantity: 2,
      annualSavings: expect.closeTo((3.673 - 2.24) * 2 * 8760, 2) as number,
    });
    expect(advice.terms[0]?.utilization).toBe(1);
    expect(describeVerdict(advice)).toBe(
      "Standard_NC24ads_A100_v4 in eastus: reserve 2 for 1-year, saving about $25,106 a year " +
        "(snapshot 2026-09-12)",
    );
  });

  it("refuses a pool that ran 60 h/week and states the yearly loss of reserving 1", () => {
    const advice = advise([pool("dev/train/gpu", weekdays8to20(1))]);
    const uptime = (22 * 12) / HOURS; // 22 weekdays in 30 days from a Monday
    expect(advice.uptime).toBeCloseTo(uptime, 10);
    expect(advice.verdict).toEqual({
      kind: "refuse",
      reasons: [
        {
          kind: "below-break-even",
          uptime: expect.closeTo(uptime, 10) as number,
          term: "1y",
          breakEvenUptime: expect.closeTo(2.24 / 3.673, 10) as number,
          annualLossOfOne: expect.closeTo((2.24 - 3.673 * uptime) * 8760, 6) as number,
        },
      ],
    });
    expect(describeVerdict(advice)).toBe(
      "Standard_NC24ads_A100_v4 in eastus: do not reserve — the pools ran 37 % of hours " +
        "(62 h/week); a 1-year reservation pays only from 61 % (102 h/week); reserving 1 " +
        "instance would lose $7,825 a year (snapshot 2026-09-12)",
    );
  });

  it("refuses a pool whose schedule keeps it on 60 h/week, even after a 24/7 month", () => {
    const plan = { by: "schedule" as const, uptime: 60 / 168, detail: 'schedule "weekdays 08-20"' };
    const advice = advise([pool("dev/train/gpu", always(1), { plan })]);
    expect(advice.verdict).toEqual({ kind: "refuse", reasons: [{ kind: "no-eligible-pools" }] });
    const [refusal] = advice.excluded;
    expect(refusal?.reason).toMatchObject({ kind: "switched-off", by: "schedule", term: "1y" });
    // notes/finops.md §3: $11.5k/yr on pay-as-you-go vs $19.6k/yr reserved, ≈ $8k lost.
    if (refusal?.reason.kind !== "switched-off") throw new Error("expected a switched-off pool");
    expect(refusal.reason.annualLossOfOne).toBeCloseTo(2.24 * 8760 - 3.673 * (60 / 168) * 8760, 6);
    expect(describePoolRefusal(refusal, advice)).toBe(
      'dev/train/gpu: schedule "weekdays 08-20" keeps it on 36 % of hours (60 h/week); a 1-year ' +
        "reservation pays only from 61 % (102 h/week); reserving 1 instance would lose $8,131 " +
        "a year (snapshot 2026-09-12)",
    );
  });

  it("sizes the steady base and leaves a scheduled dev pool of the same size out", () => {
    const plan = { by: "idle-policy" as const, uptime: 0.2 };
    const advice = advise([
      pool("prod/infer/gpu", always(1)),
      pool("dev/train/gpu", weekdays8to20(3), { plan }),
    ]);
    expect(advice.verdict).toMatchObject({ kind: "reserve", quantity: 1 });
    expect(advice.excluded.map((e) => e.pool)).toEqual(["dev/train/gpu"]);
  });

  it("reserves only the instances that run above break-even", () => {
    const burst = always(3).map((n, h) => (h % 24 < 8 ? n + 2 : n)); // 2 more for 8 h a day
    expect(advise([pool("p", burst)]).verdict).toMatchObject({ kind: "reserve", quantity: 3 });
  });

  it("compares 1 and 3 years and takes the one that saves more a year", () => {
    const prices = { ...A100_PRICES, reserved3y: priced(A100_PRICES.payg, "reserved3y", 1.45) };
    const advice = advise([pool("p", always(1))], { prices });
    expect(advice.terms.map((t) => [t.term, t.quantity])).toEqual([
      ["1y", 1],
      ["3y", 1],
    ]);
    expect(advice.verdict).toMatchObject({ kind: "reserve", term: "3y" });
    expect(describeTerms(advice)).toEqual([
      "1-year: break-even 61 % (102 h/week); best 1, saving $12,553 a year at 100 % utilization " +
        "(snapshot 2026-09-12)",
      "3-year: break-even 39 % (66 h/week); best 1, saving $19,473 a year at 100 % utilization " +
        "(snapshot 2026-09-12)",
    ]);
    expect(advice.verdict.kind === "reserve" && advice.verdict.annualSavings).toBeCloseTo(
      (3.673 - 1.45) * 8760,
      6,
    );
  });

  it("never reserves a Spot pool", () => {
    const advice = advise([pool("batch/spot", always(4), { priority: "Spot" })]);
    expect(advice.excluded).toEqual([{ pool: "batch/spot", reason: { kind: "spot" } }]);
    expect(advice.verdict).toEqual({ kind: "refuse", reasons: [{ kind: "no-eligible-pools" }] });
  });

  it("never recommends a retired or retiring size, nor a term the size would not outlive", () => {
    const v100 = (on: string, prices = A100_PRICES) =>
      adviseReservation({
        vmSize: "standard_nc6s_v3",
        region: "EastUS",
        pools: [pool("old/gpu", always(1))],
        prices: { ...prices, reserved3y: priced(prices.payg, "reserved3y", 1.2) },
        on: new Date(on),
      });
    expect(v100("2026-01-01T00:00:00Z").verdict).toEqual({
      kind: "refuse",
      reasons: [{ kind: "retired", retirementDate: "2025-09-30" }],
    });
    expect(v100("2025-03-01T00:00:00Z").verdict).toEqual({
      kind: "refuse",
      reasons: [{ kind: "retiring", retirementDate: "2025-09-30" }],
    });
    const early = v100("2023-06-01T00:00:00Z");
    expect(early.vmSize).toBe("Standard_NC6s_v3");
    expect(early.region).toBe("eastus");
    expect(early.terms.map((t) => t.retiresWithinTerm)).toEqual([false, true]);
    expect(early.verdict).toMatchObject({ kind: "reserve", term: "1y" });
  });

  it("refuses without enough history or without prices", () => {
    expect(advise([pool("p", always(1).slice(0, 100))]).verdict).toEqual({
      kind: "refuse",
      reasons: [{ kind: "short-history", hours: 100, needed: 720 }],
    });
    expect(advise([pool("p", always(1))], { prices: { payg: A100_PRICES.payg } }).verdict).toEqual({
      kind: "refuse",
      reasons: [{ kind: "no-prices", missing: "reservation" }],
    });
  });

  it("shows Azure's own recommendation beside ours, by size and region", () => {
    const ours = advise([pool("p", always(1))]);
    const azure = {
      vmSize: "Standard_NC24ads_A100_v4",
      region: "EastUS",
      term: "3y" as const,
      quantity: 1,
      netSavings: 812.4,
      costWithNoReservedInstances: 2644.6,
      totalCostWithReservedInstances: 1832.2,
      lookBackPeriod: "Last30Days" as const,
      scope: "Single" as const,
    };
    const other = { ...azure, vmSize: "Standard_NC4as_T4_v3" };
    const rows = besideAzure([ours], [azure, other]);
    expect(rows.map((r) => [r.vmSize, r.ours !== undefined, r.azure.length])).toEqual([
      [A100, true, 1],
      ["Standard_NC4as_T4_v3", false, 1],
    ]);
  });
});
