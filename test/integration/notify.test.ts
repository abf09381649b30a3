/**
 * @module What the tick and the worker say in Slack, end to end on the fakes: one pre-stop
 * warning per edge with keep buttons, the confirmation to whoever asked, the nightly summary once.
 */
import { describe, expect, it } from "vitest";
import { announceTick } from "../../src/app/notify.js";
import { runOperation } from "../../src/app/operations.js";
import { snapshotSaver } from "../../src/app/snapshot.js";
import { runTick, type TickDeps } from "../../src/app/tick.js";
import { loadPolicyFile } from "../../src/config/policy.js";
import { toTickPolicy } from "../../src/config/tick-policy.js";
import { checkBlockKit } from "../../src/slack/limits.js";
import { createMemoryStore } from "../../src/storage/memory-store.js";
import { FakeAzure } from "../fakes/fake-azure.js";
import { FakeSlack } from "../fakes/fake-slack.js";
import { cluster } from "../fixtures/fleet.js";

const policy = await loadPolicyFile("examples/gpu-warden.yaml");
// Wednesday 2 December 2026 in Los Angeles (PST = UTC-8); ml-dev runs Mon-Fri 08:00-20:00.
const at = (pst: string) => new Date(`2026-12-0${pst}:00-08:00`);

function setup(powerState: "Running" | "Stopped" = "Running") {
  const azure = new FakeAzure([
    cluster("dev-a100", { resourceGroup: "ml-dev", tags: { env: "dev", team: "ml" }, powerState }),
  ]);
  const store = createMemoryStore();
  const slack = new FakeSlack();
  let n = 0;
  const tickPolicy = toTickPolicy(policy);
  const deps: TickDeps = {
    fleet: azure,
    control: azure,
    store,
    policy: tickPolicy,
    scope: { subscriptions: [] },
    newId: () => `id-${++n}`,
    saveSnapshot: snapshotSaver(store),
    notify: { slack, store, policy, tickPolicy },
  };
  return { azure, store, slack, deps, tick: (now: Date) => runTick(deps, { now, apply: true }) };
}

const posts = (slack: FakeSlack, channel: string) =>
  slack.calls.flatMap((c) => (c.kind === "post" && c.channel === channel ? [c.message] : []));

describe("Slack notifications", () => {
  it("posts one pre-stop warning per stop edge to the group channel, with keep buttons", async () => {
    const { slack, tick } = setup();
    await tick(at("2T19:40"));
    await tick(at("2T19:45"));
    await tick(at("2T19:50"));
    await tick(at("2T19:55"));
    const warnings = posts(slack, "C0123ABCD");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.text).toMatch(/dev-a100 stops at 20:00 PST/);
    expect(JSON.stringify(warnings[0]?.blocks)).toMatch(/keep-1h.*keep-2h.*stop-now/);
    expect(checkBlockKit(warnings[0] ?? { text: "" })).toEqual([]);
  });

  it("tells whoever asked when their start is confirmed, on the response_url and in the channel", async () => {
    const { azure, store, slack, deps, tick } = setup("Stopped");
    await tick(at("2T21:00"));
    const responseUrl = slack.mintResponseUrl();
    const message = {
      type: "cluster-action",
      action: "start",
      clusterId: cluster("dev-a100", { resourceGroup: "ml-dev" }).id,
      requestedBy: "U0ADMIN",
      notify: { responseUrl, channel: "C0123ABCD" },
    } as const;
    const outcome = await runOperation(message, { ...deps, slack, store }, at("2T21:01"));
    expect(outcome).toMatchObject({ kind: "result", result: { outcome: "pending" } });
    azure.settle();
    await tick(at("2T21:05"));
    const responses = slack.calls.flatMap((c) =>
      c.kind === "respond" && c.url === responseUrl ? [c.message.text] : [],
    );
    expect(responses).toEqual([expect.stringMatching(/dev-a100 is Running — took 4m/)]);
    expect(posts(slack, "C0123ABCD").map((m) => m.text)).toContain(responses[0]);
  });

  it("a requester is told even when a tick started the cluster before the worker got the message", async () => {
    const { azure, store, slack, deps, tick } = setup("Stopped");
    await tick(at("2T21:00"));
    const id = cluster("dev-a100", { resourceGroup: "ml-dev" }).id;
    await store.overrides.upsert(id.toLowerCase(), {
      clusterId: id,
      state: "running",
      until: "2026-12-03T07:00:00Z",
      owner: "U0ADMIN",
      reason: "/gpu start dev-a100 for 2h",
      createdAt: "2026-12-03T05:01:00Z",
    });
    await tick(at("2T21:05")); // the tick reads the override first and fires the start
    expect(azure.calls).toEqual(["start dev-a100"]);
    const responseUrl = slack.mintResponseUrl();
    const message = {
      type: "cluster-action",
      action: "start",
      clusterId: id,
      requestedBy: "U0ADMIN",
      notify: { responseUrl },
    } as const;
    expect(await runOperation(message, { ...deps, slack, store }, at("2T21:06"))).toMatchObject({
      kind: "nothing-to-do",
    });
    azure.settle();
    await tick(at("2T21:10"));
    const responses = slack.calls.flatMap((c) =>
      c.kind === "respond" && c.url === responseUrl ? [c.message.text] : [],
    );
    expect(responses).toEqual([expect.stringMatching(/dev-a100 is Running/)]);
  });

  it("posts the nightly summary once, after the evening stop edge", async () => {
    const { slack, tick } = setup();
    await tick(at("2T19:55"));
    await tick(at("2T20:00"));
    await tick(at("2T20:05"));
    const summaries = posts(slack, "C0123ABCD").filter(
      (m) => /stopped/i.test(m.text) && !/stops at/.test(m.text),
    );
    expect(summaries).toHaveLength(1);
    expect(JSON.stringify(summaries[0])).toMatch(/dev-a100/);
    expect(JSON.stringify(summaries[0])).toMatch(/\$/);
  });

  it("tells whoever asked for a pool restore (/gpu wake) when a tick confirms it", async () => {
    const { slack, deps } = setup();
    const responseUrl = slack.mintResponseUrl();
    const target = cluster("dev-a100", { resourceGroup: "ml-dev" });
    const confirmation = {
      target: { id: target.id, name: "dev-a100", resourceGroup: "ml-dev", subscriptionId: "s" },
      pool: "gpu",
      kind: "restore-pool" as const,
      operationId: "op-1",
      outcome: "done" as const,
      message: "pool gpu is at count 2, autoscaler 1–4 (restore)",
      notify: { responseUrl, requestedBy: "U0ANA0001" },
    };
    const report = {
      runId: "run-1",
      plan: {
        at: at("2T10:00").toISOString(),
        actions: [],
        refused: null,
        skipped: [],
        findings: [],
        confirmations: [],
        memory: [],
        pools: { actions: [], skipped: [], confirmations: [confirmation], memory: [], settled: [] },
      },
      results: [],
      poolResults: [],
      discovery: { clusters: [target], unreadable: [], requests: 1 },
      applied: true,
      findings: [],
      slackErrors: [],
      historyErrors: [],
    };
    const notify = deps.notify;
    if (!notify) throw new Error("setup has notify");
    expect(await announceTick(report, notify, at("2T10:00"))).toEqual([]);
    const responses = slack.calls.flatMap((c) =>
      c.kind === "respond" && c.url === responseUrl ? [c.message.text] : [],
    );
    expect(responses).toEqual(["Pool gpu of dev-a100 is restored"]);
  });
});
