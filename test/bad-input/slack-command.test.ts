/**
 * @module Bad input at `POST /api/slack/command` (SPEC §10, §16), through the function shell: each
 * row is a request, the exact answer, and what may change — nothing at all for a request that
 * fails the gate; only the replay marker (and, for an audited refusal, its audit row) otherwise.
 * No row enqueues work, posts to Slack or calls Azure.
 */
import { describe, expect, it } from "vitest";
import { makeSlackCommandHandler } from "../../src/functions/slack-command.js";
import { context, NOW, post, signature, slackDeps, stateWithout, world } from "./harness.js";

let trigger = 0;
function form(text: string, extra: Record<string, string> = {}): string {
  return new URLSearchParams({
    team_id: "T0TEAM0001",
    channel_id: "C0MLDEV01",
    user_id: "U0MEMBER",
    command: "/gpu",
    text,
    response_url: "https://hooks.slack.com/commands/T0TEAM0001/1/abc",
    trigger_id: `bad-${String(++trigger)}`,
    ...extra,
  }).toString();
}

const signed = (body: string) => ({ body, headers: signature(body) });
const USAGE_START = "usage: /gpu start &lt;cluster&gt; [for &lt;duration&gt;]";

/** [what, request, status, reply text (exact, or a pattern), audited refusal reason] */
const GATE: [string, () => { body: string; headers: Record<string, string> }, number, string][] = [
  [
    "no signature headers",
    () => ({ body: form("start dev-t4"), headers: {} }),
    401,
    "unauthorized: X-Slack-Request-Timestamp and X-Slack-Signature are required",
  ],
  [
    "a forged signature (another secret)",
    () => {
      const b = form("start dev-t4");
      return { body: b, headers: signature(b, NOW, "not-the-secret") };
    },
    401,
    "unauthorized: X-Slack-Signature does not match the request",
  ],
  [
    "a stale timestamp (5 min 1 s old)",
    () => {
      const b = form("start dev-t4");
      return { body: b, headers: signature(b, new Date(NOW.getTime() - 301_000)) };
    },
    401,
    "unauthorized: X-Slack-Request-Timestamp is more than 5 minutes from now",
  ],
  [
    "a timestamp 5 min 1 s ahead",
    () => {
      const b = form("start dev-t4");
      return { body: b, headers: signature(b, new Date(NOW.getTime() + 301_000)) };
    },
    401,
    "unauthorized: X-Slack-Request-Timestamp is more than 5 minutes from now",
  ],
  [
    "a malformed signature",
    () => {
      const b = form("start dev-t4");
      return { body: b, headers: { ...signature(b), "x-slack-signature": "v1=abc" } };
    },
    401,
    "unauthorized: X-Slack-Signature is not v0= followed by 64 hex digits",
  ],
  [
    "a signed body changed on the way",
    () => {
      const b = form("stop dev-a100");
      return { body: b.replace("stop", "start"), headers: signature(b) };
    },
    401,
    "unauthorized: X-Slack-Signature does not match the request",
  ],
  [
    "an oversized body (17 KB)",
    () => signed(form("status", { padding: "x".repeat(17_000) })),
    413,
    "request body over 16384 bytes",
  ],
  [
    "a signed form without team, channel or user",
    () =>
      signed(
        new URLSearchParams({ command: "/gpu", text: "status", trigger_id: "bad-x" }).toString(),
      ),
    400,
    "bad slash command: malformed field team_id",
  ],
];

const REPLIES: [string, string, string | RegExp, string | null][] = [
  [
    "an empty command → help",
    "",
    "/gpu commands: start, stop, extend, status, wake, report, help",
    null,
  ],
  [
    "an unknown command → help",
    "frobnicate dev-a100",
    /^unknown command 'frobnicate' \/gpu start &lt;cluster&gt;/,
    null,
  ],
  ["a command without its cluster", "start", `which cluster? ${USAGE_START}`, null],
  [
    "an ambiguous cluster",
    "start shared",
    "'shared' matches several clusters; say which: `team-a/shared`, `team-b/shared`",
    null,
  ],
  ["a near-miss", "start dev-a1000", "No cluster named 'dev-a1000' — did you mean dev-a100?", null],
  ["an unknown cluster", "start nope", "No cluster named 'nope'", null],
  ["an injection attempt", "start x' or 1==1", "No cluster named 'x' or 1==1'", null],
  [
    "a command smuggled after the name",
    "stop dev-a100; DROP TABLE",
    "No cluster named 'dev-a100; DROP TABLE'",
    null,
  ],
  [
    "a NUL inside the name",
    "start dev\u0000a100",
    "No cluster named 'dev\u0000a100' — did you mean dev-a100?",
    null,
  ],
  [
    "an ANSI escape after the name",
    "start dev-a100\u001b[31m",
    "No cluster named 'dev-a100\u001b[31m'",
    null,
  ],
  [
    "a 3,000-character name (echo clipped)",
    `start ${"a".repeat(3000)}`,
    `No cluster named '${"a".repeat(79)}…'`,
    null,
  ],
  [
    "a mention as the cluster (escaped)",
    "status <@U0ADMIN>",
    "No cluster named '&lt;@U0ADMIN&gt;'",
    null,
  ],
  [
    "a bad duration",
    "start dev-a100 for 5x",
    `invalid duration '5x' (expected e.g. 30m, 2h or 1h30m); ${USAGE_START}`,
    null,
  ],
  [
    "a bad extension",
    "extend dev-a100 soon",
    "invalid duration 'soon' (expected e.g. 30m, 2h or 1h30m); usage: /gpu extend &lt;cluster&gt; &lt;duration | until HH:MM&gt;",
    null,
  ],
  [
    "a protected cluster (refused, audited)",
    "start inference",
    "inference is in a protected group, so gpu-warden leaves it alone.",
    "start refused: inference is protected",
  ],
  [
    "over the group's maximum (refused, audited)",
    "start dev-a100 for 99h",
    "dev-a100: that would keep it 99h from now; this group allows at most 12h",
    "/gpu start dev-a100 for 99h refused: that would keep it 99h from now; this group allows at most 12h",
  ],
];

async function send(
  w: Awaited<ReturnType<typeof world>>,
  body: string,
  headers: Record<string, string>,
) {
  const handler = makeSlackCommandHandler(
    () => Promise.resolve(slackDeps(w)),
    () => NOW,
  );
  return handler(post("slack/command", body, headers), context("slack-command").ctx);
}

describe("slash commands that fail the gate", () => {
  it.each(GATE)("%s → %i, and nothing changes", async (_what, request, status, body) => {
    const w = await world();
    const before = await w.state();
    const { body: raw, headers } = request();
    expect(await send(w, raw, headers)).toEqual({ status, body });
    expect(await w.state()).toEqual(before);
  });

  it("a replayed request (same trigger_id) → 401 the second time, and the first is not repeated", async () => {
    const w = await world();
    const { body, headers } = signed(form("help"));
    expect((await send(w, body, headers)).status).toBe(200);
    const before = await w.state();
    expect(await send(w, body, headers)).toEqual({
      status: 401,
      body: "unauthorized: replayed request (this trigger_id was already handled)",
    });
    expect(await w.state()).toEqual(before);
  });
});

describe("slash commands that pass the gate but cannot be done", () => {
  it.each(REPLIES)(
    "%s → an ephemeral answer, nothing enqueued",
    async (_what, text, reply, audited) => {
      const w = await world();
      const before = await stateWithout(w, "dedupe", "audit");
      const { body, headers } = signed(form(text));
      const answer = await send(w, body, headers);
      expect(answer.status).toBe(200);
      const json = answer.jsonBody as { response_type: string; text: string };
      expect(json.response_type).toBe("ephemeral");
      if (typeof reply === "string") expect(json.text).toBe(reply);
      else expect(json.text).toMatch(reply);
      expect(await stateWithout(w, "dedupe", "audit")).toEqual(before);
      const audit = await w.rt.store.audit.list({
        from: "2026-01-01T00:00:00Z",
        to: "2027-01-01T00:00:00Z",
      });
      expect(audit.map((e) => `${e.kind}: ${e.reason}`)).toEqual(
        audited ? [`refusal: ${audited}`] : [],
      );
    },
  );
});
