/**
 * @module Policy text → validated, frozen, resolved policy. Reports every problem at once: YAML
 * or JSON syntax errors with line and column, then every schema and reference problem by path.
 */
import { LineCounter, parseDocument } from "yaml";
import { err, ok, type Result } from "../core/result.js";
import { deepFreeze } from "./deep-freeze.js";
import { policyErrorMap, toPolicyIssues, type PolicyIssue } from "./policy-issues.js";
import { referenceIssues } from "./policy-references.js";
import { policySchema } from "./policy-schema.js";
import { resolvePolicy, type ResolvedPolicy } from "./resolve-policy.js";

export type PolicyFormat = "yaml" | "json";

export interface LoadPolicyOptions {
  /** Default: from `filename` (`.json` → json), else yaml. */
  readonly format?: PolicyFormat | undefined;
  /** Where the text came from; used to infer the format. */
  readonly filename?: string | undefined;
}

export type PolicyResult = Result<ResolvedPolicy, readonly PolicyIssue[]>;

/** `.json` files are JSON; everything else is YAML (a superset of JSON). */
export function formatFromFilename(filename: string): PolicyFormat {
  return /\.json$/i.test(filename) ? "json" : "yaml";
}

/** Parses and validates a policy file's text. */
export function loadPolicy(text: string, options: LoadPolicyOptions = {}): PolicyResult {
  const format =
    options.format ??
    (options.filename === undefined ? "yaml" : formatFromFilename(options.filename));
  const document = format === "json" ? parseJson(text) : parseYaml(text);
  return document.ok ? validatePolicy(document.value) : document;
}

/** Validates an already parsed policy document (plain data). */
export function validatePolicy(document: unknown): PolicyResult {
  if (document === null || document === undefined) {
    return err([
      { path: "", message: "the policy is empty (expected an object with keys such as groups)" },
    ]);
  }
  const parsed = policySchema.safeParse(document, { error: policyErrorMap, reportInput: true });
  const issues = [
    ...(parsed.success ? [] : toPolicyIssues(policySchema, parsed.error.issues)),
    ...referenceIssues(document),
  ];
  if (!parsed.success || issues.length > 0) return err(issues);
  return resolvePolicy(deepFreeze(parsed.data));
}

function parseYaml(text: string): Result<unknown, PolicyIssue[]> {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, {
    lineCounter,
    merge: true,
    prettyErrors: false,
    uniqueKeys: true,
  });
  if (document.errors.length > 0) {
    return err(
      document.errors.map((error) => {
        const { line, col } = lineCounter.linePos(error.pos[0]);
        return { path: "", message: `YAML syntax error: ${error.message}`, line, column: col };
      }),
    );
  }
  try {
    return ok(document.toJS({ maxAliasCount: 100 }));
  } catch (error) {
    return err([{ path: "", message: `YAML error: ${errorMessage(error)}` }]);
  }
}

function parseJson(text: string): Result<unknown, PolicyIssue[]> {
  const source = text.replace(/^\uFEFF/, "");
  try {
    return ok(JSON.parse(source));
  } catch (error) {
    const message = `JSON syntax error: ${errorMessage(error).replace(/ in JSON at position \d+.*$/, "")}`;
    const position = /at position (\d+)/.exec(errorMessage(error));
    if (!position) return err([{ path: "", message }]);
    return err([{ path: "", message, ...lineAndColumn(source, Number(position[1])) }]);
  }
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split("\n");
  return { line: before.length, column: (before[before.length - 1]?.length ?? 0) + 1 };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
