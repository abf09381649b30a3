/**
 * @module The tick bench's stack: the emulator over HTTPS with 50 ms of latency on every ARM,
 * Resource Graph and Prometheus request (fault rules with probability 1 that only delay), ARM
 * token-bucket throttling on (250 / 25 per s reads, 200 / 10 per s writes per subscription),
 * Azurite, and a runtime built by `createRuntime` from app settings pointing at both — the
 * official SDK clients, as in production. `world(clusters)` loads a fresh fleet and fresh tables.
 */
import { snapshotSaver } from "../../src/app/snapshot.js";
import type { TickDeps } from "../../src/app/tick.js";
import { createRuntime, tickDepsOf, type Runtime } from "../../src/composition.js";
import { readEnv } from "../../src/config/env.js";
import { loadPolicy } from "../../src/config/load-policy.js";
import {
  emulatorSlackOptions,
  startEmulator,
  type Emulator,
  type EmulatorSettingsInput,
} from "../../src/emulator/index.js";
import { startAzurite, type Azurite } from "../../src/storage/azurite.js";
import { createTableStore } from "../../src/storage/table-store.js";
import { actionCap, benchFleet, benchPolicy } from "./tick-fleet.js";

export const LATENCY_MS = 50;

/** Every ARM (`/subscriptions/…`, `/providers/…`) and Prometheus (`/api/v1/query`) request. */
const DELAYED = ["/subscriptions/**", "/providers/**", "/api/v1/query"] as const;

/** The tick's settings: operations take their default virtual minutes; nothing polls them. */
export const TICK_SETTINGS: EmulatorSettingsInput = { advanceClockOnPoll: false };

export interface BenchStack {
  readonly emulator: Emulator;
  readonly azurite: Azurite;
  /** A fresh world of `clusters` clusters: the fleet loaded, fresh tables, a fresh runtime. */
  world(clusters: number): Promise<World>;
  stop(): Promise<void>;
}

export interface World {
  readonly runtime: Runtime;
  readonly deps: TickDeps;
  /** `limits.maxActionsPerTick` of this world's policy. */
  readonly cap: number;
}

export async function startBenchStack(): Promise<BenchStack> {
  const emulator = await startEmulator({ throttling: { enabled: true }, settings: TICK_SETTINGS });
  let azurite: Azurite | undefined;
  try {
    azurite = await startAzurite();
    const started = azurite;
    let worlds = 0;
    return {
      emulator,
      azurite: started,
      world: async (clusters) => {
        worlds += 1;
        return newWorld(emulator, started, clusters, `b${String(worlds)}x${String(process.pid)}`);
      },
      stop: async () => {
        await Promise.all([emulator.stop(), started.stop()]);
      },
    };
  } catch (error) {
    await Promise.all([emulator.stop(), azurite?.stop()]);
    throw error;
  }
}

/** The bench's latency rules: on every ARM and Prometheus path, 50 ms, always. */
export function addLatency(emulator: Emulator): void {
  emulator.faults.clear();
  for (const path of DELAYED) emulator.faults.add({ path, latencyMs: LATENCY_MS, probability: 1 });
}

/** Fresh buckets (full bursts) and a clean request log, so each measure starts alike. */
export function resetCounters(emulator: Emulator): void {
  emulator.throttling.configure({ enabled: true });
  emulator.requests.clear();
}

async function newWorld(
  emulator: Emulator,
  azurite: Azurite,
  clusters: number,
  tablePrefix: string,
): Promise<World> {
  emulator.configure(TICK_SETTINGS);
  emulator.loadFleet(benchFleet(clusters));
  addLatency(emulator);
  const cap = actionCap(clusters);
  const policy = loadPolicy(benchPolicy(cap));
  if (!policy.ok) throw new Error(`bench policy: ${JSON.stringify(policy.error)}`);
  const env = readEnv({
    AzureWebJobsStorage: azurite.connectionString,
    GPU_WARDEN_ARM_ENDPOINT: emulator.url,
    SLACK_BOT_TOKEN: "xoxb-gpu-warden-bench",
    SLACK_API_URL: emulatorSlackOptions(emulator).apiUrl,
    SLACK_SIGNING_SECRET: "gpu-warden-bench-signing-secret",
  });
  const base = await createRuntime(env, {
    armCaCertificate: emulator.caCertificate,
    policy: policy.value,
  });
  const store = await createTableStore({ connectionString: azurite.connectionString, tablePrefix });
  const runtime: Runtime = { ...base, store, saveSnapshot: snapshotSaver(store) };
  return { runtime, deps: tickDepsOf(runtime), cap };
}
