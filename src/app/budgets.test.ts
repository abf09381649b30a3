/**
 * @module `evaluateBudgets` and `budgetEffects` on the fakes: one cost query per scope, each
 * threshold announced (audited, posted) once per period however often evaluation runs, failures
 * isolated per budget, and the effects read back from the store alone.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { loadPolicy } from "../config/policy.js";
import { toTickPolicy } from "../config/tick-policy.js";
import { CostError } from "../ports/costs.js";
import type { StateStore } from "../ports/state-store.js";
import { createMemoryStore } from "../storage/memory-store.js";
import { FakeCosts } from "../../test/fakes/fake-costs.js";
import { FakeSlack } from "../../test/fakes/fake-slack.js";
import { cluster, pool } from "../../test/fixtures/fleet.js";
import { budgetEffects, evaluateBudgets, type BudgetDeps } from "./budgets.js";
import { cachedMonthToDate } from "./budgets-observe.js";

const SUB = "11111111-1111-1111-1111-111111111111";
const SCOPE = `/subscriptions/${SUB}/resourceGroups/ml-dev-rg`;
const POLICY = `
slack: { alertChannel: C0ALERTS1 }
groups:
  - name: ml-dev
    match: { tags: { env: dev } }
    schedule: "Mon-Fri 08:00-20:00"
    slack: { channel: C0MLDEV01 }
    budget: ml-dev-monthly
budgets:
  - name: ml-dev-monthly
    scope: ${SCOPE}
    amount: 20000
    thresholds:
      - { percent: 50, actions: [notify] }
      - { percent: 80, actions: [notify, idle-aggressive] }
      - { percent: 100, actions: [notify, stop-clusters, block-starts] }
    approvers: [U0ADMIN]
  - name: same-scope
    scope: ${SCOPE}
    amount: 1000000
  - name: research
    scope: /subscriptions/${SUB}/resourceGroups/research
    azureBudget: research-gpu
    thresholds:
      - { percent: 90, actions: [notify, scale-spot-to-zero] }
`;

const resolved = loadPolicy(POLICY, { format: "yaml" });
if (!resolved.ok) throw new Error(JSON.stringify(resolved.error));
const policy = resolved.value;
const NOW = new Date("2026-11-20T10:00:00Z");

let store: StateStore;
let costs: FakeCosts;
let slack: FakeSlack;
let deps: BudgetDeps;

function billed(total: number): void {
  costs.setDays(SCOPE, [{ day: "2026-11-18", cost: total }]);
}

beforeEach(() => {
  store = createMemoryStore();
  costs = new FakeCosts().setBudget({
    name: "research-gpu",
    scope: `/subscriptions/${SUB}/resourceGroups/research`,
    amount: 5000,
    currency: "USD",
    currentSpend: 1000,
    forecastSpend: 2000,
    timeGrain: "Monthly",
  });
  slack = new FakeSlack();
  let n = 0;
  deps = {
    policy,
    tickPolicy: toTickPolicy(policy),
    store,
    costs: cachedMonthToDate(costs),
    azureBudgets: costs,
    // A stopped cluster: no intraday estimate, so the figures are the billed ones.
    fleet: () =>
      Promise.resolve([
        cluster("dev-a100", { powerState: "Stopped", pools: [pool({ count: 0 })] }),
      ]),
    slack,
    newId: () => `run-${String(++n)}`,
  };
});

describe("evaluateBudgets", () => {
  it("asks Cost Management once per scope, and Azure once per Azure budget", async () => {
    billed(1000);
    await evaluateBudgets(deps, NOW);
    expect(costs.calls.sort()).toEqual([
      `budget /subscriptions/${SUB}/resourceGroups/research research-gpu`,
      `monthToDate ${SCOPE}`,
    ]);
    await evaluateBudgets(deps, new Date(NOW.getTime() + 3_600_000)); // cached for 4 hours
    expect(costs.calls.filter((c) => c.startsWith("monthToDate"))).toHaveLength(1);
  });

  it("announces each crossed threshold once: audited, posted to the groups' and alert channels", async () => {
    billed(16_500);
    const first = await evaluateBudgets(deps, NOW);
    expect(first.outcomes[0]?.fired.map((f) => f.key)).toEqual(["actual-50", "actual-80"]);
    const posts = slack.calls.filter((c) => c.kind === "post");
    expect(posts.map((p) => p.channel).sort()).toEqual([
      "C0ALERTS1",
      "C0ALERTS1",
      "C0MLDEV01",
      "C0MLDEV01",
    ]);
    const audit = await store.audit.list({
      from: "2026-11-01T00:00:00Z",
      to: "2026-12-01T00:00:00Z",
    });
    expect(audit.map((a) => [a.kind, a.target])).toEqual([
      ["alert", "budget:ml-dev-monthly"],
      ["alert", "budget:ml-dev-monthly"],
    ]);

    const again = await evaluateBudgets(deps, new Date(NOW.getTime() + 60_000));
    expect(again.outcomes.flatMap((o) => o.fired)).toEqual([]);
    expect(slack.calls.filter((c) => c.kind === "post")).toHaveLength(4);
    expect((await store.budgets.get("ml-dev-monthly"))?.value.fired.map((f) => f.key)).toEqual([
      "actual-50",
      "actual-80",
    ]);
  });

  it("two evaluations at once announce a threshold once", async () => {
    billed(16_500);
    await Promise.all([evaluateBudgets(deps, NOW), evaluateBudgets(deps, NOW)]);
    expect(slack.calls.filter((c) => c.kind === "post")).toHaveLength(4);
  });

  it("reports the budgets it could not observe, records nothing for them, and evaluates the others", async () => {
    billed(1000);
    costs.failures.push(new CostError("Throttled", "429", 429, { retryAfterSeconds: 3600 }));
    const report = await evaluateBudgets(deps, NOW);
    // The two budgets on the throttled scope shared its one query; the Azure budget is fine.
    const failed = report.outcomes.filter((o) => o.error);
    expect(failed.map((o) => [o.budget, o.error?.code])).toEqual([
      ["ml-dev-monthly", "Throttled"],
      ["same-scope", "Throttled"],
    ]);
    expect(report.outcomes.filter((o) => o.record).map((o) => o.budget)).toEqual(["research"]);
    expect(await store.budgets.get("ml-dev-monthly")).toBeUndefined();
  });
});

describe("budgetEffects", () => {
  it("reads what is in force from the store: stop-clusters and block-starts over 100 %", async () => {
    billed(20_412);
    await evaluateBudgets(deps, NOW);
    const effects = await budgetEffects(store, policy, NOW);
    expect([...effects.stoppedGroups]).toEqual(["ml-dev"]);
    expect([...effects.idleAggressiveGroups]).toEqual(["ml-dev"]);
    expect(effects.blockedStarts.get("ml-dev")?.spendText).toBe(
      "ml-dev-monthly: $20,412 of $20,000 (102%)",
    );
    expect(await budgetEffects(store, policy, new Date("2026-12-01T00:00:00Z"))).toMatchObject({
      stoppedGroups: new Set(),
    });
  });
});
