/**
 * @module A synthetic fleet snapshot for the benchmarks: `count` clusters in 50 subscriptions,
 * spread over the example policy's groups (ml-dev, research-eu, batch-eu, inference-prod, and a
 * few unmanaged), half of them running. Names are unique and predictable.
 */
import type { AgentPool, Cluster } from "../../src/core/fleet/types.js";

export const SUBSCRIPTIONS = 50;

interface Shape {
  readonly prefix: string;
  readonly resourceGroup: string;
  readonly tags: Readonly<Record<string, string>>;
}

// Per 10 clusters: 6 ml-dev, 2 research-eu, 1 batch-eu, 1 inference-prod.
const SHAPES: readonly Shape[] = [
  ...Array.from({ length: 6 }, () => ({
    prefix: "dev",
    resourceGroup: "ml-dev",
    tags: { env: "dev", team: "ml" },
  })),
  { prefix: "nb", resourceGroup: "research-eu-rg", tags: { env: "dev" } },
  { prefix: "nb", resourceGroup: "research-eu-rg", tags: { env: "dev" } },
  { prefix: "batch", resourceGroup: "research-batch-rg", tags: { workload: "batch" } },
  { prefix: "prod", resourceGroup: "ml-prod", tags: { env: "prod" } },
];

const gpuPool = (running: boolean): AgentPool => ({
  name: "gpu",
  mode: "User",
  vmSize: "Standard_NC24ads_A100_v4",
  count: 2,
  enableAutoScaling: true,
  minCount: 0,
  maxCount: 4,
  scaleSetPriority: "Regular",
  nodeTaints: ["sku=gpu:NoSchedule"],
  powerState: running ? "Running" : "Stopped",
  provisioningState: "Succeeded",
});

const systemPool = (running: boolean): AgentPool => ({
  ...gpuPool(running),
  name: "system",
  mode: "System",
  vmSize: "Standard_D4s_v5",
  enableAutoScaling: false,
  minCount: null,
  maxCount: null,
  nodeTaints: [],
});

export function subscriptionId(n: number): string {
  return `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
}

/** The i-th cluster's name: `dev-00042`, `nb-00047`, … (i is its index in the fleet). */
export function clusterName(i: number): string {
  const shape = SHAPES[i % SHAPES.length] ?? SHAPES[0];
  return `${shape?.prefix ?? "dev"}-${String(i).padStart(5, "0")}`;
}

export function syntheticClusters(count: number): Cluster[] {
  return Array.from({ length: count }, (_, i): Cluster => {
    const shape = SHAPES[i % SHAPES.length] ?? { prefix: "dev", resourceGroup: "ml-dev", tags: {} };
    const name = clusterName(i);
    const sub = subscriptionId(i % SUBSCRIPTIONS);
    // Alternate by pairs of 10, so every shape has running and stopped clusters.
    const running = Math.floor(i / SHAPES.length) % 2 === 0;
    return {
      id: `/subscriptions/${sub}/resourceGroups/${shape.resourceGroup}/providers/Microsoft.ContainerService/managedClusters/${name}`,
      name,
      resourceGroup: shape.resourceGroup,
      subscriptionId: sub,
      location: "westus2",
      tags: shape.tags,
      powerState: running ? "Running" : "Stopped",
      provisioningState: "Succeeded",
      nodeResourceGroup: `MC_${shape.resourceGroup}_${name}_westus2`,
      pools: [systemPool(running), gpuPool(running)],
    };
  });
}
