/**
 * @module Bad input at `POST /api/slack/interaction` (warning buttons; SPEC §10, §16), through the
 * function shell: forged, stale or oversized requests, malformed payloads, unknown actions, bad
 * button values and a replayed click each get their exact answer and change nothing.
 */
import { describe, expect, it } from "vitest";
import { makeSlackInteractionHandler } from "../../src/functions/slack-interaction.js";
import { encodeWarningValue, keepActionId } from "../../src/slack/actions.js";
import { context, FLEET, NOW, post, signature, slackDeps, world } from "./harness.js";

const DEV_A100 = FLEET[0]?.id ?? "";

function click(actionId: string, value?: string, extra: Record<string, unknown> = {}): string {
  const ts = "1764300000.000100";
  const payload = {
    type: "block_actions",
    user: { id: "U0MEMBER" },
    channel: { id: "C0MLDEV01" },
    message: { ts },
    container: { type: "message", message_ts: ts, channel_id: "C0MLDEV01" },
    response_url: "https://hooks.slack.com/actions/T0TEAM0001/2/xyz",
    actions: [{ action_id: actionId, type: "button", ...(value === undefined ? {} : { value }) }],
    ...extra,
  };
  return `payload=${encodeURIComponent(JSON.stringify(payload))}`;
}

const keep = click(
  keepActionId(60),
  encodeWarningValue({ clusterId: DEV_A100, stopAt: "2026-12-03T04:00:00Z" }),
);
const signed = (body: string) => ({ body, headers: signature(body) });

const CASES: [
  string,
  () => { body: string; headers: Record<string, string> },
  { status: number; body?: string },
][] = [
  [
    "no signature headers",
    () => ({ body: keep, headers: {} }),
    {
      status: 401,
      body: "unauthorized: X-Slack-Request-Timestamp and X-Slack-Signature are required",
    },
  ],
  [
    "a forged click",
    () => ({ body: keep, headers: signature(keep, NOW, "not-the-secret") }),
    { status: 401, body: "unauthorized: X-Slack-Signature does not match the request" },
  ],
  [
    "a stale click (6 minutes old)",
    () => ({ body: keep, headers: signature(keep, new Date(NOW.getTime() - 360_000)) }),
    {
      status: 401,
      body: "unauthorized: X-Slack-Request-Timestamp is more than 5 minutes from now",
    },
  ],
  [
    "an oversized payload",
    () => signed(click("stop-now", "x".repeat(17_000))),
    { status: 413, body: "request body over 16384 bytes" },
  ],
  [
    "no payload field",
    () => signed("foo=bar"),
    { status: 400, body: "bad interaction: malformed field payload" },
  ],
  [
    "a payload that is not JSON",
    () => signed("payload=%7Bnope"),
    { status: 400, body: "bad interaction: malformed field payload" },
  ],
  [
    "a payload that is a JSON array",
    () => signed(`payload=${encodeURIComponent("[]")}`),
    { status: 400, body: "bad interaction: malformed field body" },
  ],
  [
    "another interaction type",
    () => signed(`payload=${encodeURIComponent(JSON.stringify({ type: "view_submission" }))}`),
    { status: 400, body: "bad interaction: malformed field type" },
  ],
  [
    "an unknown action id",
    () =>
      signed(click("delete-everything", encodeWarningValue({ clusterId: DEV_A100, stopAt: null }))),
    { status: 200 },
  ],
  [
    "a keep button with a bad duration",
    () => signed(click("keep-forever", encodeWarningValue({ clusterId: DEV_A100, stopAt: null }))),
    { status: 200 },
  ],
  ["a button value that is not JSON", () => signed(click("stop-now", "{nope")), { status: 200 }],
  ["a button without a value", () => signed(click("stop-now")), { status: 200 }],
  [
    "a button naming a cluster not in the fleet",
    () =>
      signed(
        click(
          "stop-now",
          encodeWarningValue({
            clusterId:
              "/subscriptions/x/resourceGroups/y/providers/Microsoft.ContainerService/managedClusters/z",
            stopAt: null,
          }),
        ),
      ),
    { status: 200 },
  ],
];

async function send(
  w: Awaited<ReturnType<typeof world>>,
  body: string,
  headers: Record<string, string>,
) {
  const handler = makeSlackInteractionHandler(
    () => Promise.resolve(slackDeps(w)),
    () => NOW,
  );
  return handler(post("slack/interaction", body, headers), context("slack-interaction").ctx);
}

describe("button clicks that cannot be acted on", () => {
  it.each(CASES)("%s → the exact answer, and nothing changes", async (_what, request, answer) => {
    const w = await world();
    const before = await w.state();
    const { body, headers } = request();
    const reply = await send(w, body, headers);
    expect(reply).toEqual(answer);
    const after = await w.state();
    // A click on a cluster no longer in the fleet is told so on its response_url; nothing else.
    expect({ ...after, slack: before.slack }).toEqual(before);
  });

  it("a replayed click is answered 200 and does nothing the second time", async () => {
    const w = await world();
    const { body, headers } = signed(keep);
    expect(await send(w, body, headers)).toEqual({ status: 200 });
    const once = await w.state();
    expect(once["overrides"]).toHaveLength(1);
    expect(await send(w, body, headers)).toEqual({ status: 200 });
    expect(await w.state()).toEqual(once);
  });
});
