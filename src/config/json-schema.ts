/**
 * @module The JSON Schema of the policy file, generated from the zod schema (the input side:
 * keys with defaults are optional). Committed as `schema/gpu-warden.schema.json` for editors;
 * `npm run schema` regenerates it and a test fails when the committed copy is stale.
 */
import * as z from "zod";
import { budgetSchema } from "./budget-schema.js";
import { policySchema } from "./policy-schema.js";

export const POLICY_SCHEMA_FILE = "schema/gpu-warden.schema.json";

export function policyJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(policySchema, {
    target: "draft-2020-12",
    io: "input",
    override: ({ zodSchema, jsonSchema }) => {
      // Exclusivity is checked in code (policy-references.ts); say it to editors too.
      if (zodSchema === budgetSchema) {
        jsonSchema.oneOf = [{ required: ["amount"] }, { required: ["azureBudget"] }];
      }
    },
  });
}

/** The committed file's exact text: two-space JSON and a final newline. */
export function renderPolicyJsonSchema(): string {
  return `${JSON.stringify(policyJsonSchema(), null, 2)}\n`;
}
