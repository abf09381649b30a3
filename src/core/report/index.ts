/**
 * @module The weekly report model (SPEC §9), pure: built from billed cost rows streamed in pages,
 * the fleet, budgets, the savings ledger, reservation advice and hygiene findings.
 */
export { OUTSIDE_POOLS, type ReportWindows } from "./aggregate.js";
export { buildWeeklyReport, CHART_CLUSTERS, CHART_DAYS, reportWindows } from "./build.js";
export { OTHER_CLUSTERS } from "./daily.js";
export { entryCents, entryHours, savingsIn } from "./savings.js";
export { ResourceMapper, type MappedResource } from "./resource-map.js";
export type {
  BudgetEvent,
  BudgetStatus,
  ClusterLine,
  CostRow,
  DaySeries,
  LedgerEntry,
  Money,
  PoolLine,
  ReportInput,
  SavingsLine,
  WeeklyReport,
} from "./types.js";
