/**
 * @module The budget planner and what is in force: spend = billed + intraday estimate, the
 * forecast, the ladder firing once per period and in order, and a raised budget lifting actions.
 */
import { describe, expect, it } from "vitest";
import { budgetEffectsOf, spendText, thresholdsInForce } from "./in-force.js";
import { billedThrough, periodOf } from "./period.js";
import { MAX_VALUE_CHARS } from "../../ports/state-store.js";
import { MAX_SAMPLES, planBudget } from "./plan.js";
import type { BudgetObservation, BudgetRecord, BudgetRule } from "./types.js";

const RULE: BudgetRule = {
  name: "ml-dev-monthly",
  scope: "/subscriptions/s/resourceGroups/ml-dev",
  amount: 20_000,
  thresholds: [
    { percent: 100, forecast: true, actions: ["notify"] },
    { percent: 100, forecast: false, actions: ["notify", "stop-clusters", "block-starts"] },
    { percent: 50, forecast: false, actions: ["notify"] },
    { percent: 80, forecast: false, actions: ["notify", "idle-aggressive"] },
  ],
  approvers: ["U0ADMIN"],
};

function seen(billed: number, more: Partial<BudgetObservation> = {}): BudgetObservation {
  return {
    amount: 20_000,
    currency: "USD",
    billed,
    lastBilledDay: null,
    azureForecast: null,
    usdPerHour: 0,
    ...more,
  };
}

const at = (iso: string) => new Date(iso);

function run(
  billed: number,
  now: string,
  previous?: BudgetRecord,
  more?: Partial<BudgetObservation>,
) {
  return planBudget({ rule: RULE, observation: seen(billed, more), previous, now: at(now) });
}

describe("the budget period and billing lag", () => {
  it("is the UTC calendar month", () => {
    expect(periodOf(at("2026-11-30T23:59:59Z")).key).toBe("2026-11");
    expect(periodOf(at("2026-12-01T00:00:00Z")).key).toBe("2026-12");
  });

  it("takes a day as billed once it ended 24 h ago, or when rows for it exist", () => {
    const now = at("2026-11-25T10:00:00Z");
    const period = periodOf(now);
    expect(billedThrough(now, period, null).toISOString()).toBe("2026-11-24T00:00:00.000Z");
    expect(billedThrough(now, period, "2026-11-24").toISOString()).toBe("2026-11-25T00:00:00.000Z");
    expect(
      billedThrough(
        at("2026-11-01T05:00:00Z"),
        periodOf(at("2026-11-01T05:00:00Z")),
        null,
      ).toISOString(),
    ).toBe("2026-11-01T00:00:00.000Z");
  });
});

describe("planBudget", () => {
  it("adds the intraday estimate: the rate integrated over the samples since billed data ends", () => {
    // Billed through 24 Nov 00:00; $10/h seen at 10:00 on the 25th, back-filled: 34 h.
    const first = run(1000, "2026-11-25T10:00:00Z", undefined, { usdPerHour: 10 });
    expect(first.record.intraday).toBeCloseTo(340, 6);
    expect(first.record.spent).toBeCloseTo(1340, 6);
    // Stopped at the next evaluation, an hour later: the hour ran at $10, nothing since.
    const second = run(1000, "2026-11-25T11:00:00Z", first.record, { usdPerHour: 0 });
    expect(second.record.intraday).toBeCloseTo(350, 6);
  });

  it("adds no list-price estimate to a bill in another currency", () => {
    const p = run(1000, "2026-11-25T10:00:00Z", undefined, { usdPerHour: 10, currency: "EUR" });
    expect(p.record.intraday).toBe(0);
  });

  it("forecasts linearly, or takes Azure's; none during the month's first day", () => {
    expect(run(100, "2026-11-01T12:00:00Z").record.forecast).toBeNull();
    const mid = run(10_000, "2026-11-16T00:00:00Z").record.forecast;
    expect(mid).toBeCloseTo(20_000, 6);
    expect(
      run(10_000, "2026-11-16T00:00:00Z", undefined, { azureForecast: 25_000 }).record.forecast,
    ).toBe(25_000);
  });

  it("fires the rungs crossed, lowest first, actual before forecast", () => {
    const p = run(21_000, "2026-11-20T00:00:00Z");
    expect(p.fired.map((f) => f.key)).toEqual([
      "actual-50",
      "actual-80",
      "actual-100",
      "forecast-100",
    ]);
    expect(p.record.fired).toEqual(p.fired);
  });

  it("never fires a rung twice in a period, and starts afresh the next month", () => {
    const first = run(17_000, "2026-11-20T00:00:00Z");
    expect(first.fired.map((f) => f.key)).toEqual(["actual-50", "actual-80", "forecast-100"]);
    const again = run(17_500, "2026-11-20T01:00:00Z", first.record);
    expect(again.fired).toEqual([]);
    const more = run(20_100, "2026-11-21T00:00:00Z", again.record);
    expect(more.fired.map((f) => f.key)).toEqual(["actual-100"]);
    const december = run(11_000, "2026-12-20T00:00:00Z", more.record);
    expect(december.record.period).toBe("2026-12");
    expect(december.fired.map((f) => f.key)).toEqual(["actual-50"]);
  });

  it("fires a forecast rung only on the forecast", () => {
    const onlyActual = planBudget({
      rule: { ...RULE, thresholds: [{ percent: 100, forecast: true, actions: ["notify"] }] },
      observation: seen(12_000),
      previous: undefined,
      now: at("2026-11-01T20:00:00Z"),
    });
    expect(onlyActual.fired).toEqual([]); // spent 60%, too early to forecast
  });

  it("takes an alert's figures as a floor", () => {
    const p = run(100, "2026-11-20T00:00:00Z", undefined, { alert: { spent: 16_500 } });
    expect(p.record.spent).toBe(16_500);
    expect(p.fired.map((f) => f.key)).toContain("actual-80");
  });
});

describe("what is in force", () => {
  const now = at("2026-11-20T00:00:00Z");
  const groups = ["ml-dev", "ml-dev-batch"];

  it("maps the actions of fired rungs to the budget's groups, with the spend for refusals", () => {
    const { record } = run(20_412, "2026-11-20T00:00:00Z");
    const effects = budgetEffectsOf([{ rule: RULE, record, groups }], now);
    expect([...effects.stoppedGroups]).toEqual(groups);
    expect([...effects.idleAggressiveGroups]).toEqual(groups);
    expect(effects.spotToZeroGroups.size).toBe(0);
    expect(effects.blockedStarts.get("ml-dev")).toMatchObject({
      budget: "ml-dev-monthly",
      approvers: ["U0ADMIN"],
      spendText: "ml-dev-monthly: $20,412 of $20,000 (102%)",
    });
  });

  it("lifts stop-clusters and block-starts when the budget is raised above the spend", () => {
    const { record } = run(20_412, "2026-11-20T00:00:00Z");
    const raised = { ...RULE, amount: 25_000 };
    const effects = budgetEffectsOf([{ rule: raised, record, groups }], now);
    expect(effects.stoppedGroups.size).toBe(0);
    expect(effects.blockedStarts.size).toBe(0);
    expect([...effects.idleAggressiveGroups]).toEqual(groups); // 20,412 is still ≥ 80% of 25,000
    const lower = budgetEffectsOf([{ rule: { ...RULE, amount: 19_000 }, record, groups }], now);
    expect(lower.stoppedGroups.size).toBe(2);
  });

  it("ends with the period", () => {
    const { record } = run(20_412, "2026-11-20T00:00:00Z");
    expect(thresholdsInForce({ rule: RULE, record, groups }, at("2026-12-01T00:00:00Z"))).toEqual(
      [],
    );
  });

  it("writes spend as whole currency units", () => {
    expect(spendText("b", 1234.5, 1000, "EUR")).toBe("b: €1,235 of €1,000 (123%)");
  });
});

describe("the record's size", () => {
  it("keeps at most MAX_SAMPLES rate samples, the newest, so a record always fits the store", () => {
    let record: BudgetRecord | undefined;
    let now = Date.parse("2026-11-02T00:00:00Z");
    // Billed data stuck at 1 Nov: every sample since is kept, up to the cap.
    for (let i = 0; i < MAX_SAMPLES + 50; i++) {
      now += 600_000;
      record = planBudget({
        rule: RULE,
        observation: seen(0, { lastBilledDay: "2026-11-01", usdPerHour: 12.345678901234 }),
        previous: record,
        now: new Date(now),
      }).record;
    }
    expect(record?.samples).toHaveLength(MAX_SAMPLES);
    expect(record?.samples.at(-1)?.at).toBe(new Date(now).toISOString());
    expect(JSON.stringify(record).length).toBeLessThan(MAX_VALUE_CHARS);
  });
});
