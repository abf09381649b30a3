/**
 * @module ARM calls by kind, counted from the emulator's request log: Resource Graph discovery
 * pages, managed Prometheus queries, cluster start/stop POSTs, agent-pool PUTs, LRO status polls,
 * cluster and pool reads, and the rest; Slack Web API calls are counted apart (not ARM). Every
 * attempt counts, 429s included; `throttled` is how many of them the ARM token bucket refused.
 */
import type { RequestLogEntry } from "../../src/emulator/index.js";

export const KINDS = [
  "discoveryPages",
  "metricsQueries",
  "startStopPosts",
  "poolPuts",
  "lroPolls",
  "clusterLists",
  "clusterGets",
  "poolGets",
  "other",
] as const;
export type ArmCallKind = (typeof KINDS)[number];

export interface ArmCalls {
  readonly byKind: Readonly<Record<ArmCallKind, number>>;
  /** Every ARM, Resource Graph and Prometheus request (429s included). */
  readonly total: number;
  /** Answered 429 (by the ARM token bucket or otherwise). */
  readonly throttled: number;
  /** Slack Web API calls (not ARM). */
  readonly slack: number;
}

const CLUSTERS = /\/providers\/microsoft\.containerservice\/managedclusters/i;

export function kindOf(entry: Pick<RequestLogEntry, "method" | "path">): ArmCallKind | "slack" {
  const path = entry.path.toLowerCase();
  if (path.startsWith("/api/v1/query")) return "metricsQueries";
  if (path.startsWith("/api/")) return "slack";
  if (path.startsWith("/providers/microsoft.resourcegraph/resources")) return "discoveryPages";
  if (/\/(operations|operationresults|operationstatus)\//.test(path)) return "lroPolls";
  if (!CLUSTERS.test(path)) return "other";
  if (entry.method === "POST" && /\/(start|stop)$/.test(path)) return "startStopPosts";
  if (/\/agentpools\/[^/]+$/.test(path)) return entry.method === "PUT" ? "poolPuts" : "poolGets";
  if (entry.method === "GET" && /\/managedclusters$/.test(path)) return "clusterLists";
  if (entry.method === "GET" && /\/managedclusters\/[^/]+$/.test(path)) return "clusterGets";
  return "other";
}

export function countCalls(entries: readonly RequestLogEntry[]): ArmCalls {
  const byKind = Object.fromEntries(KINDS.map((k) => [k, 0])) as Record<ArmCallKind, number>;
  let slack = 0;
  let throttled = 0;
  for (const entry of entries) {
    const kind = kindOf(entry);
    if (kind === "slack") {
      slack += 1;
      continue;
    }
    byKind[kind] += 1;
    if (entry.status === 429) throttled += 1;
  }
  const total = KINDS.reduce((n, k) => n + byKind[k], 0);
  return { byKind, total, throttled, slack };
}
