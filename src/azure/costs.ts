/**
 * @module Billed cost at a scope with `@azure/arm-costmanagement` (Query_Usage): one daily
 * `ActualCost` query from the 1st of the month (UTC) to `now`, all pages — the first through
 * `query.usage`, the next ones by POSTing the same definition to `nextLink` through the client's
 * own pipeline (credential, retries, the throttle policy of cost-throttle.ts). `costRows`: the
 * same query grouped by `ResourceId` over given days, yielded page by page (the weekly report).
 */
import type { CostManagementClient, QueryDefinition } from "@azure/arm-costmanagement";
import { createHttpHeaders, createPipelineRequest, RestError } from "@azure/core-rest-pipeline";
import type { CostRow, CostRowSource, CostSource, DailyCost, MonthToDate } from "../ports/costs.js";
import { CostError } from "../ports/costs.js";
import { toCostError } from "./cost-errors.js";
import type { ArmOperation } from "./operations.js";

/**
 * The ARM operations this adapter performs (src/azure/operations.ts): the Query API, which the
 * built-in Cost Management Reader role grants (`Microsoft.CostManagement/*\/read`).
 */
export const ARM_OPERATIONS: readonly ArmOperation[] = ["Microsoft.CostManagement/query/read"];

/** A broken `nextLink` chain must not loop forever (a month of daily rows is one page). */
const MAX_PAGES = 100;
/** Rows by resource for a large tenant run to many pages; a loop still ends. */
const MAX_ROW_PAGES = 20_000;

const COST_COLUMNS = ["cost", "pretaxcost", "costusd", "pretaxcostusd"];

interface Page {
  readonly nextLink?: string | null;
  readonly columns?: readonly { readonly name?: string }[];
  readonly rows?: readonly (readonly unknown[])[];
}

export class CostManagementCostSource implements CostSource, CostRowSource {
  constructor(private readonly client: CostManagementClient) {}

  async *costRows(scope: string, from: string, to: string): AsyncIterable<readonly CostRow[]> {
    const definition: QueryDefinition = {
      type: "ActualCost",
      timeframe: "Custom",
      timePeriod: { from: new Date(`${from}T00:00:00Z`), to: new Date(`${to}T23:59:59Z`) },
      dataset: {
        granularity: "Daily",
        aggregation: { totalCost: { name: "Cost", function: "Sum" } },
        grouping: [{ type: "Dimension", name: "ResourceId" }],
      },
    };
    const what = `Cost Management query by resource at ${scope}`;
    let page: Page;
    try {
      page = await this.client.query.usage(scope.replace(/^\/+/, ""), definition);
    } catch (error) {
      throw toCostError(error, what);
    }
    for (let requests = 1; ; requests += 1) {
      yield rowsOf(page);
      if (!page.nextLink) return;
      if (requests >= MAX_ROW_PAGES)
        throw new CostError("Unknown", `${what}: more than ${String(MAX_ROW_PAGES)} pages`);
      page = await this.next(page.nextLink, definition, what);
    }
  }

  async monthToDate(scope: string, now: Date): Promise<MonthToDate> {
    const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    const definition: QueryDefinition = {
      type: "ActualCost",
      timeframe: "Custom",
      timePeriod: { from, to: now },
      dataset: {
        granularity: "Daily",
        aggregation: { totalCost: { name: "Cost", function: "Sum" } },
      },
    };
    const what = `Cost Management query at ${scope}`;
    let page: Page;
    try {
      page = await this.client.query.usage(scope.replace(/^\/+/, ""), definition);
    } catch (error) {
      throw toCostError(error, what);
    }
    const byDay = new Map<string, number>();
    let currency: string | undefined;
    let requests = 1;
    for (;;) {
      currency = addRows(page, byDay) ?? currency;
      if (!page.nextLink) break;
      if (requests >= MAX_PAGES)
        throw new CostError("Unknown", `${what}: more than ${String(MAX_PAGES)} pages`);
      page = await this.next(page.nextLink, definition, what);
      requests += 1;
    }
    const days: DailyCost[] = [...byDay]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([day, cost]) => ({ day, cost }));
    return {
      scope,
      currency: currency ?? "USD",
      total: days.reduce((sum, d) => sum + d.cost, 0),
      days,
      requests,
    };
  }

  private async next(url: string, definition: QueryDefinition, what: string): Promise<Page> {
    const request = createPipelineRequest({
      url,
      method: "POST",
      body: JSON.stringify(definition),
      headers: createHttpHeaders({
        "content-type": "application/json",
        accept: "application/json",
      }),
    });
    try {
      const response = await this.client.sendRequest(request);
      if (response.status === 204) return {};
      if (response.status >= 300) {
        throw new RestError(response.bodyAsText ?? `HTTP ${String(response.status)}`, {
          statusCode: response.status,
          request,
          response,
        });
      }
      const body = JSON.parse(response.bodyAsText ?? "{}") as { properties?: Page };
      return body.properties ?? {};
    } catch (error) {
      throw toCostError(error, `${what} (next page)`);
    }
  }
}

/** Adds a page's rows to the per-day sums; returns the page's currency, if it has rows. */
function addRows(page: Page, byDay: Map<string, number>): string | undefined {
  const names = (page.columns ?? []).map((c) => c.name?.toLowerCase() ?? "");
  const costAt = names.findIndex((n) => COST_COLUMNS.includes(n));
  const dateAt = names.indexOf("usagedate");
  const currencyAt = names.indexOf("currency");
  let currency: string | undefined;
  for (const row of page.rows ?? []) {
    const cost = Number(row[costAt]);
    const date = String(row[dateAt]);
    if (!Number.isFinite(cost) || !/^\d{8}$/.test(date)) continue;
    const day = `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}`;
    byDay.set(day, (byDay.get(day) ?? 0) + cost);
    const c = row[currencyAt];
    if (typeof c === "string" && c !== "") currency = c;
  }
  return currency;
}

/** A page's rows as cost rows (`UsageDate` 20261123 → `2026-11-23`); odd rows are left out. */
function rowsOf(page: Page): CostRow[] {
  const names = (page.columns ?? []).map((c) => c.name?.toLowerCase() ?? "");
  const costAt = names.findIndex((n) => COST_COLUMNS.includes(n));
  const idAt = names.indexOf("resourceid");
  const dateAt = names.indexOf("usagedate");
  const rows: CostRow[] = [];
  for (const row of page.rows ?? []) {
    const date = String(row[dateAt]);
    const resourceId = row[idAt];
    if (!/^\d{8}$/.test(date) || typeof resourceId !== "string") continue;
    rows.push({
      date: `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}`,
      resourceId,
      costUsd: Number(row[costAt]),
    });
  }
  return rows;
}
