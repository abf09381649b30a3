/**
 * @module Status of each cluster, as `gpu-warden status` and `/gpu status` show it: who manages it,
 * what it is, what it should be and why, when that next changes, overrides and pending operations.
 */
import type { Cluster } from "../fleet/types.js";
import { resolveClusterPolicy } from "../policy/resolve.js";
import type { TickPolicy } from "../policy/types.js";
import { nextTransitions, stateAt } from "../schedule/index.js";
import { formatInstant } from "../time/zone.js";
import { desiredState, learnedStartSeconds, type OverrideView } from "./desired.js";
import type { ClusterMemory } from "./types.js";

export interface ClusterStatus {
  readonly name: string;
  readonly resourceGroup: string;
  readonly subscriptionId: string;
  readonly group: string | null;
  /** managed, protected, excluded, invalid-tag or unmanaged. */
  readonly management: string;
  readonly powerState: string;
  readonly provisioningState: string;
  readonly gpuNodes: number;
  readonly desired: "running" | "stopped" | null;
  readonly why: string;
  readonly nextChange: { readonly at: string; readonly state: "running" | "stopped" } | null;
  readonly override: OverrideView | null;
  readonly pending: string | null;
}

export function clusterStatus(
  cluster: Cluster,
  policy: TickPolicy,
  memory: ClusterMemory | undefined,
  override: OverrideView | undefined,
  now: Date,
  isGpuPool: (vmSize: string) => boolean,
): ClusterStatus {
  const resolved = resolveClusterPolicy(cluster, policy);
  const base = {
    name: cluster.name,
    resourceGroup: cluster.resourceGroup,
    subscriptionId: cluster.subscriptionId,
    group: resolved.kind === "unmanaged" ? null : resolved.group.name,
    management: resolved.kind,
    powerState: cluster.powerState,
    provisioningState: cluster.provisioningState,
    gpuNodes: cluster.pools.filter((p) => isGpuPool(p.vmSize)).reduce((sum, p) => sum + p.count, 0),
    override: override ?? null,
    pending: memory?.pending ? `${memory.pending.kind} since ${memory.pending.issuedAt}` : null,
  };
  if (resolved.kind !== "managed" || !resolved.schedule) {
    const why =
      resolved.kind === "invalid-tag"
        ? resolved.reason
        : resolved.kind === "managed"
          ? "no schedule in effect"
          : resolved.kind;
    return { ...base, desired: null, why, nextChange: null };
  }
  const { group, schedule } = resolved;
  const desire = desiredState({
    now,
    schedule,
    holidays: group.holidays,
    override,
    budgetStop: false,
    readyBySeconds: group.readyBy ? learnedStartSeconds(memory?.startDurationsSeconds ?? []) : 0,
  });
  return { ...base, desired: desire.state, why: desire.why, nextChange: nextChange() };

  /** While an override holds, the next change is its end (when the schedule says otherwise). */
  function nextChange(): ClusterStatus["nextChange"] {
    if (override) {
      const until = new Date(override.until);
      const after = stateAt(schedule, until, group.holidays);
      if (after !== override.state) return { at: formatInstant(until.getTime()), state: after };
      const [later] = nextTransitions(schedule, until, 1, group.holidays);
      return later ? { at: formatInstant(later.at.getTime()), state: later.state } : null;
    }
    const [next] = nextTransitions(schedule, now, 1, group.holidays);
    return next ? { at: formatInstant(next.at.getTime()), state: next.state } : null;
  }
}
