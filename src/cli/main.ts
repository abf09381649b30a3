/**
 * @module The `gpu-warden` command line: one commander program, one sub-command per use case.
 * Exit codes: 0 ok, 1 runtime failure, 2 invalid input or config. Errors go to stderr as
 * `error: …`; data goes to stdout.
 */
import { Command, CommanderError } from "commander";
import { registerBudgetsCommand } from "./budgets.js";
import { CliError, EXIT } from "./errors.js";
import { registerDemoCommand } from "./demo.js";
import { registerEmulatorCommand } from "./emulator.js";
import { registerOverrideCommands } from "./override.js";
import { registerReportCommand } from "./report.js";
import { registerReservationsCommand } from "./reservations.js";
import { registerScheduleCommands } from "./schedule.js";
import { registerServeCommand } from "./serve.js";
import { registerSlackCommands } from "./slack-send.js";
import { registerStatusCommand } from "./status.js";
import { registerTickCommands } from "./tick-commands.js";
import { registerValidateCommand } from "./validate.js";

export function buildProgram(): Command {
  const program = new Command()
    .name("gpu-warden")
    .description(
      "Keeps the GPU bill of Azure Kubernetes Service under control: schedules, idle pools, budgets, Slack.",
    )
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  registerValidateCommand(program);
  registerScheduleCommands(program);
  registerTickCommands(program);
  registerStatusCommand(program);
  registerBudgetsCommand(program);
  registerReportCommand(program);
  registerReservationsCommand(program);
  registerOverrideCommands(program);
  registerEmulatorCommand(program);
  registerDemoCommand(program);
  registerServeCommand(program);
  registerSlackCommands(program);
  return program;
}

/** Runs the CLI and returns the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    await buildProgram().parseAsync([...argv], { from: "user" });
    return EXIT.ok;
  } catch (error) {
    return exitCodeFor(error);
  }
}

function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) {
    // --help and --version also arrive here, with exit code 0.
    return error.exitCode === 0 ? EXIT.ok : EXIT.invalidInput;
  }
  if (error instanceof CliError) {
    process.stderr.write(`error: ${error.message}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`error: ${message}\n`);
  return EXIT.failure;
}
