/**
 * @module The per-cluster baseline (SPEC §16), in bench/ only: how runbooks and Logic Apps stop
 * AKS clusters. One job per subscription, all 50 at once; inside a job everything is sequential,
 * like a runbook's `foreach`: list the subscription's clusters (managedClusters list, paged), GET
 * each cluster, and for each action a blocking long-running operation — `beginStopAndWait` /
 * `beginStartAndWait`, and for a pool `agentPools.get` + `beginCreateOrUpdateAndWait` — with the
 * same official SDK and options as the app. It replays the tick's decisions (which clusters and
 * pools to change), so both sides do the same work; only the way of doing it differs.
 *
 * In Azure each blocking LRO lasts as long as the operation (minutes). The emulator's operations
 * run on a virtual clock, so the caller sets `advanceClockOnPoll`: the first status poll moves the
 * virtual clock to the operation's end, and each LRO then costs the POST/PUT, one `Retry-After`
 * (1 s) and the poll. `modelledSeconds` puts the real operation durations back in (see below).
 */
import { ContainerServiceClient } from "@azure/arm-containerservice";
import { performance } from "node:perf_hooks";
import { clusterKey } from "../../src/core/fleet/types.js";
import {
  emulatorClientOptions,
  type Emulator,
  type EmulatorSettings,
} from "../../src/emulator/index.js";
import type { Targets } from "./tick-run.js";

export interface BaselineMeasure {
  /** Wall time until the last subscription's job ended. */
  readonly seconds: number;
  /** The same, with each blocking LRO lasting its operation's duration in Azure (modelled). */
  readonly modelledSeconds: number;
  readonly clustersSeen: number;
  readonly lros: { readonly clusters: number; readonly pools: number };
  /** Jobs or LROs that ended in an error (a runbook would log and go on). */
  readonly errors: readonly string[];
}

interface Job {
  readonly ms: number;
  /** Time spent inside blocking LROs, and what the same LROs would take in Azure. */
  readonly lroMs: number;
  readonly realLroMs: number;
  readonly clusters: number;
  readonly lros: { clusters: number; pools: number };
  readonly errors: string[];
}

/**
 * Runs the baseline over `subscriptions` against the emulator's current world; the caller has
 * loaded the fleet, set the clock and turned `advanceClockOnPoll` on.
 */
export async function runRunbookBaseline(
  emulator: Emulator,
  subscriptions: readonly string[],
  targets: Targets,
): Promise<BaselineMeasure> {
  const minutes = emulator.settings().operationMinutes;
  const options = emulatorClientOptions(emulator);
  const started = performance.now();
  const jobs = await Promise.all(
    subscriptions.map((id) => {
      const client = new ContainerServiceClient(options.credential, id, {
        ...options.containerService,
        retryOptions: { maxRetries: 3 },
      });
      return runJob(client, targets, minutes);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const modelled = Math.max(...jobs.map((j) => j.ms - j.lroMs + j.realLroMs));
  return {
    seconds,
    modelledSeconds: modelled / 1000,
    clustersSeen: jobs.reduce((n, j) => n + j.clusters, 0),
    lros: {
      clusters: jobs.reduce((n, j) => n + j.lros.clusters, 0),
      pools: jobs.reduce((n, j) => n + j.lros.pools, 0),
    },
    errors: jobs.flatMap((j) => j.errors),
  };
}

async function runJob(
  client: ContainerServiceClient,
  targets: Targets,
  minutes: EmulatorSettings["operationMinutes"],
): Promise<Job> {
  const started = performance.now();
  const job = { lroMs: 0, realLroMs: 0, clusters: 0, lros: { clusters: 0, pools: 0 } };
  const errors: string[] = [];
  const blocking = async (realMinutes: number, what: string, lro: () => Promise<unknown>) => {
    const t = performance.now();
    try {
      await lro();
    } catch (error) {
      errors.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const ms = performance.now() - t;
    job.lroMs += ms;
    job.realLroMs += Math.max(ms, realMinutes * 60_000);
  };
  try {
    const listed = [];
    for await (const cluster of client.managedClusters.list()) listed.push(cluster);
    for (const { id, name } of listed) {
      const rg = /\/resourceGroups\/([^/]+)\//i.exec(id ?? "")?.[1] ?? "";
      const cluster = await client.managedClusters.get(rg, name ?? "");
      job.clusters += 1;
      const key = clusterKey(cluster.id ?? "");
      const power = cluster.powerState?.code;
      if (targets.stops.has(key) && power === "Running") {
        job.lros.clusters += 1;
        await blocking(minutes.clusterStop, `stop ${name ?? ""}`, () =>
          client.managedClusters.beginStopAndWait(rg, name ?? ""),
        );
      } else if (targets.starts.has(key) && power === "Stopped") {
        job.lros.clusters += 1;
        await blocking(minutes.clusterStart, `start ${name ?? ""}`, () =>
          client.managedClusters.beginStartAndWait(rg, name ?? ""),
        );
      }
      for (const pool of targets.poolScaleDowns.get(key) ?? []) {
        job.lros.pools += 1;
        await blocking(minutes.poolScale, `scale ${name ?? ""}/${pool}`, async () => {
          const current = await client.agentPools.get(rg, name ?? "", pool);
          await client.agentPools.beginCreateOrUpdateAndWait(rg, name ?? "", pool, {
            ...current,
            count: 0,
            enableAutoScaling: false,
          });
        });
      }
    }
  } catch (error) {
    errors.push(`job: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { ...job, ms: performance.now() - started, errors };
}
