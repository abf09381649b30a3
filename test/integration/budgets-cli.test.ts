/**
 * @module `gpu-warden budgets --emulator`: each budget observed on the embedded emulator (Cost
 * Management and Consumption through the official SDKs) and planned, read-only — nothing is
 * recorded. Run in-process with a fleet and a policy written for the test.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { startAzurite, type Azurite } from "../../src/storage/azurite.js";
import { createTableStore } from "../../src/storage/table-store.js";
import { runCli } from "../helpers/cli.js";

const SUB = "11111111-1111-4111-8111-111111111111";
const SCOPE = `/subscriptions/${SUB}/resourceGroups/ml-dev-rg`;
let azurite: Azurite;
let dir: string;

beforeAll(async () => {
  azurite = await startAzurite();
  dir = await mkdtemp(path.join(tmpdir(), "gpu-warden-budgets-"));
  await writeFile(
    path.join(dir, "fleet.json"),
    JSON.stringify({
      start: "2026-11-05T06:00:00Z",
      subscriptions: [
        {
          id: SUB,
          clusters: [
            {
              name: "dev-a100",
              resourceGroup: "ml-dev-rg",
              tags: { env: "dev" },
              pools: [
                { name: "system", mode: "System", vmSize: "Standard_D4s_v5", count: 1 },
                { name: "gpu", vmSize: "Standard_NC24ads_A100_v4", count: 2 },
              ],
            },
          ],
        },
      ],
      budgets: [{ name: "ml-dev-azure", scope: SCOPE, amount: 5000 }],
    }),
  );
  await writeFile(
    path.join(dir, "policy.yaml"),
    [
      "groups:",
      "  - { name: ml-dev, match: { tags: { env: dev } }, budget: small }",
      "budgets:",
      `  - { name: small, scope: ${SCOPE}, amount: 100, thresholds: [{ percent: 100, actions: [notify, stop-clusters] }] }`,
      `  - { name: azure, scope: ${SCOPE}, azureBudget: ml-dev-azure }`,
    ].join("\n"),
  );
}, 60_000);

afterEach(() => {
  vi.unstubAllEnvs();
});

afterAll(async () => {
  await azurite.stop();
  await rm(dir, { recursive: true, force: true });
});

describe("gpu-warden budgets", () => {
  it("prints each budget with its estimate, crossings and actions in force, and records nothing", async () => {
    vi.stubEnv("AzureWebJobsStorage", azurite.connectionString);
    const run = await runCli(
      "budgets",
      "--emulator",
      "--fleet",
      path.join(dir, "fleet.json"),
      "--config",
      path.join(dir, "policy.yaml"),
      "--json",
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as { budgets: Record<string, unknown>[] };
    const [small, azure] = out.budgets;
    // Nothing billed yet; two A100 nodes for the 30 h since billed data would end.
    expect(small).toMatchObject({
      name: "small",
      amount: 100,
      billed: 0,
      thresholdsCrossed: ["actual-100"],
      actionsInForce: ["stop-clusters"],
      groups: ["ml-dev"],
    });
    expect(small?.intraday).toBeGreaterThan(100);
    expect(azure).toMatchObject({ name: "azure", source: "azure", amount: 5000, billed: 0 });
    const store = await createTableStore({ connectionString: azurite.connectionString });
    expect(await store.budgets.list()).toEqual([]);
  }, 60_000);
});
