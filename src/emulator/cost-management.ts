/**
 * @module Cost Management Query (`POST {scope}/providers/Microsoft.CostManagement/query`) over the
 * pools' cost meters (costs.ts), at subscription and resource-group scope, with a billing lag: a
 * UTC day's cost appears once the whole day ended `billingLagHours` ago (fleet file). Answers
 * like the 2026-06-01 examples: `properties.columns` (aggregation, grouping, `UsageDate` as a
 * yyyymmdd number with Daily granularity, `Currency`) and `rows`, `nextLink` paging
 * (`$skiptoken`, page size = the `listPageSize` setting; `null` on the last page), and QPU headers
 * (`x-ms-ratelimit-microsoft.costmanagement-qpu-consumed|remaining`, counted, not enforced).
 * Filters on ResourceGroup / ResourceLocation / ResourceId dimensions and tags are applied.
 * Grouped by `ResourceId`, a pool's cost is its scale set's in the node resource group
 * (`…/virtualMachineScaleSets/aks-<pool>-<8 digits>-vmss`, the digits of its node names), as
 * Azure bills AKS nodes.
 * Simplification: a resource-group scope also covers the cluster's node resource group (Azure
 * bills the nodes there) — the cluster's own group counts too, so policies scoped either way see
 * the nodes' cost.
 */
import { createHash } from "node:crypto";
import { accrue } from "./costs.js";
import { groupValue, parseDefinition, type Definition } from "./cost-management-query.js";
import { armError, ok, parseJsonBody, type EmuRequest, type Service } from "./http.js";
import type { EmulatorSettings } from "./settings.js";
import type { ClusterState, PoolState, World } from "./world.js";

const QUERY =
  /^\/subscriptions\/([^/]+)(?:\/resourceGroups\/([^/]+))?\/providers\/Microsoft\.CostManagement\/query\/?$/i;
const MS_PER_DAY = 86_400_000;

export interface CostScope {
  readonly subscriptionId: string;
  readonly resourceGroup?: string;
}

/** One pool's visible (billed) cost on one UTC day. */
interface CostItem {
  readonly cluster: ClusterState;
  readonly pool: PoolState;
  readonly day: string;
  readonly usd: number;
}

/** Billed cost items in the scope with `from <= day <= to` (`YYYY-MM-DD`), billing lag applied. */
export function billedItems(world: World, scope: CostScope, from: string, to: string): CostItem[] {
  const now = world.clock.now();
  const rg = scope.resourceGroup?.toLowerCase();
  const items: CostItem[] = [];
  for (const cluster of world.listClusters(scope.subscriptionId)) {
    const groups = [cluster.resourceGroup, cluster.nodeResourceGroup].map((g) => g.toLowerCase());
    if (rg !== undefined && !groups.includes(rg)) continue;
    for (const pool of cluster.pools) {
      accrue(pool.cost, pool.nodes, pool.price.usdPerHour, now);
      for (const [day, bucket] of pool.cost.byDay) {
        const visible =
          Date.parse(`${day}T00:00:00Z`) + MS_PER_DAY + world.billingLagHours * 3_600_000 <= now;
        if (visible && day >= from && day <= to && bucket.usd > 0)
          items.push({ cluster, pool, day, usd: bucket.usd });
      }
    }
  }
  return items;
}

export function costManagementService(world: World, settings: EmulatorSettings): Service {
  const meter = new QpuMeter();
  return {
    name: "cost-management",
    handle(req) {
      const match = QUERY.exec(req.path);
      if (!match) return undefined;
      if (req.method !== "POST")
        return armError(405, "MethodNotAllowed", `${req.method} is not allowed on the Query API.`);
      const [, sub = "", rg] = match;
      if (world.subscription(sub) === undefined)
        return armError(
          404,
          "SubscriptionNotFound",
          `The subscription '${sub}' could not be found.`,
        );
      const body = parseJsonBody(req);
      if ("error" in body) return body.error;
      const query = parseDefinition(body.value, new Date(world.clock.now()));
      if (typeof query === "string") return armError(400, "BadRequest", query);
      const items = billedItems(
        world,
        { subscriptionId: sub, ...(rg ? { resourceGroup: rg } : {}) },
        query.from,
        query.to,
      ).filter((i) => query.filter(i.cluster, i.pool));
      const { columns, rows } = table(items, query);
      const offset = Number(req.query.get("$skiptoken") ?? "0");
      if (!Number.isInteger(offset) || offset < 0)
        return armError(400, "BadRequest", "Invalid $skiptoken.");
      const page = rows.slice(offset, offset + settings.listPageSize);
      const next = offset + page.length < rows.length ? nextLink(req, offset + page.length) : null;
      const id = queryId(req, world.clock.now());
      return ok(
        {
          id: `${req.path.replace(/\/query\/?$/i, "/Query")}/${id}`,
          name: id,
          type: "microsoft.costmanagement/Query",
          properties: { nextLink: next, columns, rows: page },
        },
        200,
        meter.charge(query.months),
      );
    },
  };
}

function table(items: readonly CostItem[], q: Definition) {
  const sums = new Map<string, { keys: (string | number)[]; usd: number }>();
  for (const item of items) {
    const keys: (string | number)[] = q.groupBy.map((g) => groupValue(item.cluster, g, item.pool));
    if (q.daily) keys.push(Number(item.day.replaceAll("-", "")));
    const id = JSON.stringify(keys);
    const entry = sums.get(id) ?? { keys, usd: 0 };
    entry.usd += item.usd;
    sums.set(id, entry);
  }
  const columns = [
    ...q.costColumns.map((name) => ({ name, type: "Number" })),
    ...q.groupBy.map((name) => ({ name, type: "String" })),
    ...(q.daily ? [{ name: "UsageDate", type: "Number" }] : []),
    { name: "Currency", type: "String" },
  ];
  const rows = [...sums.values()]
    .sort((a, b) => JSON.stringify(a.keys).localeCompare(JSON.stringify(b.keys)))
    .map((e) => [...q.costColumns.map(() => e.usd), ...e.keys, "USD"]);
  return { columns, rows };
}

/** A GUID-shaped name for the query result, stable for one request at one instant. */
function queryId(req: EmuRequest, now: number): string {
  const h = createHash("sha256")
    .update(`${req.path}|${req.rawBody}|${String(now)}`)
    .digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

function nextLink(req: EmuRequest, offset: number): string {
  const q = new URLSearchParams();
  const apiVersion = req.query.get("api-version");
  if (apiVersion !== null) q.set("api-version", apiVersion);
  q.set("$skiptoken", String(offset));
  return `${req.origin}${req.path}?${q.toString()}`;
}

/** Counts QPU in real-time windows (10 s, 1 min, 1 h) for the `…-qpu-remaining` header. */
class QpuMeter {
  private charges: { at: number; qpu: number }[] = [];

  charge(qpu: number, at = Date.now()): Record<string, string> {
    this.charges = [...this.charges.filter((c) => c.at > at - 3_600_000), { at, qpu }];
    const used = (ms: number) =>
      this.charges.filter((c) => c.at > at - ms).reduce((n, c) => n + c.qpu, 0);
    const left = (limit: number, ms: number) => String(Math.max(0, limit - used(ms)));
    return {
      "x-ms-ratelimit-microsoft.costmanagement-qpu-consumed": String(qpu),
      "x-ms-ratelimit-microsoft.costmanagement-qpu-remaining": `QueriesPerHour:${left(600, 3_600_000)},QueriesPerMin:${left(60, 60_000)},QueriesPer10Sec:${left(12, 10_000)}`,
    };
  }
}
