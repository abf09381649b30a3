/**
 * @module The Slack Web API stand-in, on the emulator's HTTPS server (SPEC §13):
 * `POST /slack/api/{method}` (point `@slack/web-api`'s `slackApiUrl` at `<emulator>/slack/api/`)
 * with `chat.postMessage`, `chat.update`, `usergroups.users.list`, `auth.test` and the files
 * upload v2 flow (slack-files.ts, upload URLs under `/slack/upload/{id}`); arguments
 * form-encoded (as `WebClient` sends them), JSON or in the query. Errors use Slack's envelope
 * `{ok: false, error}` with HTTP 200, as Slack does (429s come from fault injection).
 * `POST /slack/response/{id}` serves minted `response_url`s: JSON bodies, 5 uses within 30
 * virtual minutes, then 404 `expired_url` / `used_url`. Every call is recorded (slack-state.ts).
 */
import {
  header,
  isRecord,
  matchPath,
  ok,
  type EmuRequest,
  type EmuResponse,
  type Service,
} from "./http.js";
import { completeUpload, getUploadUrl, uploadBytes } from "./slack-files.js";
import { SLACK_CHANNEL_ID } from "./slack-schema.js";
import type { SlackCallInput, SlackWorkspace } from "./slack-state.js";

const BOT = { user: "U0EMUBOT01", bot_id: "B0EMUBOT01", app_id: "A0EMUAPP01", team: "T0EMULATE1" };
const SCOPES: Readonly<Record<string, string>> = {
  "chat.postMessage": "chat:write",
  "chat.update": "chat:write",
  "usergroups.users.list": "usergroups:read",
  "files.getUploadURLExternal": "files:write",
  "files.completeUploadExternal": "files:write",
};
const MAX_BLOCKS = 50;
const MAX_TEXT = 40_000;

type Args = Record<string, unknown>;
type Outcome = {
  body: Record<string, unknown>;
  call: Omit<SlackCallInput, "method" | "status" | "ok">;
};

export function slackService(ws: SlackWorkspace): Service {
  return {
    name: "slack",
    handle(req) {
      const api = matchPath("/slack/api/{method}", req.path);
      if (api !== undefined) return apiCall(ws, req, api.method ?? "");
      const response = matchPath("/slack/response/{id}", req.path);
      if (response !== undefined) return responseUrlPost(ws, req, response.id ?? "");
      const upload = matchPath("/slack/upload/{id}", req.path);
      if (upload !== undefined) return uploadBytes(ws, req, upload.id ?? "");
      return undefined;
    },
  };
}

const slackError = (error: string, extra: Args = {}): Record<string, unknown> => ({
  ok: false,
  error,
  ...extra,
});

function parseArgs(req: EmuRequest): Args | string {
  const args: Args = Object.fromEntries(req.query);
  if (req.rawBody.trim() === "") return args;
  if ((header(req, "content-type") ?? "").includes("json")) {
    try {
      const value: unknown = JSON.parse(req.rawBody);
      return isRecord(value) ? { ...args, ...value } : "invalid_json";
    } catch {
      return "invalid_json";
    }
  }
  return { ...args, ...Object.fromEntries(new URLSearchParams(req.rawBody)) };
}

function tokenOf(req: EmuRequest, args: Args): string | undefined {
  const bearer = /^bearer\s+(\S+)/i.exec(header(req, "authorization") ?? "")?.[1];
  return bearer ?? (typeof args.token === "string" && args.token !== "" ? args.token : undefined);
}

/** `blocks` as sent: a JSON string (form) or an array (JSON body). */
function blocksOf(
  args: Args,
): readonly unknown[] | undefined | "invalid_blocks_format" | "invalid_blocks" {
  let value = args.blocks;
  if (value === undefined || value === "") return undefined;
  if (typeof value === "string") {
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      return "invalid_blocks_format";
    }
  }
  if (!Array.isArray(value) || !value.every(isRecord)) return "invalid_blocks_format";
  return value.length > MAX_BLOCKS ? "invalid_blocks" : value;
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

function apiCall(ws: SlackWorkspace, req: EmuRequest, method: string): EmuResponse {
  const answer = (body: Record<string, unknown>, call: Outcome["call"] = {}): EmuResponse => {
    const isOk = body.ok === true;
    ws.record({
      method,
      status: 200,
      ok: isOk,
      ...(isOk ? {} : { error: String(body.error) }),
      ...call,
    });
    return ok(body);
  };
  const args = parseArgs(req);
  if (typeof args === "string") return answer(slackError(args));
  const token = tokenOf(req, args);
  const settings = ws.settings();
  if (token === undefined) return answer(slackError("not_authed"));
  if (settings.botToken !== null && token !== settings.botToken)
    return answer(slackError("invalid_auth"));
  const needed = SCOPES[method];
  if (needed !== undefined && settings.scopes !== null && !settings.scopes.includes(needed)) {
    return answer(slackError("missing_scope", { needed, provided: settings.scopes.join(",") }));
  }
  const outcome = handleMethod(ws, method, args, req.origin);
  return answer(outcome.body, outcome.call);
}

function handleMethod(ws: SlackWorkspace, method: string, args: Args, origin: string): Outcome {
  switch (method) {
    case "files.getUploadURLExternal":
      return getUploadUrl(ws, args, origin);
    case "files.completeUploadExternal":
      return completeUpload(ws, args);
    case "chat.postMessage":
      return postMessage(ws, args);
    case "chat.update":
      return updateMessage(ws, args);
    case "usergroups.users.list": {
      const usergroup = str(args.usergroup);
      if (usergroup === undefined) return { body: slackError("invalid_arguments"), call: {} };
      const users = ws.usergroupMembers(usergroup);
      return {
        body: users === undefined ? slackError("no_such_subteam") : { ok: true, users },
        call: { usergroup },
      };
    }
    case "auth.test":
      return {
        body: {
          ok: true,
          url: "https://emulator.slack.invalid/",
          team: "gpu-warden emulator",
          user: "gpu-warden",
          team_id: BOT.team,
          user_id: BOT.user,
          bot_id: BOT.bot_id,
        },
        call: {},
      };
    default:
      return { body: slackError("unknown_method", { req_method: method }), call: {} };
  }
}

interface Content {
  readonly text: string | undefined;
  readonly blocks: readonly unknown[] | undefined;
}

/** Checks text and blocks; a Slack error string when invalid. */
function contentOf(args: Args): Content | string {
  const blocks = blocksOf(args);
  if (typeof blocks === "string") return blocks;
  const text = typeof args.text === "string" ? args.text : undefined;
  if (text !== undefined && text.length > MAX_TEXT) return "msg_too_long";
  return { text, blocks };
}

function messageJson(text: string, blocks: readonly unknown[] | undefined, ts: string): Args {
  return {
    type: "message",
    subtype: "bot_message",
    text,
    user: BOT.user,
    bot_id: BOT.bot_id,
    app_id: BOT.app_id,
    team: BOT.team,
    ts,
    ...(blocks === undefined ? {} : { blocks }),
  };
}

function postMessage(ws: SlackWorkspace, args: Args): Outcome {
  const channel = str(args.channel);
  const content = contentOf(args);
  const base = {
    ...(channel === undefined ? {} : { channel }),
    ...(typeof content === "string" ? {} : contentCall(content)),
  };
  if (channel === undefined || !SLACK_CHANNEL_ID.test(channel))
    return { body: slackError("channel_not_found"), call: base };
  if (typeof content === "string") return { body: slackError(content), call: base };
  if ((content.text ?? "") === "" && (content.blocks ?? []).length === 0)
    return { body: slackError("no_text"), call: base };
  const text = content.text ?? "";
  const blocks = content.blocks?.length === 0 ? undefined : content.blocks;
  const message = ws.post(channel, text, blocks);
  return {
    body: { ok: true, channel, ts: message.ts, message: messageJson(text, blocks, message.ts) },
    call: { ...base, ts: message.ts },
  };
}

function contentCall(content: Content): Pick<SlackCallInput, "text" | "blocks"> {
  return {
    ...(content.text === undefined ? {} : { text: content.text }),
    ...(content.blocks === undefined ? {} : { blocks: content.blocks }),
  };
}

function updateMessage(ws: SlackWorkspace, args: Args): Outcome {
  const channel = str(args.channel);
  const ts = str(args.ts);
  const content = contentOf(args);
  const base = {
    ...(channel === undefined ? {} : { channel }),
    ...(ts === undefined ? {} : { ts }),
    ...(typeof content === "string" ? {} : contentCall(content)),
  };
  if (channel === undefined || !SLACK_CHANNEL_ID.test(channel))
    return { body: slackError("channel_not_found"), call: base };
  if (typeof content === "string") return { body: slackError(content), call: base };
  if (ts === undefined) return { body: slackError("message_not_found"), call: base };
  // `blocks: []` clears the blocks; an absent field keeps them (as Slack does).
  const updated = ws.update(channel, ts, content.text, content.blocks);
  if (updated === undefined) return { body: slackError("message_not_found"), call: base };
  return {
    body: {
      ok: true,
      channel,
      ts,
      text: updated.text,
      message: messageJson(updated.text, updated.blocks, ts),
    },
    call: base,
  };
}

function responseUrlPost(ws: SlackWorkspace, req: EmuRequest, id: string): EmuResponse {
  const fail = (status: number, error: string, call: Partial<SlackCallInput> = {}): EmuResponse => {
    ws.record({ method: "response_url", status, ok: false, error, responseUrlId: id, ...call });
    return { status, body: { ok: false, error } };
  };
  if (req.method !== "POST") return fail(405, "invalid_method");
  let payload: unknown;
  try {
    payload = JSON.parse(req.rawBody);
  } catch {
    return fail(400, "invalid_payload");
  }
  if (!isRecord(payload)) return fail(400, "invalid_payload");
  const blocks = blocksOf(payload);
  if (typeof blocks === "string") return fail(400, blocks);
  const text = typeof payload.text === "string" ? payload.text : undefined;
  const responseType =
    typeof payload.response_type === "string" ? payload.response_type : "ephemeral";
  const replaceOriginal = payload.replace_original === true || payload.replace_original === "true";
  const deleteOriginal = payload.delete_original === true || payload.delete_original === "true";
  const channel = ws.responseUrlChannel(id);
  const call = {
    ...(text === undefined ? {} : { text }),
    ...(blocks === undefined ? {} : { blocks }),
    ...(channel === undefined ? {} : { channel }),
    responseType,
    replaceOriginal,
    ...(deleteOriginal ? { deleteOriginal } : {}),
  };
  if ((text ?? "") === "" && blocks === undefined && !deleteOriginal)
    return fail(400, "no_text", call);
  const use = ws.useResponseUrl(id);
  if (!use.ok) return fail(404, use.error, call);
  if (replaceOriginal && channel !== undefined && use.messageTs !== undefined) {
    ws.update(channel, use.messageTs, text, blocks ?? []);
  }
  ws.record({
    method: "response_url",
    status: 200,
    ok: true,
    responseUrlId: id,
    use: use.use,
    ...call,
  });
  return { status: 200, body: { ok: true } };
}
