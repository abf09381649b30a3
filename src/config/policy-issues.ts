/**
 * @module Policy problems as `{ path, message }`: zod issues turned into messages that say what
 * was expected, one problem per bad key (an unknown key gets its own path and a "did you mean"
 * hint), rendered `<path>: <message>` one per line.
 */
import * as z from "zod";
import { describeValue } from "./policy-primitives.js";
import { objectKeysAt } from "./schema-keys.js";

/** One problem in a policy file. `path` uses dots and indexes: `groups.1.idle.mode`. */
export interface PolicyIssue {
  readonly path: string;
  readonly message: string;
  /** 1-based position, for syntax errors. */
  readonly line?: number;
  readonly column?: number;
}

type Path = readonly PropertyKey[];

export function formatPath(path: Path): string {
  return path.map(String).join(".");
}

/** `<path>: <message>`; syntax errors show their line and column instead of a path. */
export function renderIssue(issue: PolicyIssue): string {
  const where =
    issue.line !== undefined
      ? `line ${issue.line}, column ${issue.column ?? 1}`
      : issue.path === ""
        ? "(root)"
        : issue.path;
  return `${where}: ${issue.message}`;
}

export function renderIssues(issues: readonly PolicyIssue[]): string {
  return issues.map(renderIssue).join("\n");
}

/** Default messages for issues whose schema does not phrase its own. */
export const policyErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) return `missing (expected ${expectedType(issue.expected)})`;
      return `expected ${expectedType(issue.expected)}, got ${describeValue(issue.input)}`;
    case "too_small":
      return tooSmall(issue.origin, Number(issue.minimum), issue.inclusive ?? true, issue.input);
    case "too_big":
      return tooBig(issue.origin, Number(issue.maximum), issue.inclusive ?? true, issue.input);
    case "invalid_value":
      return `expected one of ${issue.values.map(String).join(", ")}, got ${describeValue(issue.input)}`;
    case "invalid_format":
      return `expected ${issue.format}, got ${describeValue(issue.input)}`;
    case "unrecognized_keys": // one message per key, in toPolicyIssues
    case "invalid_union": // the likely branch's messages, in toPolicyIssues
    case "invalid_key":
    case "invalid_element":
    case "not_multiple_of":
    case "custom":
      return undefined; // zod's own message
  }
};

function expectedType(expected: string): string {
  switch (expected) {
    case "string":
      return "a string";
    case "number":
      return "a number";
    case "int":
      return "a whole number";
    case "boolean":
      return "true or false";
    case "array":
      return "a list";
    case "object":
    case "record":
      return "an object";
    default:
      return expected;
  }
}

function tooSmall(origin: string, minimum: number, inclusive: boolean, input: unknown): string {
  if (origin === "array") return `expected at least ${minimum} item${minimum === 1 ? "" : "s"}`;
  if (origin === "string")
    return minimum === 1
      ? "expected a non-empty string"
      : `expected at least ${minimum} characters`;
  const bound = inclusive ? `at least ${minimum}` : `more than ${minimum}`;
  return `expected ${bound}, got ${describeValue(input)}`;
}

function tooBig(origin: string, maximum: number, inclusive: boolean, input: unknown): string {
  if (origin === "array") return `expected at most ${maximum} items`;
  if (origin === "string") return `expected at most ${maximum} characters`;
  const bound = inclusive ? `at most ${maximum}` : `less than ${maximum}`;
  return `expected ${bound}, got ${describeValue(input)}`;
}

/** Turns zod issues into policy issues, one per bad key. */
export function toPolicyIssues(
  schema: z.core.$ZodType,
  issues: readonly z.core.$ZodIssue[],
  prefix: Path = [],
): PolicyIssue[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    switch (issue.code) {
      case "unrecognized_keys": {
        const known = objectKeysAt(schema, path);
        return issue.keys.map((key) => ({
          path: formatPath([...path, key]),
          message: unknownKeyMessage(key, known),
        }));
      }
      case "invalid_union": {
        const branch = likelyBranch(issue.errors);
        return branch ? toPolicyIssues(schema, branch, path) : [single(path, issue.message)];
      }
      case "invalid_key":
        return [single(path, `invalid key: ${issue.issues[0]?.message ?? issue.message}`)];
      case "invalid_type":
      case "too_big":
      case "too_small":
      case "invalid_format":
      case "not_multiple_of":
      case "invalid_element":
      case "invalid_value":
      case "custom":
        return [single(path, issue.message)];
    }
  });
}

function single(path: Path, message: string): PolicyIssue {
  return { path: formatPath(path), message };
}

/**
 * The union branch the author evidently meant: the only one that got past the type check (an
 * object for the cron form, a string for an expression). `undefined` when none or several did.
 */
function likelyBranch(
  branches: readonly (readonly z.core.$ZodIssue[])[],
): readonly z.core.$ZodIssue[] | undefined {
  const meant = branches.filter(
    (issues) => !issues.every((issue) => issue.code === "invalid_type" && issue.path.length === 0),
  );
  return meant.length === 1 ? meant[0] : undefined;
}

function unknownKeyMessage(key: string, known: readonly string[]): string {
  const suggestion = closest(key, known);
  if (suggestion !== undefined) return `unknown key (did you mean '${suggestion}'?)`;
  const allowed = known.filter((name) => name !== "$schema");
  return allowed.length > 0 ? `unknown key (expected one of ${allowed.join(", ")})` : "unknown key";
}

/** The known key nearest to a typo, if it is near enough to be what was meant. */
function closest(key: string, known: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const distance = editDistance(key.toLowerCase(), name.toLowerCase());
    if (
      distance <= Math.max(1, Math.floor(name.length / 3)) &&
      (!best || distance < best.distance)
    ) {
      best = { name, distance };
    }
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
