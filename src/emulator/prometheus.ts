/**
 * @module The Azure Monitor managed Prometheus query API (`GET|POST /api/v1/query`, form-encoded
 * POST bodies) served from the fleet file's `gpuUtil` profiles on the virtual clock. Every running
 * node of a running pool with a profile is one `DCGM_FI_DEV_GPU_UTIL` series labelled with its
 * `cluster` (the cluster's name) and `Hostname` (its AKS node name,
 * `aks-<pool>-<8 digits>-vmss<6 base-36>`); pools without a profile have no series.
 *
 * Two query shapes are understood, answered with a Prometheus instant vector:
 * - `DCGM_FI_DEV_GPU_UTIL`: each node's utilization at `time`;
 * - `max by (cluster, Hostname) (max_over_time(DCGM_FI_DEV_GPU_UTIL[<n>m]))`: each node's highest
 *   utilization over the window `[time − n, time]`, the profile sampled at every minute in it.
 * Anything else is a 400 `bad_data`, like a query the real service cannot parse. A missing bearer
 * token is a 401 when the emulator requires one.
 */
import { createHash } from "node:crypto";
import { parseSchedule, stateAt, type Schedule } from "../core/schedule/index.js";
import { header, type EmuRequest, type EmuResponse, type Service } from "./http.js";
import type { EmulatorSettings } from "./settings.js";
import { clusterPath, type ClusterState, type PoolState, type World } from "./world.js";

const METRIC = "DCGM_FI_DEV_GPU_UTIL";
const RAW = new RegExp(`^\\s*${METRIC}\\s*$`);
const WINDOWED = new RegExp(
  `^\\s*max\\s+by\\s*\\(\\s*cluster\\s*,\\s*Hostname\\s*\\)\\s*\\(\\s*max_over_time\\s*\\(\\s*${METRIC}\\s*\\[(\\d+)([smh])\\]\\s*\\)\\s*\\)\\s*$`,
);
const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000 } as const;
const MINUTE_MS = 60_000;

export function prometheusService(world: World, settings: EmulatorSettings): Service {
  const profiles = new ProfileCache();
  return {
    name: "prometheus",
    handle(req) {
      if (req.path !== "/api/v1/query") return undefined;
      if (req.method !== "GET" && req.method !== "POST") return badData(405, "method not allowed");
      if (settings.requireBearer && !/^bearer\s+\S+/i.test(header(req, "authorization") ?? "")) {
        return {
          status: 401,
          body: { status: "error", errorType: "unauthorized", error: "missing bearer token" },
        };
      }
      return query(world, profiles, params(req));
    },
  };
}

function params(req: EmuRequest): URLSearchParams {
  if (req.method !== "POST") return req.query;
  const merged = new URLSearchParams(req.query);
  for (const [k, v] of new URLSearchParams(req.rawBody)) merged.set(k, v);
  return merged;
}

function query(world: World, profiles: ProfileCache, p: URLSearchParams): EmuResponse {
  const text = p.get("query");
  if (text === null || text.trim() === "") return badData(400, "query parameter is required");
  const timeParam = p.get("time");
  const at = timeParam === null ? world.clock.now() : parseTime(timeParam);
  if (Number.isNaN(at))
    return badData(400, `cannot parse "${timeParam ?? ""}" to a valid timestamp`);
  const windowed = WINDOWED.exec(text);
  if (!windowed && !RAW.test(text)) {
    return badData(
      400,
      `the gpu-warden emulator only answers ${METRIC} and max by (cluster, Hostname) (max_over_time(${METRIC}[<n>m]))`,
    );
  }
  const windowMs = windowed
    ? Number(windowed[1]) * UNIT_MS[windowed[2] as keyof typeof UNIT_MS]
    : 0;
  const result = [];
  for (const cluster of world.listClusters()) {
    if (cluster.powerState !== "Running") continue;
    for (const pool of cluster.pools) {
      if (pool.gpuUtil === undefined || pool.powerState !== "Running") continue;
      const value = maxOverWindow(profiles, pool.gpuUtil, at - windowMs, at);
      for (const node of nodeNames(cluster, pool)) {
        const metric = windowed
          ? { cluster: cluster.name, Hostname: node }
          : {
              __name__: METRIC,
              cluster: cluster.name,
              Hostname: node,
              gpu: "0",
              job: "dcgm-exporter",
            };
        result.push({ metric, value: [at / 1000, formatValue(value)] });
      }
    }
  }
  return { status: 200, body: { status: "success", data: { resultType: "vector", result } } };
}

/** RFC 3339 or Unix seconds (with decimals), as Prometheus accepts. */
function parseTime(text: string): number {
  return /^-?\d+(\.\d+)?$/.test(text) ? Math.round(Number(text) * 1000) : Date.parse(text);
}

function formatValue(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}

function badData(status: number, error: string): EmuResponse {
  return { status, body: { status: "error", errorType: "bad_data", error } };
}

/** The running nodes of a pool, named as AKS names VMSS nodes. */
export function nodeNames(cluster: ClusterState, pool: PoolState): string[] {
  const digest = createHash("sha256")
    .update(`${clusterPath(cluster)}/${pool.name}`.toLowerCase())
    .digest();
  const digits = String(digest.readUInt32BE(0) % 100_000_000).padStart(8, "0");
  return Array.from(
    { length: pool.nodes },
    (_, i) => `aks-${pool.name}-${digits}-vmss${i.toString(36).padStart(6, "0")}`,
  );
}

/** The highest profile value over `[from, to]`: sampled at both ends and every minute between. */
function maxOverWindow(
  profiles: ProfileCache,
  profile: Record<string, number>,
  from: number,
  to: number,
): number {
  let max = profiles.valueAt(profile, to);
  for (let t = Math.ceil(from / MINUTE_MS) * MINUTE_MS; t < to; t += MINUTE_MS) {
    max = Math.max(max, profiles.valueAt(profile, t));
  }
  return Math.max(max, profiles.valueAt(profile, from));
}

/**
 * Profile windows parsed once: the first window (in file order) that is running at an instant
 * gives the value, else `default` (0 when absent). Windows use the schedule grammar, UTC unless
 * they name a zone; a window that does not parse never matches.
 */
export class ProfileCache {
  private readonly parsed = new Map<string, Schedule | null>();

  valueAt(profile: Record<string, number>, atMs: number): number {
    const at = new Date(atMs);
    for (const [window, value] of Object.entries(profile)) {
      if (window === "default") continue;
      const schedule = this.schedule(window);
      if (schedule && stateAt(schedule, at) === "running") return value;
    }
    return profile.default ?? 0;
  }

  private schedule(window: string): Schedule | null {
    let schedule = this.parsed.get(window);
    if (schedule === undefined) {
      const result = parseSchedule(window, { defaultZone: "UTC" });
      schedule = result.ok ? result.value : null;
      this.parsed.set(window, schedule);
    }
    return schedule;
  }
}
