/**
 * @module The Slack port contract: one suite the in-memory fake and the real adapter
 * (`@slack/web-api` + `node:https`, against the emulator over HTTPS) must both pass. Each
 * implementation provides a "world": the port, a way to mint `response_url`s, move the clock,
 * declare user groups, read back what Slack holds (messages, shared files), and make
 * `chat.postMessage` rate-limited.
 */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { SlackErrorCode, SlackPort } from "../../src/ports/slack.js";
import { SlackError } from "../../src/ports/slack.js";

export interface SeenMessage {
  readonly text: string;
  readonly blocks?: readonly unknown[];
}

export interface SeenResponse {
  readonly text: string;
  readonly responseType: string;
  readonly replaceOriginal: boolean;
}

export interface SlackWorld {
  readonly port: SlackPort;
  /** A fresh `response_url`, valid from the world's now. */
  mintResponseUrl(): string;
  /** The same `response_url` on a host the port must refuse, still reaching the world if sent. */
  foreignVariant(url: string): string;
  advanceMinutes(minutes: number): void;
  setUsergroup(id: string, members: readonly string[]): void;
  /** What Slack now shows for a posted message. */
  message(channel: string, ts: string): SeenMessage | undefined;
  /** The accepted posts to a `response_url`, oldest first. */
  responsesTo(url: string): SeenResponse[];
  /** Makes every `chat.postMessage` rate-limited beyond the adapter's patience; returns undo. */
  rateLimitPosts(): () => void;
  /** Files shared in a channel through files upload v2, with a SHA-256 of the bytes received. */
  filesIn(channel: string): SeenFile[];
}

export interface SeenFile {
  readonly id: string;
  readonly filename: string;
  readonly title: string;
  readonly size: number;
  readonly sha256: string;
  readonly initialComment?: string;
}

export type MakeSlackWorld = () => Promise<SlackWorld>;

export const CHANNEL = "C0GPUWARD1";
/** Binary bytes that are not valid UTF-8 (a PNG signature, then every byte value). */
const PNG_LIKE = Uint8Array.from([
  0x89,
  0x50,
  0x4e,
  0x47,
  0x0d,
  0x0a,
  0x1a,
  0x0a,
  ...Array.from({ length: 512 }, (_, i) => i % 256),
]);
const section = (text: string): Record<string, unknown> => ({
  type: "section",
  text: { type: "mrkdwn", text },
});

/** The code of a rejected port call (fails the test when it resolves or throws something else). */
export async function slackCodeOf(call: Promise<unknown>): Promise<SlackErrorCode> {
  const error: unknown = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, "expected a SlackError").toBeInstanceOf(SlackError);
  return (error as SlackError).code;
}

export function describeSlackContract(name: string, make: MakeSlackWorld): void {
  describe(`SlackPort contract: ${name}`, () => {
    it("posts a message, then updates it in place (blocks replaced)", async () => {
      const w = await make();
      const posted = await w.port.post(CHANNEL, {
        text: "dev-a100 stops at 20:00",
        blocks: [section("*dev-a100* stops at 20:00")],
      });
      expect(posted.channel).toBe(CHANNEL);
      expect(posted.ts).toMatch(/^\d+\.\d{6}$/);
      expect(w.message(CHANNEL, posted.ts)).toEqual({
        text: "dev-a100 stops at 20:00",
        blocks: [section("*dev-a100* stops at 20:00")],
      });
      await w.port.update(posted, { text: "extended by <@U0ALICE01> until 22:00" });
      expect(w.message(CHANNEL, posted.ts)).toEqual({
        text: "extended by <@U0ALICE01> until 22:00",
      });
      const second = await w.port.post(CHANNEL, { text: "another" });
      expect(second.ts).not.toBe(posted.ts);
    });

    it("NotFound: a channel that is not a channel id, an unknown message", async () => {
      const w = await make();
      expect(await slackCodeOf(w.port.post("#general", { text: "x" }))).toBe("NotFound");
      expect(
        await slackCodeOf(w.port.update({ channel: CHANNEL, ts: "1.000001" }, { text: "x" })),
      ).toBe("NotFound");
    });

    it("a response_url takes 5 posts, then ResponseUrlExpired", async () => {
      const w = await make();
      const url = w.mintResponseUrl();
      for (let i = 1; i <= 5; i++) {
        await w.port.respond(url, {
          text: `step ${String(i)}`,
          ...(i === 5 ? { responseType: "in_channel", replaceOriginal: true } : {}),
        });
      }
      expect(await slackCodeOf(w.port.respond(url, { text: "sixth" }))).toBe("ResponseUrlExpired");
      const seen = w.responsesTo(url);
      expect(seen.map((r) => r.text)).toEqual(["step 1", "step 2", "step 3", "step 4", "step 5"]);
      expect(seen[0]).toEqual({
        text: "step 1",
        responseType: "ephemeral",
        replaceOriginal: false,
      });
      expect(seen[4]).toEqual({
        text: "step 5",
        responseType: "in_channel",
        replaceOriginal: true,
      });
    });

    it("a response_url expires 30 minutes after it was minted", async () => {
      const w = await make();
      const url = w.mintResponseUrl();
      await w.port.respond(url, { text: "working on it…" });
      w.advanceMinutes(29);
      await w.port.respond(url, { text: "still within 30 minutes" });
      w.advanceMinutes(1);
      expect(await slackCodeOf(w.port.respond(url, { text: "too late" }))).toBe(
        "ResponseUrlExpired",
      );
      expect(w.responsesTo(url)).toHaveLength(2);
    });

    it("lists user group members; an unknown group is NotFound", async () => {
      const w = await make();
      w.setUsergroup("S0MLENG01", ["U0ALICE01", "U0BOB0002"]);
      expect(await w.port.usergroupMembers("S0MLENG01")).toEqual(["U0ALICE01", "U0BOB0002"]);
      expect(await slackCodeOf(w.port.usergroupMembers("S0NOPE001"))).toBe("NotFound");
    });

    it("refuses a response_url on a foreign host or over http: without sending anything", async () => {
      const w = await make();
      const url = w.mintResponseUrl();
      expect(await slackCodeOf(w.port.respond(w.foreignVariant(url), { text: "x" }))).toBe(
        "NotAuthorized",
      );
      const plain = url.replace(/^https:/, "http:");
      expect(await slackCodeOf(w.port.respond(plain, { text: "x" }))).toBe("NotAuthorized");
      expect(await slackCodeOf(w.port.respond("not a url", { text: "x" }))).toBe("NotAuthorized");
      expect(w.responsesTo(url)).toEqual([]);
      await w.port.respond(url, { text: "the real one still works" });
      expect(w.responsesTo(url)).toHaveLength(1);
    });

    it("uploads a file (files upload v2) and shares it in the channel with its comment", async () => {
      const w = await make();
      const bytes = PNG_LIKE;
      const uploaded = await w.port.uploadFile({
        filename: "weekly-report.png",
        bytes,
        title: "GPU cost, 14 days",
        channel: CHANNEL,
        initialComment: "Weekly GPU cost report",
      });
      expect(uploaded.id).toMatch(/^F[A-Z0-9]+$/);
      expect(w.filesIn(CHANNEL)).toEqual([
        {
          id: uploaded.id,
          filename: "weekly-report.png",
          title: "GPU cost, 14 days",
          size: bytes.byteLength,
          sha256: createHash("sha256").update(bytes).digest("hex"),
          initialComment: "Weekly GPU cost report",
        },
      ]);
    });

    it("an upload to a channel that is not a channel id is NotFound and shares nothing", async () => {
      const w = await make();
      const upload = { filename: "a.png", bytes: PNG_LIKE, title: "a", channel: "#general" };
      expect(await slackCodeOf(w.port.uploadFile(upload))).toBe("NotFound");
      expect(w.filesIn("#general")).toEqual([]);
    });

    it("a rate limit that persists surfaces as RateLimited", async () => {
      const w = await make();
      const undo = w.rateLimitPosts();
      try {
        expect(await slackCodeOf(w.port.post(CHANNEL, { text: "x" }))).toBe("RateLimited");
      } finally {
        undo();
      }
      await w.port.post(CHANNEL, { text: "after the limit" });
    });
  });
}
