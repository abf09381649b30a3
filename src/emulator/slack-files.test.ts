/**
 * @module The Slack stand-in's files upload v2 on the wire (raw HTTPS, no SDK): arguments
 * checked like Slack, an upload URL on the emulator taking raw or multipart bytes, completion
 * only of files whose bytes arrived, the `files:write` scope, and every step recorded.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEmulator, type Emulator } from "./emulator.js";
import { emulatorRequest, type RawResponse } from "./raw-client.js";

let emu: Emulator;

const api = (method: string, args: Record<string, unknown>): Promise<RawResponse> =>
  emulatorRequest(emu, "POST", `/slack/api/${method}`, {
    body: args,
    headers: { "content-type": "application/json; charset=utf-8" },
  });

const uploadPath = (url: string): string => new URL(url).pathname;

async function ticket(filename = "chart.png", length = 5): Promise<{ id: string; path: string }> {
  const answer = await api("files.getUploadURLExternal", { filename, length });
  const body = answer.body as { ok: boolean; upload_url: string; file_id: string };
  expect(body.ok).toBe(true);
  return { id: body.file_id, path: uploadPath(body.upload_url) };
}

beforeAll(async () => {
  emu = await startEmulator({ fleet: { start: "2026-11-23T09:00:00Z", subscriptions: [] } });
});

afterAll(async () => {
  await emu.stop();
});

beforeEach(() => {
  emu.slack.clear();
  emu.slack.configure({ botToken: null, scopes: null });
});

describe("files upload v2 on the Slack stand-in", () => {
  it("hands out an upload URL on itself, takes the bytes, shares the file in the channel", async () => {
    const { id, path } = await ticket();
    expect(path).toBe(`/slack/upload/${id}`);
    const upload = await emulatorRequest(emu, "POST", path, { body: "hello", bearer: false });
    expect(upload.status).toBe(200);
    const done = await api("files.completeUploadExternal", {
      files: [{ id, title: "Chart" }],
      channel_id: "C0GPUWARD1",
      initial_comment: "weekly",
    });
    expect(done.body).toEqual({
      ok: true,
      files: [{ id, name: "chart.png", title: "Chart", size: 5, channels: ["C0GPUWARD1"] }],
    });
    expect(emu.slack.calls().map((c) => [c.method, c.ok, c.fileId, c.bytes ?? null])).toEqual([
      ["files.getUploadURLExternal", true, id, 5],
      ["file_upload", true, id, 5],
      ["files.completeUploadExternal", true, id, null],
    ]);
    expect(emu.slack.calls({ method: "files.completeUploadExternal" })[0]).toMatchObject({
      channel: "C0GPUWARD1",
      text: "weekly",
      title: "Chart",
    });
  });

  it("takes the first part of a multipart upload", async () => {
    const { path } = await ticket();
    const body = '--XyZ\r\nContent-Disposition: form-data; name="file"\r\n\r\nabcde\r\n--XyZ--\r\n';
    const answer = await emulatorRequest(emu, "POST", path, {
      body,
      bearer: false,
      headers: { "content-type": "multipart/form-data; boundary=XyZ" },
    });
    expect(answer.status).toBe(200);
    expect(emu.slack.calls({ method: "file_upload" })[0]?.bytes).toBe(5);
  });

  it("refuses bad arguments: no filename, a length that is not a positive integer", async () => {
    for (const args of [{ length: 5 }, { filename: "a.png" }, { filename: "a.png", length: 0 }]) {
      const answer = await api("files.getUploadURLExternal", args);
      expect(answer.body).toEqual({ ok: false, error: "invalid_arguments" });
    }
  });

  it("an unknown file id: 404 at the upload URL, file_not_found on completion", async () => {
    const upload = await emulatorRequest(emu, "POST", "/slack/upload/F0NOPE", {
      body: "x",
      bearer: false,
    });
    expect(upload.status).toBe(404);
    const done = await api("files.completeUploadExternal", { files: [{ id: "F0NOPE" }] });
    expect(done.body).toEqual({ ok: false, error: "file_not_found" });
  });

  it("a file whose bytes never arrived cannot be completed; a completed one not twice", async () => {
    const { id, path } = await ticket();
    const early = await api("files.completeUploadExternal", { files: [{ id }] });
    expect(early.body).toEqual({ ok: false, error: "file_not_found" });
    await emulatorRequest(emu, "POST", path, { body: "hello", bearer: false });
    const files = JSON.stringify([{ id }]);
    expect((await api("files.completeUploadExternal", { files })).body).toMatchObject({ ok: true });
    expect((await api("files.completeUploadExternal", { files })).body).toEqual({
      ok: false,
      error: "file_not_found",
    });
  });

  it("a bad channel is channel_not_found; a token without files:write is missing_scope", async () => {
    const { id, path } = await ticket();
    await emulatorRequest(emu, "POST", path, { body: "hello", bearer: false });
    const bad = await api("files.completeUploadExternal", { files: [{ id }], channel_id: "#x" });
    expect(bad.body).toEqual({ ok: false, error: "channel_not_found" });
    emu.slack.configure({ scopes: ["chat:write"] });
    const denied = await api("files.getUploadURLExternal", { filename: "a", length: 1 });
    expect(denied.body).toMatchObject({ ok: false, error: "missing_scope", needed: "files:write" });
  });
});
