/**
 * @module Reading the policy file: which file (flag, then `GPU_WARDEN_CONFIG`, then
 * `./gpu-warden.yaml`), reading it, and one error type for "cannot read" and "invalid".
 */
import { readFile } from "node:fs/promises";
import { loadPolicy } from "./load-policy.js";
import { renderIssues, type PolicyIssue } from "./policy-issues.js";
import type { ResolvedPolicy } from "./resolve-policy.js";

export const DEFAULT_POLICY_FILE = "gpu-warden.yaml";
export const POLICY_FILE_VARIABLE = "GPU_WARDEN_CONFIG";

export type PolicyErrorCode = "PolicyFileUnreadable" | "InvalidPolicy";

/** A policy that cannot be used: unreadable (`issues` empty) or invalid (every problem). */
export class PolicyError extends Error {
  override readonly name = "PolicyError";

  constructor(
    readonly code: PolicyErrorCode,
    readonly file: string,
    readonly issues: readonly PolicyIssue[],
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }

  static unreadable(file: string, cause: unknown): PolicyError {
    const reason = unreadableReason(cause);
    return new PolicyError("PolicyFileUnreadable", file, [], `cannot read ${file}: ${reason}`, {
      cause,
    });
  }

  static invalid(file: string, issues: readonly PolicyIssue[]): PolicyError {
    const count = `${issues.length} problem${issues.length === 1 ? "" : "s"}`;
    return new PolicyError(
      "InvalidPolicy",
      file,
      issues,
      `${file}: ${count}\n${renderIssues(issues)}`,
    );
  }
}

/** The policy file to read: the explicit path, else `$GPU_WARDEN_CONFIG`, else `gpu-warden.yaml`. */
export function policyFilePath(
  explicit?: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): string {
  if (explicit !== undefined && explicit !== "") return explicit;
  const fromEnv = env[POLICY_FILE_VARIABLE];
  return fromEnv !== undefined && fromEnv !== "" ? fromEnv : DEFAULT_POLICY_FILE;
}

/**
 * Reads, validates and resolves the policy file. Throws `PolicyError` when the file cannot be
 * read or is invalid; its `issues` list every problem.
 */
export async function loadPolicyFile(path: string = policyFilePath()): Promise<ResolvedPolicy> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw PolicyError.unreadable(path, error);
  }
  const result = loadPolicy(text, { filename: path });
  if (!result.ok) throw PolicyError.invalid(path, result.error);
  return result.value;
}

function unreadableReason(cause: unknown): string {
  const code = (cause as { code?: unknown } | null)?.code;
  switch (code) {
    case "ENOENT":
      return "no such file";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
      return "it is a directory";
    default:
      return cause instanceof Error ? cause.message : String(cause);
  }
}
