/**
 * @module The weekly report end to end on fakes: the `reports` function driven as the host drives
 * it (a constructed `InvocationContext` and `Timer`, hourly), against the in-memory store, fake
 * Cost Management rows by resource, fake prices and the fake Slack — not due before Monday 09:00
 * Los Angeles, sent once at the firing that follows it (message within Block Kit limits, the PNG
 * chart uploaded beside it, audited), never twice in a week, across the autumn DST change; and
 * the report reconciles (clusters + other = total, savings = the ledger).
 */
import { describe, expect, it } from "vitest";
import { sendWeeklyReport, type SendReportDeps } from "../../src/app/weekly-report.js";
import { snapshotSaver } from "../../src/app/snapshot.js";
import { reportDepsOf, type Runtime } from "../../src/composition.js";
import { loadPolicy } from "../../src/config/policy.js";
import { toTickPolicy } from "../../src/config/tick-policy.js";
import { addDays } from "../../src/core/report/days.js";
import type { CostRow } from "../../src/core/report/types.js";
import { makeReportsHandler } from "../../src/functions/reports.js";
import { checkBlockKit } from "../../src/slack/limits.js";
import { createMemoryStore } from "../../src/storage/memory-store.js";
import { FakeAzure } from "../fakes/fake-azure.js";
import { FakeCosts } from "../fakes/fake-costs.js";
import { FakePrices } from "../fakes/fake-prices.js";
import { FakeSlack } from "../fakes/fake-slack.js";
import { cluster, SUB } from "../fixtures/fleet.js";
import { context, timer } from "../helpers/invocation.js";

const POLICY = `
timezone: America/Los_Angeles
groups:
  - name: ml-dev
    match: { tags: { env: dev } }
    schedule: "Mon-Fri 08:00-20:00"
  - name: prod
    match: { tags: { env: prod } }
    protected: true
budgets:
  - name: ml-dev-monthly
    scope: /subscriptions/${SUB}/resourceGroups/ml-dev-rg
    amount: 20000
    thresholds: [{ percent: 50, actions: [notify] }]
reports:
  weekly: { channel: C0FINOPS, day: Mon, time: "09:00" }
`;

const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const DEV = cluster("dev-a100");
const PROD = cluster("inference", { resourceGroup: "ml-prod", tags: { env: "prod" } });
const vmss = (c: typeof DEV, pool: string) =>
  `/subscriptions/${SUB}/resourceGroups/${c.nodeResourceGroup}/providers/Microsoft.Compute/virtualMachineScaleSets/aks-${pool}-12345678-vmss`;

/** Daily rows from `from` for `days` days: dev-a100's pools, inference's GPU pool, a stray disk. */
function rows(from: string, days: number): CostRow[] {
  return Array.from({ length: days }, (_, i) => addDays(from, i)).flatMap((date) => [
    { date, resourceId: vmss(DEV, "gpu"), costUsd: 88.15 },
    { date, resourceId: vmss(DEV, "system"), costUsd: 9.22 },
    { date, resourceId: vmss(PROD, "gpu"), costUsd: 176.3 },
    {
      date,
      resourceId: `/subscriptions/${SUB}/resourceGroups/other/providers/x/disks/d`,
      costUsd: 1,
    },
  ]);
}

async function world(start: string, days: number) {
  const resolved = loadPolicy(POLICY, { format: "yaml" });
  if (!resolved.ok) throw new Error(JSON.stringify(resolved.error));
  const store = createMemoryStore();
  const slack = new FakeSlack();
  const costs = new FakeCosts().setRows(`/subscriptions/${SUB}`, rows(start, days));
  costs.pageSize = 5;
  await snapshotSaver(store)([DEV, PROD], `${start}T00:00:00Z`);
  const runtime: Runtime = {
    policy: resolved.value,
    tickPolicy: toTickPolicy(resolved.value),
    scope: { subscriptions: [] },
    store,
    fleet: new FakeAzure([DEV, PROD]),
    control: new FakeAzure(),
    costs: { source: costs, budgets: costs, rows: costs },
    prices: new FakePrices(() => new Date(`${start}T00:00:00Z`)),
    newId: () => "run-1",
    saveSnapshot: snapshotSaver(store),
    queue: { send: () => Promise.resolve() },
    slack,
    signingSecret: "s",
  };
  return { runtime, store, slack, costs };
}

describe("the reports function", () => {
  it("sends the report at the firing after Monday 09:00 PST, once, with its chart", async () => {
    const { runtime, store, slack } = await world("2026-11-09", 21);
    const fire = async (iso: string, pastDue = false) => {
      const { ctx, logs } = context("reports");
      await makeReportsHandler(
        () => Promise.resolve(runtime),
        () => new Date(iso),
      )(timer(pastDue), ctx);
      return logs;
    };

    expect(await fire("2026-11-30T16:00:00.020Z")).toEqual([
      "information: weekly report not due; next at 2026-11-30T17:00:00.000Z",
    ]);
    expect(slack.messages()).toEqual([]);

    const logs = await fire("2026-11-30T17:00:00.045Z");
    expect(logs).toContain("information: weekly report 2026-W49 sent to C0FINOPS");
    const [message] = slack.messages("C0FINOPS");
    expect(slack.messages()).toHaveLength(1);
    expect(message?.text).toMatch(/^GPU cost report · 23–29 Nov 2026/);
    expect(
      checkBlockKit({
        text: message?.text ?? "",
        ...(message?.blocks ? { blocks: message.blocks } : {}),
      }),
    ).toEqual([]);
    const [file] = slack.files("C0FINOPS");
    expect(file?.filename).toBe("gpu-cost-2026-W49.png");
    expect([...(file?.bytes.subarray(0, 8) ?? [])]).toEqual([...PNG]);
    expect(file?.bytes.byteLength).toBeGreaterThan(10_000);

    // A retry of the same firing (5 minutes later, still due) and a past-due one send nothing.
    expect(await fire("2026-11-30T17:05:00Z")).toContain(
      "information: weekly report 2026-W49 already sent",
    );
    expect((await fire("2026-11-30T17:06:00Z", true))[0]).toMatch(/^warning: reports is past due/);
    expect(slack.messages()).toHaveLength(1);
    expect(slack.files()).toHaveLength(1);

    const audit = await store.audit.list({
      from: "2026-11-30T00:00:00Z",
      to: "2026-12-01T00:00:00Z",
    });
    expect(audit).toEqual([
      expect.objectContaining({
        kind: "result",
        target: "report:weekly:2026-W49",
        reason: expect.stringMatching(/posted to C0FINOPS: total 1922\.69 USD/) as unknown,
      }),
    ]);
  }, 60_000);

  it("says when no weekly report is configured", async () => {
    const { runtime } = await world("2026-11-09", 7);
    const policy = { ...runtime.policy, policy: { ...runtime.policy.policy, reports: {} } };
    const { ctx, logs } = context("reports");
    await makeReportsHandler(
      () => Promise.resolve({ ...runtime, policy }),
      () => new Date("2026-11-30T17:00:00Z"),
    )(timer(), ctx);
    expect(logs).toEqual(["information: no weekly report configured (reports.weekly)"]);
  });
});

describe("sendWeeklyReport", () => {
  /** The use case with a stand-in chart (rendering is covered above and in src/report). */
  const depsOf = (runtime: Runtime): SendReportDeps => ({
    ...reportDepsOf(runtime),
    chart: () => Promise.resolve(PNG),
  });

  it("sends exactly once per local week, fired every hour across the autumn DST change", async () => {
    const { runtime, slack } = await world("2026-10-05", 50);
    const deps = depsOf(runtime);
    const sent: string[] = [];
    // Mon 19 Oct 00:00 UTC to Mon 16 Nov 00:00 UTC; DST ends Sunday 1 Nov in Los Angeles.
    for (
      let t = Date.parse("2026-10-19T00:00:00Z");
      t < Date.parse("2026-11-16T00:00:00Z");
      t += 3_600_000
    ) {
      const now = new Date(t);
      const outcome = await sendWeeklyReport(deps, now);
      if (outcome.kind === "sent") sent.push(now.toISOString());
      // Twice in the same hour: the second finds the week claimed.
      if (outcome.kind === "sent")
        expect((await sendWeeklyReport(deps, new Date(t + 60_000))).kind).toBe("already-sent");
    }
    expect(sent).toEqual([
      "2026-10-19T16:00:00.000Z", // 09:00 PDT
      "2026-10-26T16:00:00.000Z",
      "2026-11-02T17:00:00.000Z", // 09:00 PST
      "2026-11-09T17:00:00.000Z",
    ]);
    expect(slack.messages("C0FINOPS")).toHaveLength(4);
    expect(slack.files("C0FINOPS")).toHaveLength(4);
  }, 60_000);

  it("reconciles: clusters and the unmapped line add up to the total; savings equal the ledger", async () => {
    const { runtime, store } = await world("2026-11-09", 21);
    await store.ledger.open({
      clusterId: DEV.id,
      kind: "stop",
      from: "2026-11-24T04:00:00Z",
      to: null,
      nodes: 2,
      usdPerHour: 3.673,
      basis: "list-snapshot",
    });
    await store.ledger.close(DEV.id, undefined, "2026-11-24T16:00:00Z");
    const outcome = await sendWeeklyReport(depsOf(runtime), new Date("2026-11-30T17:00:00Z"));
    if (outcome.kind !== "sent") throw new Error(outcome.kind);
    const { report } = outcome;
    const cents = (usd: number) => Math.round(usd * 100);
    const sum = report.clusters.reduce((s, c) => s + cents(c.week), 0) + cents(report.other.week);
    expect(sum).toBe(cents(report.total.usd));
    expect(report.total.usd).toBeCloseTo(7 * (88.15 + 9.22 + 176.3 + 1), 2);
    expect(report.clusters.map((c) => c.cluster)).toEqual([
      "ml-prod/inference",
      "ml-dev-rg/dev-a100",
    ]);
    expect(report.clusters[1]?.pools.map((p) => p.pool)).toEqual(["gpu", "system"]);
    expect(report.savings.usd).toBeCloseTo(12 * 2 * 3.673, 2);
    expect(report.budgets.map((b) => b.name)).toEqual(["ml-dev-monthly"]);
    expect(report.daily).toHaveLength(14);
  });
});
