/**
 * @module The function shells, driven the way the host drives them: a constructed
 * `InvocationContext`, a `Timer`, a queue message, an `HttpRequest`. The runtime behind them is
 * the in-memory store and the fake Azure (the emulator suites cover the real adapters).
 */
import { HttpRequest } from "@azure/functions";
import { describe, expect, it } from "vitest";
import { snapshotSaver } from "../../src/app/snapshot.js";
import type { Runtime } from "../../src/composition.js";
import { loadPolicy } from "../../src/config/policy.js";
import { toTickPolicy } from "../../src/config/tick-policy.js";
import { makeHealthHandler } from "../../src/functions/health.js";
import { makeOperationsHandler } from "../../src/functions/operations.js";
import { makeTickHandler } from "../../src/functions/tick.js";
import { makeWarmupHandler } from "../../src/functions/warmup.js";
import { ArmError } from "../../src/ports/azure.js";
import type { OperationMessage } from "../../src/ports/queue.js";
import { slackDepsOf } from "../../src/composition.js";
import { makeSlackCommandHandler } from "../../src/functions/slack-command.js";
import { signSlackRequest } from "../../src/slack/verify.js";
import { createMemoryStore } from "../../src/storage/memory-store.js";
import { FakeAzure } from "../fakes/fake-azure.js";
import { FakeSlack } from "../fakes/fake-slack.js";
import { cluster } from "../fixtures/fleet.js";
import { context, timer } from "../helpers/invocation.js";

const SECRET = "test-signing-secret";
const queued: OperationMessage[] = [];

const POLICY = `
timezone: America/Los_Angeles
groups:
  - name: ml-dev
    match: { tags: { env: dev } }
    schedule: "Mon-Fri 08:00-20:00"
`;

function runtime(azure: FakeAzure): Runtime {
  const resolved = loadPolicy(POLICY, { format: "yaml" });
  if (!resolved.ok) throw new Error(JSON.stringify(resolved.error));
  const store = createMemoryStore();
  let n = 0;
  return {
    policy: resolved.value,
    tickPolicy: toTickPolicy(resolved.value),
    scope: { subscriptions: [] },
    store,
    fleet: azure,
    control: azure,
    newId: () => `id-${++n}`,
    saveSnapshot: snapshotSaver(store),
    queue: { send: (m) => Promise.resolve(void queued.push(m)) },
    slack: new FakeSlack(),
    signingSecret: SECRET,
  };
}

describe("tick function", () => {
  it("runs a tick, logs its summary, and warns when past due", async () => {
    const azure = new FakeAzure([cluster("dev-a100")]);
    const rt = runtime(azure);
    const handler = makeTickHandler(
      () => Promise.resolve(rt),
      () => new Date("2026-11-28T03:55:00Z"),
    );
    const { ctx, logs } = context("tick");
    await handler(timer(true), ctx);
    expect(logs[0]).toMatch(/^warning: tick is past due/);
    expect(logs[1]).toMatch(/information: run id-1, 1 clusters, 0 planned/);
    const late = makeTickHandler(
      () => Promise.resolve(rt),
      () => new Date("2026-11-28T04:05:00Z"),
    );
    await late(timer(), context("tick").ctx);
    expect(azure.calls).toEqual(["stop dev-a100"]);
  });

  it("logs a failure to record history as a warning and still completes the tick", async () => {
    const rt = runtime(new FakeAzure([cluster("dev-a100")]));
    const store = {
      ...rt.store,
      samples: {
        ...rt.store.samples,
        record: () => Promise.reject(new Error("samples table unavailable")),
      },
    };
    const { ctx, logs } = context("tick");
    await makeTickHandler(
      () => Promise.resolve({ ...rt, store }),
      () => new Date("2026-11-28T03:00:00Z"),
    )(timer(), ctx);
    expect(logs[0]).toMatch(/^information: run id-1, 1 clusters/);
    expect(logs.slice(1).join("\n")).toMatch(/^warning: .*samples table unavailable/m);
  });

  it("fails the invocation with a summary when an action failed", async () => {
    const azure = new FakeAzure([cluster("dev-a100")]);
    const rt = runtime(azure);
    await makeTickHandler(
      () => Promise.resolve(rt),
      () => new Date("2026-11-28T03:55:00Z"),
    )(timer(), context("tick").ctx);
    azure.failures.push(new ArmError("InvalidParameter", "stop dev-a100: bad request", 400));
    const handler = makeTickHandler(
      () => Promise.resolve(rt),
      () => new Date("2026-11-28T04:05:00Z"),
    );
    await expect(handler(timer(), context("tick").ctx)).rejects.toThrow(/1 failed action/);
  });
});

describe("operations function", () => {
  it("starts a cluster named in a queue message, using the last discovered fleet", async () => {
    const azure = new FakeAzure([cluster("dev-a100", { powerState: "Stopped" })]);
    const rt = runtime(azure);
    await rt.saveSnapshot(
      (await azure.discover({ subscriptions: [] })).clusters,
      "2026-11-30T15:00:00Z",
    );
    const { ctx, logs } = context("operations");
    const message = {
      type: "cluster-action",
      action: "start",
      clusterId: cluster("dev-a100").id,
      requestedBy: "U123",
      reason: "demo",
    };
    await makeOperationsHandler(() => Promise.resolve(rt))(message, ctx);
    expect(azure.calls).toEqual(["start dev-a100"]);
    expect(logs).toEqual(["information: start-cluster dev-a100: pending"]);
  });

  it.each([
    [
      "a malformed message",
      { type: "cluster-action", action: "reboot" },
      /malformed operation message: action/,
    ],
    [
      "an unknown cluster",
      {
        type: "cluster-action",
        action: "start",
        clusterId:
          "/subscriptions/x/resourceGroups/y/providers/Microsoft.ContainerService/managedClusters/z",
        requestedBy: "U1",
      },
      /not in the last discovered fleet/,
    ],
  ])("logs and drops %s without calling Azure", async (_what, message, error) => {
    const azure = new FakeAzure([cluster("dev-a100")]);
    const { ctx, logs } = context("operations");
    await makeOperationsHandler(() => Promise.resolve(runtime(azure)))(message, ctx);
    expect(azure.calls).toEqual([]);
    expect(logs.join("\n")).toMatch(error);
  });
});

describe("health function", () => {
  it("answers 200 when the runtime builds and 503 with the reason when it does not", async () => {
    const ok = await makeHealthHandler(() => Promise.resolve(runtime(new FakeAzure())))(
      new HttpRequest({ method: "GET", url: "http://localhost/api/health" }),
      context("health").ctx,
    );
    expect(ok).toEqual({ status: 200, jsonBody: { status: "ok", groups: 1 } });
    const bad = await makeHealthHandler(() => Promise.reject(new Error("no storage configured")))(
      new HttpRequest({ method: "GET", url: "http://localhost/api/health" }),
      context("health").ctx,
    );
    expect(bad).toEqual({
      status: 503,
      jsonBody: { status: "unavailable", error: "no storage configured" },
    });
  });
});

describe("slack-command function", () => {
  const body = new URLSearchParams({
    team_id: "T0TEAM0001",
    channel_id: "C0123ABCD",
    user_id: "U0ADMIN01",
    command: "/gpu",
    text: "help",
    response_url: "https://hooks.slack.com/commands/T0TEAM0001/1/abc",
    trigger_id: "trigger-fn-1",
  }).toString();
  const now = new Date("2026-12-02T18:00:00Z");
  const request = (signature: string) =>
    new HttpRequest({
      method: "POST",
      url: "http://localhost/api/slack/command",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-slack-request-timestamp": String(now.getTime() / 1000),
        "x-slack-signature": signature,
      },
      body: { string: body },
    });

  it("answers a signed request with an ephemeral JSON message, and a forged one with 401", async () => {
    const rt = runtime(new FakeAzure());
    const handler = makeSlackCommandHandler(
      () => Promise.resolve(slackDepsOf(rt)),
      () => now,
    );
    const signature = signSlackRequest({
      signingSecret: SECRET,
      timestamp: String(now.getTime() / 1000),
      rawBody: body,
    });
    const ok = await handler(request(signature), context("slack-command").ctx);
    expect(ok.status).toBe(200);
    expect(ok.jsonBody).toMatchObject({ response_type: "ephemeral" });
    const forged = await handler(request(`v0=${"0".repeat(64)}`), context("slack-command").ctx);
    expect(forged.status).toBe(401);
  });
});

describe("warmup function", () => {
  const WITH_USERGROUP = `
timezone: America/Los_Angeles
groups:
  - name: ml-dev
    match: { tags: { env: dev } }
    schedule: "Mon-Fri 08:00-20:00"
    slack: { allow: { usergroups: [S0MLENG01] } }
`;

  it("fills the fleet and user-group caches, so the first command reads nothing more", async () => {
    const resolved = loadPolicy(WITH_USERGROUP, { format: "yaml" });
    if (!resolved.ok) throw new Error(JSON.stringify(resolved.error));
    const slack = new FakeSlack();
    const rt: Runtime = {
      ...runtime(new FakeAzure()),
      policy: resolved.value,
      tickPolicy: toTickPolicy(resolved.value),
      slack,
    };
    await rt.store.fleetSnapshot.save({
      takenAt: "2026-12-02T17:55:00Z",
      clusters: [cluster("dev-a100")],
    });
    let loads = 0;
    const load = rt.store.fleetSnapshot.load.bind(rt.store.fleetSnapshot);
    const store = {
      ...rt.store,
      fleetSnapshot: {
        ...rt.store.fleetSnapshot,
        load: (...a: Parameters<typeof load>) => (loads++, load(...a)),
      },
    } as typeof rt.store;
    const deps = slackDepsOf({ ...rt, store });
    const { ctx, logs } = context("warmup");
    await makeWarmupHandler(() => Promise.resolve(deps))({}, ctx);
    expect(logs).toEqual(["information: warmup: 1 clusters, 1 user groups cached"]);
    expect(loads).toBe(1);
    expect(slack.calls).toEqual([{ kind: "usergroupMembers", usergroupId: "S0MLENG01" }]);
    expect((await deps.fleet()).map((c) => c.name)).toEqual(["dev-a100"]);
    expect(loads).toBe(1);
  });

  it("only warns when the caches cannot be filled: the instance still serves", async () => {
    const { ctx, logs } = context("warmup");
    await makeWarmupHandler(() => Promise.reject(new Error("no storage configured")))({}, ctx);
    expect(logs).toEqual(["warning: warmup: caches not filled: no storage configured"]);
  });
});
