/**
 * @module The local stack behind `--emulator` and the demo: the Azure emulator in-process with a
 * fleet file, and Azurite on free ports unless a storage connection is configured, plus a runtime
 * wired to both. Everything it starts, `stop()` stops.
 */
import { join } from "node:path";
import { createRuntime, type Runtime } from "../composition.js";
import { readEnv } from "../config/env.js";
import type { ResolvedPolicy } from "../config/policy.js";
import { packageRoot } from "../emulator/certs.js";
import {
  emulatorSlackOptions,
  loadFleetFile,
  startEmulator,
  type Emulator,
} from "../emulator/index.js";
import { startAzurite, type Azurite } from "../storage/azurite.js";

export const DEMO_FLEET = "examples/fleet.demo.yaml";
export const DEMO_POLICY = "examples/gpu-warden.yaml";

/** A path inside the installed package (examples ship with it). */
export function bundled(relative: string): string {
  return join(packageRoot(), relative);
}

export interface LocalStackOptions {
  readonly policy: ResolvedPolicy;
  /** Fleet file; default the demo fleet. */
  readonly fleetFile?: string;
  /** A storage connection string to use instead of starting Azurite. */
  readonly storageConnection?: string;
  /** SDK retries per ARM call (default 3). */
  readonly armMaxRetries?: number;
  /** The Slack signing secret requests must be signed with (default {@link EMULATOR_SIGNING_SECRET}). */
  readonly signingSecret?: string;
}

/** The signing secret of the emulated Slack app, unless one is configured. */
export const EMULATOR_SIGNING_SECRET = "gpu-warden-emulator-signing-secret";

export interface LocalStack {
  readonly emulator: Emulator;
  readonly azurite: Azurite | null;
  readonly runtime: Runtime;
  stop(): Promise<void>;
}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const fleet = await loadFleetFile(options.fleetFile ?? bundled(DEMO_FLEET));
  // The cluster autoscaler is emulated too, so min-count-zero pools really lose their nodes.
  const emulator = await startEmulator({ fleet, settings: { clusterAutoscaler: true } });
  let azurite: Azurite | null = null;
  try {
    azurite = options.storageConnection ? null : await startAzurite();
    const connection = options.storageConnection ?? azurite?.connectionString ?? "";
    const env = readEnv({
      AzureWebJobsStorage: connection,
      GPU_WARDEN_ARM_ENDPOINT: emulator.url,
      GPU_WARDEN_ARM_MAX_RETRIES: String(options.armMaxRetries ?? 3),
      SLACK_BOT_TOKEN: "xoxb-gpu-warden-emulator",
      SLACK_API_URL: emulatorSlackOptions(emulator).apiUrl,
      SLACK_SIGNING_SECRET: options.signingSecret ?? EMULATOR_SIGNING_SECRET,
    });
    const runtime = await createRuntime(env, {
      armCaCertificate: emulator.caCertificate,
      policy: options.policy,
    });
    const running = azurite;
    return {
      emulator,
      azurite,
      runtime,
      stop: async () => {
        await Promise.all([emulator.stop(), running?.stop()]);
      },
    };
  } catch (error) {
    await Promise.all([emulator.stop(), azurite?.stop()]);
    throw error;
  }
}
