/**
 * @module Slack's files upload v2 in the Slack stand-in (SPEC §13), validating like Slack:
 * `files.getUploadURLExternal` (`filename`, `length` > 0, else `invalid_arguments`) hands out a
 * file id and an upload URL on the emulator itself; `POST /slack/upload/{id}` takes the bytes
 * (raw or multipart, 200 — an unknown id gets 404); `files.completeUploadExternal` (`files`
 * `[{id, title}]`, optional `channel_id`, `initial_comment`) shares uploaded files: an unknown
 * id, or one whose bytes never arrived, is `file_not_found`; a bad channel `channel_not_found`.
 * Every step is recorded with the bytes received (count and SHA-256).
 */
import { createHash } from "node:crypto";
import { header, type EmuRequest, type EmuResponse } from "./http.js";
import { SLACK_CHANNEL_ID } from "./slack-schema.js";
import type { SlackCallInput, SlackWorkspace } from "./slack-state.js";

export const SLACK_UPLOAD_PREFIX = "/slack/upload/";

export interface EmulatedFile {
  readonly id: string;
  readonly filename: string;
  readonly length: number;
  title?: string;
  bytes?: Buffer;
  channel?: string;
  initialComment?: string;
  shared: boolean;
}

/** The files of the upload v2 flow, by id. */
export class SlackFileStore {
  private byId = new Map<string, EmulatedFile>();
  private seq = 0;

  create(filename: string, length: number): EmulatedFile {
    const file: EmulatedFile = {
      id: `F0EMU${String(++this.seq).padStart(6, "0")}`,
      filename,
      length,
      shared: false,
    };
    this.byId.set(file.id, file);
    return file;
  }

  get(id: string): EmulatedFile | undefined {
    return this.byId.get(id);
  }

  /** Files completed into a channel (or any), oldest first. */
  shared(channel?: string): EmulatedFile[] {
    return [...this.byId.values()].filter(
      (f) => f.shared && (channel === undefined || f.channel === channel),
    );
  }

  clear(): void {
    this.byId = new Map();
  }
}

type Args = Record<string, unknown>;
interface Outcome {
  readonly body: Record<string, unknown>;
  readonly call: Omit<SlackCallInput, "method" | "status" | "ok">;
}

const fail = (error: string, call: Outcome["call"] = {}): Outcome => ({
  body: { ok: false, error },
  call,
});

export function getUploadUrl(ws: SlackWorkspace, args: Args, origin: string): Outcome {
  const filename = typeof args.filename === "string" ? args.filename : "";
  const length = Number(args.length);
  if (filename === "" || !Number.isInteger(length) || length <= 0) {
    return fail("invalid_arguments", filename === "" ? {} : { filename });
  }
  const file = ws.files.create(filename, length);
  return {
    body: { ok: true, upload_url: `${origin}${SLACK_UPLOAD_PREFIX}${file.id}`, file_id: file.id },
    call: { fileId: file.id, filename, bytes: length },
  };
}

/** `files` as sent: a JSON string (form) or an array (JSON body) of `{id, title?}`. */
function filesOf(args: Args): { id: string; title?: string }[] | undefined {
  let value = args.files;
  if (typeof value === "string") {
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      return undefined;
    }
  }
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const files: { id: string; title?: string }[] = [];
  for (const item of value as unknown[]) {
    if (typeof item !== "object" || item === null) return undefined;
    const { id, title } = item as Args;
    if (typeof id !== "string") return undefined;
    files.push({ id, ...(typeof title === "string" ? { title } : {}) });
  }
  return files;
}

export function completeUpload(ws: SlackWorkspace, args: Args): Outcome {
  const files = filesOf(args);
  const channel =
    typeof args.channel_id === "string" && args.channel_id !== "" ? args.channel_id : undefined;
  const comment = typeof args.initial_comment === "string" ? args.initial_comment : undefined;
  const call = {
    ...(channel === undefined ? {} : { channel }),
    ...(comment === undefined ? {} : { text: comment }),
    ...(files?.[0] === undefined ? {} : { fileId: files[0].id }),
    ...(files?.[0]?.title === undefined ? {} : { title: files[0].title }),
  };
  if (files === undefined) return fail("invalid_arguments", call);
  if (channel !== undefined && !SLACK_CHANNEL_ID.test(channel))
    return fail("channel_not_found", call);
  const found = files.map((f) => ws.files.get(f.id));
  if (found.some((f) => f === undefined || f.bytes === undefined || f.shared)) {
    return fail("file_not_found", call);
  }
  const done = files.map((f, i) => {
    const file = found[i] as EmulatedFile;
    file.title = f.title ?? file.filename;
    file.shared = true;
    if (channel !== undefined) file.channel = channel;
    if (comment !== undefined) file.initialComment = comment;
    return {
      id: file.id,
      name: file.filename,
      title: file.title,
      size: file.bytes?.length ?? 0,
      channels: channel === undefined ? [] : [channel],
    };
  });
  return { body: { ok: true, files: done }, call };
}

/** `POST /slack/upload/{id}`: the bytes, raw or as the first part of a multipart form. */
export function uploadBytes(ws: SlackWorkspace, req: EmuRequest, id: string): EmuResponse {
  const record = (
    status: number,
    error: string | undefined,
    extra: Partial<SlackCallInput> = {},
  ) => {
    ws.record({
      method: "file_upload",
      status,
      ok: error === undefined,
      ...(error === undefined ? {} : { error }),
      fileId: id,
      ...extra,
    });
  };
  if (req.method !== "POST") {
    record(405, "invalid_method");
    return { status: 405, body: "method not allowed" };
  }
  const file = ws.files.get(id);
  if (file === undefined || file.shared) {
    record(404, "file_not_found");
    return { status: 404, body: "file not found" };
  }
  const raw = req.rawBytes ?? Buffer.from(req.rawBody, "utf8");
  const bytes = firstPart(raw, header(req, "content-type") ?? "") ?? raw;
  file.bytes = bytes;
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  record(200, undefined, { filename: file.filename, bytes: bytes.length, sha256 });
  return { status: 200, body: `OK - ${String(bytes.length)}` };
}

/** The body of the first part of a `multipart/form-data` request; `undefined` otherwise. */
function firstPart(body: Buffer, contentType: string): Buffer | undefined {
  const boundary = /^multipart\/form-data;.*boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (boundary === undefined) return undefined;
  const delimiter = Buffer.from(`--${boundary}`);
  const start = body.indexOf(delimiter);
  const headersEnd = body.indexOf("\r\n\r\n", start);
  const end = body.indexOf(Buffer.from(`\r\n--${boundary}`), headersEnd);
  if (start < 0 || headersEnd < 0 || end < 0) return undefined;
  return body.subarray(headersEnd + 4, end);
}
