/**
 * @module No secret in any log line or Slack message. The function handlers run with secret-
 * bearing app settings — a signing secret, a bot token, a storage connection string with an
 * AccountKey — through the real composition root, against the emulator (ARM and Slack, which
 * checks the bot token) and Azurite: ticks over a virtual day, signed and forged slash commands,
 * the queued operations, button clicks, health, and a runtime that fails to build. Every
 * InvocationContext log line, everything written to the console, and every call the Slack
 * emulator recorded (messages, updates, response_url posts) is searched for each secret.
 */
import { HttpRequest, InvocationContext, type Timer } from "@azure/functions";
import { fileURLToPath } from "node:url";
import { format, inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createRuntime, slackDepsOf, type Runtime } from "../../src/composition.js";
import { readEnv } from "../../src/config/env.js";
import { loadPolicyFile } from "../../src/config/policy.js";
import {
  startEmulator,
  loadFleetFile,
  emulatorSlackOptions,
  type Emulator,
} from "../../src/emulator/index.js";
import { makeHealthHandler } from "../../src/functions/health.js";
import { makeOperationsHandler } from "../../src/functions/operations.js";
import { makeSlackCommandHandler } from "../../src/functions/slack-command.js";
import { makeSlackInteractionHandler } from "../../src/functions/slack-interaction.js";
import { makeTickHandler } from "../../src/functions/tick.js";
import { buttonClickRequest, slashCommandRequest } from "../../src/local/slack-requests.js";
import { AZURITE_KEY, startAzurite, type Azurite } from "../../src/storage/azurite.js";
import { createOperationQueue } from "../../src/storage/operation-queue.js";
import type { SlackRequest } from "../../src/app/slack/verify-request.js";

const examples = (file: string) =>
  fileURLToPath(new URL(`../../examples/${file}`, import.meta.url));

const SIGNING_SECRET = "sgn-0f1e2d3c4b5a69788796a5b4c3d2e1f0";
const BOT_TOKEN = "xoxb-1111111111-2222222222-SeCrEtBoTtOkEnVaLuE42";
/** A storage key Azurite refuses: its failure is logged, the key must not be. */
const WRONG_KEY = Buffer.from("a-wrong-but-secret-storage-account-key-0123456789").toString(
  "base64",
);

let emulator: Emulator;
let azurite: Azurite;
let runtime: Runtime;
let secrets: string[];
const logs: string[] = [];

beforeAll(async () => {
  emulator = await startEmulator({
    fleet: await loadFleetFile(examples("fleet.demo.yaml")),
    slack: { botToken: BOT_TOKEN },
  });
  azurite = await startAzurite();
  secrets = [SIGNING_SECRET, BOT_TOKEN, AZURITE_KEY, WRONG_KEY];
  expect(azurite.connectionString).toContain(`AccountKey=${AZURITE_KEY}`);
  const env = readEnv({
    AzureWebJobsStorage: azurite.connectionString,
    GPU_WARDEN_ARM_ENDPOINT: emulator.url,
    GPU_WARDEN_ARM_MAX_RETRIES: "0",
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_API_URL: emulatorSlackOptions(emulator).apiUrl,
  });
  runtime = await createRuntime(env, {
    armCaCertificate: emulator.caCertificate,
    policy: await loadPolicyFile(examples("gpu-warden.yaml")),
  });
}, 60_000);

afterAll(async () => {
  await Promise.all([emulator.stop(), azurite.stop()]);
});

function context(name: string): InvocationContext {
  return new InvocationContext({
    invocationId: `no-secrets-${name}`,
    functionName: name,
    // As the Functions worker renders a log call: util.format (objects and errors inspected).
    logHandler: (level, ...args) => logs.push(`${name} ${level}: ${format(...args)}`),
  });
}

/** A reply or a thrown error, as a test log line: fully inspected (errors with their cause). */
function show(value: unknown): string {
  return typeof value === "string" ? value : inspect(value, { depth: 8 });
}

const timer: Timer = {
  isPastDue: false,
  schedule: { adjustForDST: false },
  scheduleStatus: { last: "", next: "", lastUpdated: "" },
};

function httpRequest(path: string, request: SlackRequest): HttpRequest {
  return new HttpRequest({
    method: "POST",
    url: `https://gpu-warden.example/api/${path}`,
    headers: Object.fromEntries(
      Object.entries(request.headers).filter(
        (e): e is [string, string] => typeof e[1] === "string",
      ),
    ),
    body: { string: request.rawBody },
  });
}

/** Captures every console write while `work` runs (the SDKs and the library log there). */
async function capturingConsole(work: () => Promise<void>): Promise<void> {
  const spies = (["log", "info", "warn", "error", "debug", "trace"] as const).map((method) =>
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      logs.push(`console.${method}: ${format(...args)}`);
    }),
  );
  try {
    await work();
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

describe("no secret in logs or Slack messages", () => {
  it("runs every handler with secret-bearing settings and finds none of the secrets", async () => {
    const now = () => emulator.clock.now();
    const tick = makeTickHandler(() => Promise.resolve(runtime), now);
    const deps = slackDepsOf(runtime, () => emulator.clock.now().getTime());
    const command = makeSlackCommandHandler(() => Promise.resolve(deps), now);
    const interaction = makeSlackInteractionHandler(() => Promise.resolve(deps), now);
    const operations = makeOperationsHandler(() => Promise.resolve(runtime), now);
    const queue = await createOperationQueue({ connectionString: azurite.connectionString });
    const signer = () => ({ signingSecret: SIGNING_SECRET, now: now() });
    const responseUrl = () =>
      emulator.slack.mintResponseUrl({ channel: "C0123ABCD", user: "U0ADMIN" }).url;

    await capturingConsole(async () => {
      // A virtual day of ticks, every 2 hours: stops, starts, warnings, summaries.
      for (let hour = 0; hour < 24; hour += 2) {
        await tick(timer, context("tick")).catch((error: unknown) =>
          logs.push(`tick threw: ${show(error)}`),
        );
        emulator.clock.advance(2 * 3_600_000);
      }
      for (const text of [
        "status",
        "status dev-a100",
        "start dev-t4 for 1h",
        "stop dev-a100",
        "help",
        "start nosuch",
      ]) {
        const request = slashCommandRequest(
          { text, user: "U0ADMIN", channel: "C0123ABCD", responseUrl: responseUrl() },
          signer(),
        );
        const reply = await command(
          httpRequest("slack/command", request),
          context("slack-command"),
        );
        logs.push(`slack-command reply: ${show(reply)}`);
      }
      const forged = slashCommandRequest(
        {
          text: "stop dev-a100",
          user: "U0ADMIN",
          channel: "C0123ABCD",
          responseUrl: responseUrl(),
        },
        { signingSecret: "not-the-secret", now: now() },
      );
      logs.push(
        show(await command(httpRequest("slack/command", forged), context("slack-command"))),
      );
      for (const received of await queue.receive(32, 60)) {
        await operations(received.body, context("operations")).catch((error: unknown) =>
          logs.push(`operations threw: ${show(error)}`),
        );
        await received.complete();
      }
      // Later ticks confirm the operations and report them (response_url, channel).
      for (let i = 0; i < 3; i += 1) {
        emulator.clock.advance(10 * 60_000);
        await tick(timer, context("tick")).catch((error: unknown) =>
          logs.push(`tick threw: ${show(error)}`),
        );
      }
      for (const actionId of ["keep-1h", "stop-now", "bogus"]) {
        const click = buttonClickRequest(
          {
            user: "U0ADMIN",
            channel: "C0123ABCD",
            messageTs: "1700000000.000100",
            actionId,
            value:
              "/subscriptions/x/resourceGroups/y/providers/Microsoft.ContainerService/managedClusters/z",
            responseUrl: responseUrl(),
          },
          signer(),
        );
        const reply = await interaction(
          httpRequest("slack/interaction", click),
          context("slack-interaction"),
        );
        logs.push(`slack-interaction reply: ${show(reply)}`);
      }
      const health = makeHealthHandler(() => Promise.resolve(runtime));
      const get = new HttpRequest({ method: "GET", url: "https://gpu-warden.example/api/health" });
      logs.push(show(await health(get, context("health"))));
      // Runtimes that cannot build: a bad setting, a storage key the account refuses.
      const broken = (settings: Record<string, string>) =>
        makeHealthHandler(async () =>
          createRuntime(readEnv(settings), {
            armCaCertificate: emulator.caCertificate,
            policy: runtime.policy,
          }),
        );
      const badEndpoint = { GPU_WARDEN_ARM_ENDPOINT: "not a url", SLACK_BOT_TOKEN: BOT_TOKEN };
      logs.push(show(await broken(badEndpoint)(get, context("health"))));
      const wrongKey = {
        AzureWebJobsStorage: azurite.connectionString.replace(AZURITE_KEY, WRONG_KEY),
        GPU_WARDEN_ARM_ENDPOINT: emulator.url,
        GPU_WARDEN_ARM_MAX_RETRIES: "0",
        SLACK_SIGNING_SECRET: SIGNING_SECRET,
      };
      logs.push(show(await broken(wrongKey)(get, context("health"))));
    });

    const slackCalls = emulator.slack.calls().map((call) => JSON.stringify(call));
    const messages = emulator.slack.messages().map((message) => JSON.stringify(message));
    expect(logs.length).toBeGreaterThan(20);
    expect(slackCalls.length).toBeGreaterThan(2);
    expect(leaks([...logs, ...slackCalls, ...messages], secrets)).toEqual([]);
    // The search finds a secret where one is (raw or URL-encoded).
    expect(leaks([`token=${encodeURIComponent(BOT_TOKEN)}`], secrets)).toHaveLength(1);
  }, 120_000);
});

/** The lines holding one of the secrets, raw or URL-encoded. */
function leaks(lines: readonly string[], secrets: readonly string[]): string[] {
  return lines.filter((line) =>
    secrets.some((secret) => line.includes(secret) || line.includes(encodeURIComponent(secret))),
  );
}
