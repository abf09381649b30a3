/**
 * @module Hygiene findings for a whole fleet (SPEC §8), pure: per cluster, its resolved policy
 * (unmanaged GPU cluster, dev cluster with no schedule in effect), then per GPU pool the checks
 * of `pool-checks.ts`. Stopped clusters' residual cost needs billed costs, so the report adds it
 * (`residualCostFinding`). Findings come sorted: severity, then cluster, pool and kind.
 */
import type { Cluster } from "../fleet/types.js";
import { resolveClusterPolicy, type ClusterPolicy } from "../policy/resolve.js";
import { assertNever } from "../result.js";
import { listPrice } from "../skus/index.js";
import {
  checkAutoscaler,
  checkOversized,
  checkRetirement,
  checkSpot,
  checkTaint,
  gpuSkuOf,
  type PoolContext,
} from "./pool-checks.js";
import { FINDING_KINDS, type Finding, type HygieneInput, type Severity } from "./types.js";

const SEVERITY_ORDER: Readonly<Record<Severity, number>> = { high: 0, medium: 1, low: 2 };

/** Every hygiene finding of the fleet on `now`, most severe first. */
export function findHygiene(input: HygieneInput, now: Date): Finding[] {
  const price = input.price ?? listPrice;
  const findings: Finding[] = [];
  for (const cluster of input.fleet) {
    const gpuPools = cluster.pools.flatMap((pool) => {
      const sku = gpuSkuOf(pool);
      return sku === undefined ? [] : [{ pool, sku }];
    });
    if (gpuPools.length === 0) continue;
    const policy = resolveClusterPolicy(cluster, input.policy);
    const clusterFinding = checkClusterPolicy(cluster, policy);
    if (clusterFinding !== undefined) findings.push(clusterFinding);
    const group = policy.kind === "unmanaged" ? undefined : policy.group.name;
    const interruptible =
      policy.kind === "managed" &&
      (policy.schedule !== null || (group !== undefined && input.idleGroups?.has(group) === true));
    for (const { pool, sku } of gpuPools) {
      const ctx: PoolContext = {
        cluster,
        pool,
        sku,
        inUnprotectedGroup: policy.kind !== "unmanaged" && policy.kind !== "protected",
        interruptible,
        vramUsedMib: input.vramUsedMib,
        price,
        now,
      };
      for (const check of [
        checkRetirement,
        checkAutoscaler,
        checkOversized,
        checkTaint,
        checkSpot,
      ]) {
        const found = check(ctx);
        if (found !== undefined) findings.push(found);
      }
    }
  }
  return findings.sort(compareFindings);
}

function checkClusterPolicy(cluster: Cluster, policy: ClusterPolicy): Finding | undefined {
  const base = { clusterId: cluster.id, cluster: `${cluster.resourceGroup}/${cluster.name}` };
  switch (policy.kind) {
    case "unmanaged":
      return {
        ...base,
        kind: "unmanaged-gpu-cluster",
        severity: "low",
        title: `GPU cluster ${cluster.name} is in no group`,
        evidence: `no group of the policy matches it (resource group ${cluster.resourceGroup}, tags ${tagList(cluster)}); gpu-warden never schedules it or scales its idle pools`,
        fix: "add a group whose match covers it (tags, resourceGroups or names), or a protected group if it must run 24/7",
      };
    case "excluded":
    case "invalid-tag": {
      if (policy.group.schedule === null) return undefined;
      const why =
        policy.kind === "excluded"
          ? "its tag gpu-warden.exclude=true takes it out of the schedule"
          : `${policy.reason}; the cluster is skipped`;
      return {
        ...base,
        kind: "dev-cluster-without-schedule",
        severity: "medium",
        title: `Dev cluster ${cluster.name} has no schedule in effect`,
        evidence: `group ${policy.group.name} has a schedule, but ${why}`,
        fix:
          policy.kind === "excluded"
            ? `remove the tag: az tag update --resource-id ${cluster.id} --operation delete --tags gpu-warden.exclude=true`
            : `fix or remove the tag ${policy.tag} (gpu-warden validate shows the grammar)`,
      };
    }
    case "protected":
    case "managed":
      return undefined;
    default:
      return assertNever(policy);
  }
}

function tagList(cluster: Cluster): string {
  const tags = Object.entries(cluster.tags).map(([k, v]) => `${k}=${v}`);
  return tags.length === 0 ? "none" : tags.join(", ");
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    a.cluster.localeCompare(b.cluster) ||
    (a.pool ?? "").localeCompare(b.pool ?? "") ||
    FINDING_KINDS.indexOf(a.kind) - FINDING_KINDS.indexOf(b.kind)
  );
}

/**
 * A stopped cluster that still cost money over a week: `weekUsd` is its billed cost outside its
 * node pools' scale sets (disks, public IPs, load balancers, the tier fee); `undefined` when the
 * cluster runs or the cost is below a cent.
 */
export function residualCostFinding(cluster: Cluster, weekUsd: number): Finding | undefined {
  if (cluster.powerState !== "Stopped" || !(weekUsd >= 0.01)) return undefined;
  return {
    kind: "stopped-cluster-residual-cost",
    severity: weekUsd >= 50 ? "medium" : "low",
    clusterId: cluster.id,
    cluster: `${cluster.resourceGroup}/${cluster.name}`,
    title: `Stopped cluster ${cluster.name} still costs money`,
    evidence: `$${weekUsd.toFixed(2)} billed this week outside its node pools: disks, public IPs, load balancers and the tier fee keep billing while the cluster is stopped`,
    fix: "delete what the cluster no longer needs (orphaned disks, IPs), use the Free tier for dev clusters, or delete a cluster nobody starts",
    money: { usd: weekUsd, per: "week", basis: "billed cost" },
  };
}
