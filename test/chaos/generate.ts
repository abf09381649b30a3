/**
 * @module One chaos world per seed (mulberry32, so a seed replays exactly): a random fleet
 * (scheduled clusters, System and Spot pools, GPU pools with and without metrics, protected,
 * excluded, badly tagged and unmanaged clusters), a valid policy whose schedule edges fall inside
 * the faulty phase, the emulator faults of that phase (ARM, Resource Graph, Prometheus, Slack)
 * and the process-level events (the app killed before or after an ARM call, Azurite restarted
 * between ticks or taken down in the middle of one).
 */
import { seededRandom } from "../../src/emulator/faults.js";
import type { FaultRule, FleetInput } from "../../src/emulator/index.js";

export const SUBSCRIPTIONS = [
  "c0c0c0c0-0000-4000-8000-000000000001",
  "c0c0c0c0-0000-4000-8000-000000000002",
] as const;
export const TICK_MINUTES = 5;

/** How a cluster is governed: only `scheduled` and `tagged` may ever be changed. */
export type ClusterKind =
  "scheduled" | "tagged" | "protected" | "excluded" | "bad-tag" | "unmanaged";
export const UNTOUCHABLE: readonly ClusterKind[] = [
  "protected",
  "excluded",
  "bad-tag",
  "unmanaged",
];

export type ChaosEvent =
  "kill-before-call" | "kill-after-call" | "azurite-restart" | "storage-down";
export type SlackFailure = "none" | "invalid-auth" | "rate-limited" | "unavailable";

export interface ChaosWorld {
  readonly seed: number;
  readonly fleet: FleetInput;
  readonly policy: string;
  /** Cluster name → how it is governed. */
  readonly kinds: ReadonlyMap<string, ClusterKind>;
  readonly start: string;
  /** Ticks under faults; then faults stop and 3 clean ticks follow. */
  readonly faultyTicks: number;
  readonly faults: readonly FaultRule[];
  readonly slack: SlackFailure;
  /** Tick index → event armed at that tick. */
  readonly events: ReadonlyMap<number, ChaosEvent>;
}

type Rng = () => number;
const int = (r: Rng, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
const pick = <T>(r: Rng, items: readonly T[]): T => items[int(r, 0, items.length - 1)] as T;
const hhmm = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;

const GPU_SIZES = ["Standard_NC24ads_A100_v4", "Standard_NC4as_T4_v3", "Standard_NV36ads_A10_v5"];
const BAD_TAGS = [
  "Mon-Thur 08:00-20:00",
  "daily 26:00-27:00",
  "daily 03:00-04-00",
  "Mon 09:00-17:00 Invalid/Zone",
  "",
];

/** A schedule expression whose edges fall inside [from, until] minutes of the day (UTC). */
function expression(r: Rng, from: number, until: number): string {
  const at = (): number => int(r, from, until);
  const far = until + 150; // beyond the clean ticks and any learned readyBy lead
  const days = pick(r, ["daily", "daily", "Mon-Fri", "Sat,Sun"]);
  switch (int(r, 0, 4)) {
    case 0: // a start edge
      return `${days} ${hhmm(at())}-${hhmm(far)}`;
    case 1: // a stop edge
      return `${days} ${hhmm(Math.max(0, from - 120))}-${hhmm(at())}`;
    case 2: {
      const [a, b] = [at(), at()].sort((x, y) => x - y) as [number, number];
      return `${days} ${hhmm(a)}-${hhmm(Math.max(b, a + 20))}`;
    }
    case 3:
      return pick(r, ["always", "never"]);
    default:
      return `${days} ${hhmm(Math.max(0, from - 90))}-${hhmm(far)}`;
  }
}

/** A group's schedule in YAML: an expression, or the cron form with its start edge in the run. */
function schedule(r: Rng, from: number, until: number): string {
  if (r() >= 0.2) return `"${expression(r, from, until)}"`;
  const cron = (m: number): string => `${String(m % 60)} ${String(Math.floor(m / 60))} * * *`;
  const start = int(r, from, until);
  return `{ start: "${cron(start)}", stop: "${cron(Math.max(0, from - 60))}", timezone: UTC }`;
}

export function chaosWorld(seed: number): ChaosWorld {
  const r = seededRandom(seed);
  const day = int(r, 0, 6); // Monday 2026-11-23 + day
  const startMinute = int(r, 12, 36) * 30; // 06:00 … 18:00 UTC
  const faultyTicks = int(r, 18, 30);
  const from = startMinute + 5;
  const until = startMinute + faultyTicks * TICK_MINUTES - 20;
  const start = new Date(Date.UTC(2026, 10, 23 + day, 0, startMinute)).toISOString();

  const groupCount = int(r, 2, 4);
  const groups = Array.from({ length: groupCount }, (_, g) => {
    const idle = r() < 0.7;
    const offHours = pick(r, ["stop", "warn", "ignore"]);
    return [
      `  - name: g${String(g)}`,
      `    match: { tags: { team: g${String(g)} } }`,
      `    schedule: ${schedule(r, from, until)}`,
      `    readyBy: ${String(r() < 0.4)}`,
      `    offHours: { action: ${offHours}, graceMinutes: ${String(int(r, 0, 4) * 15)} }`,
      `    warnBeforeStopMinutes: ${String(pick(r, [0, 10, 15]))}`,
      `    idle: { enabled: ${String(idle)}, gpuUtilBelowPercent: 5, forMinutes: ${String(int(r, 1, 4) * 15)}, mode: ${pick(r, ["force-zero", "min-count-zero"])} }`,
      `    slack: { channel: C0CHAOS${String(g)} }`,
    ].join("\n");
  });
  const policy = [
    "timezone: UTC",
    "limits: { maxActionsPerTick: 100 }",
    "groups:",
    "  - name: prod",
    "    match: { tags: { env: prod } }",
    "    protected: true",
    ...groups,
    "slack: { alertChannel: C0ALERTS }",
    'prometheus: { endpoint: "https://chaos.eastus.prometheus.monitor.azure.com" }',
    "",
  ].join("\n");

  const kinds = new Map<string, ClusterKind>();
  const subscriptions = SUBSCRIPTIONS.map((id) => ({ id, clusters: [] as FleetCluster[] }));
  const clusterCount = int(r, 6, 12);
  for (let n = 0; n < clusterCount; n += 1) {
    const kind: ClusterKind =
      n < 2 ? "scheduled" : pick(r, ["scheduled", "scheduled", "tagged", ...UNTOUCHABLE]);
    const name = `c${String(n).padStart(2, "0")}-${kind}`;
    kinds.set(name, kind);
    const team = `g${String(int(r, 0, groupCount - 1))}`;
    const tags: Record<string, string> = { team };
    if (kind === "protected") Object.assign(tags, { env: "prod" });
    if (kind === "excluded") tags["gpu-warden.exclude"] = "true";
    if (kind === "bad-tag") tags["gpu-warden.schedule"] = pick(r, BAD_TAGS);
    if (kind === "tagged") tags["gpu-warden.schedule"] = expression(r, from, until);
    if (kind === "unmanaged") tags["team"] = "nobody";
    subscriptions[n % subscriptions.length]?.clusters.push({
      name,
      resourceGroup: `rg-${String(n % 3)}`,
      tags,
      powerState: r() < 0.5 ? "Running" : "Stopped",
      pools: pools(r),
    });
  }
  return {
    seed,
    fleet: { start, subscriptions },
    policy,
    kinds,
    start,
    faultyTicks,
    faults: faults(r),
    slack: pick(r, ["none", "invalid-auth", "rate-limited", "unavailable"]),
    events: events(r, faultyTicks),
  };
}

type FleetCluster = NonNullable<FleetInput["subscriptions"][number]["clusters"]>[number];

function pools(r: Rng): FleetCluster["pools"] {
  const list: FleetCluster["pools"] = [
    { name: "system", mode: "System", vmSize: "Standard_D4s_v5", count: int(r, 1, 3) },
  ];
  for (let p = 0; p < int(r, 1, 3); p += 1) {
    const autoscale = r() < 0.5;
    const count = int(r, 1, 4);
    const metrics = r() < 0.75;
    list.push({
      name: `gpu${String(p)}`,
      mode: "User",
      vmSize: pick(r, GPU_SIZES),
      count,
      enableAutoScaling: autoscale,
      ...(autoscale ? { minCount: int(r, 1, count), maxCount: count + int(r, 0, 3) } : {}),
      scaleSetPriority: r() < 0.3 ? "Spot" : "Regular",
      nodeTaints: ["sku=gpu:NoSchedule"],
      ...(metrics ? { gpuUtil: { default: pick(r, [1, 1, 2, 60]) } } : {}),
    });
  }
  return list;
}

/** Faults of the faulty phase; the first rule that matches and fires wins, so latency is last. */
function faults(r: Rng): FaultRule[] {
  const p = (max: number): number => Math.round(r() * max * 100) / 100;
  const rules: FaultRule[] = [
    {
      path: "/subscriptions/**",
      status: 429,
      retryAfterSeconds: int(r, 1, 60),
      probability: p(0.35),
    },
    { path: "/subscriptions/**", status: pick(r, [500, 503]), probability: p(0.08) },
    { method: "POST", path: "/subscriptions/**", status: 409, probability: p(0.25) },
    { method: "PUT", path: "/subscriptions/**", status: 409, probability: p(0.15) },
    { method: "POST", path: "/subscriptions/**", drop: true, probability: p(0.08) },
    { path: "/providers/Microsoft.ResourceGraph/**", drop: true, probability: p(0.12) },
    { path: "/providers/Microsoft.ResourceGraph/**", status: 503, probability: p(0.1) },
    {
      path: "/api/v1/query",
      status: pick(r, [429, 503]),
      retryAfterSeconds: 30,
      probability: p(0.3),
    },
    { path: "/api/v1/query", drop: true, probability: p(0.1) },
    { path: "/**", latencyMs: int(r, 1, 40), probability: p(0.3) },
  ];
  return rules.filter((rule) => (rule.probability ?? 0) > 0);
}

function events(r: Rng, faultyTicks: number): Map<number, ChaosEvent> {
  const chosen = new Map<number, ChaosEvent>();
  const count = int(r, 1, 3);
  for (let n = 0; n < count; n += 1) {
    const at = int(r, 1, faultyTicks - 6);
    chosen.set(
      at,
      pick(r, ["kill-before-call", "kill-after-call", "azurite-restart", "storage-down"]),
    );
  }
  return chosen;
}
