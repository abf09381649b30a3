/**
 * @module Consumption reservation recommendations (legacy kind):
 * `GET /subscriptions/{sub}/providers/Microsoft.Consumption/reservationRecommendations` and the
 * billing-account scope, with `$filter` on `properties/scope` (`Single`/`Shared`),
 * `properties/lookBackPeriod` (`Last7Days`, `Last30Days`, `Last60Days`; default 7) and
 * `properties/resourceType` (`VirtualMachines`), paged by the `listPageSize` setting.
 *
 * A simplified copy of Azure's engine, enough to show the gap gpu-warden fills: over the whole
 * UTC days of the look-back (ending yesterday), per VM size and region, the quantity that ran in
 * every hour of every day (the least day's node-hours ÷ 24, rounded down); nothing when that is
 * 0 — pools that stop regularly get no recommendation and no reason, as in Azure. Savings use the
 * pool's emulator price and fixed reservation discounts (37 % for 1 year, 57 % for 3 years).
 * Shapes follow the 2026-06-01 `ReservationRecommendationsBy*` examples.
 */
import { createHash } from "node:crypto";
import { findSku } from "../core/skus/index.js";
import { accrue } from "./costs.js";
import { armError, matchPath, ok, type EmuRequest, type Service } from "./http.js";
import type { EmulatorSettings } from "./settings.js";
import type { ClusterState, World } from "./world.js";

const PATH = "providers/Microsoft.Consumption/reservationRecommendations";
const MS_PER_DAY = 86_400_000;
const LOOK_BACK = { Last7Days: 7, Last30Days: 30, Last60Days: 60 } as const;
type LookBack = keyof typeof LOOK_BACK;
const TERMS = [
  { term: "P1Y", discount: 0.37 },
  { term: "P3Y", discount: 0.57 },
] as const;

interface Filter {
  readonly scope: "Single" | "Shared";
  readonly lookBack: LookBack;
}

const CLAUSE = /^properties\/(scope|lookBackPeriod|resourceType)\s+eq\s+'([^']*)'$/i;

/** The `$filter` clauses joined by `and`; `undefined` when one is not understood. */
function parseFilter(text: string | null, defaultScope: Filter["scope"]): Filter | undefined {
  let scope = defaultScope;
  let lookBack: LookBack = "Last7Days";
  for (const clause of (text ?? "").split(/\s+and\s+/i).filter((c) => c.trim() !== "")) {
    const [, field = "", value = ""] = CLAUSE.exec(clause.trim()) ?? [];
    if (field === "scope" && (value === "Single" || value === "Shared")) scope = value;
    else if (field === "lookBackPeriod" && value in LOOK_BACK) lookBack = value as LookBack;
    else if (field !== "resourceType" || value !== "VirtualMachines") return undefined;
  }
  return { scope, lookBack };
}

const uuid = (text: string): string => {
  const h = createHash("sha256").update(text).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
};

const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** Recommendations for the clusters in scope, as ARM list items. */
function recommendations(
  world: World,
  clusters: readonly ClusterState[],
  filter: Filter,
  scopeId: string,
  subscriptionId: string | undefined,
): Record<string, unknown>[] {
  const now = world.clock.now();
  const days = LOOK_BACK[filter.lookBack];
  const today = Math.floor(now / MS_PER_DAY) * MS_PER_DAY;
  const window = Array.from({ length: days }, (_, i) => day(today - (days - i) * MS_PER_DAY));
  const groups = new Map<
    string,
    { vmSize: string; location: string; usdPerHour: number; byDay: number[] }
  >();
  for (const cluster of clusters) {
    for (const pool of cluster.pools) {
      if (pool.scaleSetPriority === "Spot") continue;
      accrue(pool.cost, pool.nodes, pool.price.usdPerHour, now);
      const key = `${pool.vmSize.toLowerCase()}|${cluster.location.toLowerCase()}`;
      const group = groups.get(key) ?? {
        vmSize: pool.vmSize,
        location: cluster.location.toLowerCase(),
        usdPerHour: pool.price.usdPerHour,
        byDay: window.map(() => 0),
      };
      window.forEach((d, i) => {
        group.byDay[i] = (group.byDay[i] ?? 0) + (pool.cost.byDay.get(d)?.nodeHours ?? 0);
      });
      groups.set(key, group);
    }
  }
  const items: Record<string, unknown>[] = [];
  for (const g of groups.values()) {
    const quantity = Math.floor(Math.min(...g.byDay) / 24 + 1e-9);
    if (quantity < 1 || g.usdPerHour <= 0) continue;
    const nodeHours = g.byDay.reduce((sum, h) => sum + h, 0);
    const costWithNo = nodeHours * g.usdPerHour;
    const sku = findSku(g.vmSize);
    for (const { term, discount } of TERMS) {
      const netSavings = quantity * days * 24 * g.usdPerHour * discount;
      const name = uuid(`${scopeId}|${g.vmSize}|${g.location}|${term}|${filter.scope}`);
      items.push({
        name,
        type: "Microsoft.Consumption/reservationRecommendations",
        id: `${scopeId}/${PATH}/${name}`,
        kind: "legacy",
        location: g.location,
        properties: {
          costWithNoReservedInstances: costWithNo,
          firstUsageDate: `${window[0] ?? day(today)}T00:00:00Z`,
          instanceFlexibilityGroup: `${sku?.family ?? g.vmSize} Series`,
          instanceFlexibilityRatio: 1,
          lastUsageDate: `${window.at(-1) ?? day(today)}T00:00:00Z`,
          lookBackPeriod: filter.lookBack,
          meterId: uuid(`${g.vmSize}|${g.location}`),
          netSavings,
          normalizedSize: g.vmSize,
          recommendedQuantity: quantity,
          recommendedQuantityNormalized: quantity,
          scope: filter.scope,
          ...(subscriptionId === undefined ? {} : { subscriptionId }),
          skuProperties: [
            { name: "Cores", value: String(sku?.vcpus ?? 0) },
            { name: "Ram", value: String(sku?.memoryGib ?? 0) },
          ],
          term,
          totalCostWithReservedInstances: costWithNo - netSavings,
          totalHours: Math.round(nodeHours),
        },
        sku: g.vmSize,
      });
    }
  }
  return items;
}

function nextLink(req: EmuRequest, offset: number): string {
  const q = new URLSearchParams(req.query);
  q.set("$skiptoken", String(offset));
  return `${req.origin}${req.path}?${q.toString()}`;
}

export function reservationRecommendationsService(
  world: World,
  settings: EmulatorSettings,
): Service {
  return {
    name: "reservation-recommendations",
    handle(req) {
      if (!req.path.toLowerCase().endsWith("/microsoft.consumption/reservationrecommendations"))
        return undefined;
      if (req.method !== "GET")
        return armError(405, "MethodNotAllowed", `${req.method} is not allowed here.`);
      const bySub = matchPath(`/subscriptions/{sub}/${PATH}`, req.path);
      const byAccount = matchPath(
        `/providers/Microsoft.Billing/billingAccounts/{account}/${PATH}`,
        req.path,
      );
      const sub = bySub?.sub;
      if (bySub === undefined && byAccount === undefined)
        return armError(404, "NotFound", `No reservation recommendations at '${req.path}'.`);
      if (sub !== undefined && world.subscription(sub) === undefined)
        return armError(
          404,
          "SubscriptionNotFound",
          `The subscription '${sub}' could not be found.`,
        );
      const filter = parseFilter(req.query.get("$filter"), sub === undefined ? "Shared" : "Single");
      if (filter === undefined)
        return armError(400, "BadRequest", `Invalid $filter '${req.query.get("$filter") ?? ""}'.`);
      const scopeId =
        sub === undefined ? `billingAccount/${byAccount?.account ?? ""}` : `subscriptions/${sub}`;
      const all = recommendations(world, world.listClusters(sub), filter, scopeId, sub);
      const offset = Number(req.query.get("$skiptoken") ?? "0");
      if (!Number.isInteger(offset) || offset < 0)
        return armError(400, "BadRequest", "Invalid $skiptoken.");
      const page = all.slice(offset, offset + settings.listPageSize);
      const more = offset + page.length < all.length;
      return ok({
        value: page,
        ...(more ? { nextLink: nextLink(req, offset + page.length) } : {}),
      });
    },
  };
}
