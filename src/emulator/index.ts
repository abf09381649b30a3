/**
 * @module Public API of the local Azure emulator (SPEC §13): start it, point the official SDK
 * clients at it, drive it (fleet, virtual clock, faults, throttling, request log, costs).
 */
export {
  startEmulator,
  runEmulatorFromFile,
  type Emulator,
  type EmulatorOptions,
} from "./emulator.js";
export {
  emulatorClientOptions,
  staticTokenCredential,
  type EmulatorClientOptions,
  type EmulatorEndpoint,
  type CoreClientEmulatorOptions,
} from "./client-options.js";
export { emulatorRequest, type RawResponse, type RawRequestOptions } from "./raw-client.js";
export {
  durationMs,
  type ClusterSummary,
  type DurationInput,
  type EmulatorControl,
  type FleetSummary,
} from "./control.js";
export {
  fleetSchema,
  loadFleetFile,
  parseFleet,
  parseFleetText,
  validateFleet,
  FleetValidationError,
  type Fleet,
  type FleetCluster,
  type FleetInput,
  type FleetPool,
  type FleetSubscription,
} from "./fleet.js";
export {
  syntheticFleet,
  syntheticSubscriptionId,
  type SyntheticFleetOptions,
} from "./synthetic.js";
export type { CostReport, ClusterCost, PoolCost } from "./costs.js";
export type { Fault, FaultRule } from "./faults.js";
export type { RequestLogEntry, RequestLogFilter } from "./request-log.js";
export type { EmulatorSettings, EmulatorSettingsInput } from "./settings.js";
export { DEFAULT_OPERATION_MINUTES } from "./settings.js";
export type { ThrottleConfig, ThrottleConfigInput, BucketSpec } from "./throttle.js";
export { ARM_LIMITS } from "./throttle.js";
export type { OperationKind } from "./world.js";
export { testCertificate, certificateDirectory } from "./certs.js";
export {
  emulatorSlackOptions,
  type EmulatorSlackOptions,
  type SlackControl,
} from "./slack-control.js";
export type {
  MintResponseUrlInput,
  ResponseUrlInfo,
  SlackCall,
  SlackCallFilter,
  SlackSettings,
  SlackSettingsInput,
  StoredMessage,
} from "./slack-state.js";
export { slackFleetSchema, type SlackFleet } from "./slack-schema.js";
