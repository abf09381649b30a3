/**
 * @module The Cost Management query definition as the emulator reads it (`QueryDefinition`):
 * type, timeframe (`Custom` with `timePeriod`), Daily or None granularity, up to two `Sum`
 * aggregations, up to two Dimension groupings, and `and` / `or` / `not` filters on the
 * ResourceGroup, ResourceLocation and ResourceId dimensions and on tags. Anything else is a 400
 * message naming what was wrong.
 */
import { createHash } from "node:crypto";
import { isRecord } from "./http.js";
import { clusterPath, type ClusterState, type PoolState } from "./world.js";

const TIMEFRAMES = new Set([
  "monthtodate",
  "billingmonthtodate",
  "thelastmonth",
  "thelastbillingmonth",
  "weektodate",
  "custom",
]);
const COST_NAMES = new Set(["cost", "costusd", "pretaxcost", "pretaxcostusd"]);
export interface Definition {
  readonly from: string;
  readonly to: string;
  readonly daily: boolean;
  readonly costColumns: readonly string[];
  readonly groupBy: readonly Dimension[];
  readonly filter: Filter;
  /** QPU charged: 1 per month of data queried. */
  readonly months: number;
}

const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export function parseDefinition(input: unknown, now: Date): Definition | string {
  if (!isRecord(input)) return "The query definition must be a JSON object.";
  const { type, timeframe, timePeriod, dataset = {} } = input;
  if (
    typeof type !== "string" ||
    !["usage", "actualcost", "amortizedcost"].includes(type.toLowerCase())
  )
    return `Invalid query type '${String(type)}'.`;
  if (typeof timeframe !== "string" || !TIMEFRAMES.has(timeframe.toLowerCase()))
    return `Invalid timeframe '${String(timeframe)}'.`;
  const range = rangeOf(timeframe.toLowerCase(), timePeriod, now);
  if (typeof range === "string") return range;
  if (!isRecord(dataset)) return "dataset must be an object.";
  const granularity =
    typeof dataset.granularity === "string" ? dataset.granularity.toLowerCase() : "none";
  if (granularity !== "daily" && granularity !== "none")
    return `Invalid granularity '${String(dataset.granularity)}'.`;
  const aggregation = isRecord(dataset.aggregation) ? Object.values(dataset.aggregation) : [];
  if (aggregation.length > 2) return "A query can have up to 2 aggregation clauses.";
  const costColumns: string[] = [];
  for (const a of aggregation) {
    if (
      !isRecord(a) ||
      typeof a.name !== "string" ||
      !COST_NAMES.has(a.name.toLowerCase()) ||
      a.function !== "Sum"
    )
      return "Aggregations must Sum one of Cost, CostUSD, PreTaxCost, PreTaxCostUSD.";
    costColumns.push(a.name);
  }
  const grouping = Array.isArray(dataset.grouping) ? (dataset.grouping as unknown[]) : [];
  if (grouping.length > 2) return "A query can have up to 2 grouping clauses.";
  const groupBy: Dimension[] = [];
  for (const g of grouping) {
    const name =
      isRecord(g) && g.type === "Dimension"
        ? DIMENSIONS.get(String(g.name).toLowerCase())
        : undefined;
    if (name === undefined)
      return "The emulator groups by the ResourceGroup, ResourceLocation and ResourceId dimensions only.";
    groupBy.push(name);
  }
  const filter = compileFilter(dataset.filter);
  if (typeof filter === "string") return filter;
  const months = new Set([range.from.slice(0, 7), range.to.slice(0, 7)]).size;
  return {
    ...range,
    daily: granularity === "daily",
    costColumns: costColumns.length > 0 ? costColumns : ["PreTaxCost"],
    groupBy,
    filter,
    months,
  };
}

function rangeOf(
  timeframe: string,
  period: unknown,
  now: Date,
): { from: string; to: string } | string {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  switch (timeframe) {
    case "custom": {
      const from = isRecord(period) ? Date.parse(String(period.from)) : NaN;
      const to = isRecord(period) ? Date.parse(String(period.to)) : NaN;
      if (Number.isNaN(from) || Number.isNaN(to) || from > to)
        return "A Custom timeframe needs timePeriod.from ≤ timePeriod.to.";
      return { from: day(from), to: day(to) };
    }
    case "thelastmonth":
    case "thelastbillingmonth":
      return { from: day(Date.UTC(y, m - 1, 1)), to: day(Date.UTC(y, m, 0)) };
    case "weektodate":
      return {
        from: day(Date.UTC(y, m, now.getUTCDate() - ((now.getUTCDay() + 6) % 7))),
        to: day(now.getTime()),
      };
    default:
      return { from: day(Date.UTC(y, m, 1)), to: day(now.getTime()) };
  }
}

type Dimension = "ResourceGroup" | "ResourceLocation" | "ResourceId";

const DIMENSIONS: ReadonlyMap<string, Dimension> = new Map([
  ["resourcegroup", "ResourceGroup"],
  ["resourcegroupname", "ResourceGroup"],
  ["resourcelocation", "ResourceLocation"],
  ["resourceid", "ResourceId"],
]);

/** A filter over one pool's cost (`pool` absent: the cluster's own cost). */
type Filter = (cluster: ClusterState, pool?: PoolState) => boolean;

export function groupValue(cluster: ClusterState, by: Dimension, pool?: PoolState): string {
  if (by === "ResourceGroup") return cluster.resourceGroup.toLowerCase();
  if (by === "ResourceLocation") return cluster.location;
  return (pool === undefined ? clusterPath(cluster) : vmssId(cluster, pool)).toLowerCase();
}

/**
 * The pool's scale set in the node resource group, named as AKS names it: `aks-<pool>-<8
 * digits>-vmss`, with the digits of its node names (prometheus.ts), stable per pool.
 */
export function vmssId(cluster: ClusterState, pool: PoolState): string {
  const digest = createHash("sha256")
    .update(`${clusterPath(cluster)}/${pool.name}`.toLowerCase())
    .digest();
  const digits = String(digest.readUInt32BE(0) % 100_000_000).padStart(8, "0");
  return `/subscriptions/${cluster.subscriptionId}/resourceGroups/${cluster.nodeResourceGroup}/providers/Microsoft.Compute/virtualMachineScaleSets/aks-${pool.name}-${digits}-vmss`;
}

/** `and` / `or` / `not` of `{dimensions|tags: {name, operator: "In", values}}`. */
function compileFilter(node: unknown): Filter | string {
  if (node === undefined || node === null) return () => true;
  if (!isRecord(node)) return "filter must be an object.";
  for (const op of ["and", "or"] as const) {
    const list = node[op];
    if (!Array.isArray(list)) continue;
    const parts = list.map(compileFilter);
    const bad = parts.find((p) => typeof p === "string");
    if (typeof bad === "string") return bad;
    const fns = parts as Filter[];
    return op === "and" ? (c, p) => fns.every((f) => f(c, p)) : (c, p) => fns.some((f) => f(c, p));
  }
  if (node.not !== undefined) {
    const inner = compileFilter(node.not);
    return typeof inner === "string" ? inner : (c, p) => !inner(c, p);
  }
  const term = isRecord(node.dimensions)
    ? node.dimensions
    : isRecord(node.tags)
      ? node.tags
      : undefined;
  if (term === undefined || !Array.isArray(term.values))
    return "Each filter term needs dimensions or tags with values.";
  // Case and spaces do not matter: `East US` names the region `eastus`.
  const values = new Set(
    (term.values as unknown[]).map((v) => String(v).replace(/\s+/g, "").toLowerCase()),
  );
  const name = String(term.name);
  if (node.tags !== undefined) return (c) => values.has((c.tags[name] ?? "").toLowerCase());
  const dimension = DIMENSIONS.get(name.toLowerCase());
  if (dimension === undefined) return `The emulator cannot filter on the dimension '${name}'.`;
  const has = (value: string) => values.has(value.replace(/\s+/g, "").toLowerCase());
  // A ResourceId filter names the cluster or, as Azure bills nodes, a pool's scale set.
  return (c, p) =>
    has(groupValue(c, dimension)) || (p !== undefined && has(groupValue(c, dimension, p)));
}
