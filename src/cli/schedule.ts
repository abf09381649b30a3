/**
 * @module `gpu-warden schedule check|next`: the schedule engine on the command line (SPEC §4).
 */
import type { Command } from "commander";

export function registerScheduleCommands(program: Command): void {
  program.command("schedule").description("Evaluate schedule expressions (check, next)");
}
