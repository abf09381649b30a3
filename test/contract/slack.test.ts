/**
 * @module Runs the Slack port contract against the in-memory fake and against the real adapter
 * (`createSlackPort`: `@slack/web-api` v8 + `node:https`) talking HTTPS to an emulator started
 * for this file; then the emulator-only parts: 429 + Retry-After retried within the cap and
 * surfacing beyond it, 5xx and dropped connections, auth and scope errors, `response_url` faults,
 * and what the emulator records.
 */
import { createHash } from "node:crypto";
import { LogLevel } from "@slack/web-api";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  emulatorRequest,
  emulatorSlackOptions,
  startEmulator,
  type Emulator,
  type SlackCall,
} from "../../src/emulator/index.js";
import { SlackError, type SlackPort } from "../../src/ports/slack.js";
import { createSlackPort, type SlackPortOptions } from "../../src/slack/web-api.js";
import { FakeSlack } from "../fakes/fake-slack.js";
import {
  CHANNEL,
  describeSlackContract,
  slackCodeOf,
  type SeenFile,
  type SlackWorld,
} from "./slack.contract.js";

describeSlackContract("in-memory fake", () => {
  const fake = new FakeSlack();
  const world: SlackWorld = {
    port: fake,
    mintResponseUrl: () => fake.mintResponseUrl(),
    foreignVariant: (url) => url.replace("hooks.slack.com", "hooks.slack.com.evil.example"),
    advanceMinutes: (minutes) => {
      fake.advance(minutes * 60_000);
    },
    setUsergroup: (id, members) => {
      fake.setUsergroup(id, members);
    },
    message: (channel, ts) => {
      const m = fake.message(channel, ts);
      if (m === undefined) return undefined;
      return { text: m.text, ...(m.blocks === undefined ? {} : { blocks: m.blocks }) };
    },
    responsesTo: (url) =>
      fake.responses(url).map((r) => ({
        text: r.text,
        responseType: r.responseType ?? "ephemeral",
        replaceOriginal: r.replaceOriginal ?? false,
      })),
    rateLimitPosts: () => {
      fake.failures.push(new SlackError("RateLimited", "chat.postMessage: rate limited"));
      return () => {
        fake.failures.length = 0;
      };
    },
    filesIn: (channel) =>
      fake.files(channel).map((f) => ({
        id: f.id,
        filename: f.filename,
        title: f.title,
        size: f.bytes.byteLength,
        sha256: createHash("sha256").update(f.bytes).digest("hex"),
        ...(f.initialComment === undefined ? {} : { initialComment: f.initialComment }),
      })),
  };
  return Promise.resolve(world);
});

const TOKEN = "xoxb-gpu-warden-test";

/** Files the emulator shared in a channel, read from its call record (bytes as received). */
function sharedFiles(emu: Emulator, channel: string): SeenFile[] {
  const uploads = new Map(
    emu.slack
      .calls({ method: "file_upload" })
      .filter((c) => c.ok)
      .map((c) => [c.fileId, c]),
  );
  return emu.slack
    .calls({ method: "files.completeUploadExternal", channel })
    .filter((c) => c.ok)
    .map((c) => {
      const upload = uploads.get(c.fileId);
      return {
        id: c.fileId ?? "",
        filename: upload?.filename ?? "",
        title: c.title ?? "",
        size: upload?.bytes ?? -1,
        sha256: upload?.sha256 ?? "",
        ...(c.text === undefined ? {} : { initialComment: c.text }),
      };
    });
}
const POST_PATH = "/slack/api/chat.postMessage";

describe("on the emulator, through @slack/web-api over HTTPS", () => {
  let emulator: Emulator | undefined;

  beforeAll(async () => {
    emulator = await startEmulator({ fleet: { start: "2026-11-23T09:00:00Z", subscriptions: [] } });
  });

  afterAll(async () => {
    await emulator?.stop();
  });

  function running(): Emulator {
    if (emulator === undefined) throw new Error("the emulator did not start");
    return emulator;
  }

  /** The adapter as the composition root builds it in emulator mode, with short backoffs. */
  function adapter(overrides: Partial<SlackPortOptions> = {}): SlackPort {
    return createSlackPort({
      token: TOKEN,
      ...emulatorSlackOptions(running()),
      retry: { minBackoffMs: 20, maxBackoffMs: 50, requestTimeoutMs: 5000 },
      logLevel: LogLevel.ERROR,
      ...overrides,
    });
  }

  const idOf = (url: string): string => url.slice(url.lastIndexOf("/") + 1);

  describeSlackContract("createSlackPort (WebClient + node:https)", () => {
    const emu = running();
    emu.faults.clear();
    const port = adapter();
    const world: SlackWorld = {
      port,
      mintResponseUrl: () => emu.slack.mintResponseUrl({ channel: CHANNEL }).url,
      // Same server, other name (the test certificate covers localhost): a POST would land.
      foreignVariant: (url) => url.replace("//127.0.0.1:", "//localhost:"),
      advanceMinutes: (minutes) => {
        emu.clock.advance({ minutes });
      },
      setUsergroup: (id, members) => {
        emu.slack.setUsergroup(id, members);
      },
      message: (channel, ts) => {
        const m = emu.slack.messages(channel).find((x) => x.ts === ts);
        if (m === undefined) return undefined;
        return { text: m.text, ...(m.blocks === undefined ? {} : { blocks: m.blocks }) };
      },
      responsesTo: (url) =>
        emu.slack
          .calls({ method: "response_url", responseUrlId: idOf(url) })
          .filter((c) => c.ok)
          .map((c) => ({
            text: c.text ?? "",
            responseType: c.responseType ?? "",
            replaceOriginal: c.replaceOriginal ?? false,
          })),
      rateLimitPosts: () => {
        // Retry-After 60 s is beyond the adapter's 10 s cap: no waiting, RateLimited at once.
        const fault = emu.faults.add({ path: POST_PATH, status: 429, retryAfterSeconds: 60 });
        return () => {
          emu.faults.remove(fault.id);
        };
      },
      filesIn: (channel) => sharedFiles(emu, channel),
    };
    return Promise.resolve(world);
  });

  describe("emulator only", () => {
    let port: SlackPort;

    beforeEach(() => {
      const emu = running();
      emu.faults.clear();
      emu.requests.clear();
      emu.slack.clear();
      emu.slack.configure({ botToken: null, scopes: null });
      port = adapter();
    });

    const posts = (): SlackCall[] => running().slack.calls({ method: "chat.postMessage" });
    const firedOf = (id: string): number =>
      running()
        .faults.list()
        .find((f) => f.id === id)?.fired ?? -1;

    it("retries a 429 with Retry-After 1 s after waiting it, and succeeds", async () => {
      const fault = running().faults.add({
        path: POST_PATH,
        status: 429,
        retryAfterSeconds: 1,
        times: 1,
      });
      const started = Date.now();
      const posted = await port.post(CHANNEL, { text: "after one 429" });
      expect(Date.now() - started).toBeGreaterThanOrEqual(950);
      expect(firedOf(fault.id)).toBe(1);
      expect(posts().map((c) => [c.ok, c.ts, c.text])).toEqual([
        [true, posted.ts, "after one 429"],
      ]);
      expect(
        running()
          .requests.list({ pathContains: POST_PATH })
          .map((r) => r.status),
      ).toEqual([429, 200]);
    });

    it("gives up with RateLimited after 2 rate-limit retries when the 429s persist", async () => {
      const fault = running().faults.add({ path: POST_PATH, status: 429, retryAfterSeconds: 1 });
      const started = Date.now();
      expect(await slackCodeOf(port.post(CHANNEL, { text: "x" }))).toBe("RateLimited");
      expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
      expect(firedOf(fault.id)).toBe(3);
      expect(posts()).toEqual([]);
    });

    it("does not wait for a Retry-After beyond the cap, nor retry a 429 without one", async () => {
      const long = running().faults.add({ path: POST_PATH, status: 429, retryAfterSeconds: 60 });
      const started = Date.now();
      expect(await slackCodeOf(port.post(CHANNEL, { text: "x" }))).toBe("RateLimited");
      expect(Date.now() - started).toBeLessThan(900);
      expect(firedOf(long.id)).toBe(1);
      running().faults.clear();
      const bare = running().faults.add({ path: POST_PATH, status: 429 });
      expect(await slackCodeOf(port.post(CHANNEL, { text: "x" }))).toBe("RateLimited");
      expect(firedOf(bare.id)).toBe(1);
    });

    it("retries 5xx (twice) and maps persistent 5xx and dropped connections to Transient", async () => {
      const once = running().faults.add({ path: POST_PATH, status: 503, times: 1 });
      await port.post(CHANNEL, { text: "after one 503" });
      expect(firedOf(once.id)).toBe(1);
      running().faults.clear();
      const always = running().faults.add({ path: POST_PATH, status: 500 });
      expect(await slackCodeOf(port.post(CHANNEL, { text: "x" }))).toBe("Transient");
      expect(firedOf(always.id)).toBe(3);
      running().faults.clear();
      running().faults.add({ path: "/slack/api/**", drop: true });
      expect(await slackCodeOf(port.usergroupMembers("S0MLENG01"))).toBe("Transient");
    });

    it("maps invalid_auth, not_authed and missing_scope to NotAuthorized", async () => {
      const emu = running();
      emu.slack.configure({ botToken: "xoxb-the-right-one" });
      expect(await slackCodeOf(port.post(CHANNEL, { text: "x" }))).toBe("NotAuthorized");
      expect(await slackCodeOf(adapter({ token: "" }).post(CHANNEL, { text: "x" }))).toBe(
        "NotAuthorized",
      );
      await adapter({ token: "xoxb-the-right-one" }).post(CHANNEL, { text: "right token" });
      emu.slack.configure({ botToken: null, scopes: ["usergroups:read"] });
      expect(await slackCodeOf(port.post(CHANNEL, { text: "x" }))).toBe("NotAuthorized");
      expect(posts().map((c) => c.error ?? "ok")).toEqual([
        "invalid_auth",
        "not_authed",
        "ok",
        "missing_scope",
      ]);
    });

    it("retries a 429 on a response_url within the cap; a 5xx there is Transient, not retried", async () => {
      const emu = running();
      const minted = emu.slack.mintResponseUrl({ channel: CHANNEL });
      const path = `/slack/response/${minted.id}`;
      emu.faults.add({ path, status: 429, retryAfterSeconds: 1, times: 1 });
      await port.respond(minted.url, { text: "after a 429" });
      const outage = emu.faults.add({ path, status: 503 });
      expect(await slackCodeOf(port.respond(minted.url, { text: "x" }))).toBe("Transient");
      expect(firedOf(outage.id)).toBe(1);
      expect(emu.slack.responseUrls().find((u) => u.id === minted.id)?.uses).toBe(1);
    });

    it("answers NotFound for a response_url the emulator never minted", async () => {
      const url = `${running().url}/slack/response/R999999`;
      expect(await slackCodeOf(port.respond(url, { text: "x" }))).toBe("NotFound");
    });

    it("replace_original on a minted interaction URL replaces the message it belongs to", async () => {
      const emu = running();
      const posted = await port.post(CHANNEL, {
        text: "stop at 20:00?",
        blocks: [{ type: "actions", elements: [] }],
      });
      const minted = emu.slack.mintResponseUrl({ channel: CHANNEL, messageTs: posted.ts });
      await port.respond(minted.url, { text: "extended until 22:00", replaceOriginal: true });
      expect(emu.slack.messages(CHANNEL)).toMatchObject([
        { ts: posted.ts, text: "extended until 22:00", blocks: undefined, edits: 1 },
      ]);
    });

    it("records every call, readable over HTTP at GET /_emulator/slack", async () => {
      const emu = running();
      const blocks = [{ type: "section", text: { type: "mrkdwn", text: "*dev-a100* is Running" } }];
      const posted = await port.post(CHANNEL, { text: "dev-a100 is Running", blocks });
      await port.update(posted, { text: "dev-a100 is Stopped" });
      const minted = emu.slack.mintResponseUrl();
      await port.respond(minted.url, { text: "done", responseType: "in_channel" });
      const answer = await emulatorRequest(emu, "GET", "/_emulator/slack");
      expect(answer.status).toBe(200);
      const calls = (answer.body as { value: SlackCall[] }).value;
      expect(calls).toMatchObject([
        {
          seq: 1,
          method: "chat.postMessage",
          ok: true,
          channel: CHANNEL,
          ts: posted.ts,
          text: "dev-a100 is Running",
          blocks,
        },
        {
          seq: 2,
          method: "chat.update",
          ok: true,
          channel: CHANNEL,
          ts: posted.ts,
          text: "dev-a100 is Stopped",
          blocks: [],
        },
        {
          seq: 3,
          method: "response_url",
          ok: true,
          responseUrlId: minted.id,
          text: "done",
          responseType: "in_channel",
          replaceOriginal: false,
          use: 1,
        },
      ]);
      expect(emu.requests.list().map((r) => r.answeredBy)).toEqual(["slack", "slack", "slack"]);
    });
  });
});
