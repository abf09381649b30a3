/**
 * @module The nightly summary (SPEC §9): once per local day (the policy's timezone), after the
 * evening stop edge — the tick that stops clusters on their schedule when no managed cluster has a
 * scheduled stop left before midnight. It lists what the schedules stopped that day (from the
 * audit log), what overrides keep running (owner, expiry), what failed, and the estimated savings
 * from the savings ledger (the one the weekly report sums): over the 24 hours before the summary,
 * nodes × list price × hours avoided, open entries counted up to now. Tonight's stops count from
 * the tick that confirms them, so they show in tomorrow's figure.
 */
import { clusterKey, type Cluster } from "../core/fleet/types.js";
import { resolveClusterPolicy } from "../core/policy/resolve.js";
import { nextTransitions } from "../core/schedule/index.js";
import { entrySavings } from "../core/history/ledger-rules.js";
import type { LedgerEntry } from "../ports/history.js";
import { localTime, wallToInstant } from "../core/time/zone.js";
import type { SlackMessage } from "../ports/slack.js";
import type { AuditEntry } from "../ports/state-types.js";
import { nightlySummary } from "../slack/messages/summary.js";
import type { NotifyDeps } from "./notify.js";
import type { TickReport } from "./tick.js";

const DAY_MS = 86_400_000;

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
  const dayBefore = now.getTime() - DAY_MS;
  const entries = await deps.store.ledger.list({
    from: new Date(dayBefore).toISOString(),
    to: new Date(now.getTime() + 1).toISOString(),
  });
  const savings = entries.reduce((sum, e) => sum + entrySavings(e, dayBefore, now.getTime()), 0);
  const message = nightlySummary({
    at: now.toISOString(),
    zone: zone.name,
    stopped: [...stopped].map((id) => ({ cluster: name(id) })),
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
      basis: `savings ledger, last 24 h: nodes × list price (${priceLabels(entries)}) × hours avoided`,
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

/** Clusters the schedule stopped since `since` (from the action rows). */
function scheduleStops(audit: readonly AuditEntry[]): Set<string> {
  const stops = new Set<string>();
  for (const entry of audit) {
    if (entry.kind !== "action" || detailString(entry, "action") !== "stop-cluster") continue;
    if (detailString(entry, "rule") !== "schedule") continue;
    stops.add(clusterKey(entry.target));
  }
  return stops;
}

/** The price bases of the entries: `snapshot 2026-09-12`, joined when mixed. */
function priceLabels(entries: readonly LedgerEntry[]): string {
  const labels = new Set(
    entries.map((e) =>
      `${e.basis === "retail-api" ? "retail API" : "snapshot"} ${e.priceAsOf ?? ""}`.trim(),
    ),
  );
  return labels.size === 0 ? "no entries" : [...labels].sort().join(", ");
}

function detailString(entry: AuditEntry, key: string): string | undefined {
  const detail = entry.detail;
  if (typeof detail !== "object" || detail === null || Array.isArray(detail)) return undefined;
  const value = (detail as Record<string, unknown>)[key];
  return typeof value === "string" ? value : undefined;
}
