/**
 * @module `gpu-warden override set|clear`: keep a cluster running (or stopped) until a time,
 * capped by its group's `overrides.maxHours`. The next tick acts on it. (Slack creates the same
 * overrides with `/gpu start … for 3h`, `extend` and the keep buttons.)
 */
import { userInfo } from "node:os";
import type { Command } from "commander";
import { parseDuration } from "../core/duration.js";
import { describeLookup, findCluster } from "../core/fleet/find.js";
import { clusterKey, type Cluster } from "../core/fleet/types.js";
import { resolveClusterPolicy } from "../core/policy/resolve.js";
import { formatInstant } from "../core/time/zone.js";
import type { Runtime } from "../composition.js";
import { withCommonFlags, withRuntime, type CommonFlags } from "./context.js";
import { CliError } from "./errors.js";
import { parseInstant, writeOut } from "./io.js";

interface SetFlags extends CommonFlags {
  readonly cluster: string;
  readonly state: string;
  readonly for?: string;
  readonly until?: string;
  readonly owner?: string;
  readonly reason?: string;
}

export function registerOverrideCommands(program: Command): void {
  const override = program
    .command("override")
    .description("Set or clear a time-boxed override of a cluster's schedule");

  withCommonFlags(override.command("set"))
    .description("Keep a cluster running (or stopped) until a time; the next tick acts on it")
    .requiredOption("--cluster <name>", "cluster name, or resourceGroup/name")
    .option("--state <state>", "running | stopped", "running")
    .option("--for <duration>", "how long, e.g. 3h or 1h30m")
    .option("--until <instant>", "until this ISO-8601 instant")
    .option("--owner <who>", "who asked (default: your user name)")
    .option("--reason <text>", "why", "")
    .action((flags: SetFlags) =>
      withRuntime(flags, async ({ runtime, emulator }) => {
        const now = emulator ? emulator.clock.now() : new Date();
        const cluster = await lookup(runtime, flags.cluster);
        const state = parseState(flags.state);
        const until = untilOf(flags, now);
        checkCap(runtime, cluster, now, until);
        const record = {
          clusterId: cluster.id,
          state,
          until: formatInstant(until.getTime()),
          owner: flags.owner ?? userInfo().username,
          reason: flags.reason ?? "",
          createdAt: formatInstant(now.getTime()),
        };
        await runtime.store.overrides.upsert(clusterKey(cluster.id), record);
        if (flags.json) writeOut(record);
        else
          process.stdout.write(
            `${cluster.name} stays ${state} until ${record.until} (override by ${record.owner})\n`,
          );
      }),
    );

  withCommonFlags(override.command("clear"))
    .description("Remove a cluster's override; its schedule applies again from the next tick")
    .requiredOption("--cluster <name>", "cluster name, or resourceGroup/name")
    .action((flags: CommonFlags & { cluster: string }) =>
      withRuntime(flags, async ({ runtime }) => {
        const cluster = await lookup(runtime, flags.cluster);
        await runtime.store.overrides.delete(clusterKey(cluster.id));
        if (flags.json) writeOut({ cleared: cluster.id });
        else process.stdout.write(`${cluster.name}: override cleared\n`);
      }),
    );
}

async function lookup(runtime: Runtime, text: string): Promise<Cluster> {
  const { clusters } = await runtime.fleet.discover(runtime.scope);
  const found = findCluster(text, clusters);
  if (found.kind !== "found") throw new CliError(describeLookup(text, found));
  return found.cluster;
}

function parseState(text: string): "running" | "stopped" {
  if (text === "running" || text === "stopped") return text;
  throw new CliError(`--state: expected running or stopped, got '${text}'`);
}

function untilOf(flags: SetFlags, now: Date): Date {
  if ((flags.for === undefined) === (flags.until === undefined)) {
    throw new CliError("say how long: exactly one of --for <duration> or --until <instant>");
  }
  if (flags.for !== undefined) {
    const minutes = parseDuration(flags.for);
    if (!minutes.ok) throw new CliError(`--for: ${minutes.error}`);
    return new Date(now.getTime() + minutes.value * 60_000);
  }
  const until = parseInstant(flags.until ?? "", "--until");
  if (until.getTime() <= now.getTime())
    throw new CliError(`--until: ${flags.until ?? ""} is not in the future`);
  return until;
}

function checkCap(runtime: Runtime, cluster: Cluster, now: Date, until: Date): void {
  const resolved = resolveClusterPolicy(cluster, runtime.tickPolicy);
  if (resolved.kind !== "managed") {
    throw new CliError(
      `${cluster.name} is not managed by gpu-warden (${resolved.kind}): an override would do nothing`,
    );
  }
  const group = runtime.policy.groups.find((g) => g.name === resolved.group.name);
  const maxHours = group?.policy.overrides.maxHours ?? 12;
  const hours = (until.getTime() - now.getTime()) / 3_600_000;
  if (hours > maxHours) {
    throw new CliError(
      `overrides of group ${resolved.group.name} are capped at ${maxHours}h (asked for ${hours.toFixed(1)}h)`,
    );
  }
}
