/**
 * @module The per-pool hygiene checks (SPEC §8): missing `NoSchedule` taint, no autoscaler or a
 * floor above zero, regular priority where spot would do, a size larger than its measured need,
 * and retired or retiring sizes. Each returns at most one finding, with evidence and fix.
 */
import type { AgentPool, Cluster } from "../fleet/types.js";
import {
  allSkus,
  findSku,
  gpuMemoryGb,
  priceBasisLabel,
  retirementStatus,
  smallerSkusFitting,
  type GpuSku,
} from "../skus/index.js";
import { assertNever } from "../result.js";
import {
  poolKey,
  type Finding,
  type FindingKind,
  type PriceLookup,
  type Severity,
} from "./types.js";

/** What the checks know about the pool's cluster and its policy. */
export interface PoolContext {
  readonly cluster: Cluster;
  readonly pool: AgentPool;
  readonly sku: GpuSku;
  /** In a group that is not protected (managed, excluded or with a bad tag). */
  readonly inUnprotectedGroup: boolean;
  /** Dev or batch work: a managed cluster with a schedule in effect or an idle policy. */
  readonly interruptible: boolean;
  readonly vramUsedMib: ReadonlyMap<string, number> | undefined;
  readonly price: PriceLookup;
  readonly now: Date;
}

const clusterName = (c: Cluster): string => `${c.resourceGroup}/${c.name}`;
const az = (ctx: PoolContext): string =>
  `-g ${ctx.cluster.resourceGroup} --cluster-name ${ctx.cluster.name} -n ${ctx.pool.name}`;
const usd = (n: number): string => `$${n.toFixed(n < 10 ? 3 : 2)}`;

function finding(
  ctx: PoolContext,
  kind: FindingKind,
  severity: Severity,
  text: Pick<Finding, "title" | "evidence" | "fix" | "money">,
): Finding {
  return {
    kind,
    severity,
    clusterId: ctx.cluster.id,
    cluster: clusterName(ctx.cluster),
    pool: ctx.pool.name,
    ...text,
  };
}

export function checkTaint(ctx: PoolContext): Finding | undefined {
  if (ctx.pool.nodeTaints.some((t) => t.trim().endsWith(":NoSchedule"))) return undefined;
  const taints = ctx.pool.nodeTaints.length === 0 ? "none" : ctx.pool.nodeTaints.join(", ");
  return finding(ctx, "gpu-pool-without-taint", "low", {
    title: `GPU pool ${ctx.pool.name} has no NoSchedule taint`,
    evidence: `${ctx.sku.vmSize} pool, taints: ${taints}; pods without a GPU request can be scheduled on its nodes and keep them from scaling down`,
    fix: `az aks nodepool update ${az(ctx)} --node-taints sku=gpu:NoSchedule (and give GPU workloads the toleration)`,
  });
}

export function checkAutoscaler(ctx: PoolContext): Finding | undefined {
  const { pool } = ctx;
  if (!ctx.inUnprotectedGroup || pool.mode !== "User") return undefined;
  const max = Math.max(pool.maxCount ?? pool.count, 1);
  if (!pool.enableAutoScaling) {
    return finding(ctx, "gpu-pool-without-autoscaler", "medium", {
      title: `GPU pool ${pool.name} has no cluster autoscaler`,
      evidence: `${String(pool.count)} × ${ctx.sku.vmSize} stay allocated whatever the GPU demand`,
      fix: `az aks nodepool update ${az(ctx)} --enable-cluster-autoscaler --min-count 0 --max-count ${String(max)}`,
    });
  }
  const min = pool.minCount ?? 0;
  if (min <= 0) return undefined;
  return finding(ctx, "gpu-pool-min-count-above-zero", "medium", {
    title: `GPU pool ${pool.name} never scales below ${String(min)} node${min === 1 ? "" : "s"}`,
    evidence: `autoscaler minCount ${String(min)} (maxCount ${String(pool.maxCount ?? "?")}): ${String(min)} × ${ctx.sku.vmSize} run even when no pod needs a GPU`,
    fix: `az aks nodepool update ${az(ctx)} --update-cluster-autoscaler --min-count 0 --max-count ${String(max)}`,
  });
}

export function checkSpot(ctx: PoolContext): Finding | undefined {
  const { pool, cluster } = ctx;
  if (!ctx.interruptible || pool.mode !== "User" || pool.scaleSetPriority !== "Regular") {
    return undefined;
  }
  const payg = ctx.price(ctx.sku.vmSize, "payg", cluster.location);
  const spot = ctx.price(ctx.sku.vmSize, "spot", cluster.location);
  if (payg === undefined || spot === undefined || spot.usdPerHour >= payg.usdPerHour) {
    return undefined;
  }
  const saved = payg.usdPerHour - spot.usdPerHour;
  const share = Math.round((saved / payg.usdPerHour) * 100);
  const basis = priceBasisLabel(spot);
  return finding(ctx, "spot-candidate", "low", {
    title: `Dev/batch GPU pool ${pool.name} runs on regular priority`,
    evidence: `${ctx.sku.vmSize} in ${cluster.location}: ${usd(payg.usdPerHour)}/h pay-as-you-go vs ${usd(spot.usdPerHour)}/h spot (−${String(share)} %, list price ${basis}); the cluster is switched off by schedule or idle policy, so its work tolerates interruption`,
    fix: `az aks nodepool add -g ${cluster.resourceGroup} --cluster-name ${cluster.name} -n ${spotPoolName(pool.name)} --priority Spot --eviction-policy Delete --spot-max-price -1 --node-vm-size ${ctx.sku.vmSize} --enable-cluster-autoscaler --min-count 0 --max-count ${String(Math.max(pool.maxCount ?? pool.count, 1))} (workloads must checkpoint and tolerate kubernetes.azure.com/scalesetpriority=spot)`,
    money: { usd: saved, per: "hour", basis: `list price ${basis}, per node` },
  });
}

export function checkOversized(ctx: PoolContext): Finding | undefined {
  const usedMib = ctx.vramUsedMib?.get(poolKey(ctx.cluster.id, ctx.pool.name));
  if (usedMib === undefined || !Number.isFinite(usedMib) || usedMib < 0) return undefined;
  const usedGb = usedMib / 1024;
  // 20 % headroom over the peak: a size that only just fits is not a recommendation.
  const need = { vramPerGpuGb: usedGb * 1.2, gpus: ctx.sku.gpuCount };
  const smaller = smallerSkusFitting(ctx.sku, need, ctx.now)[0];
  if (smaller === undefined) return undefined;
  const here = ctx.price(ctx.sku.vmSize, "payg", ctx.cluster.location);
  const there = ctx.price(smaller.vmSize, "payg", ctx.cluster.location);
  const money =
    here !== undefined && there !== undefined && there.usdPerHour < here.usdPerHour
      ? {
          usd: here.usdPerHour - there.usdPerHour,
          per: "hour" as const,
          basis: `list price ${priceBasisLabel(here)}, per node`,
        }
      : undefined;
  return finding(ctx, "oversized-gpu", "medium", {
    title: `GPU pool ${ctx.pool.name} uses far less GPU memory than ${ctx.sku.vmSize} offers`,
    evidence: `max VRAM used over 7 days: ${usedGb.toFixed(1)} GB per GPU of ${String(ctx.sku.vramPerGpuGb)} GB (${String(gpuMemoryGb(ctx.sku))} GB per node)`,
    fix: `move the workload to a ${smaller.vmSize} pool (${String(smaller.gpuCount)} × ${smaller.gpuName}, ${String(gpuMemoryGb(smaller))} GB)`,
    ...(money === undefined ? {} : { money }),
  });
}

export function checkRetirement(ctx: PoolContext): Finding | undefined {
  const status = retirementStatus(ctx.sku, ctx.now);
  const date = ctx.sku.retirementDate ?? "?";
  const successor = smallerOrEqualSuccessor(ctx);
  const fix =
    `add a pool of a current size${successor === undefined ? "" : ` such as ${successor}`}, ` +
    `move the workloads (kubectl drain), then az aks nodepool delete ${az(ctx)}`;
  switch (status) {
    case "active":
      return undefined;
    case "retired":
      return finding(ctx, "retired-sku", "high", {
        title: `GPU pool ${ctx.pool.name} uses ${ctx.sku.vmSize}, retired on ${date}`,
        evidence: `${String(ctx.pool.count)} × ${ctx.sku.vmSize}; Azure no longer supports the size and may deallocate it`,
        fix,
      });
    case "retiring":
      return finding(ctx, "retiring-sku", "medium", {
        title: `GPU pool ${ctx.pool.name} uses ${ctx.sku.vmSize}, which retires on ${date}`,
        evidence: `${String(ctx.pool.count)} × ${ctx.sku.vmSize}; never reserve it, plan the move`,
        fix,
      });
    default:
      return assertNever(status);
  }
}

/** The smallest active size with at least the VRAM per GPU and GPU count (retirement fix). */
function smallerOrEqualSuccessor(ctx: PoolContext): string | undefined {
  return allSkus()
    .filter(
      (s) =>
        s.gpuCount >= ctx.sku.gpuCount &&
        s.vramPerGpuGb >= ctx.sku.vramPerGpuGb &&
        retirementStatus(s, ctx.now) === "active",
    )
    .sort((a, b) => gpuMemoryGb(a) - gpuMemoryGb(b))[0]?.vmSize;
}

/** A pool name AKS accepts for the spot twin: lower-case letters and digits, at most 12. */
function spotPoolName(pool: string): string {
  return `${pool
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "")
    .slice(0, 8)}spot`;
}

/** The catalog entry of a GPU pool, or `undefined` for a non-GPU pool. */
export function gpuSkuOf(pool: AgentPool): GpuSku | undefined {
  return findSku(pool.vmSize);
}
