/**
 * @module `/gpu …` (SPEC §10): verify, parse, resolve the cluster from the last discovered fleet,
 * authorize, record the override, enqueue the ARM work, and acknowledge — all without calling
 * Azure, well within Slack's 3 seconds. Refusals are ephemeral and audited.
 */
import type { Cluster } from "../../core/fleet/types.js";
import type { OverrideRequest } from "../../core/plan/overrides.js";
import { parseCommand, type Command } from "../../slack/command.js";
import { ackMessage } from "../../slack/messages/ack.js";
import { helpMessage } from "../../slack/messages/help.js";
import { refusalMessage } from "../../slack/messages/refusals.js";
import {
  describePayloadError,
  isSslCheck,
  parseSlashCommand,
  type SlashCommand,
} from "../../slack/payloads.js";
import { audit, permit, setOverride, type Actor, type Managed } from "./act.js";
import { ephemeral, inPolicy, unauthorized, type SlackDeps, type SlackReply } from "./context.js";
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
    return { status: 400, body: `bad slash command: ${describePayloadError(payload.error)}` };
  }
  const slash = payload.value;
  const commandName = deps.policy.policy.slack.commandName;
  const command = parseCommand(slash.text, commandName);
  // The replay claim runs alongside the read-only work (a status, the cluster lookup); nothing is
  // written or answered before the claim says this trigger_id is new.
  const claim = deps.store.dedupe.claim(`slack-trigger:${slash.triggerId}`, now.toISOString());
  const replayed = unauthorized("replayed request (this trigger_id was already handled)");
  switch (command.kind) {
    case "status": {
      const [fresh, status] = await Promise.all([claim, statusReply(command.cluster, deps, now)]);
      return fresh ? ephemeral(status) : replayed;
    }
    case "start":
    case "stop":
    case "extend":
    case "wake": {
      const [fresh, found] = await Promise.all([claim, lookup(command.cluster, deps)]);
      if (!fresh) return replayed;
      if ("reply" in found) return found.reply;
      return clusterCommand(slash, command, found.cluster, deps, now);
    }
    case "help":
      return (await claim) ? ephemeral(helpMessage(commandName)) : replayed;
    case "invalid": {
      const refusal = refusalMessage({ kind: "invalid-command", message: command.message });
      return (await claim) ? ephemeral(refusal) : replayed;
    }
    case "report": {
      const text = `The weekly cost report is not built yet in this version of gpu-warden; try \`${commandName} status\`.`;
      return (await claim) ? ephemeral({ text }) : replayed;
    }
  }
}

type ClusterCommand = Extract<Command, { cluster: string }>;

async function clusterCommand(
  slash: SlashCommand,
  command: ClusterCommand,
  target: Cluster,
  deps: SlackDeps,
  now: Date,
): Promise<SlackReply> {
  const actor: Actor = {
    userId: slash.userId,
    channelId: slash.channelId,
    said: `${slash.command} ${slash.text}`,
    responseUrl: slash.responseUrl,
  };
  const permission = await permit(inPolicy(target, deps), actor, command.kind, deps, now);
  if (!permission.ok) return ephemeral(permission.refusal);
  const managed = permission.entry;
  const { cluster } = managed;

  if (command.kind === "wake") {
    const pools = await restorePools(managed, actor, deps);
    await audit(
      deps,
      now,
      cluster.id,
      actor,
      "action",
      `wake ${cluster.name}: ${pools} pool(s) to restore`,
    );
    return ephemeral({
      text:
        pools === 0
          ? `No GPU pools of ${cluster.name} are scaled to zero: nothing to wake.`
          : `Waking ${cluster.name}'s pools: ${String(pools)} to restore at their recorded size.`,
    });
  }
  if (command.kind === "extend" && cluster.powerState !== "Running") {
    const hint = `${deps.policy.policy.slack.commandName} start ${cluster.name}`;
    return ephemeral(
      refusalMessage({
        kind: "invalid-command",
        message: `${cluster.name} is ${cluster.powerState}: nothing to extend. Use ${hint}.`,
      }),
    );
  }
  const outcome = await setOverride(managed, overrideRequest(command), actor, deps, now);
  if (!outcome.ok)
    return ephemeral(
      refusalMessage({ kind: "invalid-command", message: `${cluster.name}: ${outcome.error}` }),
    );
  const { until, zone } = outcome;
  // A running cluster's scaled-down pools come back with it (a stopped one's once it has started).
  if (command.kind === "start" && cluster.powerState === "Running")
    await restorePools(managed, actor, deps);
  switch (command.kind) {
    case "start":
      return ephemeral(
        ackMessage({
          action: "start",
          cluster: cluster.name,
          until,
          zone,
          ...(command.forMinutes === undefined ? {} : { forMinutes: command.forMinutes }),
        }),
      );
    case "stop":
      return ephemeral(ackMessage({ action: "stop", cluster: cluster.name }));
    case "extend":
      return ephemeral(
        ackMessage({
          action: "extend",
          cluster: cluster.name,
          until,
          zone,
          now: now.toISOString(),
        }),
      );
  }
}

/** Enqueues the restore of the cluster's scaled-down pools, if any; how many there are. */
async function restorePools(managed: Managed, actor: Actor, deps: SlackDeps): Promise<number> {
  const { cluster, group } = managed;
  const records = await deps.store.restores.list(cluster.id);
  if (records.length === 0) return 0;
  const channel = group.policy.slack.channel;
  await deps.queue.send({
    type: "restore-pools",
    clusterId: cluster.id,
    requestedBy: actor.userId,
    reason: actor.said.slice(0, 200),
    notify: { responseUrl: actor.responseUrl, ...(channel ? { channel } : {}) },
  });
  return records.length;
}

function overrideRequest(command: Exclude<ClusterCommand, { kind: "wake" }>): OverrideRequest {
  switch (command.kind) {
    case "start":
      return {
        kind: "start",
        ...(command.forMinutes === undefined ? {} : { forMinutes: command.forMinutes }),
      };
    case "stop":
      return { kind: "stop" };
    case "extend":
      return { kind: "extend", by: command.by };
  }
}
