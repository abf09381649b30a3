/**
 * @module The tick bench's world: an emulator fleet of `clusters` AKS clusters (4 pools each: a
 * System pool and 3 GPU user pools, so 5,000 clusters make 20,000 pools) in 50 subscriptions, and
 * the policy that manages it. Per 10 clusters: 3 US dev clusters (office hours in Los Angeles,
 * Running at load), 3 EU dev clusters (Berlin office hours, Stopped), 2 batch clusters (overnight
 * in Berlin, Running; one GPU pool of the first one idle at 0 % GPU) and 2 protected production
 * clusters. The measured tick is at the US stop edge, Wednesday 20:00 in Los Angeles: 30 % of the
 * fleet stops and 10 % of the clusters have a pool scaled to zero.
 */
import type { FleetInput } from "../../src/emulator/index.js";
import { syntheticSubscriptionId } from "../../src/emulator/index.js";

export const SUBSCRIPTIONS = 50;
export const POOLS_PER_CLUSTER = 4;

/** The measured tick: Wednesday 2 December 2026, 20:00 in Los Angeles (Thursday 05:00 in Berlin). */
export const EDGE = new Date("2026-12-03T04:00:00Z");
/** Ticks before the edge, every 5 minutes (memory, idle runs), as a deployed app would have run. */
export const WARMUP_MINUTES = [-10, -5] as const;

type Shape = "usdev" | "eudev" | "batch" | "prod";
const SHAPES: readonly Shape[] = [
  "usdev",
  "usdev",
  "usdev",
  "eudev",
  "eudev",
  "eudev",
  "batch",
  "batch",
  "prod",
  "prod",
];

const TAGS: Readonly<Record<Shape, Readonly<Record<string, string>>>> = {
  usdev: { env: "dev", site: "us" },
  eudev: { env: "dev", site: "eu" },
  batch: { workload: "batch" },
  prod: { env: "prod" },
};

const GPU_SIZES = [
  "Standard_NC24ads_A100_v4",
  "Standard_NC4as_T4_v3",
  "Standard_NV36ads_A10_v5",
] as const;

/** What the measured tick should do at this size: cluster stops and pool scale-downs. */
export function expectedActions(clusters: number): { stops: number; poolScaleDowns: number } {
  let stops = 0;
  let poolScaleDowns = 0;
  for (let i = 0; i < clusters; i++) {
    if (shapeOf(i) === "usdev") stops += 1;
    if (idleBatch(i)) poolScaleDowns += 1;
  }
  return { stops, poolScaleDowns };
}

/** The blast-radius cap of the bench policy: room for every expected action, with a margin. */
export function actionCap(clusters: number): number {
  const { stops, poolScaleDowns } = expectedActions(clusters);
  return Math.ceil((stops + poolScaleDowns) * 1.25);
}

function shapeOf(i: number): Shape {
  return SHAPES[i % SHAPES.length] ?? "prod";
}

/** The first batch cluster of every 10 has one GPU pool that is idle all day. */
function idleBatch(i: number): boolean {
  return i % SHAPES.length === 6;
}

export function benchFleet(clusters: number): FleetInput {
  const subs = Array.from({ length: SUBSCRIPTIONS }, (_, s) => ({
    id: syntheticSubscriptionId(s),
    name: `bench-${String(s + 1)}`,
    clusters: [] as NonNullable<FleetInput["subscriptions"][number]["clusters"]>,
  }));
  for (let i = 0; i < clusters; i++) {
    const sub = subs[i % SUBSCRIPTIONS];
    if (sub === undefined) continue;
    const shape = shapeOf(i);
    const gpuPools = [1, 2, 3].map((p) => ({
      name: `gpu${String(p)}`,
      mode: "User" as const,
      vmSize: GPU_SIZES[(i + p) % GPU_SIZES.length] ?? "Standard_NC4as_T4_v3",
      count: 1,
      enableAutoScaling: false,
      nodeTaints: ["sku=gpu:NoSchedule"],
      gpuUtil: { default: idleBatch(i) && p === 1 ? 0 : 60 },
    }));
    sub.clusters.push({
      name: `${shape}-${String(i).padStart(5, "0")}`,
      resourceGroup: `rg-${shape}-${String(Math.floor(i / SUBSCRIPTIONS) % 5)}`,
      location: shape === "usdev" ? "westus2" : "westeurope",
      tags: TAGS[shape],
      powerState: shape === "eudev" ? "Stopped" : "Running",
      pools: [{ name: "system", mode: "System", vmSize: "Standard_D4s_v5", count: 2 }, ...gpuPools],
    });
  }
  const firstTick = EDGE.getTime() + WARMUP_MINUTES[0] * 60_000;
  return { start: new Date(firstTick).toISOString(), subscriptions: subs };
}

/** The policy (YAML text) that manages the bench fleet; `cap` is `limits.maxActionsPerTick`. */
export function benchPolicy(cap: number): string {
  return `
timezone: America/Los_Angeles
limits: { maxActionsPerTick: ${String(cap)} }
groups:
  - name: us-dev
    match: { tags: { env: dev, site: us } }
    schedule: "Mon-Fri 08:00-20:00 America/Los_Angeles"
    readyBy: true
    offHours: { action: stop, graceMinutes: 60 }
    warnBeforeStopMinutes: 0
    slack: { channel: C0USDEV }
  - name: eu-dev
    match: { tags: { env: dev, site: eu } }
    schedule: "Mon-Fri 07:30-19:00 Europe/Berlin"
    readyBy: true
    offHours: { action: warn }
    warnBeforeStopMinutes: 0
    slack: { channel: C0EUDEV }
  - name: batch
    match: { tags: { workload: batch } }
    schedule: "Mon-Fri 22:00-06:00 Europe/Berlin"
    warnBeforeStopMinutes: 0
    idle: { gpuUtilBelowPercent: 5, forMinutes: 15, mode: force-zero }
    slack: { channel: C0BATCH }
  - name: prod
    match: { tags: { env: prod } }
    protected: true
slack:
  alertChannel: C0PLATFORM
prometheus:
  endpoint: "https://bench-metrics.westus2.prometheus.monitor.azure.com"
`;
}
