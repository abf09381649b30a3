/**
 * @module Bad input at `POST /api/budget-alert` (SPEC §7, §16), through the function shell:
 * malformed alerts get 400 naming what is wrong, alerts that are not ours or name no configured
 * budget get 202, an oversized body 413 — and none of them reads costs, writes the store, posts
 * to Slack or calls Azure.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { makeBudgetAlertHandler } from "../../src/functions/budget-alert.js";
import { context, NOW, post, world } from "./harness.js";

const alert = (file: string): string =>
  readFileSync(`../shared/azure-rest-examples/alerts/${file}`, "utf8");
const COMMON = alert("budget-common-schema-actual.json");

/** A metric alert in the common schema (shape from Azure Monitor's docs), sharing the Action Group. */
const METRIC_ALERT = JSON.stringify({
  schemaId: "azureMonitorCommonAlertSchema",
  data: {
    essentials: {
      alertId:
        "/subscriptions/11111111-1111-4111-8111-111111111111/providers/Microsoft.AlertsManagement/alerts/1",
      alertRule: "node-cpu-high",
      severity: "Sev3",
      signalType: "Metric",
      monitorCondition: "Fired",
      monitoringService: "Platform",
      alertTargetIDs: ["/subscriptions/11111111-1111-4111-8111-111111111111/resourcegroups/team-a"],
    },
    alertContext: {
      conditionType: "SingleResourceMultipleMetricCriteria",
      condition: { allOf: [] },
    },
  },
});

const malformed = (error: string) => ({
  status: 400,
  jsonBody: { error: `malformed budget alert: ${error}` },
});
const ignored = (reason: string) => ({ status: 202, jsonBody: { status: "ignored", reason } });
const ENVELOPE = "expected schemaId 'AIP Budget Notification' or 'azureMonitorCommonAlertSchema'";

const CASES: [string, string, string, unknown][] = [
  [
    "an empty body",
    "",
    "application/json",
    malformed("the body is not JSON: Unexpected end of JSON input"),
  ],
  [
    "broken JSON",
    "{schemaId:",
    "application/json",
    malformed("the body is not JSON: Expected property name or '}' in JSON at position 1"),
  ],
  ["a JSON array", "[]", "application/json", malformed(`(root): ${ENVELOPE}`)],
  ["JSON null", "null", "application/json", malformed(`(root): ${ENVELOPE}`)],
  ["an empty object", "{}", "application/json", malformed(`schemaId: ${ENVELOPE}`)],
  [
    "an activity-log alert",
    JSON.stringify({ schemaId: "Microsoft.Insights/activityLogs", data: {} }),
    "application/json",
    malformed(`schemaId: ${ENVELOPE}`),
  ],
  [
    "a form body (wrong content type)",
    "schemaId=AIP+Budget+Notification&data=x",
    "application/x-www-form-urlencoded",
    malformed(`the body is not JSON: Unexpected token 's', "schemaId=A"... is not valid JSON`),
  ],
  [
    "a budget alert missing its data",
    JSON.stringify({ schemaId: "AIP Budget Notification" }),
    "application/json",
    malformed("data: Invalid input: expected object, received undefined"),
  ],
  [
    "an amount that is no amount",
    COMMON.replace('"$11,111.00"', '"eleven dollars"'),
    "application/json",
    malformed(
      'data.alertContext.AlertData.SpentAmount: expected an amount such as $11,111.00, got "eleven dollars"',
    ),
  ],
  [
    "a negative amount",
    COMMON.replace('"$11,111.00"', '"-$5.00"'),
    "application/json",
    malformed(
      'data.alertContext.AlertData.SpentAmount: expected an amount such as $11,111.00, got "-$5.00"',
    ),
  ],
  [
    "a metric alert sharing the Action Group",
    METRIC_ALERT,
    "application/json",
    ignored("not a budget alert"),
  ],
  [
    "an alert for a budget not configured",
    alert("budget-aip-notification.scenario.json"),
    "application/json",
    ignored("no configured budget for Azure budget 'BudgetName' at /subscriptions/<GUID>"),
  ],
  [
    "an unknown budget, sent as text/plain",
    alert("budget-aip-notification.testaction.json"),
    "text/plain",
    ignored(
      "no configured budget for Azure budget 'test-budgetName' at /subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/test-RG",
    ),
  ],
  [
    "markup as the budget name",
    alert("budget-aip-notification.scenario.json").replace(
      /"BudgetName":"[^"]*"/,
      '"BudgetName":"<script>alert(1)</script>"',
    ),
    "application/json",
    ignored(
      "no configured budget for Azure budget '<script>alert(1)</script>' at /subscriptions/<GUID>",
    ),
  ],
  [
    "an oversized body (over 256 KiB)",
    JSON.stringify({ schemaId: "AIP Budget Notification", pad: "x".repeat(270_000) }),
    "application/json",
    { status: 413, jsonBody: { error: "the alert is larger than 262144 bytes" } },
  ],
];

describe("budget alerts gpu-warden will not act on", () => {
  it.each(CASES)(
    "%s → the exact answer, and nothing changes",
    async (_what, body, type, answer) => {
      const w = await world();
      const before = await w.state();
      const handler = makeBudgetAlertHandler(
        () => Promise.resolve(w.rt),
        () => NOW,
      );
      const reply = await handler(
        post("budget-alert", body, { "content-type": type }),
        context("budget-alert").ctx,
      );
      expect(reply).toEqual(answer);
      expect(await w.state()).toEqual(before);
    },
  );
});
