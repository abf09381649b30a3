/**
 * @module The `budget-alert` and `budgets` function shells, driven as the host drives them, on the
 * in-memory store and the fake cost ports: the official alert envelopes (azure-rest-examples/
 * alerts) are acted on once, a repeated alert repeats nothing, malformed (400) and unknown (202)
 * alerts change nothing.
 */
import { readFileSync } from "node:fs";
import { HttpRequest } from "@azure/functions";
import { beforeEach, describe, expect, it } from "vitest";
import { cachedMonthToDate } from "../../src/app/budgets-observe.js";
import { snapshotSaver } from "../../src/app/snapshot.js";
import type { Runtime } from "../../src/composition.js";
import { loadPolicy } from "../../src/config/policy.js";
import { toTickPolicy } from "../../src/config/tick-policy.js";
import { makeBudgetAlertHandler } from "../../src/functions/budget-alert.js";
import { makeBudgetsHandler } from "../../src/functions/budgets.js";
import { createMemoryStore } from "../../src/storage/memory-store.js";
import { FakeAzure } from "../fakes/fake-azure.js";
import { FakeCosts } from "../fakes/fake-costs.js";
import { FakeSlack } from "../fakes/fake-slack.js";
import { context, timer } from "../helpers/invocation.js";

const ALERTS = "../shared/azure-rest-examples/alerts";
const alert = (file: string): string => readFileSync(`${ALERTS}/${file}`, "utf8");
const NOW = new Date("2026-11-20T10:00:00Z");
const SUB_LEGACY = "11111111-1111-1111-1111-111111111111";
const SUB_COMMON = "aaaa0a0a-bb1b-cc2c-dd3d-eeeeee4e4e4e";

const POLICY = `
groups:
  - name: legacy
    match: { tags: { team: legacy } }
    slack: { channel: C0LEGACY1 }
    budget: legacy
  - name: common
    match: { tags: { team: common } }
    slack: { channel: C0COMMON1 }
    budget: common-actual
budgets:
  - name: legacy
    scope: /subscriptions/${SUB_LEGACY}/resourceGroups/test-RG
    azureBudget: test-budgetName
    thresholds: [{ percent: 10, actions: [notify] }]
  - name: common-actual
    scope: /subscriptions/${SUB_COMMON}
    azureBudget: Test_actual_cost_budget
    thresholds: [{ percent: 100, actions: [notify, stop-clusters] }]
  - name: common-forecast
    scope: /subscriptions/${SUB_COMMON}
    azureBudget: Test_forcasted_budget
    thresholds: [{ percent: 100, forecast: true, actions: [notify] }]
`;

let rt: Runtime;
let slack: FakeSlack;
let costs: FakeCosts;

beforeEach(() => {
  const resolved = loadPolicy(POLICY, { format: "yaml" });
  if (!resolved.ok) throw new Error(JSON.stringify(resolved.error));
  const store = createMemoryStore();
  const azure = new FakeAzure();
  slack = new FakeSlack();
  // Azure knows the legacy budget; the other two are only known from their alerts.
  costs = new FakeCosts().setBudget({
    name: "test-budgetName",
    scope: `/subscriptions/${SUB_LEGACY}/resourceGroups/test-RG`,
    amount: 10_000,
    currency: "USD",
    currentSpend: 1111.32,
    forecastSpend: null,
    timeGrain: "Monthly",
  });
  let n = 0;
  rt = {
    policy: resolved.value,
    tickPolicy: toTickPolicy(resolved.value),
    scope: { subscriptions: [] },
    store,
    fleet: azure,
    control: azure,
    costs: { source: cachedMonthToDate(costs), budgets: costs },
    newId: () => `id-${String(++n)}`,
    saveSnapshot: snapshotSaver(store),
    queue: { send: () => Promise.resolve() },
    slack,
    signingSecret: "",
  };
});

async function post(body: string) {
  const handler = makeBudgetAlertHandler(
    () => Promise.resolve(rt),
    () => NOW,
  );
  const request = new HttpRequest({
    method: "POST",
    url: "http://localhost/api/budget-alert",
    body: { string: body },
  });
  return handler(request, context("budget-alert").ctx);
}

/** Everything an alert could have changed. */
async function changes() {
  return {
    budgets: await rt.store.budgets.list(),
    audit: await rt.store.audit.list({ from: "2026-11-01T00:00:00Z", to: "2026-12-01T00:00:00Z" }),
    posts: slack.calls.length,
  };
}

describe("budget-alert function", () => {
  it.each([
    ["budget-aip-notification.testaction.json", "legacy", ["actual-10"], "C0LEGACY1"],
    ["budget-common-schema-actual.json", "common-actual", ["actual-100"], "C0COMMON1"],
    ["budget-common-schema-forecasted.json", "common-forecast", ["forecast-100"], undefined],
  ])("acts on %s: evaluates %s at once, once", async (file, budget, fired, channel) => {
    const first = await post(alert(file));
    expect(first).toMatchObject({ status: 200, jsonBody: { status: "evaluated", budget, fired } });
    expect((await rt.store.budgets.get(budget))?.value.fired.map((f) => f.key)).toEqual(fired);
    if (channel) expect(slack.messages(channel)).toHaveLength(1);
    const before = await changes();
    const repeated = await post(alert(file));
    expect(repeated).toMatchObject({ status: 200, jsonBody: { fired: [] } });
    const after = await changes();
    expect(after.posts).toBe(before.posts);
    expect(after.audit).toEqual(before.audit);
  });

  it("reads the common schema's currency strings: $11,111.00 spent of $50.00", async () => {
    await post(alert("budget-common-schema-actual.json"));
    expect((await rt.store.budgets.get("common-actual"))?.value).toMatchObject({
      amount: 50,
      spent: 11_111,
    });
  });

  it("answers 202 and changes nothing for an alert about no configured budget", async () => {
    const before = await changes();
    const reply = await post(alert("budget-aip-notification.scenario.json"));
    expect(reply).toMatchObject({ status: 202, jsonBody: { status: "ignored" } });
    expect((reply.jsonBody as { reason: string }).reason).toContain("BudgetName");
    expect(await changes()).toEqual(before);
  });

  it.each([
    ["not JSON", "{schemaId:", /the body is not JSON/],
    [
      "an unknown envelope",
      JSON.stringify({ schemaId: "Microsoft.Insights/activityLogs", data: {} }),
      /schemaId/,
    ],
    [
      "an amount that is no amount",
      alert("budget-common-schema-actual.json").replace('"$11,111.00"', '"eleven dollars"'),
      /data\.alertContext\.AlertData\.SpentAmount: expected an amount/,
    ],
    [
      "a legacy alert without a budget name",
      alert("budget-aip-notification.testaction.json").replace(
        '"BudgetName":"test-budgetName",',
        "",
      ),
      /data\.BudgetName/,
    ],
  ])(
    "answers 400 naming what is wrong, and changes nothing, for %s",
    async (_what, body, message) => {
      const before = await changes();
      const reply = await post(body);
      expect(reply.status).toBe(400);
      expect((reply.jsonBody as { error: string }).error).toMatch(message);
      expect(await changes()).toEqual(before);
    },
  );
});

describe("budgets function", () => {
  it("evaluates every budget, logs a summary, warns when past due, fails when one cannot be observed", async () => {
    const { ctx, logs } = context("budgets");
    const run = makeBudgetsHandler(
      () => Promise.resolve(rt),
      () => NOW,
    )(timer(true), ctx);
    await expect(run).rejects.toThrow(/2 budget\(s\) could not be evaluated/);
    expect(logs[0]).toMatch(/^warning: budgets is past due/);
    expect(logs[1]).toMatch(/legacy: \$1,111 of \$10,000 \(11%\), fired actual-10/);
    expect(logs[1]).toMatch(/common-actual FAILED \(NotFound\)/);
  });
});
