/**
 * @module `/gpu status`: one cluster in detail, or a list grouped by gpu-warden group, paged so a
 * fleet of thousands still fits Slack's limits ("… and N more").
 */
import type { Block, SlackMessage } from "../../ports/slack.js";
import { context, fields, header, section } from "../blocks.js";
import { LIMITS } from "../limits.js";
import { andMore, formatMoney, localClock, mentionUser, packLines, plural, safe } from "../text.js";
import { NAME_MAX } from "./operation.js";

export interface ClusterStatusView {
  /** Display name: name, or resourceGroup/name. */
  readonly cluster: string;
  readonly group: string | null;
  /** IANA zone of the group's schedule, for local times. */
  readonly zone: string;
  readonly powerState: string;
  readonly provisioningState: string;
  /** The schedule as configured, e.g. `Mon-Fri 08:00-20:00`; null when none is in effect. */
  readonly schedule: string | null;
  readonly nextChange: { readonly at: string; readonly state: "running" | "stopped" } | null;
  readonly override: {
    readonly state: "running" | "stopped";
    readonly until: string;
    readonly owner: string;
    readonly reason?: string;
  } | null;
  readonly pending: { readonly kind: string; readonly since: string } | null;
  /** GPU pools gpu-warden scaled to zero. */
  readonly idlePools?: readonly string[];
  readonly costToday?: { readonly amount: number; readonly currency: string };
  /** Why it is not managed, or anything else worth one line. */
  readonly note?: string;
}

export interface StatusInput {
  readonly clusters: readonly ClusterStatusView[];
  /** Names the day of times that are not today. */
  readonly now: string;
}

/** Sections of the list at most; the rest is counted. */
const LIST_SECTIONS = 20;
const LIST_NAME_MAX = 80;

export function statusMessage(input: StatusInput): SlackMessage {
  const [only] = input.clusters;
  if (only === undefined) {
    const none = "No clusters to show.";
    return { text: none, blocks: [section(none)] };
  }
  if (input.clusters.length === 1) return oneCluster(only, input.now);
  return clusterList(input.clusters, input.now);
}

function oneCluster(c: ClusterStatusView, now: string): SlackMessage {
  const headline = `*${safe(c.cluster, NAME_MAX)}* is ${power(c)}`;
  const cells = [
    `*Group*\n${c.group === null ? "none" : safe(c.group, 150)}`,
    `*Schedule*\n${c.schedule === null ? "none in effect" : safe(c.schedule, 300)}`,
    `*Next change*\n${c.nextChange === null ? "none planned" : nextChange(c, now)}`,
    `*Override*\n${c.override === null ? "none" : override(c, now)}`,
    `*Pending operation*\n${c.pending === null ? "none" : pending(c, now)}`,
  ];
  if (c.idlePools !== undefined && c.idlePools.length > 0) {
    cells.push(`*Pools scaled to zero*\n${idlePools(c.idlePools)}`);
  }
  if (c.costToday !== undefined) {
    cells.push(
      `*Today's cost (estimate)*\n${formatMoney(c.costToday.amount, c.costToday.currency)}`,
    );
  }
  const blocks: Block[] = [section(headline), fields(cells)];
  if (c.note !== undefined) blocks.push(context([safe(c.note, 500)]));
  const text = `${safe(c.cluster, NAME_MAX)} is ${power(c)}${
    c.nextChange === null ? "" : `; ${nextChange(c, now)}`
  }`;
  return { text, blocks };
}

function clusterList(clusters: readonly ClusterStatusView[], now: string): SlackMessage {
  const running = clusters.filter((c) => c.powerState === "Running").length;
  const stopped = clusters.filter((c) => c.powerState === "Stopped").length;
  const busy = clusters.filter((c) => c.pending !== null).length;
  const counts = [`${running} running`, `${stopped} stopped`];
  if (busy > 0) counts.push(`${busy} with an operation pending`);
  const lines: string[] = [];
  for (const [group, members] of byGroup(clusters)) {
    lines.push(`*${group === null ? "not in a group" : safe(group, 150)}* (${members.length})`);
    for (const c of members) lines.push(listLine(c, now));
  }
  const { chunks, omitted } = packLines(lines, LIMITS.sectionText, LIST_SECTIONS);
  const blocks: Block[] = [
    header(`GPU clusters (${clusters.length})`),
    context([counts.join(" · ")]),
    ...chunks.map(section),
  ];
  const more = andMore(omitted, "lines — ask for one cluster with status <cluster>");
  if (more !== null) blocks.push(context([more]));
  return { text: `${plural(clusters.length, "GPU cluster")}: ${counts.join(", ")}`, blocks };
}

function listLine(c: ClusterStatusView, now: string): string {
  const parts = [`• *${safe(c.cluster, LIST_NAME_MAX)}* — ${power(c)}`];
  if (c.nextChange !== null) parts.push(nextChange(c, now));
  if (c.override !== null) parts.push(override(c, now));
  if (c.pending !== null) parts.push(pending(c, now));
  if (c.idlePools !== undefined && c.idlePools.length > 0) {
    parts.push(`scaled to zero: ${idlePools(c.idlePools)}`);
  }
  if (c.note !== undefined) parts.push(safe(c.note, 120));
  return parts.join(" · ");
}

function byGroup(clusters: readonly ClusterStatusView[]): Map<string | null, ClusterStatusView[]> {
  const groups = new Map<string | null, ClusterStatusView[]>();
  for (const c of clusters) {
    const members = groups.get(c.group);
    if (members) members.push(c);
    else groups.set(c.group, [c]);
  }
  return groups;
}

function power(c: ClusterStatusView): string {
  const state = safe(c.powerState, 40);
  const provisioning = c.provisioningState;
  return provisioning === "" || provisioning.toLowerCase() === "succeeded"
    ? state
    : `${state} (${safe(provisioning, 40)})`;
}

function nextChange(c: ClusterStatusView, now: string): string {
  if (c.nextChange === null) return "";
  const at = localClock(c.nextChange.at, c.zone, now);
  return c.nextChange.state === "stopped" ? `stops ${at}` : `starts ${at}`;
}

function override(c: ClusterStatusView, now: string): string {
  if (c.override === null) return "";
  const o = c.override;
  const reason = o.reason === undefined || o.reason === "" ? "" : ` (${safe(o.reason, 100)})`;
  return `kept ${o.state} by ${mentionUser(o.owner)} until ${localClock(o.until, c.zone, now)}${reason}`;
}

function pending(c: ClusterStatusView, now: string): string {
  if (c.pending === null) return "";
  return `${safe(c.pending.kind, 40)} pending since ${localClock(c.pending.since, c.zone, now)}`;
}

function idlePools(pools: readonly string[]): string {
  const shown = pools.slice(0, 5).map((p) => safe(p, 40));
  const more = andMore(pools.length - shown.length);
  return more === null ? shown.join(", ") : `${shown.join(", ")} ${more}`;
}
