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
import { scheduleZone } from "../core/schedule/index.js";
import type { SlackMessage, SlackPort } from "../ports/slack.js";
import type { StateStore } from "../ports/state-store.js";
import { clusterProblem, failureAlert, planRefusedAlert } from "../slack/messages/alerts.js";
import { progressMessage } from "../slack/messages/progress.js";
import { driftWarning, preStopWarning } from "../slack/messages/warnings.js";
import { nightlySummaryFor } from "./nightly.js";
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
  // Pool operations someone asked for (`/gpu wake`, `/gpu start` on a running cluster).
  for (const c of report.plan.pools.confirmations) {
    if (!c.notify?.responseUrl && !c.notify?.channel) continue;
    const message = progressMessage({
      kind: c.kind,
      cluster: c.target.name,
      pool: c.pool,
      ...(c.outcome === "done"
        ? { outcome: "succeeded" }
        : { outcome: "failed", error: { code: "NotConfirmed", message: c.message } }),
    });
    const { responseUrl, channel } = c.notify;
    if (responseUrl)
      sends.push(send("response_url", () => deps.slack.respond(responseUrl, message)));
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
  const summary = await nightlySummaryFor(report, deps, now);
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
      return {
        message: clusterProblem({
          cluster: finding.target.name,
          group: finding.group,
          problem: finding.message,
          consequence: "gpu-warden skips this cluster until the tag is fixed",
        }),
      };
    case "cluster-failed":
      return {
        message: clusterProblem({
          cluster: finding.target.name,
          group: finding.group,
          problem: finding.message,
          consequence: "gpu-warden leaves it alone until it recovers",
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
