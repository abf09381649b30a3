/**
 * @module `gpu-warden status`: every discovered cluster, what it is, what it should be and why.
 */
import type { Command } from "commander";
import { memoryFromState } from "../app/memory.js";
import { clusterKey } from "../core/fleet/types.js";
import { clusterStatus } from "../core/plan/status.js";
import { isGpuSku } from "../core/skus/index.js";
import { formatInstant } from "../core/time/zone.js";
import { withCommonFlags, withRuntime, type CommonFlags } from "./context.js";
import { writeOut } from "./io.js";
import { renderStatus } from "./render.js";

export function registerStatusCommand(program: Command): void {
  withCommonFlags(program.command("status"))
    .description(
      "Show each cluster: power state, group, desired state and why, next change, overrides",
    )
    .action((flags: CommonFlags) =>
      withRuntime(flags, async ({ runtime, emulator }) => {
        const now = emulator ? emulator.clock.now() : new Date();
        const [discovery, states, overrides] = await Promise.all([
          runtime.fleet.discover(runtime.scope),
          runtime.store.clusters.list(),
          runtime.store.overrides.active(now.toISOString()),
        ]);
        const memory = new Map(
          states.map((s) => [clusterKey(s.value.clusterId), memoryFromState(s.value)]),
        );
        const byCluster = new Map(overrides.map((o) => [clusterKey(o.clusterId), o]));
        const rows = discovery.clusters.map((cluster) => {
          const o = byCluster.get(clusterKey(cluster.id));
          const view = o
            ? { state: o.state, until: o.until, owner: o.owner, reason: o.reason }
            : undefined;
          return clusterStatus(
            cluster,
            runtime.tickPolicy,
            memory.get(clusterKey(cluster.id)),
            view,
            now,
            isGpuSku,
          );
        });
        if (flags.json) writeOut({ at: formatInstant(now.getTime()), clusters: rows });
        else process.stdout.write(renderStatus(rows, formatInstant(now.getTime())));
      }),
    );
}
