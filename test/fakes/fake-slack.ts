/**
 * @module In-memory fake of the Slack port, with the rules the emulator (and so Slack) applies:
 * channel IDs `C…`/`G…`/`D…` only; `update` of an unknown message, unknown user groups →
 * NotFound; a `response_url` works 5 times within 30 minutes of minting (injected clock), then
 * ResponseUrlExpired; `response_url`s off the allowed hosts are refused (NotAuthorized) before
 * anything is recorded. Every call is recorded in `calls`; `failures` makes the next calls fail.
 * Unknown `response_url`s on an allowed host count as minted at their first use, so use-case
 * tests may invent them; `mintResponseUrl()` gives fresh ones. Uploaded files (files upload v2)
 * are kept with their bytes (`files()`); an empty file → Unknown, a bad channel → NotFound.
 */
import {
  SlackError,
  type Block,
  type FileUpload,
  type PostedMessage,
  type ResponseMessage,
  type SlackMessage,
  type SlackPort,
  type UploadedFile,
} from "../../src/ports/slack.js";
import {
  checkResponseUrl,
  RESPONSE_URL_LIFETIME_MS,
  RESPONSE_URL_MAX_USES,
  SLACK_RESPONSE_HOST,
} from "../../src/slack/response-url.js";

const CHANNEL_ID = /^[CGD][A-Z0-9]{6,}$/;

export type FakeSlackCall =
  | {
      readonly kind: "post";
      readonly channel: string;
      readonly message: SlackMessage;
      readonly ts: string;
    }
  | { readonly kind: "update"; readonly target: PostedMessage; readonly message: SlackMessage }
  | {
      readonly kind: "respond";
      readonly url: string;
      readonly message: ResponseMessage;
      readonly use: number;
    }
  | { readonly kind: "usergroupMembers"; readonly usergroupId: string }
  | { readonly kind: "uploadFile"; readonly file: FakeFile };

/** A file shared through the files upload v2 flow. */
export interface FakeFile {
  readonly id: string;
  readonly channel: string;
  readonly filename: string;
  readonly title: string;
  readonly bytes: Uint8Array;
  readonly initialComment?: string;
}

export interface FakeMessage {
  readonly channel: string;
  readonly ts: string;
  readonly text: string;
  readonly blocks?: readonly Block[];
}

export interface FakeSlackOptions {
  /** The clock in ms; default a manual clock starting at 2026-11-23T00:00:00Z (see `advance`). */
  readonly now?: () => number;
  /** Hosts a `response_url` may point at; default `hooks.slack.com`. */
  readonly allowedResponseHosts?: readonly string[];
  readonly usergroups?: Readonly<Record<string, readonly string[]>>;
}

export class FakeSlack implements SlackPort {
  readonly calls: FakeSlackCall[] = [];
  /** Make the next calls fail, in order. */
  readonly failures: SlackError[] = [];
  private manualNow = Date.parse("2026-11-23T00:00:00Z");
  private readonly now: () => number;
  private readonly injected: boolean;
  private readonly allowedHosts: readonly string[];
  private readonly groups = new Map<string, readonly string[]>();
  private readonly store = new Map<string, FakeMessage>();
  private readonly urls = new Map<string, { mintedAt: number; uses: number }>();
  private seq = 0;

  constructor(options: FakeSlackOptions = {}) {
    this.now = options.now ?? (() => this.manualNow);
    this.injected = options.now !== undefined;
    this.allowedHosts = options.allowedResponseHosts ?? [SLACK_RESPONSE_HOST];
    for (const [id, members] of Object.entries(options.usergroups ?? {}))
      this.groups.set(id, members);
  }

  /** Moves the built-in clock (not available with an injected `now`). */
  advance(ms: number): void {
    if (this.injected) throw new Error("FakeSlack: advance the injected clock instead");
    this.manualNow += ms;
  }

  mintResponseUrl(): string {
    const n = String(++this.seq);
    const url = `https://${SLACK_RESPONSE_HOST}/commands/T0FAKE0001/${n}/fake${n.padStart(6, "0")}`;
    this.urls.set(url, { mintedAt: this.now(), uses: 0 });
    return url;
  }

  setUsergroup(id: string, members: readonly string[]): void {
    this.groups.set(id, [...members]);
  }

  message(channel: string, ts: string): FakeMessage | undefined {
    return this.store.get(`${channel}/${ts}`);
  }

  messages(channel?: string): FakeMessage[] {
    return [...this.store.values()].filter((m) => channel === undefined || m.channel === channel);
  }

  /** The accepted posts to one `response_url`. */
  responses(url: string): ResponseMessage[] {
    return this.calls.flatMap((c) => (c.kind === "respond" && c.url === url ? [c.message] : []));
  }

  post(channel: string, message: SlackMessage): Promise<PostedMessage> {
    return this.run(() => {
      if (!CHANNEL_ID.test(channel)) throw notFound("chat.postMessage: channel_not_found");
      const seconds = String(Math.floor(this.now() / 1000));
      const ts = `${seconds}.${String(++this.seq % 1_000_000).padStart(6, "0")}`;
      this.store.set(`${channel}/${ts}`, stored(channel, ts, message));
      this.calls.push({ kind: "post", channel, message, ts });
      return { channel, ts };
    });
  }

  update(target: PostedMessage, replacement: SlackMessage): Promise<void> {
    return this.run(() => {
      if (!CHANNEL_ID.test(target.channel)) throw notFound("chat.update: channel_not_found");
      const key = `${target.channel}/${target.ts}`;
      if (!this.store.has(key)) throw notFound("chat.update: message_not_found");
      this.store.set(key, stored(target.channel, target.ts, replacement));
      this.calls.push({ kind: "update", target, message: replacement });
    });
  }

  respond(responseUrl: string, message: ResponseMessage): Promise<void> {
    return this.run(() => {
      checkResponseUrl(responseUrl, this.allowedHosts);
      let state = this.urls.get(responseUrl);
      if (state === undefined) {
        state = { mintedAt: this.now(), uses: 0 };
        this.urls.set(responseUrl, state);
      }
      if (this.now() >= state.mintedAt + RESPONSE_URL_LIFETIME_MS)
        throw new SlackError("ResponseUrlExpired", "response_url: HTTP 404 expired_url");
      if (state.uses >= RESPONSE_URL_MAX_USES)
        throw new SlackError("ResponseUrlExpired", "response_url: HTTP 404 used_url");
      state.uses++;
      this.calls.push({ kind: "respond", url: responseUrl, message, use: state.uses });
    });
  }

  usergroupMembers(usergroupId: string): Promise<readonly string[]> {
    return this.run(() => {
      this.calls.push({ kind: "usergroupMembers", usergroupId });
      const members = this.groups.get(usergroupId);
      if (members === undefined) throw notFound("usergroups.users.list: no_such_subteam");
      return [...members];
    });
  }

  /** Files shared in a channel (or everywhere), oldest first. */
  files(channel?: string): FakeFile[] {
    return this.calls.flatMap((c) =>
      c.kind === "uploadFile" && (channel === undefined || c.file.channel === channel)
        ? [c.file]
        : [],
    );
  }

  uploadFile(upload: FileUpload): Promise<UploadedFile> {
    return this.run(() => {
      if (upload.bytes.byteLength === 0 || upload.filename === "")
        throw new SlackError("Unknown", "files.getUploadURLExternal: invalid_arguments");
      if (!CHANNEL_ID.test(upload.channel))
        throw notFound("files.completeUploadExternal: channel_not_found");
      const id = `F${String(++this.seq).padStart(9, "0")}`;
      const file: FakeFile = {
        id,
        channel: upload.channel,
        filename: upload.filename,
        title: upload.title,
        bytes: Uint8Array.from(upload.bytes),
        ...(upload.initialComment === undefined ? {} : { initialComment: upload.initialComment }),
      };
      this.calls.push({ kind: "uploadFile", file });
      return { id };
    });
  }

  private run<T>(body: () => T): Promise<T> {
    const failure = this.failures.shift();
    if (failure !== undefined) return Promise.reject(failure);
    try {
      return Promise.resolve(body());
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  }
}

const notFound = (message: string): SlackError => new SlackError("NotFound", message);

function stored(channel: string, ts: string, message: SlackMessage): FakeMessage {
  return {
    channel,
    ts,
    text: message.text,
    ...(message.blocks === undefined || message.blocks.length === 0
      ? {}
      : { blocks: message.blocks }),
  };
}
