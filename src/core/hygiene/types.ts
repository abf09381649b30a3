/**
 * @module Hygiene findings (SPEC §8): the common mistakes of GPU clusters, each with what was seen
 * (evidence) and what to do about it (fix), found from the fleet model, the resolved policy and,
 * where given, GPU memory metrics and billed costs.
 */
import type { Cluster } from "../fleet/types.js";
import type { TickPolicy } from "../policy/types.js";
import type { HourlyPrice, PriceKind } from "../skus/index.js";

/** Every finding gpu-warden reports. A closed union: a new kind is a compile-time decision. */
export type FindingKind =
  /** A GPU pool without a `NoSchedule` taint: any pod may land on (and keep) a GPU node. */
  | "gpu-pool-without-taint"
  /** A GPU user pool with no cluster autoscaler, in a non-protected group. */
  | "gpu-pool-without-autoscaler"
  /** A GPU user pool whose autoscaler keeps `minCount` > 0 nodes, in a non-protected group. */
  | "gpu-pool-min-count-above-zero"
  /** A cluster of a group with a schedule, with no schedule in effect (excluded, bad tag). */
  | "dev-cluster-without-schedule"
  /** A dev/batch GPU pool on regular priority where spot would do. */
  | "spot-candidate"
  /** A GPU size larger than its measured need (max VRAM used over 7 days fits a smaller GPU). */
  | "oversized-gpu"
  /** A retired size still in use. */
  | "retired-sku"
  /** A size that retires within a year. */
  | "retiring-sku"
  /** A stopped cluster that still costs money (disks, IPs, load balancers, tier fees). */
  | "stopped-cluster-residual-cost"
  /** A cluster with GPU pools in no group: gpu-warden never schedules or scales it. */
  | "unmanaged-gpu-cluster";

export const FINDING_KINDS: readonly FindingKind[] = [
  "retired-sku",
  "gpu-pool-without-autoscaler",
  "gpu-pool-min-count-above-zero",
  "dev-cluster-without-schedule",
  "stopped-cluster-residual-cost",
  "oversized-gpu",
  "retiring-sku",
  "gpu-pool-without-taint",
  "spot-candidate",
  "unmanaged-gpu-cluster",
];

export type Severity = "high" | "medium" | "low";

/** Money a finding puts at stake, with the basis it was computed on. */
export interface FindingMoney {
  readonly usd: number;
  readonly per: "hour" | "week";
  /** `billed cost` or a list-price label such as `snapshot 2026-09-12`. */
  readonly basis: string;
}

export interface Finding {
  readonly kind: FindingKind;
  readonly severity: Severity;
  /** ARM id of the cluster, as discovered. */
  readonly clusterId: string;
  /** How reports name the cluster: `resourceGroup/name`. */
  readonly cluster: string;
  readonly pool?: string;
  /** One line: what is wrong. */
  readonly title: string;
  /** What was observed that shows it. */
  readonly evidence: string;
  /** What to do, as concrete as possible (an `az` command where one exists). */
  readonly fix: string;
  readonly money?: FindingMoney;
}

/** An hourly price lookup (default: the bundled list-price snapshot). */
export type PriceLookup = (
  vmSize: string,
  kind: PriceKind,
  region: string,
) => HourlyPrice | undefined;

export interface HygieneInput {
  readonly fleet: readonly Cluster[];
  readonly policy: TickPolicy;
  /** Names of groups whose idle policy is on (their pools count as dev/batch). */
  readonly idleGroups?: ReadonlySet<string>;
  /**
   * Highest VRAM used per GPU (`DCGM_FI_DEV_FB_USED`, MiB) over the last 7 days, by
   * {@link poolKey}. Pools without an entry are never judged oversized.
   */
  readonly vramUsedMib?: ReadonlyMap<string, number>;
  readonly price?: PriceLookup;
}

/** One key per pool: the lower-cased cluster id and pool name. */
export function poolKey(clusterId: string, pool: string): string {
  return `${clusterId.toLowerCase()}/${pool.toLowerCase()}`;
}
