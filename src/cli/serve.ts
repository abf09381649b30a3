/**
 * @module `gpu-warden serve`: the local host (src/local/host.ts) for development and for a real
 * Slack app behind a tunnel — the HTTP functions, the `tick` timer and the `operations` queue
 * worker in one process, until Ctrl-C. `--emulator` runs it on the embedded emulator and Azurite
 * with the virtual clock at `--speed`.
 */
import type { Command } from "commander";
import type { AppEnv } from "../config/env.js";
import { OPERATIONS_QUEUE } from "../ports/queue.js";
import type { Serving } from "../local/host-serve.js";
import { TICK_EVERY_MINUTES } from "../local/host-timer.js";
import { loadPolicy, readSettings } from "./context.js";
import { CliError, EXIT } from "./errors.js";

interface ServeFlags {
  readonly port: string;
  readonly config?: string;
  readonly emulator?: boolean;
  readonly fleet?: string;
  readonly speed?: string;
}

export const DEFAULT_SPEED = 60;

export function registerServeCommand(program: Command): void {
  program
    .command("serve")
    .description(
      "Host the HTTP functions, the tick timer and the operations queue worker locally, until Ctrl-C",
    )
    .option("--port <port>", "HTTP port on 127.0.0.1", "7071")
    .option("--config <file>", "policy file (default: $GPU_WARDEN_CONFIG, else ./gpu-warden.yaml)")
    .option("--emulator", "use the embedded Azure/Slack emulator and Azurite instead of Azure")
    .option("--fleet <file>", "fleet file for --emulator (default: examples/fleet.demo.yaml)")
    .option(
      "--speed <n>",
      `with --emulator: virtual minutes per real minute (default ${DEFAULT_SPEED})`,
    )
    .action(async (flags: ServeFlags) => {
      const port = parsePort(flags.port);
      if (!flags.emulator && (flags.fleet !== undefined || flags.speed !== undefined))
        throw new CliError(`${flags.fleet === undefined ? "--speed" : "--fleet"} needs --emulator`);
      const speed = parseSpeed(flags.speed);
      const policy = await loadPolicy(flags);
      const env = readSettings();
      const log = (line: string): void => {
        process.stdout.write(`${new Date().toISOString().slice(11, 23)} ${line}\n`);
      };
      if (flags.emulator) process.stderr.write("starting the Azure emulator and Azurite…\n");
      // Loaded here: the host pulls in the Functions library and the SDKs.
      const { startServe } = await import("../local/host-serve.js");
      const serving = await startServe({
        policy,
        env,
        port,
        log,
        ...(flags.emulator
          ? {
              emulator: { speed, ...(flags.fleet === undefined ? {} : { fleetFile: flags.fleet }) },
            }
          : {}),
      }).catch((error: unknown) => {
        throw new CliError(error instanceof Error ? error.message : String(error), EXIT.failure);
      });
      process.stdout.write(banner(serving, env, speed));
      await untilSignal();
      process.stdout.write("stopping…\n");
      await serving.stop();
      process.stdout.write("stopped\n");
    });
}

function banner(serving: Serving, env: AppEnv, speed: number): string {
  const { host, emulator, signingSecret } = serving;
  const lines = [
    `gpu-warden serve: listening on ${host.url}`,
    ...host.routes.map((r) => `  ${r.method.padEnd(4)} ${host.url}${r.path}  (${r.functionName})`),
  ];
  const every = emulator
    ? `every ${TICK_EVERY_MINUTES} virtual minutes = every ${formatSeconds((TICK_EVERY_MINUTES * 60) / speed)} real`
    : `every ${TICK_EVERY_MINUTES} minutes (UTC)`;
  lines.push(
    `  timer tick: ${every}; next at ${host.nextTick().toISOString()}`,
    `  queue worker: ${OPERATIONS_QUEUE}, polled every second`,
    "  slash commands find clusters in the fleet the tick discovers: on fresh storage, after the first tick",
  );
  if (emulator) {
    const slackCommand = `gpu-warden slack command "status" --url ${host.url} --emulator-url ${emulator.url}`;
    lines.push(
      "",
      `Emulator: ${emulator.url} (Azure and Slack stand-ins; control API under /_emulator/, docs/emulator.md)`,
      `  virtual clock: ${emulator.clock.now().toISOString()}, ×${speed} (${speed} virtual minutes per real minute)`,
      `  Slack signing secret: ${signingSecret.source === "emulator default" ? signingSecret.value : "from SLACK_SIGNING_SECRET"}`,
      `  Slack requests are checked against the virtual clock: sign with its time (GET ${emulator.url}/_emulator/clock)`,
      `  mint a response_url: curl -sk -X POST ${emulator.url}/_emulator/slack/response-urls -H 'content-type: application/json' -d '{"channel":"C0123ABCD","user":"U0ADMIN"}'`,
      `  what the app sent to Slack: curl -sk ${emulator.url}/_emulator/slack`,
      `  try: ${slackCommand}`,
    );
  } else {
    lines.push(
      "",
      `  Slack signing secret: ${signingSecret.source === "not set" ? "NOT SET — every Slack request gets 401 (set SLACK_SIGNING_SECRET)" : "from SLACK_SIGNING_SECRET"}`,
      `  Slack bot token: ${env.slack.botToken === undefined ? "not set — nothing is posted to Slack" : "from SLACK_BOT_TOKEN"}`,
      `  point the Slack app's slash command at <tunnel>/api/slack/command and interactivity at <tunnel>/api/slack/interaction`,
    );
  }
  lines.push("Press Ctrl-C to stop.", "");
  return lines.join("\n");
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      // A second Ctrl-C while stopping gives up waiting.
      process.once("SIGINT", () => process.exit(130));
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new CliError(`--port: invalid port '${text}'`);
  return port;
}

function parseSpeed(text: string | undefined): number {
  if (text === undefined) return DEFAULT_SPEED;
  const speed = Number(text);
  if (!Number.isFinite(speed) || speed <= 0 || speed > 100_000)
    throw new CliError(
      `--speed: expected a number of virtual minutes per real minute (0 < n ≤ 100000), got '${text}'`,
    );
  return speed;
}

function formatSeconds(seconds: number): string {
  return seconds >= 1 ? `${Number(seconds.toFixed(1))} s` : `${Math.round(seconds * 1000)} ms`;
}
