/**
 * @module The nightly summary (SPEC §9): once per local day (the policy's timezone), after the
 * evening stop edge — the tick that stops clusters on their schedule when no managed cluster has a
 * scheduled stop left before midnight. It lists what the schedules stopped that day (from the
 * audit log), what overrides keep running (owner, expiry), what failed, and the GPU cost avoided
 * until each cluster's next start, at list prices.
 */
import { clusterKey, type Cluster } from "../core/fleet/types.js";
import { resolveClusterPolicy } from "../core/policy/resolve.js";
import { nextTransitions } from "../core/schedule/index.js";
import { listPrice } from "../core/skus/index.js";
import { localTime, wallToInstant } from "../core/time/zone.js";
import type { SlackMessage } from "../ports/slack.js";
import type { AuditEntry } from "../ports/state-types.js";
import { nightlySummary } from "../slack/messages/summary.js";
import type { NotifyDeps } from "./notify.js";
import type { TickReport } from "./tick.js";

interface StoppedPool {
  readonly vmSize: string;
  readonly count: number;
}

export async function nightlySummaryFor(
  report: TickReport,
  deps: NotifyDeps,
  now: Date,
): Promise<{ channel: string; message: SlackMessage } | null> {
  const channel = deps.policy.policy.reports.nightly?.channel;
  const stopsNow = report.plan.actions.some(
    (a) => a.kind === "stop-cluster" && a.rule === "schedule",
  );
  if (!channel || !report.applied || !stopsNow) return null;
  const zone = deps.policy.zone;
  const today = localTime(zone, now.getTime()).day;
  const midnight = new Date(wallToInstant(zone, today + 1, 0));
  if (report.discovery.clusters.some((c) => stopsBefore(c, deps, now, midnight))) return null;
  const day = new Date(today * 86_400_000).toISOString().slice(0, 10);
  if (!(await deps.store.dedupe.claim(`nightly:${day}`, now.toISOString()))) return null;

  const since = new Date(wallToInstant(zone, today, 0)).toISOString();
  const audit = await deps.store.audit.list({
    from: since,
    to: new Date(now.getTime() + 1).toISOString(),
  });
  const byKey = new Map(report.discovery.clusters.map((c) => [clusterKey(c.id), c]));
  const stopped = scheduleStops(audit);
  const overrides = await deps.store.overrides.active(now.toISOString());
  const name = (id: string) => byKey.get(clusterKey(id))?.name ?? id.split("/").at(-1) ?? id;
  const savings = [...stopped].reduce(
    (sum, [id, pools]) => sum + avoidedCost(byKey.get(id), pools, deps, now),
    0,
  );
  const message = nightlySummary({
    at: now.toISOString(),
    zone: zone.name,
    stopped: [...stopped.keys()].map((id) => ({ cluster: name(id) })),
    keptRunning: overrides
      .filter((o) => o.state === "running")
      .map((o) => ({
        cluster: name(o.clusterId),
        owner: o.owner,
        until: o.until,
        ...(o.reason ? { reason: o.reason } : {}),
      })),
    failed: audit
      .filter((e) => e.kind === "result" && e.reason.startsWith("failed"))
      .map((e) => ({
        cluster: name(e.target),
        action: detailString(e, "action") ?? "operation",
        error: e.reason,
      })),
    savings: {
      amount: Math.round(savings * 100) / 100,
      currency: "USD",
      basis:
        "estimate: nodes × pay-as-you-go list price (bundled snapshot) until each cluster's next scheduled start",
    },
  });
  return { channel, message };
}

/** Does a managed cluster still have a scheduled stop (or an override ending) before `midnight`? */
function stopsBefore(cluster: Cluster, deps: NotifyDeps, now: Date, midnight: Date): boolean {
  const resolved = resolveClusterPolicy(cluster, deps.tickPolicy);
  if (resolved.kind !== "managed" || !resolved.schedule) return false;
  return nextTransitions(resolved.schedule, now, 2, resolved.group.holidays).some(
    (t) => t.state === "stopped" && t.at.getTime() < midnight.getTime(),
  );
}

/** Clusters the schedule stopped since `since`, with the pools they had (from the action rows). */
function scheduleStops(audit: readonly AuditEntry[]): Map<string, readonly StoppedPool[]> {
  const stops = new Map<string, readonly StoppedPool[]>();
  for (const entry of audit) {
    if (entry.kind !== "action" || detailString(entry, "action") !== "stop-cluster") continue;
    if (detailString(entry, "rule") !== "schedule") continue;
    const detail = entry.detail as { pools?: unknown } | undefined;
    const pools = Array.isArray(detail?.pools) ? (detail.pools as StoppedPool[]) : [];
    stops.set(clusterKey(entry.target), pools);
  }
  return stops;
}

function avoidedCost(
  cluster: Cluster | undefined,
  pools: readonly StoppedPool[],
  deps: NotifyDeps,
  now: Date,
): number {
  if (!cluster) return 0;
  const resolved = resolveClusterPolicy(cluster, deps.tickPolicy);
  if (resolved.kind !== "managed" || !resolved.schedule) return 0;
  const [next] = nextTransitions(resolved.schedule, now, 2, resolved.group.holidays).filter(
    (t) => t.state === "running",
  );
  const hours = next ? (next.at.getTime() - now.getTime()) / 3_600_000 : 0;
  return pools.reduce(
    (sum, pool) => sum + pool.count * (listPrice(pool.vmSize, "payg")?.usdPerHour ?? 0) * hours,
    0,
  );
}

function detailString(entry: AuditEntry, key: string): string | undefined {
  const detail = entry.detail;
  if (typeof detail !== "object" || detail === null || Array.isArray(detail)) return undefined;
  const value = (detail as Record<string, unknown>)[key];
  return typeof value === "string" ? value : undefined;
}
