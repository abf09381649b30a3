/**
 * @module docs/configuration.md documents every key of the policy schema, with the defaults the
 * code applies.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { policyJsonSchema } from "./json-schema.js";
import { policySchema } from "./policy-schema.js";
import { keyPaths } from "./schema-keys.js";

const DOCS = "docs/configuration.md";
const docs = readFileSync(new URL(`../../${DOCS}`, import.meta.url), "utf8");

/** The cells of the table row documenting a key: `| \`path\` | type | default | meaning |`. */
function row(path: string): string[] | undefined {
  const cells = (line: string) => line.split(/(?<!\\)\|/).map((cell) => cell.trim());
  return docs
    .split("\n")
    .filter((line) => line.startsWith("|"))
    .map(cells)
    .find((row) => row[1] === `\`${path}\``);
}

interface Node {
  readonly default?: unknown;
  readonly properties?: Record<string, Node>;
  readonly items?: Node;
  readonly anyOf?: readonly Node[];
}

/** Scalar (and empty list/map) defaults of the JSON Schema by key path. */
function defaults(node: Node, prefix = ""): [string, unknown][] {
  const own = Object.entries(node.properties ?? {}).flatMap(([key, child]) => {
    const path = prefix === "" ? key : `${prefix}.${key}`;
    const value = child.default;
    const documentable =
      value !== undefined &&
      (typeof value !== "object" || JSON.stringify(value) === "[]" || path === "calendars");
    return [
      ...(documentable ? [[path, value] as [string, unknown]] : []),
      ...defaults(child, path),
    ];
  });
  const nested = [
    ...(node.items ? defaults(node.items, `${prefix}[]`) : []),
    ...(node.anyOf ?? []).flatMap((option) => defaults(option, prefix)),
  ];
  return [...own, ...nested];
}

describe(DOCS, () => {
  it("documents every key of the policy schema in a table row", () => {
    const missing = keyPaths(policySchema).filter((path) => row(path) === undefined);
    expect(missing, `add a "| \`<key>\` | type | default | meaning |" row to ${DOCS}`).toEqual([]);
  });

  it("states the default the code applies", () => {
    const checked = defaults(policyJsonSchema());
    expect(checked.length).toBeGreaterThan(20);
    const wrong = checked.flatMap(([path, value]) => {
      const expected = `\`${typeof value === "string" ? value : JSON.stringify(value)}\``;
      const cell = row(path)?.[3] ?? "";
      return cell.includes(expected) ? [] : [`${path}: expected ${expected} in "${cell}"`];
    });
    expect(wrong).toEqual([]);
  });

  it("documents the per-cluster tags", () => {
    for (const tag of ["gpu-warden.schedule", "gpu-warden.exclude", "gpu-warden.idle"]) {
      expect(row(tag), tag).toBeDefined();
    }
  });
});
