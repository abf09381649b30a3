/**
 * @module What the demo measures at each tick, per cluster: minutes running (as discovery sees
 * it), minutes its schedule says running, minutes an override kept it running outside its
 * schedule, scheduled minutes a budget's `stop-clusters` kept it stopped, its group, and why an
 * unmanaged cluster was skipped.
 */
import type { TickReport } from "../app/tick.js";
import type { BudgetEffects } from "../core/budget/effects.js";
import { clusterKey } from "../core/fleet/types.js";
import { resolveClusterPolicy } from "../core/policy/resolve.js";
import type { TickPolicy } from "../core/policy/types.js";
import { stateAt } from "../core/schedule/index.js";
import type { Override } from "../ports/state-types.js";

export interface ClusterSample {
  group: string | null;
  managed: boolean;
  runningMinutes: number;
  scheduledMinutes: number;
  overriddenMinutes: number;
  budgetStoppedMinutes: number;
}

export class WeekSampler {
  readonly clusters = new Map<string, ClusterSample>();
  readonly skipped = new Map<string, string>();

  constructor(
    private readonly policy: TickPolicy,
    private readonly tickMinutes: number,
  ) {}

  sample(
    report: TickReport,
    overrides: readonly Override[],
    now: Date,
    effects: BudgetEffects,
  ): void {
    const keptRunning = new Set(
      overrides.filter((o) => o.state === "running").map((o) => clusterKey(o.clusterId)),
    );
    for (const cluster of report.discovery.clusters) {
      const key = clusterKey(cluster.id);
      const resolved = resolveClusterPolicy(cluster, this.policy);
      const entry = this.clusters.get(key) ?? {
        group: resolved.kind === "unmanaged" ? null : resolved.group.name,
        managed: resolved.kind === "managed",
        runningMinutes: 0,
        scheduledMinutes: 0,
        overriddenMinutes: 0,
        budgetStoppedMinutes: 0,
      };
      if (cluster.powerState === "Running") entry.runningMinutes += this.tickMinutes;
      if (resolved.kind === "managed" && resolved.schedule) {
        const scheduled = stateAt(resolved.schedule, now, resolved.group.holidays) === "running";
        if (scheduled) entry.scheduledMinutes += this.tickMinutes;
        else if (keptRunning.has(key)) entry.overriddenMinutes += this.tickMinutes;
        if (scheduled && effects.stoppedGroups.has(resolved.group.name))
          entry.budgetStoppedMinutes += this.tickMinutes;
      } else if (resolved.kind !== "managed") {
        const reason = report.plan.skipped.find((s) => s.target.id === cluster.id)?.reason;
        if (reason) this.skipped.set(cluster.name, reason);
      }
      this.clusters.set(key, entry);
    }
  }
}
