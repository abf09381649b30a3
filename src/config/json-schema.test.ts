/**
 * @module The committed JSON Schema matches the zod schema (regenerate with `npm run schema`), and
 * every property is described.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { POLICY_SCHEMA_FILE, policyJsonSchema, renderPolicyJsonSchema } from "./json-schema.js";

interface JsonSchemaNode {
  readonly description?: string;
  readonly properties?: Record<string, JsonSchemaNode>;
  readonly items?: JsonSchemaNode;
  readonly additionalProperties?: JsonSchemaNode | boolean;
  readonly anyOf?: readonly JsonSchemaNode[];
}

/** Every property of the schema as [path, node]. */
function properties(node: JsonSchemaNode, prefix = ""): [string, JsonSchemaNode][] {
  const own = Object.entries(node.properties ?? {}).flatMap(([key, child]) => {
    const path = prefix === "" ? key : `${prefix}.${key}`;
    return [[path, child] as [string, JsonSchemaNode], ...properties(child, path)];
  });
  const nested = [
    ...(node.items ? properties(node.items, `${prefix}[]`) : []),
    ...(typeof node.additionalProperties === "object"
      ? properties(node.additionalProperties, `${prefix}.<name>`)
      : []),
    ...(node.anyOf ?? []).flatMap((option) => properties(option, prefix)),
  ];
  return [...own, ...nested];
}

describe("the JSON Schema", () => {
  it(`committed as ${POLICY_SCHEMA_FILE} is up to date`, () => {
    const committed = readFileSync(new URL(`../../${POLICY_SCHEMA_FILE}`, import.meta.url), "utf8");
    expect(
      committed,
      `${POLICY_SCHEMA_FILE} is stale: the policy schema changed. Run \`npm run schema\` and commit the result.`,
    ).toBe(renderPolicyJsonSchema());
  });

  it("describes every key, for editors", () => {
    const undocumented = properties(policyJsonSchema() as JsonSchemaNode)
      .filter(([, node]) => !node.description)
      .map(([path]) => path);
    expect(undocumented).toEqual([]);
  });

  it("rejects unknown keys and tells editors that amount and azureBudget exclude each other", () => {
    const schema = policyJsonSchema() as JsonSchemaNode & Record<string, unknown>;
    expect(schema.additionalProperties).toBe(false);
    const budget = schema.properties?.budgets?.items as Record<string, unknown>;
    expect(budget.oneOf).toEqual([{ required: ["amount"] }, { required: ["azureBudget"] }]);
  });
});
