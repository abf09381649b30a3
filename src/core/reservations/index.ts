/**
 * @module Reservation advice (SPEC §8), pure: per region and VM size, the savings-maximizing
 * quantity over the hourly series, break-even uptime, 1- vs 3-year, refusals with reasons and the
 * money reserving would lose, Azure's own recommendations beside ours, and the sentences for them.
 */
export { adviseReservation, annualSavingsOfOne, DEFAULT_MIN_HOURS } from "./advise.js";
export { besideAzure, type AdviceBesideAzure } from "./beside-azure.js";
export {
  basisOf,
  describePoolRefusal,
  describeRefusal,
  describeTerms,
  describeVerdict,
} from "./describe.js";
export { breakEvenUptime, optimalQuantity, seriesSavings, sumSeries, uptimeShare } from "./math.js";
export {
  HOURS_PER_YEAR,
  RESERVATION_TERMS,
  TERM_YEARS,
  type AzureReservationRecommendation,
  type PoolExclusion,
  type PoolRefusal,
  type PoolUsage,
  type RefusalReason,
  type ReservationAdvice,
  type ReservationInput,
  type ReservationTerm,
  type SwitchOff,
  type TermAnalysis,
  type Verdict,
} from "./types.js";
