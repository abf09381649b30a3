/**
 * @module What `gpu-warden serve` runs, for the CLI and the tests: the local host on either
 * - the local stack (`emulator` set): the Azure emulator with a fleet file, its virtual clock
 *   running at `speed` (virtual minutes per real minute), Azurite unless a storage connection
 *   string is configured, the emulated Slack — the host's timers follow the virtual clock; or
 * - the configured Azure subscription(s) and storage (`createRuntime(env)`), on real time.
 * The queue worker reads the operations queue on the same storage the runtime sends to.
 */
import { createRuntime, type Runtime } from "../composition.js";
import type { AppEnv } from "../config/env.js";
import type { ResolvedPolicy } from "../config/policy.js";
import type { Emulator } from "../emulator/index.js";
import type { Azurite } from "../storage/azurite.js";
import { createOperationQueue, type StorageOperationQueue } from "../storage/operation-queue.js";
import { startHost, type Host, type HostClock, type HostLog, type HostOptions } from "./host.js";
import { EMULATOR_SIGNING_SECRET, startLocalStack } from "./stack.js";

export interface ServeOptions {
  readonly policy: ResolvedPolicy;
  readonly env: AppEnv;
  /** 0 = a free port. */
  readonly port: number;
  readonly log: HostLog;
  /** Run on the local stack instead of Azure. */
  readonly emulator?: {
    /** Default the demo fleet. */
    readonly fleetFile?: string;
    /** Virtual minutes per real minute (> 0). */
    readonly speed: number;
  };
  readonly worker?: HostOptions["worker"];
}

export type SecretSource = "emulator default" | "SLACK_SIGNING_SECRET" | "not set";

export interface Serving {
  readonly host: Host;
  readonly runtime: Runtime;
  readonly clock: HostClock;
  readonly emulator: Emulator | null;
  readonly azurite: Azurite | null;
  readonly signingSecret: { readonly value: string; readonly source: SecretSource };
  stop(): Promise<void>;
}

const REAL_TIME: HostClock = { now: () => new Date(), speed: () => 1 };

export async function startServe(options: ServeOptions): Promise<Serving> {
  return options.emulator
    ? serveOnEmulator(options, options.emulator)
    : serveOnAzure(options, options.env);
}

async function serveOnEmulator(
  options: ServeOptions,
  emulator: NonNullable<ServeOptions["emulator"]>,
): Promise<Serving> {
  if (!(emulator.speed > 0)) throw new RangeError("the emulator's clock speed must be > 0");
  const { env } = options;
  const connection =
    env.storage?.kind === "connection-string" ? env.storage.connectionString : undefined;
  const configured = env.slack.signingSecret;
  const stack = await startLocalStack({
    policy: options.policy,
    ...(emulator.fleetFile === undefined ? {} : { fleetFile: emulator.fleetFile }),
    ...(connection === undefined ? {} : { storageConnection: connection }),
    ...(configured === undefined ? {} : { signingSecret: configured }),
  });
  try {
    const storage = connection ?? stack.azurite?.connectionString;
    if (storage === undefined) throw new Error("the local stack has no storage");
    const queue = await createOperationQueue({ connectionString: storage });
    const virtual = stack.emulator.clock;
    virtual.setSpeed(emulator.speed);
    const clock: HostClock = { now: () => virtual.now(), speed: () => virtual.speed() };
    const host = await startHost(hostOptions(options, stack.runtime, queue, clock));
    return {
      host,
      runtime: stack.runtime,
      clock,
      emulator: stack.emulator,
      azurite: stack.azurite,
      signingSecret: {
        value: configured ?? EMULATOR_SIGNING_SECRET,
        source: configured === undefined ? "emulator default" : "SLACK_SIGNING_SECRET",
      },
      stop: once(async () => {
        try {
          await host.stop();
        } finally {
          await stack.stop();
        }
      }),
    };
  } catch (error) {
    await stack.stop();
    throw error;
  }
}

async function serveOnAzure(options: ServeOptions, env: AppEnv): Promise<Serving> {
  if (!env.storage) {
    throw new Error(
      "no storage configured: set AzureWebJobsStorage (or AzureWebJobsStorage__tableServiceUri/__queueServiceUri), or use --emulator",
    );
  }
  const runtime = await createRuntime(env, { policy: options.policy });
  const queue = await operationsQueue(env, env.storage);
  const host = await startHost(hostOptions(options, runtime, queue, REAL_TIME));
  const secret = env.slack.signingSecret;
  return {
    host,
    runtime,
    clock: REAL_TIME,
    emulator: null,
    azurite: null,
    signingSecret: {
      value: secret ?? "",
      source: secret === undefined ? "not set" : "SLACK_SIGNING_SECRET",
    },
    stop: once(() => host.stop()),
  };
}

/** `stop` may be called twice (Ctrl-C and a test's cleanup): the second call waits for the first. */
function once(stop: () => Promise<void>): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  return () => (stopping ??= stop());
}

function hostOptions(
  options: ServeOptions,
  runtime: Runtime,
  queue: StorageOperationQueue,
  clock: HostClock,
): HostOptions {
  return {
    runtime,
    queue,
    clock,
    log: options.log,
    port: options.port,
    ...(options.worker === undefined ? {} : { worker: options.worker }),
  };
}

/** The queue `createRuntime` sends to, opened for receiving (same storage, same identity). */
async function operationsQueue(
  env: AppEnv,
  storage: NonNullable<AppEnv["storage"]>,
): Promise<StorageOperationQueue> {
  if (storage.kind === "connection-string")
    return createOperationQueue({ connectionString: storage.connectionString });
  const { DefaultAzureCredential } = await import("@azure/identity");
  const credential = new DefaultAzureCredential(
    env.arm.clientId ? { managedIdentityClientId: env.arm.clientId } : {},
  );
  return createOperationQueue({ endpoint: storage.queueServiceUri, credential });
}
