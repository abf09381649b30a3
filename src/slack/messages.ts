/**
 * @module Block Kit builders for every message gpu-warden sends (SPEC §10, §5, §9). Each returns a
 * `SlackMessage` with a `text` fallback and stays within Slack's limits (`limits.ts`) for any input:
 * long names are clipped, long lists paged into counts and "… and N more".
 */
export { ackMessage, type AckInput } from "./messages/ack.js";
export {
  clusterProblem,
  failureAlert,
  planRefusedAlert,
  type ClusterProblemInput,
  type FailureAlertInput,
  type PlanRefusedInput,
} from "./messages/alerts.js";
export { type OperationError } from "./messages/error-text.js";
export { helpMessage } from "./messages/help.js";
export { type OperationKind, type OperationTarget } from "./messages/operation.js";
export { progressMessage, type ProgressInput } from "./messages/progress.js";
export {
  refusalMessage,
  type AllowList,
  type Refusal,
  type RefusedAction,
} from "./messages/refusals.js";
export { statusMessage, type ClusterStatusView, type StatusInput } from "./messages/status.js";
export { nightlySummary, type NightlySummaryInput } from "./messages/summary.js";
export {
  driftWarning,
  preStopWarning,
  warningOutcome,
  type DriftWarningInput,
  type PreStopWarningInput,
  type WarningOutcome,
} from "./messages/warnings.js";
