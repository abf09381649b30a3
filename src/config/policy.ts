/**
 * @module The policy file (SPEC §3): schema, loading, validation and the resolved view. Load it
 * once at start-up with `loadPolicyFile()`; everything downstream reads the frozen result.
 *
 * @example
 * const policy = await loadPolicyFile(); // flag/env/./gpu-warden.yaml; throws PolicyError
 * for (const group of policy.groups) {
 *   if (group.schedule) stateAt(group.schedule, now, group.holidays);
 * }
 */
export { BUDGET_ACTIONS } from "./budget-schema.js";
export {
  formatFromFilename,
  loadPolicy,
  validatePolicy,
  type LoadPolicyOptions,
  type PolicyFormat,
  type PolicyResult,
} from "./load-policy.js";
export {
  DEFAULT_POLICY_FILE,
  POLICY_FILE_VARIABLE,
  PolicyError,
  loadPolicyFile,
  policyFilePath,
  type PolicyErrorCode,
} from "./load-policy-file.js";
export { renderIssue, renderIssues, type PolicyIssue } from "./policy-issues.js";
export {
  policySchema,
  type BudgetAction,
  type BudgetPolicy,
  type BudgetThreshold,
  type GroupPolicy,
  type IdlePolicy,
  type OffHoursPolicy,
  type Policy,
} from "./policy-schema.js";
export type { ResolvedGroup, ResolvedPolicy } from "./resolve-policy.js";
