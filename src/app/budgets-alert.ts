/**
 * @module `handleBudgetAlert` (SPEC §7, §11): an Azure budget alert from an Action Group webhook,
 * in either envelope — the legacy "AIP Budget Notification" (every value a string) or the common
 * alert schema (amounts as currency strings like "$11,111.00") — parsed with zod, mapped to a
 * configured budget (by its Azure budget name, or its own name, and its scope) and evaluated at
 * once. Malformed → 400 naming what was wrong; an alert for no configured budget → 202, logged;
 * either way nothing changes. A repeated alert fires nothing new (thresholds fire once a period).
 */
import { z } from "zod";
import { evaluateBudgets, type BudgetDeps } from "./budgets.js";
import type { AlertFigures } from "./budgets-observe.js";

/** Common-schema payloads are at most 256 KB. */
export const MAX_ALERT_BYTES = 256 * 1024;

export interface AlertReply {
  readonly status: 200 | 202 | 400 | 413;
  readonly body: Readonly<Record<string, unknown>>;
}

/** "$11,111.00", "1111.32", "€ 1.234,00" is not supported: dot decimals, comma thousands. */
const amount = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const text = String(value)
    .replace(/[\s,]/g, "")
    .replace(/^[^\d.-]+/, "");
  const n = /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isFinite(n)) {
    ctx.addIssue({
      code: "custom",
      message: `expected an amount such as $11,111.00, got ${JSON.stringify(value)}`,
    });
    return z.NEVER;
  }
  return n;
});

const legacySchema = z.object({
  schemaId: z.literal("AIP Budget Notification"),
  data: z.object({
    SubscriptionId: z.string().min(1),
    ResourceGroup: z.string().default(""),
    BudgetName: z.string().min(1),
    Budget: amount,
    SpendingAmount: amount,
    Unit: z.string().optional(),
  }),
});

const commonSchema = z.object({
  schemaId: z.literal("azureMonitorCommonAlertSchema"),
  data: z.object({
    essentials: z.object({ monitoringService: z.string() }),
    alertContext: z.object({
      AlertCategory: z.string().optional(),
      AlertData: z.object({
        Scope: z.string().optional(),
        ThresholdType: z.enum(["Actual", "Forecasted"]),
        BudgetName: z.string().min(1),
        BudgetId: z.string().optional(),
        BudgetThreshold: amount,
        SpentAmount: amount,
        ForecastedTotalForPeriod: amount.optional(),
        Unit: z.string().optional(),
      }),
    }),
  }),
});

/** Just enough of a common-schema alert to tell whether it is about a budget. */
const commonEssentials = z.object({
  schemaId: z.literal("azureMonitorCommonAlertSchema"),
  data: z.object({
    essentials: z.object({ monitoringService: z.string() }),
    alertContext: z.object({ AlertCategory: z.string().optional() }).nullish(),
  }),
});

function isBudgetAlert(data: z.output<typeof commonEssentials>["data"]): boolean {
  return (
    data.essentials.monitoringService === "CostAlerts" &&
    (data.alertContext?.AlertCategory ?? "budgets") === "budgets"
  );
}

const envelope = z.discriminatedUnion("schemaId", [legacySchema, commonSchema], {
  error: "expected schemaId 'AIP Budget Notification' or 'azureMonitorCommonAlertSchema'",
});

/** What an alert says, whichever envelope it came in. */
export interface BudgetAlert {
  readonly budgetName: string;
  /** `/subscriptions/<id>[/resourceGroups/<rg>]`, when the alert says. */
  readonly scope: string | null;
  readonly figures: AlertFigures;
}

export function parseBudgetAlert(
  rawBody: string,
): { ok: true; alert: BudgetAlert | null } | { ok: false; error: string } {
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch (error) {
    return {
      ok: false,
      error: `the body is not JSON: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  // A common-schema alert that is not about a budget (a metric or log alert sharing the Action
  // Group) is not ours to act on, whatever its alertContext holds: 202, not 400.
  const common = commonEssentials.safeParse(json);
  if (common.success && !isBudgetAlert(common.data.data)) return { ok: true, alert: null };
  const parsed = envelope.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.map(String).join(".") ?? "";
    return { ok: false, error: `${path === "" ? "(root)" : path}: ${issue?.message ?? "invalid"}` };
  }
  const value = parsed.data;
  if (value.schemaId === "AIP Budget Notification") {
    const d = value.data;
    const rg = d.ResourceGroup.trim();
    return {
      ok: true,
      alert: {
        budgetName: d.BudgetName,
        scope: `/subscriptions/${d.SubscriptionId}${rg === "" ? "" : `/resourceGroups/${rg}`}`,
        figures: {
          amount: d.Budget,
          spent: d.SpendingAmount,
          forecast: null,
          currency: d.Unit ?? null,
        },
      },
    };
  }
  const a = value.data.alertContext.AlertData;
  const scope =
    a.Scope ??
    a.BudgetId?.replace(/\/providers\/Microsoft\.Consumption\/budgets\/.*$/i, "") ??
    null;
  return {
    ok: true,
    alert: {
      budgetName: a.BudgetName,
      scope,
      figures: {
        amount: a.BudgetThreshold,
        spent: a.SpentAmount,
        forecast: a.ThresholdType === "Forecasted" ? (a.ForecastedTotalForPeriod ?? null) : null,
        currency: a.Unit ?? null,
      },
    },
  };
}

const normalScope = (scope: string): string => scope.trim().replace(/\/+$/, "").toLowerCase();

export async function handleBudgetAlert(
  rawBody: string,
  deps: BudgetDeps,
  now: Date,
): Promise<AlertReply> {
  if (Buffer.byteLength(rawBody) > MAX_ALERT_BYTES) {
    return {
      status: 413,
      body: { error: `the alert is larger than ${String(MAX_ALERT_BYTES)} bytes` },
    };
  }
  const parsed = parseBudgetAlert(rawBody);
  if (!parsed.ok)
    return { status: 400, body: { error: `malformed budget alert: ${parsed.error}` } };
  const { alert } = parsed;
  if (alert === null)
    return { status: 202, body: { status: "ignored", reason: "not a budget alert" } };
  const name = alert.budgetName.toLowerCase();
  const budget = deps.policy.policy.budgets.find(
    (b) =>
      (b.azureBudget ?? b.name).toLowerCase() === name &&
      (alert.scope === null || normalScope(b.scope) === normalScope(alert.scope)),
  );
  if (!budget) {
    const where = alert.scope === null ? "" : ` at ${alert.scope}`;
    return {
      status: 202,
      body: {
        status: "ignored",
        reason: `no configured budget for Azure budget '${alert.budgetName}'${where}`,
      },
    };
  }
  const report = await evaluateBudgets(deps, now, {
    only: [budget.name],
    alerts: new Map([[budget.name, alert.figures]]),
  });
  const outcome = report.outcomes[0];
  if (outcome?.error) throw new Error(`budget ${budget.name}: ${outcome.error.message}`);
  return {
    status: 200,
    body: {
      status: "evaluated",
      budget: budget.name,
      fired: outcome?.fired.map((f) => f.key) ?? [],
      spent: outcome?.record?.spent ?? null,
      amount: outcome?.record?.amount ?? null,
    },
  };
}
