/**
 * @module `gpu-warden validate [--config FILE] [--json]`: checks the policy file and names every
 * bad key with its path. Exit 0 when valid, 2 when invalid or unreadable.
 */
import type { Command } from "commander";
import {
  PolicyError,
  loadPolicyFile,
  policyFilePath,
  type PolicyIssue,
  type ResolvedPolicy,
} from "../config/policy.js";
import { CliError, EXIT } from "./errors.js";

interface ValidateOptions {
  readonly config?: string;
  readonly json?: boolean;
}

export function registerValidateCommand(program: Command): void {
  program
    .command("validate")
    .description("Validate the policy file and list every problem by path")
    .option("--config <file>", "policy file (default: $GPU_WARDEN_CONFIG, else ./gpu-warden.yaml)")
    .option("--json", "print the result as JSON on stdout")
    .action(async (options: ValidateOptions) => {
      await validate(policyFilePath(options.config), options.json === true);
    });
}

async function validate(file: string, json: boolean): Promise<void> {
  let policy: ResolvedPolicy;
  try {
    policy = await loadPolicyFile(file);
  } catch (error) {
    if (!(error instanceof PolicyError)) throw error;
    if (json) {
      writeJson({ valid: false, file, errors: errorsOf(error) });
      // The problems are on stdout; stderr gets the headline only.
      throw new CliError(error.message.split("\n")[0] ?? error.message, EXIT.invalidInput);
    }
    // "<file>: N problems" and one "<path>: <message>" line per problem, or "cannot read …".
    throw new CliError(error.message, EXIT.invalidInput);
  }
  const totals = {
    groups: policy.groups.length,
    budgets: policy.budgets.size,
    calendars: policy.calendars.size,
  };
  if (json) {
    writeJson({ valid: true, file, ...totals });
    return;
  }
  const summary = [
    count(totals.groups, "group"),
    count(totals.budgets, "budget"),
    count(totals.calendars, "calendar"),
  ].join(", ");
  process.stdout.write(`${file}: valid — ${summary}\n`);
}

function errorsOf(error: PolicyError): readonly PolicyIssue[] {
  return error.code === "InvalidPolicy" ? error.issues : [{ path: "", message: error.message }];
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

function writeJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}
