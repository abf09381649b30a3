/**
 * @module Consumption Budgets: `GET {scope}/providers/Microsoft.Consumption/budgets/{name}` and
 * the list, for the budgets the fleet file declares (`budgets:`), at subscription and
 * resource-group scope. `currentSpend` is the billed cost (Cost Management's rows, billing lag
 * included) of the current month in the scope; `forecastSpend` appears only when the budget has a
 * `Forecasted` notification (as in Azure) and projects the spend linearly to the month's end.
 * A budget's `filter` is echoed, not applied. Shapes follow the 2026-06-01 `Budget.json` example.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { billedItems } from "./cost-management.js";
import { armError, matchPath, ok, type Service } from "./http.js";
import type { World } from "./world.js";

const notificationSchema = z.strictObject({
  enabled: z.boolean().default(true),
  operator: z.enum(["EqualTo", "GreaterThan", "GreaterThanOrEqualTo"]).default("GreaterThan"),
  threshold: z.number({ error: "expected a percentage" }).min(0).max(1000),
  contactEmails: z.array(z.string()).default([]),
  contactRoles: z.array(z.string()).default([]),
  contactGroups: z.array(z.string()).default([]),
  thresholdType: z.enum(["Actual", "Forecasted"]).default("Actual"),
});

/** A budget in the fleet file. */
export const fleetBudgetSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9_-]{1,63}$/, { error: "expected an Azure budget name" }),
  scope: z.string().regex(/^\/subscriptions\/[^/]+(\/resourceGroups\/[^/]+)?$/i, {
    error: "expected /subscriptions/<id> or /subscriptions/<id>/resourceGroups/<name>",
  }),
  amount: z
    .number({ error: "expected an amount > 0" })
    .positive({ error: "expected an amount > 0" }),
  timeGrain: z
    .enum(["Monthly"], { error: "the emulator supports Monthly budgets" })
    .default("Monthly"),
  /** Default: the 1st of the fleet's start month, for a year. */
  startDate: z.iso.date().optional(),
  endDate: z.iso.date().optional(),
  filter: z.record(z.string(), z.unknown()).optional(),
  notifications: z.record(z.string(), notificationSchema).default({}),
});

export type FleetBudget = z.output<typeof fleetBudgetSchema>;

const SCOPE = "/subscriptions/{sub}";
const SCOPE_RG = "/subscriptions/{sub}/resourceGroups/{rg}";
const BUDGETS = "providers/Microsoft.Consumption/budgets";
const MS_PER_DAY = 86_400_000;

/** The budgets the loaded fleet declares. */
export class BudgetBook {
  private budgets: readonly FleetBudget[] = [];

  load(budgets: readonly FleetBudget[] | undefined): void {
    this.budgets = budgets ?? [];
  }

  at(scope: string): FleetBudget[] {
    return this.budgets.filter((b) => b.scope.toLowerCase() === scope.toLowerCase());
  }
}

export function consumptionService(world: World, book: BudgetBook): Service {
  return {
    name: "consumption",
    handle(req) {
      if (!req.path.toLowerCase().includes("/providers/microsoft.consumption/budgets"))
        return undefined;
      for (const scope of [SCOPE, SCOPE_RG]) {
        const one = matchPath(`${scope}/${BUDGETS}/{name}`, req.path);
        const all = matchPath(`${scope}/${BUDGETS}`, req.path);
        const params = one ?? all;
        if (params === undefined) continue;
        if (req.method !== "GET") {
          return armError(
            405,
            "MethodNotAllowed",
            `${req.method} budgets is not implemented by the gpu-warden emulator.`,
          );
        }
        if (world.subscription(params.sub ?? "") === undefined) {
          return armError(
            404,
            "SubscriptionNotFound",
            `The subscription '${params.sub ?? ""}' could not be found.`,
          );
        }
        const path =
          params.rg === undefined
            ? `/subscriptions/${params.sub ?? ""}`
            : `/subscriptions/${params.sub ?? ""}/resourceGroups/${params.rg}`;
        const budgets = book.at(path);
        if (one === undefined) return ok({ value: budgets.map((b) => budgetJson(world, b)) });
        const found = budgets.find((b) => b.name.toLowerCase() === (one.name ?? "").toLowerCase());
        return found
          ? ok(budgetJson(world, found))
          : armError(404, "NotFound", `Budget '${one.name ?? ""}' was not found at ${path}.`);
      }
      return armError(
        404,
        "NotFound",
        `The emulator has no Microsoft.Consumption route for '${req.path}'.`,
      );
    },
  };
}

function budgetJson(world: World, b: FleetBudget): Record<string, unknown> {
  const now = world.clock.now();
  const { start, end } = monthOf(now);
  const [, sub = "", rg] =
    /^\/subscriptions\/([^/]+)(?:\/resourceGroups\/([^/]+))?$/i.exec(b.scope) ?? [];
  const from = b.startDate !== undefined && b.startDate > day(start) ? b.startDate : day(start);
  const spent = billedItems(
    world,
    { subscriptionId: sub, ...(rg ? { resourceGroup: rg } : {}) },
    from,
    day(now),
  ).reduce((n, i) => n + i.usd, 0);
  const elapsed = now - start;
  const forecast = elapsed < MS_PER_DAY ? spent : (spent * (end - start)) / elapsed;
  const hasForecast = Object.values(b.notifications).some((n) => n.thresholdType === "Forecasted");
  const periodStart =
    b.startDate ?? day(Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), 1));
  const periodEnd = b.endDate ?? day(Date.parse(`${periodStart}T00:00:00Z`) + 365 * MS_PER_DAY);
  const round = (usd: number) => Math.round(usd * 100) / 100;
  return {
    id: `${b.scope}/${BUDGETS}/${b.name}`,
    name: b.name,
    type: "Microsoft.Consumption/budgets",
    eTag: `"${createHash("sha256").update(JSON.stringify(b)).digest("hex").slice(0, 15)}"`,
    properties: {
      category: "Cost",
      amount: b.amount,
      timeGrain: b.timeGrain,
      timePeriod: { startDate: `${periodStart}T00:00:00Z`, endDate: `${periodEnd}T00:00:00Z` },
      ...(b.filter === undefined ? {} : { filter: b.filter }),
      currentSpend: { amount: round(spent), unit: "USD" },
      ...(hasForecast ? { forecastSpend: { amount: round(forecast), unit: "USD" } } : {}),
      notifications: b.notifications,
    },
  };
}

function monthOf(ms: number): { start: number; end: number } {
  const d = new Date(ms);
  return {
    start: Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1),
    end: Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1),
  };
}

const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
