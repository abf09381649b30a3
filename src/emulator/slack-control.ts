/**
 * @module Control of the Slack stand-in, in-process (`emulator.slack`, a `SlackControl`) and over
 * HTTP under `/_emulator/slack` (this module maps one onto the other):
 *
 * | HTTP | in-process |
 * |---|---|
 * | `GET /_emulator/slack?since=&method=&channel=&responseUrl=`, `DELETE /_emulator/slack` | `calls(filter)`, `clear()` |
 * | `GET /_emulator/slack/messages?channel=` | `messages(channel?)` |
 * | `POST /_emulator/slack/response-urls {channel?, user?, messageTs?}` → 201, `GET` lists | `mintResponseUrl(input)`, `responseUrls()` |
 * | `GET /_emulator/slack/usergroups`, `PUT /_emulator/slack/usergroups/{id} {members}` | `usergroups()`, `setUsergroup(id, members)` |
 * | `GET\|PUT /_emulator/slack/settings {botToken?, scopes?}` | `settings()`, `configure(input)` |
 *
 * Also `emulatorSlackOptions(emulator)`: the options that point the Slack adapter at it.
 */
import {
  armError,
  isRecord,
  matchPath,
  ok,
  type EmuRequest,
  type EmuResponse,
  type Service,
} from "./http.js";
import type {
  MintResponseUrlInput,
  ResponseUrlInfo,
  SlackCall,
  SlackCallFilter,
  SlackSettings,
  SlackSettingsInput,
  SlackWorkspace,
  StoredMessage,
} from "./slack-state.js";
import { SLACK_API_PREFIX } from "./slack-state.js";

export interface SlackControl {
  /** `https://127.0.0.1:<port>/slack/api/` — the `slackApiUrl` for `@slack/web-api`. */
  readonly apiUrl: string;
  /** Mints a `response_url` (`https://127.0.0.1:<port>/slack/response/<id>`), valid from now. */
  mintResponseUrl(input?: MintResponseUrlInput): ResponseUrlInfo;
  responseUrls(): ResponseUrlInfo[];
  /** Every recorded call (Web API methods and `response_url` posts), oldest first. */
  calls(filter?: SlackCallFilter): SlackCall[];
  /** Messages posted through `chat.postMessage`, as last updated. */
  messages(channel?: string): StoredMessage[];
  setUsergroup(id: string, members: readonly string[]): void;
  usergroups(): Record<string, string[]>;
  settings(): SlackSettings;
  configure(input: SlackSettingsInput): SlackSettings;
  /** Forgets calls, messages and `response_url`s (user groups and settings stay). */
  clear(): void;
}

/** The in-process control of a workspace served at `origin` (`https://127.0.0.1:<port>`). */
export function slackControl(ws: SlackWorkspace, origin: string): SlackControl {
  return {
    apiUrl: `${origin}${SLACK_API_PREFIX}`,
    mintResponseUrl: (input) => ws.mintResponseUrl(origin, input),
    responseUrls: () => ws.responseUrls(),
    calls: (filter) => ws.calls(filter),
    messages: (channel) => ws.messages(channel),
    setUsergroup: (id, members) => {
      ws.setUsergroup(id, members);
    },
    usergroups: () => ws.usergroups(),
    settings: () => ws.settings(),
    configure: (input) => ws.configure(input),
    clear: () => {
      ws.clear();
    },
  };
}

/** What `createSlackPort` needs (besides the token) to talk to the emulator. */
export interface EmulatorSlackOptions {
  readonly apiUrl: string;
  readonly caCertificate: string;
}

export function emulatorSlackOptions(emulator: {
  readonly url: string;
  readonly caCertificate: string;
}): EmulatorSlackOptions {
  return { apiUrl: `${emulator.url}${SLACK_API_PREFIX}`, caCertificate: emulator.caCertificate };
}

/** Tries `first`, then `second`: how the Slack control routes join the emulator's control API. */
export function withSlackControl(first: Service, second: Service): Service {
  return { name: first.name, handle: (req) => first.handle(req) ?? second.handle(req) };
}

export function slackControlService(ws: SlackWorkspace): Service {
  return {
    name: "control",
    handle(req) {
      try {
        return route(ws, req);
      } catch (e) {
        if (e instanceof RangeError || e instanceof SyntaxError || e instanceof TypeError)
          return armError(400, "BadRequest", e.message);
        throw e;
      }
    },
  };
}

function body(req: EmuRequest): Record<string, unknown> {
  if (req.rawBody.trim() === "") return {};
  const value: unknown = JSON.parse(req.rawBody);
  if (!isRecord(value)) throw new TypeError("expected a JSON object body");
  return value;
}

const optionalString = (b: Record<string, unknown>, name: string): Record<string, string> => {
  const value = b[name];
  if (value === undefined) return {};
  if (typeof value !== "string") throw new RangeError(`${name}: expected a string`);
  return { [name]: value };
};

function callFilter(req: EmuRequest): SlackCallFilter {
  const q = (name: string): string | undefined => req.query.get(name) ?? undefined;
  const since = q("since");
  const method = q("method");
  const channel = q("channel");
  const responseUrlId = q("responseUrl");
  return {
    ...(since === undefined ? {} : { since: Number(since) }),
    ...(method === undefined ? {} : { method }),
    ...(channel === undefined ? {} : { channel }),
    ...(responseUrlId === undefined ? {} : { responseUrlId }),
  };
}

function route(ws: SlackWorkspace, req: EmuRequest): EmuResponse | undefined {
  const m = req.method;
  const p = req.path.replace(/\/+$/, "");
  const is = (pattern: string): boolean => matchPath(pattern, p) !== undefined;
  if (is("/_emulator/slack") && m === "GET") return ok({ value: ws.calls(callFilter(req)) });
  if (is("/_emulator/slack") && m === "DELETE") {
    ws.clear();
    return { status: 204 };
  }
  if (is("/_emulator/slack/messages") && m === "GET")
    return ok({ value: ws.messages(req.query.get("channel") ?? undefined) });
  if (is("/_emulator/slack/response-urls") && m === "POST") {
    const b = body(req);
    const input = {
      ...optionalString(b, "channel"),
      ...optionalString(b, "user"),
      ...optionalString(b, "messageTs"),
    };
    return ok(ws.mintResponseUrl(req.origin, input), 201);
  }
  if (is("/_emulator/slack/response-urls") && m === "GET") return ok({ value: ws.responseUrls() });
  if (is("/_emulator/slack/usergroups") && m === "GET") return ok(ws.usergroups());
  const group = matchPath("/_emulator/slack/usergroups/{id}", p);
  if (group !== undefined && m === "PUT") {
    const members = body(req).members;
    ws.setUsergroup(group.id ?? "", members as readonly string[]); // checked by setUsergroup
    return ok({ id: group.id, members: ws.usergroupMembers(group.id ?? "") });
  }
  if (is("/_emulator/slack/settings") && m === "GET") return ok(ws.settings());
  if (is("/_emulator/slack/settings") && m === "PUT") return ok(ws.configure(body(req)));
  return undefined;
}
