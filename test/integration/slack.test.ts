/**
 * @module The Slack use cases end to end on the fakes, with real HMAC signatures: forged, stale
 * and replayed requests change nothing; commands resolve clusters from the last discovered fleet,
 * authorize, record overrides and enqueue; buttons act once.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { fleetCache, type SlackDeps } from "../../src/app/slack/context.js";
import { handleSlackCommand } from "../../src/app/slack/command.js";
import { handleInteraction } from "../../src/app/slack/interaction.js";
import { usergroupCache } from "../../src/app/slack/usergroups.js";
import { loadPolicyFile } from "../../src/config/policy.js";
import { toTickPolicy } from "../../src/config/tick-policy.js";
import type { OperationMessage } from "../../src/ports/queue.js";
import type { StateStore } from "../../src/ports/state-store.js";
import { encodeWarningValue, keepActionId } from "../../src/slack/actions.js";
import { signSlackRequest } from "../../src/slack/verify.js";
import { createMemoryStore } from "../../src/storage/memory-store.js";
import { FakeSlack } from "../fakes/fake-slack.js";
import { cluster } from "../fixtures/fleet.js";

const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
// Wednesday 2 Dec 2026, 19:50 in Los Angeles (not a holiday in the example calendar).
const WED_1950 = new Date("2026-12-03T03:50:00Z");
const policy = await loadPolicyFile("examples/gpu-warden.yaml");
const fleet = [
  cluster("dev-a100", { resourceGroup: "ml-dev", tags: { env: "dev", team: "ml" } }),
  cluster("dev-t4", {
    resourceGroup: "ml-dev",
    tags: { env: "dev", team: "ml" },
    powerState: "Stopped",
  }),
  cluster("shared", { resourceGroup: "team-a", tags: { env: "dev", team: "ml" } }),
  cluster("shared", { resourceGroup: "team-b", tags: { env: "dev", team: "ml" } }),
  cluster("inference-prod", { resourceGroup: "ml-prod", tags: { env: "prod" } }),
];

let store: StateStore;
let queue: OperationMessage[];
let slack: FakeSlack;
let deps: SlackDeps;
let n = 0;

beforeEach(async () => {
  store = createMemoryStore();
  await store.fleetSnapshot.save({ takenAt: "2026-12-03T03:45:00Z", clusters: fleet });
  queue = [];
  slack = new FakeSlack({ usergroups: { S0MLENG01: ["U0MEMBER"] } });
  deps = {
    signingSecret: SECRET,
    store,
    queue: { send: (m) => Promise.resolve(void queue.push(m)) },
    slack,
    policy,
    tickPolicy: toTickPolicy(policy),
    newId: () => `id-${++n}`,
    members: usergroupCache(slack, () => 0),
    fleet: fleetCache(store, () => 0),
  };
});

function signed(body: string, now: Date, tweak: { timestamp?: string; signature?: string } = {}) {
  const timestamp = tweak.timestamp ?? String(Math.floor(now.getTime() / 1000));
  const signature =
    tweak.signature ?? signSlackRequest({ signingSecret: SECRET, timestamp, rawBody: body });
  return {
    rawBody: body,
    headers: { "X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": signature },
  };
}

let trigger = 0;
function command(text: string, user = "U0MEMBER", channel = "C0123ABCD"): string {
  return new URLSearchParams({
    team_id: "T0TEAM0001",
    channel_id: channel,
    user_id: user,
    command: "/gpu",
    text,
    response_url: "https://hooks.slack.com/commands/T0TEAM0001/1/abc",
    trigger_id: `trigger-${++trigger}`,
  }).toString();
}

const send = (text: string, user?: string, now = WED_1950) =>
  handleSlackCommand(signed(command(text, user), now), deps, now);
const replyText = (reply: { body?: unknown }) => JSON.stringify(reply.body);
const audit = () => store.audit.list({ from: "2026-01-01T00:00:00Z", to: "2027-01-01T00:00:00Z" });

describe("request verification", () => {
  it.each([
    [
      "a changed byte in the body",
      (b: string) => signed(b, WED_1950, {}),
      (r: ReturnType<typeof signed>) => ({ ...r, rawBody: r.rawBody.replace("start", "stArt") }),
    ],
    [
      "a forged signature",
      (b: string) => signed(b, WED_1950, { signature: `v0=${"0".repeat(64)}` }),
      (r: ReturnType<typeof signed>) => r,
    ],
    [
      "a timestamp 6 minutes old",
      (b: string) => signed(b, new Date(WED_1950.getTime() - 360_000)),
      (r: ReturnType<typeof signed>) => r,
    ],
    [
      "a timestamp 6 minutes ahead",
      (b: string) => signed(b, new Date(WED_1950.getTime() + 360_000)),
      (r: ReturnType<typeof signed>) => r,
    ],
    [
      "missing headers",
      (b: string) => ({ rawBody: b, headers: {} }),
      (r: { rawBody: string; headers: object }) => r,
    ],
  ])("%s gets 401 and nothing is enqueued or recorded", async (_what, make, tweak) => {
    const reply = await handleSlackCommand(
      tweak(make(command("start dev-t4 for 2h")) as never) as never,
      deps,
      WED_1950,
    );
    expect(reply.status).toBe(401);
    expect(queue).toEqual([]);
    expect(await store.overrides.list()).toEqual([]);
    expect(await audit()).toEqual([]);
  });

  it("a replayed request (same trigger_id) gets 401 the second time", async () => {
    const request = signed(command("start dev-t4 for 2h"), WED_1950);
    expect((await handleSlackCommand(request, deps, WED_1950)).status).toBe(200);
    expect((await handleSlackCommand(request, deps, WED_1950)).status).toBe(401);
    expect(queue).toHaveLength(1);
  });
});

describe("/gpu commands", () => {
  it("start for 2h records an override with owner and expiry, enqueues the start and acknowledges", async () => {
    const reply = await send("start dev-t4 for 2h");
    expect(reply.status).toBe(200);
    expect(replyText(reply)).toMatch(/ephemeral/);
    expect(replyText(reply)).toMatch(/dev-t4/);
    expect(queue).toEqual([
      expect.objectContaining({
        type: "cluster-action",
        action: "start",
        requestedBy: "U0MEMBER",
        notify: {
          responseUrl: "https://hooks.slack.com/commands/T0TEAM0001/1/abc",
          channel: "C0123ABCD",
        },
      }),
    ]);
    const [override] = await store.overrides.active(WED_1950.toISOString());
    expect(override).toMatchObject({
      state: "running",
      until: "2026-12-03T05:50:00Z",
      owner: "U0MEMBER",
    });
    const status = await send("status dev-t4");
    expect(replyText(status)).toMatch(/U0MEMBER/);
  });

  it("an unauthorized user is refused, ephemerally, audited, with no action", async () => {
    const reply = await send("stop dev-a100", "U0STRANGER");
    expect(replyText(reply)).toMatch(/ephemeral/);
    expect(queue).toEqual([]);
    expect(await store.overrides.list()).toEqual([]);
    expect((await audit()).map((e) => e.kind)).toEqual(["refusal"]);
  });

  it("an admin may act", async () => {
    await send("stop dev-a100", "U0ADMIN");
    expect(queue.map((m) => `${"action" in m ? m.action : m.type} by ${m.requestedBy}`)).toEqual([
      "stop by U0ADMIN",
    ]);
  });

  it.each([
    ["an unknown cluster gets a suggestion", "start dev-a10 for 1h", /dev-a100/],
    [
      "an ambiguous one lists the candidates",
      "start shared for 1h",
      /team-a\/shared.*team-b\/shared|team-b\/shared.*team-a\/shared/,
    ],
    ["an injection attempt is a plain unknown name", "start x'or'1==1 for 1h", /No cluster named/],
    [
      "very long input is a plain unknown name",
      `start ${"a".repeat(3000)} for 1h`,
      /No cluster named/,
    ],
    [
      "control characters make a plain unknown name",
      "start dev-a100\u0000 for 1h",
      /No cluster named.*did you mean dev-a100/,
    ],
    ["a protected cluster is never acted on", "stop inference-prod", /protected/],
    ["an override over the group's cap is refused", "start dev-t4 for 13h", /at most 12h/],
    ["an unknown verb gets the help", "reboot dev-a100", /start/],
  ])("%s", async (_what, text, expected) => {
    const reply = await send(text);
    expect(reply.status).toBe(200);
    expect(replyText(reply)).toMatch(expected);
    expect(queue).toEqual([]);
  });

  it("extend postpones the coming stop of a running cluster without any ARM work", async () => {
    const reply = await send("extend dev-a100 1h");
    expect(reply.status).toBe(200);
    expect(queue).toEqual([]);
    expect((await store.overrides.active(WED_1950.toISOString()))[0]).toMatchObject({
      state: "running",
      until: "2026-12-03T05:00:00Z",
    });
  });
});

describe("warning buttons", () => {
  const warning = (actionId: string, user: string, ts = "1764300000.000100") =>
    `payload=${encodeURIComponent(
      JSON.stringify({
        type: "block_actions",
        user: { id: user },
        channel: { id: "C0123ABCD" },
        message: { ts },
        container: { type: "message", message_ts: ts, channel_id: "C0123ABCD" },
        response_url: "https://hooks.slack.com/actions/T0TEAM0001/2/xyz",
        actions: [
          {
            action_id: actionId,
            type: "button",
            value: encodeWarningValue({
              clusterId: fleet[0]?.id ?? "",
              stopAt: "2026-12-03T04:00:00Z",
            }),
          },
        ],
      }),
    )}`;
  const click = (actionId: string, user: string) =>
    handleInteraction(signed(warning(actionId, user), WED_1950), deps, WED_1950);

  it("a keep click extends, replaces the buttons with the outcome, and a second click is a no-op", async () => {
    expect((await click(keepActionId(60), "U0MEMBER")).status).toBe(200);
    expect((await store.overrides.active(WED_1950.toISOString()))[0]).toMatchObject({
      state: "running",
      until: "2026-12-03T05:00:00Z",
      owner: "U0MEMBER",
    });
    const responses = slack.calls.filter((c) => c.kind === "respond");
    expect(responses).toHaveLength(1);
    expect(responses[0]?.kind === "respond" && responses[0].message.replaceOriginal).toBe(true);
    await click(keepActionId(120), "U0MEMBER");
    expect((await store.overrides.active(WED_1950.toISOString()))[0]?.until).toBe(
      "2026-12-03T05:00:00Z",
    );
    expect(slack.calls.filter((c) => c.kind === "respond")).toHaveLength(1);
  });

  it("an unauthorized click is refused and leaves the buttons for others", async () => {
    await click(keepActionId(60), "U0STRANGER");
    expect(await store.overrides.list()).toEqual([]);
    const [refusal] = slack.calls.filter((c) => c.kind === "respond");
    expect(refusal?.kind === "respond" && refusal.message.replaceOriginal).toBe(false);
    await click(keepActionId(60), "U0MEMBER");
    expect(await store.overrides.list()).toHaveLength(1);
  });

  it("stop now enqueues the stop and keeps the cluster stopped until the next start edge", async () => {
    await click("stop-now", "U0MEMBER");
    expect(queue.map((m) => ("action" in m ? m.action : m.type))).toEqual(["stop"]);
    expect((await store.overrides.active(WED_1950.toISOString()))[0]).toMatchObject({
      state: "stopped",
      until: "2026-12-03T16:00:00Z",
    });
  });

  it("a forged click gets 401", async () => {
    const forged = signed(warning("stop-now", "U0MEMBER"), WED_1950, {
      signature: `v0=${"1".repeat(64)}`,
    });
    expect((await handleInteraction(forged, deps, WED_1950)).status).toBe(401);
    expect(queue).toEqual([]);
  });
});
