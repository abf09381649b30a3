/**
 * @module `gpu-warden plan` (exact dry run of a tick) and `gpu-warden apply` (one real tick).
 */
import { tickDepsOf } from "../composition.js";
import type { Command } from "commander";
import { runTick } from "../app/tick.js";
import { summarizeTick } from "../app/tick-summary.js";
import { withCommonFlags, withRuntime, type CommonFlags, type CommandContext } from "./context.js";
import { EXIT, CliError } from "./errors.js";
import { parseInstant, writeOut } from "./io.js";
import { renderTick } from "./render.js";

interface TickFlags extends CommonFlags {
  readonly at?: string;
}

export function registerTickCommands(program: Command): void {
  withCommonFlags(program.command("plan"))
    .description("Dry run of a tick: what would be started or stopped, and why; changes nothing")
    .option(
      "--at <instant>",
      "plan as of this ISO-8601 instant (default: now, or the emulator's clock)",
    )
    .action((flags: TickFlags) => tick(flags, false));

  withCommonFlags(program.command("apply"))
    .description("Run one tick for real: plan, start/stop clusters, record results")
    .option("--at <instant>", "tick as of this ISO-8601 instant (emulator only; default: now)")
    .action((flags: TickFlags) => tick(flags, true));
}

async function tick(flags: TickFlags, apply: boolean): Promise<void> {
  if (apply && flags.at !== undefined && !flags.emulator) {
    throw new CliError("--at with apply needs --emulator: a real tick runs at the real time");
  }
  const at = flags.at === undefined ? undefined : parseInstant(flags.at, "--at");
  await withRuntime(flags, async (ctx) => {
    const now = instant(ctx, at);
    const rt = ctx.runtime;
    const report = await runTick(tickDepsOf(rt), { now, apply: apply && !rt.policy.policy.dryRun });
    if (flags.json) {
      writeOut(
        apply
          ? { plan: report.plan, results: report.results, applied: report.applied }
          : report.plan,
      );
    } else {
      process.stdout.write(renderTick(report));
    }
    if (summarizeTick(report).failed > 0)
      throw new CliError("some actions failed (see above)", EXIT.failure);
  });
}

/** The tick's instant: --at, else the emulator's virtual clock, else now. */
function instant(ctx: CommandContext, at: Date | undefined): Date {
  if (!ctx.emulator) return at ?? new Date();
  if (at && at.getTime() > ctx.emulator.clock.now().getTime()) ctx.emulator.clock.set(at);
  return at ?? ctx.emulator.clock.now();
}
