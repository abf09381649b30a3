/**
 * @module The Slack adapter: `SlackPort` on `@slack/web-api` v8 (one `WebClient`, built once) and
 * `node:https` for `response_url`s. Bounded retries (web-api-retry.ts), one HTTPS agent that
 * trusts the emulator's CA in emulator mode (web-api-https.ts), response URLs only to Slack's
 * host or the configured API host (response-url.ts), every failure mapped to a `SlackError`
 * code in slack-errors.ts. Options come in as arguments (the composition root reads config).
 */
import type { Agent } from "node:https";
import { WebClient, type Logger, type LogLevel, type WebAPICallResult } from "@slack/web-api";
import {
  SlackError,
  type FileUpload,
  type PostedMessage,
  type ResponseMessage,
  type SlackMessage,
  type SlackPort,
  type UploadedFile,
} from "../ports/slack.js";
import { postUploadBytes } from "./file-upload.js";
import { postResponse, SLACK_RESPONSE_HOST, type ResponsePoster } from "./response-url.js";
import { toSlackError } from "./slack-errors.js";
import { httpsFetch, slackAgent } from "./web-api-https.js";
import {
  retryPolicy,
  webClientRetryConfig,
  withRateLimitRetry,
  type SlackRetryPolicy,
  type SlackRetryPolicyInput,
} from "./web-api-retry.js";

export const SLACK_API_URL = "https://slack.com/api/";

/**
 * Every Slack Web API method this adapter calls (`call` accepts no other). The app manifest's
 * bot scopes must cover exactly these (test/infra/slack-manifest.test.ts).
 */
export const SLACK_METHODS = [
  "chat.postMessage",
  "chat.update",
  "usergroups.users.list",
  "files.getUploadURLExternal",
  "files.completeUploadExternal",
] as const;
export type SlackMethod = (typeof SLACK_METHODS)[number];

export interface SlackPortOptions {
  /** The bot token (`xoxb-…`). */
  readonly token: string;
  /** Web API base URL (default `https://slack.com/api/`; emulator: `<emulator>/slack/api/`). */
  readonly apiUrl?: string;
  /** PEM of the only CA to trust (the emulator's test certificate); default: Node's roots. */
  readonly caCertificate?: string;
  /**
   * Hosts (`host` or `host:port`) a `response_url` may point at; default `hooks.slack.com`. The
   * host of a non-default `apiUrl` is always added (the emulator serves both).
   */
  readonly allowedResponseHosts?: readonly string[];
  readonly retry?: SlackRetryPolicyInput;
  /** A logger for `@slack/web-api`'s own messages; default its console logger. */
  readonly logger?: Logger;
  /** Level of `@slack/web-api`'s console logger (ignored with `logger`); default info. */
  readonly logLevel?: LogLevel;
}

/** The hosts `respond` may POST to, from the options. */
export function responseHosts(options: SlackPortOptions): string[] {
  const hosts = [...(options.allowedResponseHosts ?? [SLACK_RESPONSE_HOST])];
  if (options.apiUrl !== undefined) {
    const apiHost = new URL(options.apiUrl).host.toLowerCase();
    if (apiHost !== "slack.com" && !hosts.includes(apiHost)) hosts.push(apiHost);
  }
  return hosts;
}

/** Builds the adapter: one agent, one `WebClient`, one response poster. */
export function createSlackPort(options: SlackPortOptions): SlackPort {
  const policy = retryPolicy(options.retry);
  const agent = slackAgent(options.caCertificate);
  const client = new WebClient(options.token, {
    slackApiUrl: options.apiUrl ?? SLACK_API_URL,
    fetch: httpsFetch(agent, policy.requestTimeoutMs),
    timeout: policy.requestTimeoutMs,
    retryConfig: webClientRetryConfig(policy),
    rejectRateLimitedCalls: true,
    // Only Web API method names are ever called: no absolute URLs past slackApiUrl.
    allowAbsoluteUrls: false,
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    ...(options.logLevel === undefined ? {} : { logLevel: options.logLevel }),
  });
  return new WebApiSlackPort(client, agent, responseHosts(options), policy);
}

export class WebApiSlackPort implements SlackPort {
  private readonly poster: ResponsePoster;

  constructor(
    private readonly client: WebClient,
    agent: Agent,
    allowedResponseHosts: readonly string[],
    private readonly policy: SlackRetryPolicy,
  ) {
    this.poster = {
      agent,
      allowedHosts: allowedResponseHosts,
      timeoutMs: policy.requestTimeoutMs,
      rateLimit: policy.rateLimit,
    };
  }

  async post(channel: string, message: SlackMessage): Promise<PostedMessage> {
    const result = await this.call("chat.postMessage", {
      channel,
      text: message.text,
      ...(message.blocks === undefined ? {} : { blocks: message.blocks }),
    });
    const ts = stringField(result, "ts");
    const posted = stringField(result, "channel") ?? channel;
    if (ts === undefined) throw new SlackError("Unknown", "chat.postMessage: no ts in the answer");
    return { channel: posted, ts };
  }

  async update(message: PostedMessage, replacement: SlackMessage): Promise<void> {
    // `blocks: []` clears the old blocks; Slack keeps them when the field is absent.
    await this.call("chat.update", {
      channel: message.channel,
      ts: message.ts,
      text: replacement.text,
      blocks: replacement.blocks ?? [],
    });
  }

  respond(responseUrl: string, message: ResponseMessage): Promise<void> {
    return postResponse(this.poster, responseUrl, message);
  }

  async usergroupMembers(usergroupId: string): Promise<readonly string[]> {
    const result = await this.call("usergroups.users.list", { usergroup: usergroupId });
    const users = (result as { users?: unknown }).users;
    if (!Array.isArray(users) || !users.every((u): u is string => typeof u === "string")) {
      throw new SlackError("Unknown", "usergroups.users.list: no users list in the answer");
    }
    return users;
  }

  /** Files upload v2: an upload URL, the bytes POSTed to it, then completed into the channel. */
  async uploadFile(upload: FileUpload): Promise<UploadedFile> {
    const ticket = await this.call("files.getUploadURLExternal", {
      filename: upload.filename,
      length: upload.bytes.byteLength,
    });
    const uploadUrl = stringField(ticket, "upload_url");
    const id = stringField(ticket, "file_id");
    if (uploadUrl === undefined || id === undefined) {
      throw new SlackError("Unknown", "files.getUploadURLExternal: no upload_url or file_id");
    }
    await postUploadBytes(this.poster, uploadUrl, upload.bytes);
    await this.call("files.completeUploadExternal", {
      files: [{ id, title: upload.title }],
      channel_id: upload.channel,
      ...(upload.initialComment === undefined ? {} : { initial_comment: upload.initialComment }),
    });
    return { id };
  }

  private async call(
    method: SlackMethod,
    args: Record<string, unknown>,
  ): Promise<WebAPICallResult> {
    try {
      return await withRateLimitRetry(
        () => this.client.apiCall(method, args),
        this.policy.rateLimit,
      );
    } catch (e) {
      throw toSlackError(e, method);
    }
  }
}

function stringField(result: WebAPICallResult, name: string): string | undefined {
  const value = (result as unknown as Record<string, unknown>)[name];
  return typeof value === "string" ? value : undefined;
}
