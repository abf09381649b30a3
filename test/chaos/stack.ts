/**
 * @module The chaos suite's stack: the emulator, and Azurite keeping its data on disk so it can be
 * stopped and started again on the same ports with every table intact; one runtime built by
 * `createRuntime` on both (SDK retries off, so the tick's own retry path does the work; the Slack
 * adapter pointed at the emulator's stand-in). Each seed swaps in its own policy and store.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRuntime, type Runtime } from "../../src/composition.js";
import { readEnv } from "../../src/config/env.js";
import { loadPolicy } from "../../src/config/policy.js";
import { startEmulator, type Emulator } from "../../src/emulator/index.js";
import { startAzurite, type Azurite } from "../../src/storage/azurite.js";

export const BOT_TOKEN = "xoxb-chaos-suite";

const BASE_POLICY = `
groups: []
prometheus: { endpoint: "https://chaos.eastus.prometheus.monitor.azure.com" }
`;

export interface ChaosStack {
  readonly emulator: Emulator;
  readonly runtime: Runtime;
  connectionString(): string;
  /** Stops Azurite (its data stays on disk); `startStorage` brings it back on the same ports. */
  stopStorage(): Promise<void>;
  startStorage(): Promise<void>;
  stop(): Promise<void>;
}

function portsOf(a: Azurite): { blob: number; queue: number; table: number } {
  const port = (url: string): number => Number(new URL(url).port);
  return { blob: port(a.blobEndpoint), queue: port(a.queueEndpoint), table: port(a.tableEndpoint) };
}

export async function startChaosStack(): Promise<ChaosStack> {
  const location = await mkdtemp(join(tmpdir(), "gpu-warden-chaos-"));
  const emulator = await startEmulator();
  let azurite: Azurite | undefined;
  try {
    azurite = await startAzurite({ location });
    const ports = portsOf(azurite);
    const policy = loadPolicy(BASE_POLICY);
    if (!policy.ok) throw new Error(JSON.stringify(policy.error));
    const env = readEnv({
      AzureWebJobsStorage: azurite.connectionString,
      GPU_WARDEN_ARM_ENDPOINT: emulator.url,
      GPU_WARDEN_ARM_MAX_RETRIES: "0",
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_API_URL: emulator.slack.apiUrl,
    });
    const runtime = await createRuntime(env, {
      armCaCertificate: emulator.caCertificate,
      policy: policy.value,
    });
    let current: Azurite | undefined = azurite;
    const connection = azurite.connectionString;
    // Stops and starts run one after the other, in the order asked.
    let queue = Promise.resolve();
    const serial = (step: () => Promise<void>): Promise<void> => (queue = queue.then(step));
    return {
      emulator,
      runtime,
      connectionString: () => connection,
      stopStorage: () =>
        serial(async () => {
          await current?.stop();
          current = undefined;
        }),
      startStorage: () =>
        serial(async () => {
          current ??= await startAzurite({ location, ports });
        }),
      stop: async () => {
        await queue.catch(() => undefined);
        await Promise.all([emulator.stop(), current?.stop()]);
        await rm(location, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await Promise.all([emulator.stop(), azurite?.stop()]);
    await rm(location, { recursive: true, force: true });
    throw error;
  }
}
