/**
 * @module `/gpu start` while a budget's `block-starts` is in force (SPEC §7): refused for anyone
 * but the budget's approvers, with spend vs budget in the ephemeral reply and an audited
 * refusal; allowed for an approver; and allowed again once the budget is raised.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { handleSlackCommand } from "../../src/app/slack/command.js";
import { fleetCache, type SlackDeps } from "../../src/app/slack/context.js";
import { usergroupCache } from "../../src/app/slack/usergroups.js";
import { loadPolicyFile } from "../../src/config/policy.js";
import { toTickPolicy } from "../../src/config/tick-policy.js";
import type { BudgetRecord } from "../../src/core/budget/types.js";
import type { OperationMessage } from "../../src/ports/queue.js";
import type { StateStore } from "../../src/ports/state-store.js";
import { signSlackRequest } from "../../src/slack/verify.js";
import { createMemoryStore } from "../../src/storage/memory-store.js";
import { FakeSlack } from "../fakes/fake-slack.js";
import { cluster } from "../fixtures/fleet.js";

const SECRET = "budget-slack-test-secret";
const NOW = new Date("2026-12-03T03:50:00Z");
const policy = await loadPolicyFile("examples/gpu-warden.yaml");

/** ml-dev-monthly over 100 % this month: stop-clusters and block-starts fired. */
const OVER: BudgetRecord = {
  budget: "ml-dev-monthly",
  period: "2026-12",
  evaluatedAt: "2026-12-03T03:15:00Z",
  currency: "USD",
  amount: 20_000,
  billed: 20_000,
  billedThrough: "2026-12-02T00:00:00Z",
  intraday: 412,
  spent: 20_412,
  forecast: null,
  samples: [],
  fired: [
    {
      key: "actual-100",
      percent: 100,
      forecast: false,
      actions: ["notify", "stop-clusters", "block-starts"],
      at: "2026-12-03T03:15:00Z",
      amount: 20_000,
      measured: 20_412,
    },
  ],
};

let store: StateStore;
let queue: OperationMessage[];
let deps: SlackDeps;
let trigger = 0;

beforeEach(async () => {
  store = createMemoryStore();
  await store.fleetSnapshot.save({
    takenAt: "2026-12-03T03:45:00Z",
    clusters: [
      cluster("dev-a100", { resourceGroup: "ml-dev", tags: { env: "dev", team: "ml" } }),
      cluster("dev-t4", {
        resourceGroup: "ml-dev",
        tags: { env: "dev", team: "ml" },
        powerState: "Stopped",
      }),
    ],
  });
  await store.budgets.upsert(OVER.budget, OVER);
  queue = [];
  const slack = new FakeSlack({ usergroups: { S0MLENG01: ["U0MEMBER"] } });
  deps = {
    signingSecret: SECRET,
    store,
    queue: { send: (m) => Promise.resolve(void queue.push(m)) },
    slack,
    policy,
    tickPolicy: toTickPolicy(policy),
    newId: () => `id-${String(++trigger)}`,
    members: usergroupCache(slack, () => 0),
    fleet: fleetCache(store, () => 0),
  };
});

function start(user: string, text = "start dev-t4 for 2h") {
  const rawBody = new URLSearchParams({
    team_id: "T0TEAM0001",
    channel_id: "C0123ABCD",
    user_id: user,
    command: "/gpu",
    text,
    response_url: "https://hooks.slack.com/commands/T0TEAM0001/1/abc",
    trigger_id: `trigger-${String(++trigger)}`,
  }).toString();
  const timestamp = String(Math.floor(NOW.getTime() / 1000));
  const signature = signSlackRequest({ signingSecret: SECRET, timestamp, rawBody });
  return handleSlackCommand(
    {
      rawBody,
      headers: { "X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": signature },
    },
    deps,
    NOW,
  );
}

const audit = () => store.audit.list({ from: "2026-12-01T00:00:00Z", to: "2027-01-01T00:00:00Z" });

describe("/gpu start under block-starts", () => {
  it("refuses someone allowed to start but not an approver, with spend vs budget, and audits it", async () => {
    const reply = await start("U0MEMBER");
    expect(reply.status).toBe(200);
    const text = JSON.stringify(reply.body);
    expect(text).toContain("ephemeral");
    expect(text).toContain(
      "Starts are blocked: budget ml-dev-monthly has spent $20,412.00 of $20,000.00 (102%)",
    );
    expect(text).toContain("<@U0ADMIN>");
    expect(queue).toEqual([]);
    expect(await store.overrides.list()).toEqual([]);
    const [entry] = await audit();
    expect(entry).toMatchObject({
      kind: "refusal",
      reason: expect.stringContaining("block-starts") as unknown,
    });
  });

  it("refuses keeping a running cluster up (extend) to a non-approver too, and lets an approver", async () => {
    const refused = await start("U0MEMBER", "extend dev-a100 2h");
    expect(JSON.stringify(refused.body)).toContain("cannot be started or kept running");
    expect(await store.overrides.list()).toEqual([]);
    const [entry] = await audit();
    expect(entry?.reason).toMatch(/^extend refused for U0MEMBER: budget block-starts in force/);
    const allowed = await start("U0ADMIN", "extend dev-a100 2h");
    expect(JSON.stringify(allowed.body)).not.toContain("cannot be started");
    expect(await store.overrides.list()).toHaveLength(1);
  });

  it("lets an approver start", async () => {
    const reply = await start("U0ADMIN");
    expect(JSON.stringify(reply.body)).not.toContain("Starts are blocked");
    expect(queue.map((m) => m.type)).toEqual(["cluster-action"]);
  });

  it("lets anyone allowed start again once the budget is raised above the spend", async () => {
    const raised = {
      ...policy,
      policy: {
        ...policy.policy,
        budgets: policy.policy.budgets.map((b) =>
          b.name === "ml-dev-monthly" ? { ...b, amount: 25_000 } : b,
        ),
      },
    };
    deps = { ...deps, policy: raised };
    await start("U0MEMBER");
    expect(queue).toHaveLength(1);
  });
});
