/**
 * @module Synthetic fleets for scale tests and benchmarks (e.g. 5,000 clusters / 20,000 pools in
 * 50 subscriptions): deterministic names, one System pool per cluster plus GPU user pools that
 * rotate through common GPU sizes, `env` tags alternating dev / batch / prod.
 */
import type { FleetInput } from "./fleet.js";

export interface SyntheticFleetOptions {
  /** Total clusters, spread round-robin over the subscriptions. */
  readonly clusters: number;
  readonly subscriptions?: number;
  /** Pools per cluster including the System pool (default 2, minimum 1). */
  readonly poolsPerCluster?: number;
  /** Resource groups per subscription (default 10). */
  readonly resourceGroups?: number;
  /** Every Nth cluster starts Stopped (default: none). */
  readonly stoppedEvery?: number;
  readonly start?: string;
}

const GPU_SIZES = [
  "Standard_NC24ads_A100_v4",
  "Standard_NC4as_T4_v3",
  "Standard_NV36ads_A10_v5",
  "Standard_NC40ads_H100_v5",
] as const;
const ENVS = ["dev", "batch", "prod"] as const;

/** A deterministic subscription id for index `i` (0-based). */
export function syntheticSubscriptionId(i: number): string {
  return `00000000-0000-4000-8000-${(i + 1).toString(16).padStart(12, "0")}`;
}

export function syntheticFleet(o: SyntheticFleetOptions): FleetInput {
  const subCount = Math.max(1, o.subscriptions ?? 1);
  const poolCount = Math.max(1, o.poolsPerCluster ?? 2);
  const rgCount = Math.max(1, o.resourceGroups ?? 10);
  const subs = Array.from({ length: subCount }, (_, i) => ({
    id: syntheticSubscriptionId(i),
    name: `synthetic-${String(i + 1)}`,
    clusters: [] as NonNullable<FleetInput["subscriptions"][number]["clusters"]>,
  }));
  for (let n = 0; n < o.clusters; n++) {
    const sub = subs[n % subCount];
    if (sub === undefined) continue;
    const pools: NonNullable<FleetInput["subscriptions"][number]["clusters"]>[number]["pools"] = [
      { name: "system", mode: "System", vmSize: "Standard_D4s_v5", count: 2 },
    ];
    for (let p = 1; p < poolCount; p++) {
      pools.push({
        name: `gpu${String(p)}`,
        mode: "User",
        vmSize: GPU_SIZES[(n + p) % GPU_SIZES.length] ?? "Standard_NC4as_T4_v3",
        count: 1 + ((n + p) % 3),
        enableAutoScaling: (n + p) % 2 === 0,
        minCount: 0,
        maxCount: 4,
        nodeTaints: ["sku=gpu:NoSchedule"],
      });
    }
    sub.clusters.push({
      name: `aks-${String(n + 1).padStart(5, "0")}`,
      resourceGroup: `rg-${String(Math.floor(n / subCount) % rgCount)}`,
      location: "eastus",
      tags: { env: ENVS[n % ENVS.length] ?? "dev" },
      powerState:
        o.stoppedEvery !== undefined && o.stoppedEvery > 0 && n % o.stoppedEvery === 0
          ? "Stopped"
          : "Running",
      pools,
    });
  }
  return { ...(o.start === undefined ? {} : { start: o.start }), subscriptions: subs };
}
