/**
 * @module Hygiene findings (SPEC §8), pure: the common mistakes of GPU clusters, each with its
 * evidence and fix.
 */
export { compareFindings, findHygiene, residualCostFinding } from "./find.js";
export {
  FINDING_KINDS,
  poolKey,
  type Finding,
  type FindingKind,
  type FindingMoney,
  type HygieneInput,
  type PriceLookup,
  type Severity,
} from "./types.js";
