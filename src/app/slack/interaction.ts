/**
 * @module Button clicks on warnings (SPEC §10): verified like commands, the clicker re-authorized,
 * then the click acts once — the buttons are replaced by the outcome, and a second click on the
 * same message does nothing. Keep = postpone the coming stop; Stop now = stop until the next start.
 */
import { clusterKey } from "../../core/fleet/types.js";
import type { OverrideRequest } from "../../core/plan/overrides.js";
import { stateAt } from "../../core/schedule/index.js";
import { parseWarningAction, type WarningAction } from "../../slack/actions.js";
import { warningOutcome } from "../../slack/messages/warnings.js";
import { describePayloadError, parseInteraction, type BlockAction } from "../../slack/payloads.js";
import type { ResponseMessage } from "../../ports/slack.js";
import { activeOverride, permit, setOverride, type Actor, type Managed } from "./act.js";
import { inPolicy, type SlackDeps, type SlackReply } from "./context.js";
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
    return { status: 400, body: `bad interaction: ${describePayloadError(payload.error)}` };
  }
  const action = parseWarningAction(payload.value.action);
  if (!action.ok) return { status: 200 }; // not one of ours: nothing to do
  await act(payload.value, action.value, deps, now);
  return { status: 200 };
}

async function act(
  click: BlockAction,
  action: WarningAction,
  deps: SlackDeps,
  now: Date,
): Promise<void> {
  // Best effort, and bounded: the click must be answered within Slack's 3 seconds.
  const reply = (message: ResponseMessage) =>
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
  const actor: Actor = {
    userId: click.userId,
    channelId: click.channelId,
    said: `button ${click.action.actionId}`,
    responseUrl: click.responseUrl,
  };
  const permission = await permit(
    inPolicy(cluster, deps),
    actor,
    action.kind === "keep" ? "keep" : "stop-now",
    deps,
    now,
  );
  if (!permission.ok) {
    await reply({ ...permission.refusal, replaceOriginal: false });
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

  const request = await overrideRequest(action, permission.entry, deps, now);
  const outcome = await setOverride(permission.entry, request, actor, deps, now);
  if (!outcome.ok) {
    await reply({ text: `${cluster.name}: ${outcome.error}`, replaceOriginal: false });
    return;
  }
  const { until, zone } = outcome;
  const result =
    outcome.state === "running"
      ? warningOutcome({ kind: "kept", cluster: cluster.name, until, by: click.userId, zone })
      : warningOutcome({ kind: "stopped", cluster: cluster.name, by: click.userId });
  await reply({ ...result, replaceOriginal: true });
}

/**
 * Keep postpones the coming stop: the schedule's or the override's. Off-hours (a drift warning)
 * there is none, so keep means running for that long past the announced stop.
 */
async function overrideRequest(
  action: WarningAction,
  managed: Managed,
  deps: SlackDeps,
  now: Date,
): Promise<OverrideRequest> {
  if (action.kind === "stop-now") return { kind: "stop" };
  const { schedule, group } = managed.resolved;
  const inHours = schedule !== null && stateAt(schedule, now, group.holidays) === "running";
  if (inHours || (await activeOverride(deps, managed.cluster.id, now))) {
    return { kind: "extend", by: { minutes: action.minutes } };
  }
  const announced =
    action.target.stopAt === null ? now.getTime() : Date.parse(action.target.stopAt);
  const untilAnnounced = Math.max(0, Math.ceil((announced - now.getTime()) / 60_000));
  return { kind: "start", forMinutes: untilAnnounced + action.minutes };
}
