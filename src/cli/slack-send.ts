/**
 * @module `gpu-warden slack command "<text>"`: try `gpu-warden serve` without Slack. Builds the
 * form Slack would POST, signs it with the configured signing secret (SLACK_SIGNING_SECRET, else
 * the emulator's with `--emulator-url`), POSTs it to the host and prints the reply. With
 * `--emulator-url` the timestamp is the emulator's virtual clock (the host checks signatures
 * against the clock it runs on), a `response_url` is minted there, and `--wait` prints what the
 * app later posts to it.
 */
import type { Command } from "commander";
import { readEnv } from "../config/env.js";
import { testCertificate } from "../emulator/certs.js";
import { emulatorRequest } from "../emulator/raw-client.js";
import { EMULATOR_SIGNING_SECRET } from "../local/stack.js";
import { CliError, EXIT } from "./errors.js";
import { postForm, renderMessage, signingHeaders, slashCommandBody } from "./slack-request.js";

interface SendFlags {
  readonly user: string;
  readonly channel: string;
  readonly team: string;
  readonly command: string;
  readonly url: string;
  readonly emulatorUrl?: string;
  readonly responseUrl?: string;
  readonly wait: string;
  readonly json?: boolean;
}

const PLACEHOLDER_RESPONSE_URL = "https://hooks.slack.com/commands/T0LOCAL01/0/gpu-warden-local";

export function registerSlackCommands(program: Command): void {
  program
    .command("slack")
    .description("Talk to a running `gpu-warden serve` the way Slack does")
    .command("command")
    .description("Send a signed slash command (`/gpu <text>`) and print the reply")
    .argument("<text>", 'what follows the slash command, e.g. "start dev-t4 for 2h"')
    .option("--user <id>", "Slack user ID (the example policy's admin is U0ADMIN)", "U0ADMIN")
    .option("--channel <id>", "Slack channel ID", "C0123ABCD")
    .option("--team <id>", "Slack team ID", "T0LOCAL01")
    .option("--command <name>", "the slash command", "/gpu")
    .option("--url <url>", "where gpu-warden serve listens", "http://127.0.0.1:7071")
    .option(
      "--emulator-url <url>",
      "the emulator of `serve --emulator`: virtual time, response_url",
    )
    .option("--response-url <url>", "response_url to send (default: minted on the emulator)")
    .option(
      "--wait <seconds>",
      "with --emulator-url: print posts to the response_url meanwhile",
      "0",
    )
    .option("--json", "print the reply as JSON")
    .action(async (text: string, flags: SendFlags) => {
      const wait = Number(flags.wait);
      if (!Number.isFinite(wait) || wait < 0 || wait > 3600)
        throw new CliError(`--wait: expected seconds (0-3600), got '${flags.wait}'`);
      if (wait > 0 && flags.emulatorUrl === undefined)
        throw new CliError("--wait needs --emulator-url");
      const secret = signingSecret(flags.emulatorUrl !== undefined);
      const emulator = flags.emulatorUrl === undefined ? null : emulatorAt(flags.emulatorUrl);
      const minted =
        emulator && flags.responseUrl === undefined
          ? await emulator.mint(flags.channel, flags.user)
          : null;
      const body = slashCommandBody({
        command: flags.command,
        text,
        user: flags.user,
        channel: flags.channel,
        team: flags.team,
        responseUrl: flags.responseUrl ?? minted?.url ?? PLACEHOLDER_RESPONSE_URL,
      });
      const nowSeconds = emulator ? (await emulator.now()) / 1000 : Date.now() / 1000;
      const target = `${flags.url.replace(/\/+$/, "")}/api/slack/command`;
      const reply = await postForm(target, body, signingHeaders(secret, body, nowSeconds)).catch(
        (error: unknown) => {
          const cause = error instanceof Error ? error.cause : undefined;
          const why = cause instanceof Error ? cause.message : String(error);
          throw new CliError(`cannot reach ${target}: ${why}`, EXIT.failure);
        },
      );
      process.stderr.write(`HTTP ${reply.status} in ${reply.ms.toFixed(0)} ms\n`);
      if (flags.json) process.stdout.write(`${reply.text.trimEnd()}\n`);
      else
        process.stdout.write(
          `${reply.json === undefined ? reply.text.trimEnd() : renderMessage(reply.json)}\n`,
        );
      if (reply.status === 401 && emulator === null)
        process.stderr.write(
          "hint: `serve --emulator` checks signatures against the virtual clock: add --emulator-url\n",
        );
      if (emulator && minted && wait > 0)
        await follow(emulator, minted.id, wait, flags.json === true);
      if (reply.status >= 400)
        throw new CliError(`the host answered ${reply.status}`, EXIT.failure);
    });
}

function signingSecret(emulator: boolean): string {
  const configured = readEnv().slack.signingSecret;
  if (configured !== undefined) return configured;
  if (emulator) return EMULATOR_SIGNING_SECRET;
  throw new CliError("no signing secret: set SLACK_SIGNING_SECRET, or pass --emulator-url");
}

interface EmulatorClient {
  now(): Promise<number>;
  mint(channel: string, user: string): Promise<{ id: string; url: string }>;
  posts(
    responseUrlId: string,
    since: number,
  ): Promise<{ seq: number; virtualAt: string; text?: string; blocks?: unknown }[]>;
}

function emulatorAt(url: string): EmulatorClient {
  const endpoint = { url, caCertificate: testCertificate().cert };
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await emulatorRequest(endpoint, method, path, {
      bearer: false,
      ...(body === undefined ? {} : { body }),
    }).catch((error: unknown) => {
      throw new CliError(`cannot reach the emulator at ${url}: ${String(error)}`, EXIT.failure);
    });
    if (response.status >= 300)
      throw new CliError(
        `emulator: ${method} ${path} → ${response.status} ${response.text}`,
        EXIT.failure,
      );
    return response.body as T;
  };
  return {
    now: async () => Date.parse((await call<{ now: string }>("GET", "/_emulator/clock")).now),
    mint: (channel, user) => call("POST", "/_emulator/slack/response-urls", { channel, user }),
    posts: async (id, since) =>
      (
        await call<{
          value: { seq: number; virtualAt: string; text?: string; blocks?: unknown }[];
        }>("GET", `/_emulator/slack?responseUrl=${encodeURIComponent(id)}&since=${since}`)
      ).value,
  };
}

/** Prints what the app posts to the minted response_url during `seconds` (real time). */
async function follow(
  emulator: EmulatorClient,
  responseUrlId: string,
  seconds: number,
  json: boolean,
): Promise<void> {
  const until = Date.now() + seconds * 1000;
  let since = 0;
  process.stderr.write(`waiting ${seconds} s for posts to the response_url…\n`);
  while (Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const post of await emulator.posts(responseUrlId, since)) {
      since = Math.max(since, post.seq);
      const shown = json ? JSON.stringify(post) : renderMessage(post);
      process.stdout.write(`[response_url at ${post.virtualAt} (virtual)] ${shown}\n`);
    }
  }
}
