/**
 * @module The weekly report as JSON (CLI `--format json`): the model as it is, under a kind and
 * version so consumers can tell what they read. Money is USD; `basis` says billed or list price.
 */
import type { WeeklyReport } from "../core/report/index.js";

export const REPORT_JSON_KIND = "gpu-warden.weekly-report";
export const REPORT_JSON_VERSION = 1;

export function renderJson(report: WeeklyReport): string {
  return `${JSON.stringify({ kind: REPORT_JSON_KIND, version: REPORT_JSON_VERSION, currency: "USD", ...report }, null, 2)}\n`;
}
