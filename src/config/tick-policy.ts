/**
 * @module The planner's view of a resolved policy (src/core/policy/types): built once per process.
 */
import type { TickPolicy } from "../core/policy/types.js";
import type { ResolvedPolicy } from "./resolve-policy.js";

export function toTickPolicy(resolved: ResolvedPolicy): TickPolicy {
  return {
    timezone: resolved.zone.name,
    maxActionsPerTick: resolved.policy.limits.maxActionsPerTick,
    groups: resolved.groups.map((group) => ({
      name: group.name,
      match: group.policy.match,
      schedule: group.schedule,
      holidays: group.holidays,
      readyBy: group.policy.readyBy,
      offHours: group.policy.offHours,
      warnBeforeStopMinutes: group.policy.warnBeforeStopMinutes,
      protected: group.policy.protected,
    })),
  };
}
