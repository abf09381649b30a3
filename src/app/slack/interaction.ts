/**
 * @module Button clicks on warnings (SPEC §10): verified like commands, the clicker re-authorized,
 * then the click acts once — the buttons are replaced by the outcome, and a second click on the
 * same message does nothing. Keep = extend the coming stop; Stop now = stop until the next start.
 */
import { clusterKey } from "../../core/fleet/types.js";
import { authorize } from "../../core/policy/authorize.js";
import { overrideFor, type OverrideRequest } from "../../core/plan/overrides.js";
import type { ClusterPolicy } from "../../core/policy/resolve.js";
import { stateAt } from "../../core/schedule/index.js";
import { formatInstant, resolveZone } from "../../core/time/zone.js";
import { parseWarningAction, type WarningAction } from "../../slack/actions.js";
import { refusalMessage } from "../../slack/messages/refusals.js";
import { warningOutcome } from "../../slack/messages/warnings.js";
import { parseInteraction, type BlockAction } from "../../slack/payloads.js";
import { inPolicy, zoneOf, type SlackDeps, type SlackReply } from "./context.js";
import { gate, type SlackRequest } from "./verify-request.js";
import { withinMs } from "./within.js";

export async function handleInteraction(
  request: SlackRequest,
  deps: SlackDeps,
  now: Date,
): Promise<SlackReply> {
  const refused = gate(request, deps.signingSecret, now);
  if (refused) return refused;
  const payload = parseInteraction(request.rawBody);
  if (!payload.ok) {
    const why =
      payload.error.code === "TooLarge" ? "too large" : `malformed field ${payload.error.field}`;
    return { status: 400, body: `bad interaction: ${why}` };
  }
  const click = payload.value;
  const action = parseWarningAction(click.action);
  if (!action.ok) return { status: 200 }; // not one of ours: nothing to do
  await act(click, action.value, deps, now);
  return { status: 200 };
}

async function act(
  click: BlockAction,
  action: WarningAction,
  deps: SlackDeps,
  now: Date,
): Promise<void> {
  // Best effort, and bounded: the click must be answered within Slack's 3 seconds.
  const reply = (message: Parameters<SlackDeps["slack"]["respond"]>[1]) =>
    withinMs(
      deps.slack.respond(click.responseUrl, message).catch(() => undefined),
      1500,
      undefined,
    );
  const cluster = (await deps.fleet()).find(
    (c) => clusterKey(c.id) === clusterKey(action.target.clusterId),
  );
  if (!cluster) {
    await reply({
      text: "That cluster is no longer in the discovered fleet.",
      replaceOriginal: false,
    });
    return;
  }
  const entry = inPolicy(cluster, deps);
  const { resolved, group } = entry;
  const label = action.kind === "keep" ? "keep" : "stop-now";
  const audit = (kind: "action" | "refusal", reason: string) =>
    deps.store.audit.append([
      {
        at: now.toISOString(),
        runId: deps.newId(),
        kind,
        target: cluster.id,
        reason,
        detail: { user: click.userId, channel: click.channelId, button: click.action.actionId },
      },
    ]);
  if (resolved.kind !== "managed" || !group) {
    await audit("refusal", `${label} refused: ${cluster.name} is ${resolved.kind}`);
    await reply({
      ...refusalMessage({
        kind: "not-managed",
        cluster: cluster.name,
        why: resolved.kind === "managed" ? "unmanaged" : resolved.kind,
      }),
      replaceOriginal: false,
    });
    return;
  }
  const allow = group.policy.slack.allow;
  const admins = deps.policy.policy.slack.admins;
  const verdict = authorize(
    { userId: click.userId, channelId: click.channelId },
    { name: group.name, protected: group.policy.protected, allow },
    admins,
    await deps.members(allow.usergroups),
  );
  if (!verdict.allowed) {
    await audit("refusal", `${label} refused for ${click.userId}: ${verdict.reason}`);
    await reply({
      ...refusalMessage({
        kind: "not-allowed",
        action: label,
        cluster: cluster.name,
        allowed: { admins, ...allow },
      }),
      replaceOriginal: false,
    });
    return;
  }
  // One outcome per warning message: the first authorized click wins, later ones do nothing.
  if (
    !(await deps.store.dedupe.claim(
      `warning-click:${click.channelId}:${click.messageTs}`,
      now.toISOString(),
    ))
  )
    return;

  const zone = zoneOf(entry, deps.policy);
  const current = await deps.store.overrides.get(clusterKey(cluster.id));
  const active = current && current.value.until > now.toISOString() ? current.value : undefined;
  const request = overrideRequest(action, active !== undefined || inHours(resolved, now), now);
  const change = overrideFor(request, {
    now,
    schedule: resolved.schedule,
    holidays: resolved.group.holidays,
    zone: resolveZone(zone) ?? deps.policy.zone,
    maxHours: group.policy.overrides.maxHours,
    current: active,
  });
  if (!change.ok) {
    await audit("refusal", `${label} refused: ${change.error}`);
    await reply({ text: `${cluster.name}: ${change.error}`, replaceOriginal: false });
    return;
  }
  const until = formatInstant(change.value.until.getTime());
  await deps.store.overrides.upsert(clusterKey(cluster.id), {
    clusterId: cluster.id,
    state: change.value.state,
    until,
    owner: click.userId,
    reason: `button ${click.action.actionId}`,
    createdAt: now.toISOString(),
  });
  if (change.value.state === "stopped" && cluster.powerState === "Running") {
    await deps.queue.send({
      type: "cluster-action",
      action: "stop",
      clusterId: cluster.id,
      requestedBy: click.userId,
      reason: "Stop now button",
      notify: { responseUrl: click.responseUrl },
    });
  }
  await audit(
    "action",
    `${label} ${cluster.name} by ${click.userId}: ${change.value.state} until ${until}`,
  );
  await reply({
    ...warningOutcome(
      change.value.state === "running"
        ? { kind: "kept", cluster: cluster.name, until, by: click.userId, zone }
        : { kind: "stopped", cluster: cluster.name, by: click.userId },
    ),
    replaceOriginal: true,
  });
}

/**
 * Keep postpones the coming stop: the schedule's or the override's. Off-hours (a drift warning)
 * there is none, so keep means running for that long past the announced stop.
 */
function overrideRequest(action: WarningAction, stopComing: boolean, now: Date): OverrideRequest {
  if (action.kind === "stop-now") return { kind: "stop" };
  if (stopComing) return { kind: "extend", by: { minutes: action.minutes } };
  const announced =
    action.target.stopAt === null ? now.getTime() : Date.parse(action.target.stopAt);
  const untilAnnounced = Math.max(0, Math.ceil((announced - now.getTime()) / 60_000));
  return { kind: "start", forMinutes: untilAnnounced + action.minutes };
}

function inHours(resolved: Extract<ClusterPolicy, { kind: "managed" }>, now: Date): boolean {
  return (
    resolved.schedule !== null &&
    stateAt(resolved.schedule, now, resolved.group.holidays) === "running"
  );
}
