/**
 * @module The Slack stand-in's state: settings (bot token, granted scopes), user groups, the
 * messages the app posted (by channel and `ts`), minted `response_url`s with their uses, and the
 * record of every call. No HTTP here (slack.ts serves it; slack-control.ts drives it). Time is
 * the emulator's virtual clock: a `response_url` works 5 times within 30 virtual minutes.
 */
import { RESPONSE_URL_LIFETIME_MS, RESPONSE_URL_MAX_USES } from "../slack/response-url.js";
import type { VirtualClock } from "./clock.js";
import { SlackFileStore } from "./slack-files.js";
import { SLACK_USER_ID, SLACK_USERGROUP_ID, type SlackFleet } from "./slack-schema.js";

export const SLACK_API_PREFIX = "/slack/api/";
export const SLACK_RESPONSE_PREFIX = "/slack/response/";

export interface SlackSettings {
  /** When set, only this bot token is accepted (`invalid_auth` otherwise); any token when null. */
  botToken: string | null;
  /** When set, the scopes granted to the token (`missing_scope` otherwise); all when null. */
  scopes: string[] | null;
}

export interface SlackSettingsInput {
  readonly botToken?: string | null;
  readonly scopes?: readonly string[] | null;
}

/** One recorded call: a Web API method or a POST to a `response_url`, successful or not. */
export interface SlackCall {
  /** 1, 2, 3 … in arrival order. */
  readonly seq: number;
  /** Real time (ISO-8601). */
  readonly at: string;
  /** Virtual time (ISO-8601). */
  readonly virtualAt: string;
  /** `chat.postMessage`, `chat.update`, … `response_url`, or `file_upload` (the upload URL). */
  readonly method: string;
  /** HTTP status sent. */
  readonly status: number;
  readonly ok: boolean;
  /** Slack's error string when `ok` is false (`channel_not_found`, `used_url` …). */
  readonly error?: string;
  readonly channel?: string;
  readonly ts?: string;
  readonly text?: string;
  readonly blocks?: readonly unknown[];
  readonly usergroup?: string;
  readonly responseUrlId?: string;
  readonly responseType?: string;
  readonly replaceOriginal?: boolean;
  readonly deleteOriginal?: boolean;
  /** For `response_url` posts that were accepted: which use this was (1–5). */
  readonly use?: number;
  /** Files upload v2 (slack-files.ts): the file, its name and title, and the bytes received. */
  readonly fileId?: string;
  readonly filename?: string;
  readonly title?: string;
  readonly bytes?: number;
  readonly sha256?: string;
}

export type SlackCallInput = Omit<SlackCall, "seq" | "at" | "virtualAt">;

export interface SlackCallFilter {
  /** Only calls with `seq` greater than this. */
  readonly since?: number;
  readonly method?: string;
  readonly channel?: string;
  readonly responseUrlId?: string;
}

export interface StoredMessage {
  readonly channel: string;
  readonly ts: string;
  text: string;
  blocks: readonly unknown[] | undefined;
  /** Virtual time of the post and of the last update (ISO-8601). */
  readonly postedAt: string;
  updatedAt: string | undefined;
  edits: number;
}

export interface MintResponseUrlInput {
  readonly channel?: string;
  readonly user?: string;
  /** The message a `replace_original: true` response replaces (interactions). */
  readonly messageTs?: string;
}

export interface ResponseUrlInfo {
  readonly id: string;
  readonly url: string;
  readonly channel?: string;
  readonly user?: string;
  readonly messageTs?: string;
  readonly mintedAt: string;
  readonly expiresAt: string;
  readonly uses: number;
  readonly maxUses: number;
}

interface ResponseUrlState {
  readonly info: Omit<ResponseUrlInfo, "uses">;
  readonly mintedMs: number;
  uses: number;
}

export type ResponseUrlUse =
  | { readonly ok: true; readonly use: number; readonly messageTs: string | undefined }
  | { readonly ok: false; readonly error: "no_service" | "expired_url" | "used_url" };

const CALL_LIMIT = 100_000;

export class SlackWorkspace {
  private readonly settingsValue: SlackSettings = { botToken: null, scopes: null };
  private groups = new Map<string, string[]>();
  private messageMap = new Map<string, StoredMessage>();
  private responseUrlMap = new Map<string, ResponseUrlState>();
  private callList: SlackCall[] = [];
  private callSeq = 0;
  private tsSeq = 0;
  private urlSeq = 0;

  /** Files in the upload v2 flow: pending, uploaded, shared (slack-files.ts). */
  readonly files = new SlackFileStore();

  constructor(private readonly clock: VirtualClock) {}

  settings(): SlackSettings {
    return structuredClone(this.settingsValue);
  }

  /** Applies a partial settings update after checking it; throws `RangeError` on bad values. */
  configure(input: SlackSettingsInput): SlackSettings {
    const { botToken, scopes } = input;
    if (
      botToken !== undefined &&
      botToken !== null &&
      (typeof botToken !== "string" || botToken === "")
    )
      throw new RangeError("botToken: expected a non-empty string or null");
    if (
      scopes !== undefined &&
      scopes !== null &&
      (!Array.isArray(scopes) || !scopes.every((s) => typeof s === "string"))
    )
      throw new RangeError("scopes: expected a list of scope names or null");
    if (botToken !== undefined) this.settingsValue.botToken = botToken;
    if (scopes !== undefined) this.settingsValue.scopes = scopes === null ? null : [...scopes];
    return this.settings();
  }

  /** A new fleet: its user groups; posted messages and `response_url`s are forgotten. */
  loadFleet(slack: SlackFleet | undefined): void {
    this.groups = new Map(Object.entries(slack?.usergroups ?? {}).map(([k, v]) => [k, [...v]]));
    this.messageMap = new Map();
    this.responseUrlMap = new Map();
    this.files.clear();
  }

  /** Declares a user group; throws `RangeError` on malformed ids (callers may pass raw JSON). */
  setUsergroup(id: string, members: readonly string[]): void {
    const rawId: unknown = id;
    const rawMembers: unknown = members;
    if (typeof rawId !== "string" || !SLACK_USERGROUP_ID.test(rawId))
      throw new RangeError(`usergroup: expected an id such as S0MLENG01, got '${String(rawId)}'`);
    if (
      !Array.isArray(rawMembers) ||
      !(rawMembers as unknown[]).every((m) => typeof m === "string" && SLACK_USER_ID.test(m))
    )
      throw new RangeError("members: expected a list of user ids such as U0ALICE01");
    this.groups.set(id, [...members]);
  }

  usergroups(): Record<string, string[]> {
    return Object.fromEntries([...this.groups].map(([k, v]) => [k, [...v]]));
  }

  usergroupMembers(id: string): string[] | undefined {
    const members = this.groups.get(id);
    return members === undefined ? undefined : [...members];
  }

  /** Stores a new message; its `ts` is the virtual second plus a sequence number. */
  post(channel: string, text: string, blocks: readonly unknown[] | undefined): StoredMessage {
    const now = this.clock.now();
    this.tsSeq = (this.tsSeq + 1) % 1_000_000;
    const ts = `${Math.floor(now / 1000)}.${String(this.tsSeq).padStart(6, "0")}`;
    const message: StoredMessage = {
      channel,
      ts,
      text,
      blocks,
      postedAt: new Date(now).toISOString(),
      updatedAt: undefined,
      edits: 0,
    };
    this.messageMap.set(`${channel}/${ts}`, message);
    return message;
  }

  /** Changes a stored message (absent fields keep their value, as Slack does). */
  update(
    channel: string,
    ts: string,
    text: string | undefined,
    blocks: readonly unknown[] | undefined,
  ): StoredMessage | undefined {
    const message = this.messageMap.get(`${channel}/${ts}`);
    if (message === undefined) return undefined;
    if (text !== undefined) message.text = text;
    if (blocks !== undefined) message.blocks = blocks.length === 0 ? undefined : blocks;
    message.updatedAt = new Date(this.clock.now()).toISOString();
    message.edits++;
    return message;
  }

  message(channel: string, ts: string): StoredMessage | undefined {
    const message = this.messageMap.get(`${channel}/${ts}`);
    return message === undefined ? undefined : structuredClone(message);
  }

  messages(channel?: string): StoredMessage[] {
    return [...this.messageMap.values()]
      .filter((m) => channel === undefined || m.channel === channel)
      .map((m) => structuredClone(m));
  }

  /** Mints a `response_url` on `origin` (`https://127.0.0.1:<port>`), valid from now. */
  mintResponseUrl(origin: string, input: MintResponseUrlInput = {}): ResponseUrlInfo {
    const now = this.clock.now();
    const id = `R${String(++this.urlSeq).padStart(6, "0")}`;
    const state: ResponseUrlState = {
      info: {
        id,
        url: `${origin}${SLACK_RESPONSE_PREFIX}${id}`,
        ...(input.channel === undefined ? {} : { channel: input.channel }),
        ...(input.user === undefined ? {} : { user: input.user }),
        ...(input.messageTs === undefined ? {} : { messageTs: input.messageTs }),
        mintedAt: new Date(now).toISOString(),
        expiresAt: new Date(now + RESPONSE_URL_LIFETIME_MS).toISOString(),
        maxUses: RESPONSE_URL_MAX_USES,
      },
      mintedMs: now,
      uses: 0,
    };
    this.responseUrlMap.set(id, state);
    return { ...state.info, uses: 0 };
  }

  responseUrls(): ResponseUrlInfo[] {
    return [...this.responseUrlMap.values()].map((s) => ({ ...s.info, uses: s.uses }));
  }

  /** Takes one use of a `response_url`: expired at 30 minutes after minting, used up after 5. */
  useResponseUrl(id: string): ResponseUrlUse {
    const state = this.responseUrlMap.get(id);
    if (state === undefined) return { ok: false, error: "no_service" };
    if (this.clock.now() >= state.mintedMs + RESPONSE_URL_LIFETIME_MS)
      return { ok: false, error: "expired_url" };
    if (state.uses >= RESPONSE_URL_MAX_USES) return { ok: false, error: "used_url" };
    state.uses++;
    return { ok: true, use: state.uses, messageTs: state.info.messageTs };
  }

  responseUrlChannel(id: string): string | undefined {
    return this.responseUrlMap.get(id)?.info.channel;
  }

  record(input: SlackCallInput): SlackCall {
    const call: SlackCall = {
      seq: ++this.callSeq,
      at: new Date().toISOString(),
      virtualAt: new Date(this.clock.now()).toISOString(),
      ...input,
    };
    this.callList.push(call);
    if (this.callList.length > CALL_LIMIT)
      this.callList.splice(0, this.callList.length - CALL_LIMIT);
    return call;
  }

  calls(filter: SlackCallFilter = {}): SlackCall[] {
    return this.callList
      .filter(
        (c) =>
          (filter.since === undefined || c.seq > filter.since) &&
          (filter.method === undefined || c.method === filter.method) &&
          (filter.channel === undefined || c.channel === filter.channel) &&
          (filter.responseUrlId === undefined || c.responseUrlId === filter.responseUrlId),
      )
      .map((c) => structuredClone(c));
  }

  /** Forgets recorded calls, messages, `response_url`s and files (user groups, settings stay). */
  clear(): void {
    this.callList = [];
    this.callSeq = 0;
    this.messageMap = new Map();
    this.responseUrlMap = new Map();
    this.files.clear();
  }
}
