/**
 * @module The Slack port: what the app needs from Slack's Web API and from `response_url`s. The
 * adapter in `src/slack/web-api.ts` implements it with `@slack/web-api`; `test/fakes/fake-slack.ts`
 * is the in-memory fake; `test/contract/slack.contract.ts` holds both to the same behaviour.
 */

/** A Block Kit block, as JSON. Builders in `src/slack/messages.ts` keep them within Slack's limits. */
export type Block = Readonly<Record<string, unknown>>;

export interface SlackMessage {
  /** Always present: the notification and accessibility fallback. */
  readonly text: string;
  readonly blocks?: readonly Block[];
}

export interface ResponseMessage extends SlackMessage {
  /** Default ephemeral: only the person who asked sees it. */
  readonly responseType?: "ephemeral" | "in_channel";
  /** Replace the message that carried the buttons (interactions). */
  readonly replaceOriginal?: boolean;
}

export interface PostedMessage {
  readonly channel: string;
  readonly ts: string;
}

export type SlackErrorCode =
  /** 429 after the bounded retries. */
  | "RateLimited"
  /** Bad or revoked bot token, missing scope. */
  | "NotAuthorized"
  /** channel_not_found, not_in_channel, user group not found… */
  | "NotFound"
  /** A response_url used more than 5 times or after 30 minutes. */
  | "ResponseUrlExpired"
  /** Network failures, 5xx. */
  | "Transient"
  | "Unknown";

export class SlackError extends Error {
  override readonly name = "SlackError";

  constructor(
    readonly code: SlackErrorCode,
    message: string,
    options?: { readonly cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A file to share in a channel (files upload v2: get an upload URL, POST the bytes, complete). */
export interface FileUpload {
  readonly filename: string;
  readonly bytes: Uint8Array;
  readonly title: string;
  /** Channel to share the file in (without one Slack keeps it private: never what we want). */
  readonly channel: string;
  readonly initialComment?: string;
}

export interface UploadedFile {
  /** Slack's file id (`F…`). */
  readonly id: string;
}

export interface SlackPort {
  /** `chat.postMessage`. */
  post(channel: string, message: SlackMessage): Promise<PostedMessage>;
  /** `chat.update` of a message the app posted. */
  update(message: PostedMessage, replacement: SlackMessage): Promise<void>;
  /** POST to a `response_url` (valid 30 minutes, 5 uses). */
  respond(responseUrl: string, message: ResponseMessage): Promise<void>;
  /** `usergroups.users.list`: the member user IDs of a user group. */
  usergroupMembers(usergroupId: string): Promise<readonly string[]>;
  /**
   * Files upload v2: `files.getUploadURLExternal`, POST the bytes to the upload URL, then
   * `files.completeUploadExternal` sharing the file in the channel.
   */
  uploadFile(upload: FileUpload): Promise<UploadedFile>;
}
