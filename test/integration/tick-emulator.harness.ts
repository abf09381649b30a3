/**
 * @module The harness of the tick-on-emulator suites: the emulator serving the demo fleet and
 * Azurite, a runtime built by `createRuntime` from app settings pointing at both, and per scenario
 * a fresh world (the demo fleet reloaded, the virtual clock back at Monday 2026-11-23 00:00Z) with
 * fresh tables. Ticks run at the emulator's virtual now, 5 virtual minutes apart.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { snapshotSaver } from "../../src/app/snapshot.js";
import { runTick, type TickDeps, type TickReport } from "../../src/app/tick.js";
import { createRuntime, type Runtime } from "../../src/composition.js";
import { readEnv } from "../../src/config/env.js";
import { loadPolicyFile } from "../../src/config/policy.js";
import { startEmulator, type Emulator, type RequestLogEntry } from "../../src/emulator/index.js";
import type { AuditEntry } from "../../src/ports/state-types.js";
import type { StateStore } from "../../src/ports/state-store.js";
import { startAzurite, type Azurite } from "../../src/storage/azurite.js";
import { createTableStore } from "../../src/storage/table-store.js";

const examples = new URL("../../examples/", import.meta.url);
const DEMO_FLEET = readFileSync(new URL("fleet.demo.yaml", examples), "utf8");
const DEMO_POLICY = fileURLToPath(new URL("gpu-warden.yaml", examples));

/** The demo fleet's virtual start: Monday 2026-11-23 00:00 UTC. */
export const MONDAY = "2026-11-23T00:00:00.000Z";
export const TICK_MINUTES = 5;

export const SUBSCRIPTION = {
  mlDev: "3f2b8c1e-5d4a-4e6b-9c7d-1a2b3c4d5e6f",
  research: "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
} as const;

/** ARM ids of the demo fleet's clusters, by name. */
export const CLUSTER_PATH = {
  "dev-a100": clusterPath(SUBSCRIPTION.mlDev, "ml-dev", "dev-a100"),
  "dev-t4": clusterPath(SUBSCRIPTION.mlDev, "ml-dev", "dev-t4"),
  "dev-h100": clusterPath(SUBSCRIPTION.mlDev, "ml-dev", "dev-h100"),
  "dev-legacy": clusterPath(SUBSCRIPTION.mlDev, "ml-dev", "dev-legacy"),
  "inference-prod": clusterPath(SUBSCRIPTION.mlDev, "ml-prod", "inference-prod"),
  "dev-a10": clusterPath(SUBSCRIPTION.research, "research-eu-rg", "dev-a10"),
  "nb-a100": clusterPath(SUBSCRIPTION.research, "research-eu-rg", "nb-a100"),
  "batch-a100": clusterPath(SUBSCRIPTION.research, "research-batch-rg", "batch-a100"),
} as const;

export type ClusterName = keyof typeof CLUSTER_PATH;

function clusterPath(sub: string, rg: string, name: string): string {
  return `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.ContainerService/managedClusters/${name}`;
}

export interface Stack {
  readonly emulator: Emulator;
  readonly azurite: Azurite;
  readonly runtime: Runtime;
  stop(): Promise<void>;
}

/** Starts the emulator (demo fleet) and Azurite, and builds the runtime on them. */
export async function startStack(
  settings: { readonly armMaxRetries?: number } = {},
): Promise<Stack> {
  const emulator = await startEmulator({ fleet: DEMO_FLEET });
  let azurite: Azurite | undefined;
  try {
    azurite = await startAzurite();
    const env = readEnv({
      AzureWebJobsStorage: azurite.connectionString,
      GPU_WARDEN_ARM_ENDPOINT: emulator.url,
      ...(settings.armMaxRetries === undefined
        ? {}
        : { GPU_WARDEN_ARM_MAX_RETRIES: String(settings.armMaxRetries) }),
    });
    const runtime = await createRuntime(env, {
      armCaCertificate: emulator.caCertificate,
      policy: await loadPolicyFile(DEMO_POLICY),
    });
    const started = azurite;
    return {
      emulator,
      azurite: started,
      runtime,
      stop: async () => {
        await Promise.all([emulator.stop(), started.stop()]);
      },
    };
  } catch (error) {
    await Promise.all([emulator.stop(), azurite?.stop()]);
    throw error;
  }
}

export interface Scenario {
  readonly store: StateStore;
  readonly deps: TickDeps;
  /** Virtual now. */
  now(): Date;
  /** One tick at the virtual now, applied. */
  tick(): Promise<TickReport>;
  /** Moves the virtual clock forward (operations land on the way). */
  advance(minutes: number): void;
  /** Ticks every 5 minutes from now until (excluding) `until`; the clock ends at `until`. */
  tickUntil(until: string, each?: (report: TickReport) => void): Promise<void>;
  powerState(name: ClusterName): string;
  provisioningState(name: ClusterName): string;
  audit(): Promise<AuditEntry[]>;
  /** ARM writes (POST/PUT) logged by the emulator on a cluster's path, in order. */
  writes(name: ClusterName): RequestLogEntry[];
}

let scenarios = 0;

/** A fresh world: the demo fleet reloaded (clock at Monday 00:00Z), empty tables. */
export async function newScenario(stack: Stack): Promise<Scenario> {
  const { emulator, azurite, runtime } = stack;
  emulator.faults.clear();
  emulator.loadFleet(DEMO_FLEET);
  emulator.requests.clear();
  scenarios += 1;
  const store = await createTableStore({
    connectionString: azurite.connectionString,
    tablePrefix: `s${String(scenarios)}${String(process.pid)}`,
  });
  const deps: TickDeps = {
    ...runtime,
    policy: runtime.tickPolicy,
    store,
    saveSnapshot: snapshotSaver(store),
  };
  const cluster = (name: ClusterName) => {
    const found = emulator.clusters().find((c) => c.id === CLUSTER_PATH[name]);
    if (found === undefined) throw new Error(`no ${name} in the emulator`);
    return found;
  };
  const scenario: Scenario = {
    store,
    deps,
    now: () => emulator.clock.now(),
    tick: () => runTick(deps, { now: emulator.clock.now(), apply: true }),
    advance: (minutes) => {
      emulator.clock.advance({ minutes });
    },
    async tickUntil(until, each) {
      const end = Date.parse(until);
      while (emulator.clock.now().getTime() < end) {
        const report = await scenario.tick();
        each?.(report);
        scenario.advance(TICK_MINUTES);
      }
    },
    powerState: (name) => cluster(name).powerState,
    provisioningState: (name) => cluster(name).provisioningState,
    audit: () => store.audit.list({ from: MONDAY, to: "2026-12-31T00:00:00Z" }),
    writes: (name) => {
      const path = CLUSTER_PATH[name].toLowerCase();
      return emulator.requests
        .list()
        .filter((r) => r.method === "POST" || r.method === "PUT")
        .filter((r) => `${r.path.toLowerCase()}/`.startsWith(`${path}/`));
    },
  };
  return scenario;
}

/** `HH:MM` UTC on Monday 2026-11-23, or `days` later, as an ISO instant. */
export function at(time: string, days = 0): string {
  const [h, m] = time.split(":").map(Number) as [number, number];
  return new Date(Date.parse(MONDAY) + days * 86_400_000 + (h * 60 + m) * 60_000).toISOString();
}

export type Power = "Running" | "Stopped";

export interface Edge {
  /** When the cluster should change: `HH:MM` UTC on Monday. */
  readonly at: string;
  readonly to: Power;
  /** How early the call is due: readyBy starts by the default learned start time, 10 min. */
  readonly leadMinutes: number;
}

export type ScheduledCluster = "dev-a100" | "dev-t4" | "dev-a10" | "nb-a100" | "batch-a100";

/**
 * The demo fleet's Monday under the example policy, in UTC (Los Angeles is UTC−8 and Berlin
 * UTC+1 in late November). Every scheduled cluster starts the day stopped; the protected,
 * excluded and badly tagged clusters are never changed and are not listed.
 */
export const MONDAY_EDGES: Readonly<Record<ScheduledCluster, readonly Edge[]>> = {
  // ml-dev, Mon-Fri 08:00-20:00 LA = 16:00Z-04:00Z, readyBy.
  "dev-a100": [{ at: "16:00", to: "Running", leadMinutes: 10 }],
  // Its own tag, Mon-Fri 07:00-19:00 LA = 15:00Z-03:00Z, readyBy from ml-dev.
  "dev-t4": [{ at: "15:00", to: "Running", leadMinutes: 10 }],
  // research-eu, Mon-Fri 07:30-19:00 Berlin = 06:30Z-18:00Z, readyBy.
  "dev-a10": [
    { at: "06:30", to: "Running", leadMinutes: 10 },
    { at: "18:00", to: "Stopped", leadMinutes: 0 },
  ],
  // Its own tag, Mon-Fri 09:00-17:00 Berlin = 08:00Z-16:00Z, readyBy from research-eu.
  "nb-a100": [
    { at: "08:00", to: "Running", leadMinutes: 10 },
    { at: "16:00", to: "Stopped", leadMinutes: 0 },
  ],
  // batch-eu, cron: start Mon-Fri 22:00 Berlin = 21:00Z (stop Tue 06:00 Berlin); no readyBy.
  "batch-a100": [{ at: "21:00", to: "Running", leadMinutes: 0 }],
};

export const SCHEDULED = Object.keys(MONDAY_EDGES) as ScheduledCluster[];

/** What the schedule wants at an instant of Monday (or just after it). */
export function scheduledPower(name: ScheduledCluster, instant: string): Power {
  const passed = MONDAY_EDGES[name].filter((e) => Date.parse(at(e.at)) <= Date.parse(instant));
  return passed.at(-1)?.to ?? "Stopped";
}

/** Emulator defaults: a cluster start takes 6 virtual minutes, a stop 3. */
export const OPERATION_MINUTES: Readonly<Record<Power, number>> = { Running: 6, Stopped: 3 };
