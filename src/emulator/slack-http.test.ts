/**
 * @module The Slack stand-in on the wire (raw HTTPS, no SDK): Slack's `{ok:false, error}` with
 * HTTP 200, form and JSON arguments, `response_url` statuses and bodies, the fleet's user
 * groups, and the `/_emulator/slack` control routes.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "./emulator.js";
import { emulatorRequest, type RawResponse } from "./raw-client.js";
import type { ResponseUrlInfo, SlackCall } from "./slack-state.js";

let emu: Emulator;
const FLEET = {
  start: "2026-11-23T09:00:00Z",
  subscriptions: [],
  slack: { usergroups: { S0MLENG01: ["U0ALICE01", "U0BOB0002"] } },
};

const api = (method: string, args: Record<string, unknown>, bearer = true): Promise<RawResponse> =>
  emulatorRequest(emu, "POST", `/slack/api/${method}`, {
    body: args,
    bearer,
    headers: { "content-type": "application/json; charset=utf-8" },
  });

const form = (method: string, args: Record<string, string>): Promise<RawResponse> =>
  emulatorRequest(emu, "POST", `/slack/api/${method}`, {
    body: new URLSearchParams(args).toString(),
    bearer: false,
    headers: { "content-type": "application/x-www-form-urlencoded" },
  });

const mint = async (body: Record<string, unknown> = {}): Promise<ResponseUrlInfo> => {
  const answer = await emulatorRequest(emu, "POST", "/_emulator/slack/response-urls", { body });
  expect(answer.status).toBe(201);
  return answer.body as ResponseUrlInfo;
};

const respond = (id: string, body: unknown): Promise<RawResponse> =>
  emulatorRequest(emu, "POST", `/slack/response/${id}`, { body, bearer: false });

beforeAll(async () => {
  emu = await startEmulator();
});

afterAll(async () => {
  await emu.stop();
});

beforeEach(async () => {
  expect((await emulatorRequest(emu, "PUT", "/_emulator/fleet", { body: FLEET })).status).toBe(200);
  await emulatorRequest(emu, "DELETE", "/_emulator/slack");
  await emulatorRequest(emu, "PUT", "/_emulator/slack/settings", {
    body: { botToken: null, scopes: null },
  });
});

describe("Web API methods", () => {
  it("posts with a JSON body and a bearer token, then updates; blocks stay unless replaced", async () => {
    const blocks = [{ type: "section", text: { type: "mrkdwn", text: "hi" } }];
    const posted = await api("chat.postMessage", { channel: "C0GPUWARD1", text: "hi", blocks });
    expect(posted.status).toBe(200);
    expect(posted.body).toMatchObject({
      ok: true,
      channel: "C0GPUWARD1",
      ts: expect.stringMatching(/^1795424400\.\d{6}$/) as unknown,
      message: { type: "message", text: "hi", blocks },
    });
    const ts = (posted.body as { ts: string }).ts;
    const updated = await api("chat.update", { channel: "C0GPUWARD1", ts, text: "bye" });
    expect(updated.body).toMatchObject({ ok: true, channel: "C0GPUWARD1", ts, text: "bye" });
    expect(emu.slack.messages()).toMatchObject([{ ts, text: "bye", blocks, edits: 1 }]);
    await api("chat.update", { channel: "C0GPUWARD1", ts, text: "bye", blocks: [] });
    expect(emu.slack.messages()[0]?.blocks).toBeUndefined();
  });

  it("takes form-encoded arguments with the token in the body, as older clients send them", async () => {
    const answer = await form("chat.postMessage", {
      token: "xoxb-any",
      channel: "G0PRIVATE1",
      text: "form",
      blocks: JSON.stringify([{ type: "divider" }]),
    });
    expect(answer.body).toMatchObject({ ok: true, channel: "G0PRIVATE1" });
    expect(emu.slack.calls()).toMatchObject([
      { method: "chat.postMessage", blocks: [{ type: "divider" }] },
    ]);
  });

  it.each([
    ["chat.postMessage", "channel_not_found", { channel: "#general", text: "x" }],
    ["chat.postMessage", "no_text", { channel: "C0GPUWARD1" }],
    [
      "chat.postMessage",
      "invalid_blocks_format",
      { channel: "C0GPUWARD1", text: "x", blocks: "x" },
    ],
    ["chat.postMessage", "msg_too_long", { channel: "C0GPUWARD1", text: "x".repeat(40_001) }],
    ["chat.update", "message_not_found", { channel: "C0GPUWARD1", ts: "1.000001", text: "x" }],
    ["usergroups.users.list", "no_such_subteam", { usergroup: "S0NOPE001" }],
    ["usergroups.users.list", "invalid_arguments", {}],
    ["chat.delete", "unknown_method", { channel: "C0GPUWARD1", ts: "1.000001" }],
  ])("%s → HTTP 200 {ok:false, error:%s}", async (method, error, args) => {
    const answer = await api(method, args);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ ok: false, error });
    expect(emu.slack.calls()).toMatchObject([{ method, ok: false, error, status: 200 }]);
  });

  it("lists user group members from the fleet file and from the control API", async () => {
    expect((await api("usergroups.users.list", { usergroup: "S0MLENG01" })).body).toEqual({
      ok: true,
      users: ["U0ALICE01", "U0BOB0002"],
    });
    const put = await emulatorRequest(emu, "PUT", "/_emulator/slack/usergroups/S0ONCALL1", {
      body: { members: ["U0CAROL03"] },
    });
    expect(put.body).toEqual({ id: "S0ONCALL1", members: ["U0CAROL03"] });
    expect((await api("usergroups.users.list", { usergroup: "S0ONCALL1" })).body).toMatchObject({
      users: ["U0CAROL03"],
    });
    expect((await emulatorRequest(emu, "GET", "/_emulator/slack/usergroups")).body).toEqual({
      S0MLENG01: ["U0ALICE01", "U0BOB0002"],
      S0ONCALL1: ["U0CAROL03"],
    });
    const bad = await emulatorRequest(emu, "PUT", "/_emulator/slack/usergroups/S0ONCALL1", {
      body: { members: ["alice"] },
    });
    expect(bad.status).toBe(400);
  });

  it("checks the token: not_authed without one, invalid_auth when another is configured, missing_scope", async () => {
    expect((await api("auth.test", {}, false)).body).toEqual({ ok: false, error: "not_authed" });
    const set = await emulatorRequest(emu, "PUT", "/_emulator/slack/settings", {
      body: { botToken: "xoxb-right", scopes: ["chat:write"] },
    });
    expect(set.body).toEqual({ botToken: "xoxb-right", scopes: ["chat:write"] });
    expect((await api("auth.test", {})).body).toEqual({ ok: false, error: "invalid_auth" });
    const right = { authorization: "Bearer xoxb-right", "content-type": "application/json" };
    const call = (method: string, body: unknown): Promise<RawResponse> =>
      emulatorRequest(emu, "POST", `/slack/api/${method}`, { body, bearer: false, headers: right });
    expect((await call("auth.test", {})).body).toMatchObject({ ok: true });
    expect((await call("usergroups.users.list", { usergroup: "S0MLENG01" })).body).toEqual({
      ok: false,
      error: "missing_scope",
      needed: "usergroups:read",
      provided: "chat:write",
    });
    const bad = await emulatorRequest(emu, "PUT", "/_emulator/slack/settings", {
      body: { botToken: 5 },
    });
    expect(bad.status).toBe(400);
  });

  it("answers an injected 429 with Retry-After on a Slack path, logged as a fault", async () => {
    emu.faults.add({ path: "/slack/api/chat.*", status: 429, retryAfterSeconds: 3, times: 1 });
    const limited = await api("chat.postMessage", { channel: "C0GPUWARD1", text: "x" });
    expect(limited.status).toBe(429);
    expect(limited.headers["retry-after"]).toBe("3");
    expect((await api("chat.postMessage", { channel: "C0GPUWARD1", text: "x" })).status).toBe(200);
    emu.faults.clear();
  });
});

describe("response_url", () => {
  it("accepts 5 JSON posts within 30 minutes, then 404 used_url; records each body", async () => {
    const minted = await mint({ channel: "C0GPUWARD1", user: "U0ALICE01" });
    expect(minted).toMatchObject({
      id: expect.stringMatching(/^R\d{6}$/) as unknown,
      url: `${emu.url}/slack/response/${minted.id}`,
      mintedAt: "2026-11-23T09:00:00.000Z",
      expiresAt: "2026-11-23T09:30:00.000Z",
      uses: 0,
      maxUses: 5,
    });
    for (let i = 1; i <= 5; i++) {
      const answer = await respond(minted.id, {
        text: `#${String(i)}`,
        response_type: "in_channel",
      });
      expect([answer.status, answer.body]).toEqual([200, { ok: true }]);
    }
    const sixth = await respond(minted.id, { text: "#6" });
    expect([sixth.status, sixth.body]).toEqual([404, { ok: false, error: "used_url" }]);
    const calls = emu.slack.calls({ responseUrlId: minted.id });
    expect(calls.map((c: SlackCall) => [c.status, c.use ?? c.error, c.channel])).toEqual([
      [200, 1, "C0GPUWARD1"],
      [200, 2, "C0GPUWARD1"],
      [200, 3, "C0GPUWARD1"],
      [200, 4, "C0GPUWARD1"],
      [200, 5, "C0GPUWARD1"],
      [404, "used_url", "C0GPUWARD1"],
    ]);
  });

  it("expires 30 virtual minutes after minting: 404 expired_url", async () => {
    const minted = await mint();
    await emulatorRequest(emu, "POST", "/_emulator/clock/advance", {
      body: { minutes: 29, seconds: 59 },
    });
    expect((await respond(minted.id, { text: "just in time" })).status).toBe(200);
    await emulatorRequest(emu, "POST", "/_emulator/clock/advance", { body: { seconds: 1 } });
    const late = await respond(minted.id, { text: "late" });
    expect([late.status, late.body]).toEqual([404, { ok: false, error: "expired_url" }]);
  });

  it("rejects bad bodies without using the URL, and unknown ids with 404 no_service", async () => {
    const minted = await mint();
    expect((await respond(minted.id, "{not json")).body).toEqual({
      ok: false,
      error: "invalid_payload",
    });
    expect((await respond(minted.id, { response_type: "ephemeral" })).status).toBe(400);
    expect((await emulatorRequest(emu, "GET", `/slack/response/${minted.id}`)).status).toBe(405);
    expect((await respond("R424242", { text: "x" })).body).toEqual({
      ok: false,
      error: "no_service",
    });
    const listed = await emulatorRequest(emu, "GET", "/_emulator/slack/response-urls");
    expect((listed.body as { value: ResponseUrlInfo[] }).value).toMatchObject([
      { id: minted.id, uses: 0 },
    ]);
  });
});

describe("control routes", () => {
  it("filters recorded calls, lists messages, and clears", async () => {
    await api("chat.postMessage", { channel: "C0GPUWARD1", text: "one" });
    await api("chat.postMessage", { channel: "C0OTHER001", text: "two" });
    const byChannel = await emulatorRequest(emu, "GET", "/_emulator/slack?channel=C0OTHER001");
    expect((byChannel.body as { value: SlackCall[] }).value.map((c) => c.text)).toEqual(["two"]);
    const since = await emulatorRequest(
      emu,
      "GET",
      "/_emulator/slack?since=1&method=chat.postMessage",
    );
    expect((since.body as { value: SlackCall[] }).value.map((c) => c.seq)).toEqual([2]);
    const messages = await emulatorRequest(
      emu,
      "GET",
      "/_emulator/slack/messages?channel=C0GPUWARD1",
    );
    expect((messages.body as { value: unknown[] }).value).toMatchObject([{ text: "one" }]);
    expect((await emulatorRequest(emu, "DELETE", "/_emulator/slack")).status).toBe(204);
    expect(emu.slack.calls()).toEqual([]);
    expect(emu.slack.messages()).toEqual([]);
  });

  it("a fleet without a slack key has no user groups; a bad one is a 400 by path", async () => {
    await emulatorRequest(emu, "PUT", "/_emulator/fleet", { body: { subscriptions: [] } });
    expect(emu.slack.usergroups()).toEqual({});
    const bad = await emulatorRequest(emu, "PUT", "/_emulator/fleet", {
      body: { subscriptions: [], slack: { usergroups: { S0MLENG01: ["alice"] } } },
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain("slack.usergroups.S0MLENG01.0: expected a user id");
  });
});
