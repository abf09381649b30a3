/**
 * @module `/gpu …` (SPEC §10): verify, parse, resolve the cluster from the last discovered fleet,
 * authorize, record the override, enqueue the ARM work, and acknowledge — all without calling
 * Azure, well within Slack's 3 seconds. Refusals are ephemeral and audited.
 */
import { clusterKey, type Cluster } from "../../core/fleet/types.js";
import { authorize } from "../../core/policy/authorize.js";
import { overrideFor, type OverrideRequest } from "../../core/plan/overrides.js";
import type { OverrideView } from "../../core/plan/desired.js";
import { resolveZone } from "../../core/time/zone.js";
import { formatInstant } from "../../core/time/zone.js";
import { parseCommand, type Command } from "../../slack/command.js";
import { ackMessage } from "../../slack/messages/ack.js";
import { helpMessage } from "../../slack/messages/help.js";
import { refusalMessage, type RefusedAction } from "../../slack/messages/refusals.js";
import { parseSlashCommand, isSslCheck, type SlashCommand } from "../../slack/payloads.js";
import {
  ephemeral,
  inPolicy,
  unauthorized,
  zoneOf,
  type SlackDeps,
  type SlackReply,
} from "./context.js";
import { lookup } from "./lookup.js";
import { statusReply } from "./status.js";
import { gate, type SlackRequest } from "./verify-request.js";

export async function handleSlackCommand(
  request: SlackRequest,
  deps: SlackDeps,
  now: Date,
): Promise<SlackReply> {
  const refused = gate(request, deps.signingSecret, now);
  if (refused) return refused;
  if (isSslCheck(request.rawBody)) return { status: 200 };
  const payload = parseSlashCommand(request.rawBody);
  if (!payload.ok) {
    const why =
      payload.error.code === "TooLarge" ? "too large" : `malformed field ${payload.error.field}`;
    return { status: 400, body: `bad slash command: ${why}` };
  }
  const slash = payload.value;
  if (!(await deps.store.dedupe.claim(`slack-trigger:${slash.triggerId}`, now.toISOString()))) {
    return unauthorized("replayed request (this trigger_id was already handled)");
  }
  const commandName = deps.policy.policy.slack.commandName;
  const command = parseCommand(slash.text, commandName);
  switch (command.kind) {
    case "help":
      return ephemeral(helpMessage(commandName));
    case "invalid":
      return ephemeral(refusalMessage({ kind: "invalid-command", message: command.message }));
    case "status":
      return ephemeral(await statusReply(command.cluster, deps, now));
    case "report":
      return ephemeral({
        text:
          "The weekly cost report is not built yet in this version of gpu-warden; try `" +
          commandName +
          " status`.",
      });
    case "start":
    case "stop":
    case "extend":
    case "wake":
      return clusterCommand(slash, command, deps, now);
  }
}

type ClusterCommand = Extract<Command, { cluster: string }>;

async function clusterCommand(
  slash: SlashCommand,
  command: ClusterCommand,
  deps: SlackDeps,
  now: Date,
): Promise<SlackReply> {
  const found = await lookup(command.cluster, deps);
  if ("reply" in found) return found.reply;
  const entry = inPolicy(found.cluster, deps);
  const { cluster, resolved, group } = entry;
  const audit = (kind: "action" | "refusal", reason: string) =>
    deps.store.audit.append([
      {
        at: now.toISOString(),
        runId: deps.newId(),
        kind,
        target: cluster.id,
        reason,
        detail: {
          user: slash.userId,
          channel: slash.channelId,
          text: `${slash.command} ${slash.text}`,
        },
      },
    ]);

  if (resolved.kind !== "managed" || !group) {
    const why = resolved.kind === "managed" ? "unmanaged" : resolved.kind;
    await audit("refusal", `${command.kind} refused: ${cluster.name} is ${why}`);
    return ephemeral(
      refusalMessage({
        kind: "not-managed",
        cluster: cluster.name,
        why,
        ...(resolved.kind === "invalid-tag" ? { detail: resolved.reason } : {}),
      }),
    );
  }
  const allow = group.policy.slack.allow;
  const admins = deps.policy.policy.slack.admins;
  const members = await deps.members(allow.usergroups);
  const verdict = authorize(
    { userId: slash.userId, channelId: slash.channelId },
    { name: group.name, protected: group.policy.protected, allow },
    admins,
    members,
  );
  if (!verdict.allowed) {
    await audit("refusal", `${command.kind} refused for ${slash.userId}: ${verdict.reason}`);
    return ephemeral(
      refusalMessage({
        kind: "not-allowed",
        action: command.kind as RefusedAction,
        cluster: cluster.name,
        allowed: { admins, ...allow },
      }),
    );
  }

  const zone = zoneOf(entry, deps.policy);
  if (command.kind === "wake") {
    const restores = await deps.store.restores.list(cluster.id);
    await audit(
      "action",
      `wake ${cluster.name} by ${slash.userId}: ${restores.length} pool(s) to restore`,
    );
    return ephemeral({
      text:
        restores.length === 0
          ? `No GPU pools of ${cluster.name} are scaled to zero: nothing to wake.`
          : `Waking ${cluster.name}'s pools.`,
    });
  }
  if (command.kind === "extend" && cluster.powerState !== "Running") {
    return ephemeral(
      refusalMessage({
        kind: "invalid-command",
        message: `${cluster.name} is ${cluster.powerState}: nothing to extend. Use ${deps.policy.policy.slack.commandName} start ${cluster.name}.`,
      }),
    );
  }
  const request: OverrideRequest =
    command.kind === "start"
      ? {
          kind: "start",
          ...(command.forMinutes === undefined ? {} : { forMinutes: command.forMinutes }),
        }
      : command.kind === "stop"
        ? { kind: "stop" }
        : { kind: "extend", by: command.by };
  const current = await deps.store.overrides.get(clusterKey(cluster.id));
  const currentView: OverrideView | undefined =
    current && current.value.until > now.toISOString() ? current.value : undefined;
  const schedule = resolved.schedule;
  const change = overrideFor(request, {
    now,
    schedule,
    holidays: resolved.group.holidays,
    zone: resolveZone(zone) ?? deps.policy.zone,
    maxHours: group.policy.overrides.maxHours,
    current: currentView,
  });
  if (!change.ok) {
    await audit("refusal", `${command.kind} refused: ${change.error}`);
    return ephemeral(
      refusalMessage({ kind: "invalid-command", message: `${cluster.name}: ${change.error}` }),
    );
  }
  const until = formatInstant(change.value.until.getTime());
  await deps.store.overrides.upsert(clusterKey(cluster.id), {
    clusterId: cluster.id,
    state: change.value.state,
    until,
    owner: slash.userId,
    reason: `${slash.command} ${slash.text}`.slice(0, 200),
    createdAt: now.toISOString(),
  });
  const wanted = change.value.state === "running" ? "Running" : "Stopped";
  if (cluster.powerState !== wanted) {
    await deps.queue.send({
      type: "cluster-action",
      action: change.value.state === "running" ? "start" : "stop",
      clusterId: cluster.id,
      requestedBy: slash.userId,
      reason: `${slash.command} ${slash.text}`.slice(0, 200),
      notify: {
        responseUrl: slash.responseUrl,
        ...(group.policy.slack.channel ? { channel: group.policy.slack.channel } : {}),
      },
    });
  }
  await audit(
    "action",
    `${command.kind} ${cluster.name} by ${slash.userId}: ${change.value.state} until ${until}`,
  );
  return ephemeral(ackFor(command, cluster, until, zone, now));
}

function ackFor(command: ClusterCommand, cluster: Cluster, until: string, zone: string, now: Date) {
  switch (command.kind) {
    case "start":
      return ackMessage({
        action: "start",
        cluster: cluster.name,
        until,
        zone,
        ...(command.forMinutes === undefined ? {} : { forMinutes: command.forMinutes }),
      });
    case "stop":
      return ackMessage({ action: "stop", cluster: cluster.name });
    case "extend":
      return ackMessage({
        action: "extend",
        cluster: cluster.name,
        until,
        zone,
        now: now.toISOString(),
      });
    case "wake":
      return ackMessage({ action: "wake", cluster: cluster.name });
  }
}
