/**
 * @module Converter from a managed Prometheus instant vector (the GPU utilization query) to the
 * idle planner's {@link GpuUtilization}: series are grouped by the `cluster` label (the AKS
 * cluster's name, lower-cased) and mapped to pools by AKS node naming,
 * `aks-<pool>-<digits>-vmss<suffix>` (SPEC §2). Series without both labels, or whose node name is
 * not an AKS VMSS node, are counted as unmatched.
 */
import { z } from "zod";
import type { GpuUtilization } from "../core/idle/types.js";

/** The label managed Prometheus puts on every series scraped from a cluster. */
export const CLUSTER_LABEL = "cluster";
/** The node label the DCGM exporter adds (the Kubernetes node name). */
export const NODE_LABEL = "Hostname";

const AKS_NODE = /^aks-([a-z][a-z0-9]{0,11})-\d+-vmss[0-9a-z]+$/i;

export const instantVectorSchema = z.object({
  status: z.literal("success"),
  data: z.object({
    resultType: z.literal("vector"),
    result: z.array(
      z.object({
        metric: z.record(z.string(), z.string()),
        value: z.tuple([z.number(), z.string()]),
      }),
    ),
  }),
});

export type InstantVector = z.infer<typeof instantVectorSchema>;

/** The pool a node belongs to, from its AKS name; `undefined` for any other name. */
export function poolOfNode(node: string): string | undefined {
  return AKS_NODE.exec(node)?.[1]?.toLowerCase();
}

export function fromPrometheus(
  vector: InstantVector,
  at: string,
  windowMinutes: number,
): { readonly utilization: GpuUtilization; readonly unmatched: number } {
  const clusters = new Map<string, Map<string, Map<string, number>>>();
  let unmatched = 0;
  for (const series of vector.data.result) {
    const cluster = series.metric[CLUSTER_LABEL]?.toLowerCase();
    const node = series.metric[NODE_LABEL];
    const pool = node === undefined ? undefined : poolOfNode(node);
    if (cluster === undefined || node === undefined || pool === undefined) {
      unmatched += 1;
      continue;
    }
    // A value that is not a number cannot show the node idle: count it as fully busy.
    const parsed = Number.parseFloat(series.value[1]);
    const percent = Number.isFinite(parsed) ? parsed : 100;
    const pools = clusters.get(cluster) ?? new Map<string, Map<string, number>>();
    const nodes = pools.get(pool) ?? new Map<string, number>();
    nodes.set(node.toLowerCase(), Math.max(percent, nodes.get(node.toLowerCase()) ?? 0));
    pools.set(pool, nodes);
    clusters.set(cluster, pools);
  }
  return { utilization: { at, windowMinutes, clusters }, unmatched };
}
