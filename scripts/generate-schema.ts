/**
 * @module `npm run schema`: writes the policy file's JSON Schema, generated from the zod schema,
 * to schema/gpu-warden.schema.json (committed; a test fails when it is stale).
 */
import { writeFile } from "node:fs/promises";
import { POLICY_SCHEMA_FILE, renderPolicyJsonSchema } from "../src/config/json-schema.js";

const target = new URL(`../${POLICY_SCHEMA_FILE}`, import.meta.url);
await writeFile(target, renderPolicyJsonSchema());
process.stdout.write(`wrote ${POLICY_SCHEMA_FILE}\n`);
