/**
 * @module What a tick tells people in Slack (SPEC §5, §9, §10): confirmations to whoever asked
 * ("dev-a100 is Running — took 6m12s") on their response_url and in the group channel; pre-stop
 * and off-hours warnings with keep buttons; failures; a refused plan; and the nightly summary after
 * the evening stop edge. Each warning goes out once (the tick reports only new findings). A Slack
 * failure never fails the tick: it is returned for the log.
 */
import type { ResolvedPolicy } from "../config/policy.js";
import { clusterKey, type Cluster } from "../core/fleet/types.js";
import type { Finding } from "../core/plan/types.js";
import { resolveClusterPolicy } from "../core/policy/resolve.js";
import type { TickPolicy } from "../core/policy/types.js";
import { nextTransitions, scheduleZone } from "../core/schedule/index.js";
import { findSku, listPrice } from "../core/skus/index.js";
import type { SlackMessage, SlackPort } from "../ports/slack.js";
import type { StateStore } from "../ports/state-store.js";
import { failureAlert, planRefusedAlert } from "../slack/messages/alerts.js";
import { progressMessage } from "../slack/messages/progress.js";
import { nightlySummary } from "../slack/messages/summary.js";
import { driftWarning, preStopWarning } from "../slack/messages/warnings.js";
import type { TickReport } from "./tick.js";

export interface NotifyDeps {
  readonly slack: SlackPort;
  readonly store: StateStore;
  readonly policy: ResolvedPolicy;
  readonly tickPolicy: TickPolicy;
}

/** Sends what the tick has to say; resolves to the Slack errors met (never rejects). */
export async function announceTick(
  report: TickReport,
  deps: NotifyDeps,
  now: Date,
): Promise<string[]> {
  const errors: string[] = [];
  const send = (what: string, call: () => Promise<unknown>) =>
    call().then(
      () => undefined,
      (error: unknown) =>
        void errors.push(`${what}: ${error instanceof Error ? error.message : String(error)}`),
    );
  const clusters = new Map(report.discovery.clusters.map((c) => [clusterKey(c.id), c]));
  const channelOf = (clusterId: string): string | undefined =>
    groupOf(clusters.get(clusterKey(clusterId)), deps)?.policy.slack.channel;
  const zoneName = deps.policy.zone.name;
  const sends: Promise<void>[] = [];

  for (const c of report.plan.confirmations) {
    const message = progressMessage({
      kind: c.kind,
      cluster: c.target.name,
      ...(c.outcome === "done"
        ? { outcome: "succeeded", tookSeconds: c.durationSeconds }
        : { outcome: "failed", error: { code: "NotConfirmed", message: c.message } }),
    });
    if (c.notify?.responseUrl)
      sends.push(
        send("response_url", () => deps.slack.respond(c.notify?.responseUrl ?? "", message)),
      );
    const channel =
      c.notify?.channel ?? (c.outcome === "failed" ? channelOf(c.target.id) : undefined);
    if (channel) sends.push(send(`post to ${channel}`, () => deps.slack.post(channel, message)));
  }
  for (const r of report.results.filter((x) => x.outcome === "failed")) {
    const channel = channelOf(r.action.target.id);
    const alert = failureAlert({
      kind: r.action.kind === "start-cluster" ? "start" : "stop",
      cluster: r.action.target.name,
      group: r.action.group,
      error: r.error ?? { code: "Unknown", message: "failed" },
      at: now.toISOString(),
      zone: zoneName,
    });
    if (channel) sends.push(send(`post to ${channel}`, () => deps.slack.post(channel, alert)));
  }
  for (const finding of report.findings) {
    const routed = findingMessage(finding, report, deps, now);
    const channel =
      routed &&
      (routed.channel ?? ("target" in finding ? channelOf(finding.target.id) : undefined));
    if (routed && channel)
      sends.push(send(`post to ${channel}`, () => deps.slack.post(channel, routed.message)));
  }
  const summary = await nightly(report, deps, now);
  if (summary)
    sends.push(
      send(`post to ${summary.channel}`, () => deps.slack.post(summary.channel, summary.message)),
    );
  await Promise.all(sends);
  return errors;
}

function findingMessage(
  finding: Finding,
  report: TickReport,
  deps: NotifyDeps,
  now: Date,
): { message: SlackMessage; channel?: string } | null {
  const zone = deps.policy.zone.name;
  switch (finding.kind) {
    case "pre-stop-warning":
      return {
        message: preStopWarning({
          clusterId: finding.target.id,
          cluster: finding.target.name,
          stopAt: finding.stopAt,
          zone: zoneFor(finding.target.id, report, deps),
        }),
      };
    case "off-hours-running":
      return {
        message: driftWarning({
          clusterId: finding.target.id,
          cluster: finding.target.name,
          zone: zoneFor(finding.target.id, report, deps),
          since: finding.since,
          stopAt: finding.stopAt,
        }),
      };
    case "invalid-tag":
    case "cluster-failed":
      return {
        message: failureAlert({
          kind: "start",
          cluster: finding.target.name,
          group: finding.group,
          error: {
            code: finding.kind === "invalid-tag" ? "InvalidTag" : "Failed",
            message: finding.message,
          },
          at: now.toISOString(),
          zone,
        }),
      };
    case "cap-exceeded": {
      const channel = deps.policy.policy.slack.alertChannel;
      if (!channel) return null;
      const refused = report.plan.refused?.actions ?? [];
      return {
        channel,
        message: planRefusedAlert({
          actions: refused.length,
          limit: deps.tickPolicy.maxActionsPerTick,
          targets: refused.map(
            (a) => `${a.kind === "start-cluster" ? "start" : "stop"} ${a.target.name}`,
          ),
          at: now.toISOString(),
          zone,
        }),
      };
    }
  }
}

/**
 * After the evening stop edge — the first tick that stops clusters on their schedule on a local
 * day — one summary to `reports.nightly.channel`: stopped, kept running (overrides), failed, and
 * the GPU list-price cost avoided until each cluster's next start.
 */
async function nightly(
  report: TickReport,
  deps: NotifyDeps,
  now: Date,
): Promise<{ channel: string; message: SlackMessage } | null> {
  const channel = deps.policy.policy.reports.nightly?.channel;
  const stops = report.plan.actions.filter(
    (a) => a.kind === "stop-cluster" && a.rule === "schedule",
  );
  if (!channel || stops.length === 0 || !report.applied) return null;
  const day = new Date(now.getTime() + deps.policy.zone.offsetAt(now.getTime()) * 60_000)
    .toISOString()
    .slice(0, 10);
  if (!(await deps.store.dedupe.claim(`nightly:${day}`, now.toISOString()))) return null;
  const overrides = await deps.store.overrides.active(now.toISOString());
  const byKey = new Map(report.discovery.clusters.map((c) => [clusterKey(c.id), c]));
  const savings = stops.reduce(
    (sum, a) => sum + avoidedCost(byKey.get(clusterKey(a.target.id)), deps, now),
    0,
  );
  const message = nightlySummary({
    at: now.toISOString(),
    zone: deps.policy.zone.name,
    stopped: stops.map((a) => ({ cluster: a.target.name })),
    keptRunning: overrides
      .filter((o) => o.state === "running")
      .map((o) => ({
        cluster: byKey.get(clusterKey(o.clusterId))?.name ?? o.clusterId,
        owner: o.owner,
        until: o.until,
        reason: o.reason,
      })),
    failed: report.results
      .filter((r) => r.outcome === "failed")
      .map((r) => ({
        cluster: r.action.target.name,
        action: r.action.kind === "start-cluster" ? "start" : "stop",
        error: r.error?.message ?? "failed",
      })),
    savings: {
      amount: Math.round(savings * 100) / 100,
      currency: "USD",
      basis:
        "estimate: GPU nodes × pay-as-you-go list price (bundled snapshot) until each cluster's next scheduled start",
    },
  });
  return { channel, message };
}

function avoidedCost(cluster: Cluster | undefined, deps: NotifyDeps, now: Date): number {
  if (!cluster) return 0;
  const resolved = resolveClusterPolicy(cluster, deps.tickPolicy);
  if (resolved.kind !== "managed" || !resolved.schedule) return 0;
  const [next] = nextTransitions(resolved.schedule, now, 2, resolved.group.holidays).filter(
    (t) => t.state === "running",
  );
  const hours = next ? (next.at.getTime() - now.getTime()) / 3_600_000 : 0;
  return cluster.pools.reduce((sum, pool) => {
    const price = findSku(pool.vmSize) ? (listPrice(pool.vmSize, "payg")?.usdPerHour ?? 0) : 0;
    return sum + pool.count * price * hours;
  }, 0);
}

function groupOf(cluster: Cluster | undefined, deps: NotifyDeps) {
  if (!cluster) return undefined;
  const resolved = resolveClusterPolicy(cluster, deps.tickPolicy);
  return resolved.kind === "unmanaged"
    ? undefined
    : deps.policy.groups.find((g) => g.name === resolved.group.name);
}

function zoneFor(clusterId: string, report: TickReport, deps: NotifyDeps): string {
  const cluster = report.discovery.clusters.find((c) => clusterKey(c.id) === clusterKey(clusterId));
  const resolved = cluster ? resolveClusterPolicy(cluster, deps.tickPolicy) : null;
  const schedule = resolved?.kind === "managed" ? resolved.schedule : null;
  return (schedule && scheduleZone(schedule)?.name) ?? deps.policy.zone.name;
}
