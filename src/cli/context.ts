/**
 * @module What the Azure-facing commands share: `--config`, `--emulator`, `--fleet`, `--json`,
 * loading the policy (exit 2 when invalid) and building the runtime — against Azure with
 * DefaultAzureCredential, or against the embedded emulator and Azurite, started here and stopped
 * when the command ends.
 */
import { existsSync } from "node:fs";
import type { Command } from "commander";
import { createRuntime, type Runtime } from "../composition.js";
import { EnvError, readEnv } from "../config/env.js";
import {
  PolicyError,
  loadPolicyFile,
  policyFilePath,
  type ResolvedPolicy,
} from "../config/policy.js";
import type { Emulator } from "../emulator/index.js";
import { bundled, DEMO_POLICY, startLocalStack } from "../local/stack.js";
import { CliError, EXIT } from "./errors.js";

export interface CommonFlags {
  readonly config?: string;
  readonly emulator?: boolean;
  readonly fleet?: string;
  readonly json?: boolean;
}

export interface CommandContext {
  readonly runtime: Runtime;
  readonly emulator: Emulator | null;
  /** Progress for people (stderr), silent with --json. */
  readonly progress: (line: string) => void;
}

export function withCommonFlags(command: Command): Command {
  return command
    .option("--config <file>", "policy file (default: $GPU_WARDEN_CONFIG, else ./gpu-warden.yaml)")
    .option("--emulator", "use the embedded Azure emulator and Azurite instead of Azure")
    .option("--fleet <file>", "fleet file for --emulator (default: examples/fleet.demo.yaml)")
    .option("--json", "print data as JSON on stdout");
}

/** Runs `fn` with a runtime; everything started for it is stopped afterwards. */
export async function withRuntime<T>(
  flags: CommonFlags,
  fn: (ctx: CommandContext) => Promise<T>,
): Promise<T> {
  if (flags.fleet !== undefined && !flags.emulator) throw new CliError("--fleet needs --emulator");
  const progress = flags.json
    ? () => undefined
    : (line: string) => process.stderr.write(`${line}\n`);
  const policy = await loadPolicy(flags);
  const env = readSettings();
  if (!flags.emulator) {
    if (!env.storage) {
      throw new CliError(
        "no storage configured: set AzureWebJobsStorage (or AzureWebJobsStorage__tableServiceUri/__queueServiceUri), or use --emulator",
      );
    }
    return fn({ runtime: await createRuntime(env, { policy }), emulator: null, progress });
  }
  const connection =
    env.storage?.kind === "connection-string" ? env.storage.connectionString : undefined;
  progress(`starting the Azure emulator${connection ? "" : " and Azurite"}…`);
  const stack = await startLocalStack({
    policy,
    ...(flags.fleet ? { fleetFile: flags.fleet } : {}),
    ...(connection ? { storageConnection: connection } : {}),
  }).catch((error: unknown) => {
    throw new CliError(error instanceof Error ? error.message : String(error), EXIT.failure);
  });
  try {
    return await fn({ runtime: stack.runtime, emulator: stack.emulator, progress });
  } finally {
    await stack.stop();
  }
}

/** The policy for a command: exit 2 when invalid; with `--emulator` and no file, the example. */
export async function loadPolicy(
  flags: Pick<CommonFlags, "config" | "emulator">,
): Promise<ResolvedPolicy> {
  let file = policyFilePath(flags.config);
  // On a fresh clone `--emulator` works with no setup: the example policy matches the demo fleet.
  if (flags.emulator && flags.config === undefined && !existsSync(file))
    file = bundled(DEMO_POLICY);
  try {
    return await loadPolicyFile(file);
  } catch (error) {
    if (error instanceof PolicyError) throw new CliError(error.message, EXIT.invalidInput);
    throw error;
  }
}

/** The app settings: exit 2 when one is invalid. */
export function readSettings(): ReturnType<typeof readEnv> {
  try {
    return readEnv();
  } catch (error) {
    if (error instanceof EnvError) throw new CliError(error.message, EXIT.invalidInput);
    throw error;
  }
}
