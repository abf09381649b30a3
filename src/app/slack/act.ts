/**
 * @module The steps a slash command and a button click share once the cluster is known: may this
 * person act on it (managed, authorized), and the override that follows — computed, capped,
 * recorded, and the start or stop enqueued when the cluster is not already in that state. Both
 * are audited here, refusals included. A start — or an extend or keep, which would hold the
 * cluster running just as well — is refused while a budget's `block-starts` is in force for the
 * group, unless the person is one of the budget's approvers.
 */
import type { ResolvedGroup } from "../../config/policy.js";
import { budgetEffects } from "../budgets.js";
import { clusterKey } from "../../core/fleet/types.js";
import { overrideFor, type OverrideRequest } from "../../core/plan/overrides.js";
import { authorize } from "../../core/policy/authorize.js";
import type { ClusterPolicy } from "../../core/policy/resolve.js";
import { formatInstant, resolveZone } from "../../core/time/zone.js";
import type { SlackMessage } from "../../ports/slack.js";
import type { JsonValue } from "../../ports/state-types.js";
import { refusalMessage, type RefusedAction } from "../../slack/messages/refusals.js";
import { zoneOf, type ClusterInPolicy, type SlackDeps } from "./context.js";

export interface Actor {
  readonly userId: string;
  readonly channelId: string;
  /** What they did, for the audit log and the override's reason (`/gpu start …`, `button keep-1h`). */
  readonly said: string;
  readonly responseUrl: string;
}

export type Managed = ClusterInPolicy & {
  readonly resolved: Extract<ClusterPolicy, { kind: "managed" }>;
  readonly group: ResolvedGroup;
};

type Permission =
  | { readonly ok: true; readonly entry: Managed }
  | { readonly ok: false; readonly refusal: SlackMessage };

/** Managed and authorized, or the refusal to show (already audited). */
export async function permit(
  entry: ClusterInPolicy,
  actor: Actor,
  action: RefusedAction,
  deps: SlackDeps,
  now: Date,
): Promise<Permission> {
  const { cluster, resolved, group } = entry;
  if (resolved.kind !== "managed" || !group) {
    const why = resolved.kind === "managed" ? "unmanaged" : resolved.kind;
    await audit(
      deps,
      now,
      cluster.id,
      actor,
      "refusal",
      `${action} refused: ${cluster.name} is ${why}`,
    );
    const detail = resolved.kind === "invalid-tag" ? { detail: resolved.reason } : {};
    return {
      ok: false,
      refusal: refusalMessage({ kind: "not-managed", cluster: cluster.name, why, ...detail }),
    };
  }
  const allow = group.policy.slack.allow;
  const admins = deps.policy.policy.slack.admins;
  const verdict = authorize(
    { userId: actor.userId, channelId: actor.channelId },
    { name: group.name, protected: group.policy.protected, allow },
    admins,
    await deps.members(allow.usergroups),
  );
  if (!verdict.allowed) {
    await audit(
      deps,
      now,
      cluster.id,
      actor,
      "refusal",
      `${action} refused for ${actor.userId}: ${verdict.reason}`,
    );
    return {
      ok: false,
      refusal: refusalMessage({
        kind: "not-allowed",
        action,
        cluster: cluster.name,
        allowed: { admins, ...allow },
      }),
    };
  }
  // Keeping a cluster running (extend, a keep button) would defeat the block as much as a start.
  const runs = action === "start" || action === "extend" || action === "keep";
  const blocked = runs ? await startBlock(group, deps, now) : undefined;
  if (blocked && !blocked.approvers.includes(actor.userId)) {
    await audit(
      deps,
      now,
      cluster.id,
      actor,
      "refusal",
      `${action} refused for ${actor.userId}: budget block-starts in force (${blocked.spendText})`,
    );
    return {
      ok: false,
      refusal: refusalMessage({
        kind: "budget-blocks-starts",
        cluster: cluster.name,
        budget: blocked.budget,
        spend: blocked.spend,
        amount: blocked.amount,
        currency: blocked.currency,
        approvers: blocked.approvers,
      }),
    };
  }
  return { ok: true, entry: { ...entry, resolved, group } };
}

/** The budget `block-starts` in force for the group, if any (one read, only for budgeted groups). */
async function startBlock(group: ResolvedGroup, deps: SlackDeps, now: Date) {
  if (!group.budget) return undefined;
  return (await budgetEffects(deps.store, deps.policy, now)).blockedStarts.get(group.name);
}

/** The cluster's override in force at `now`, if any. */
export async function activeOverride(deps: SlackDeps, clusterId: string, now: Date) {
  const current = await deps.store.overrides.get(clusterKey(clusterId));
  return current && Date.parse(current.value.until) > now.getTime() ? current.value : undefined;
}

export type OverrideOutcome =
  | {
      readonly ok: true;
      readonly state: "running" | "stopped";
      readonly until: string;
      readonly zone: string;
    }
  | { readonly ok: false; readonly error: string };

/** Computes, records and acts on an override; the cap and impossible requests come back as errors. */
export async function setOverride(
  managed: Managed,
  request: OverrideRequest,
  actor: Actor,
  deps: SlackDeps,
  now: Date,
): Promise<OverrideOutcome> {
  const { cluster, resolved, group } = managed;
  const zone = zoneOf(managed, deps.policy);
  const change = overrideFor(request, {
    now,
    schedule: resolved.schedule,
    holidays: resolved.group.holidays,
    zone: resolveZone(zone) ?? deps.policy.zone,
    maxHours: group.policy.overrides.maxHours,
    // Only `extend` builds on the override in force; the others replace it (one read fewer).
    current: request.kind === "extend" ? await activeOverride(deps, cluster.id, now) : undefined,
  });
  if (!change.ok) {
    await audit(deps, now, cluster.id, actor, "refusal", `${actor.said} refused: ${change.error}`);
    return { ok: false, error: change.error };
  }
  const { state } = change.value;
  const until = formatInstant(change.value.until.getTime());
  const reason = actor.said.slice(0, 200);
  // Independent writes, in parallel: the acknowledgement waits for the slowest, not the sum.
  const channel = group.policy.slack.channel;
  const changesState = cluster.powerState !== (state === "running" ? "Running" : "Stopped");
  await Promise.all([
    deps.store.overrides.upsert(clusterKey(cluster.id), {
      clusterId: cluster.id,
      state,
      until,
      owner: actor.userId,
      reason,
      createdAt: now.toISOString(),
    }),
    changesState
      ? deps.queue.send({
          type: "cluster-action",
          action: state === "running" ? "start" : "stop",
          clusterId: cluster.id,
          requestedBy: actor.userId,
          reason,
          notify: { responseUrl: actor.responseUrl, ...(channel ? { channel } : {}) },
        })
      : Promise.resolve(),
    audit(
      deps,
      now,
      cluster.id,
      actor,
      "action",
      `${actor.said} on ${cluster.name} by ${actor.userId}: ${state} until ${until}`,
    ),
  ]);
  return { ok: true, state, until, zone };
}

export async function audit(
  deps: SlackDeps,
  now: Date,
  target: string,
  actor: Actor,
  kind: "action" | "refusal",
  reason: string,
): Promise<void> {
  const detail: JsonValue = { user: actor.userId, channel: actor.channelId, said: actor.said };
  await deps.store.audit.append([
    { at: now.toISOString(), runId: deps.newId(), kind, target, reason, detail },
  ]);
}
