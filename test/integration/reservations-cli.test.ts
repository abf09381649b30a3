/**
 * @module `gpu-warden reservations --emulator`: with 30 days of hourly samples in the store (a
 * 24/7 inference pool and a weekday-scheduled dev pool of the same size and region), the 24/7
 * pool is recommended with its annual savings and the scheduled pool is left out with the money
 * a reservation would lose; prices come from the emulator's Retail Prices API and Azure's own
 * recommendations from its Consumption API. Run in-process against Azurite.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { ReservationReport } from "../../src/app/reservations.js";
import type { PoolSample } from "../../src/ports/history.js";
import { startAzurite, type Azurite } from "../../src/storage/azurite.js";
import { createTableStore } from "../../src/storage/table-store.js";
import { cluster, pool } from "../fixtures/fleet.js";
import { runCli } from "../helpers/cli.js";

const SUB = "11111111-1111-4111-8111-111111111111";
const NOW = "2026-12-10T12:00:00Z";
const A100 = "Standard_NC24ads_A100_v4";
const prod = cluster("inference", {
  subscriptionId: SUB,
  resourceGroup: "ml-prod-rg",
  tags: { env: "prod" },
  pools: [pool({ name: "gpu", count: 2 })],
});
const dev = cluster("dev-a100", {
  subscriptionId: SUB,
  tags: { env: "dev" },
  pools: [pool({ name: "gpu", count: 1 })],
});
let azurite: Azurite;
let dir: string;

function sample(clusterId: string, nodes: number): PoolSample {
  return { clusterId, pool: "gpu", vmSize: A100, location: "eastus", priority: "Regular", nodes };
}

beforeAll(async () => {
  azurite = await startAzurite();
  dir = await mkdtemp(path.join(tmpdir(), "gpu-warden-reservations-"));
  await writeFile(
    path.join(dir, "fleet.json"),
    JSON.stringify({ start: NOW, subscriptions: [{ id: SUB, clusters: [] }] }),
  );
  await writeFile(
    path.join(dir, "policy.yaml"),
    [
      "timezone: UTC",
      "groups:",
      "  - { name: prod, match: { tags: { env: prod } }, protected: true }",
      "  - { name: ml-dev, match: { tags: { env: dev } }, schedule: 'Mon-Fri 08:00-20:00 UTC' }",
    ].join("\n"),
  );
  const store = await createTableStore({ connectionString: azurite.connectionString });
  await store.fleetSnapshot.save({ takenAt: NOW, clusters: [prod, dev] });
  const end = Date.parse(NOW);
  for (let t = end - 31 * 24 * 3_600_000; t < end; t += 3_600_000) {
    const at = new Date(t);
    const weekday = at.getUTCDay() >= 1 && at.getUTCDay() <= 5;
    const working = weekday && at.getUTCHours() >= 8 && at.getUTCHours() < 20;
    await store.samples.record(at.toISOString(), [
      sample(prod.id, 2),
      sample(dev.id, working ? 1 : 0),
    ]);
  }
}, 120_000);

afterEach(() => {
  vi.unstubAllEnvs();
});

afterAll(async () => {
  await azurite.stop();
  await rm(dir, { recursive: true, force: true });
});

const flags = () => [
  "--emulator",
  "--fleet",
  path.join(dir, "fleet.json"),
  "--config",
  path.join(dir, "policy.yaml"),
];

describe("gpu-warden reservations", () => {
  it("recommends the 24/7 pool and refuses the scheduled one with the yearly loss", async () => {
    vi.stubEnv("AzureWebJobsStorage", azurite.connectionString);
    const run = await runCli("reservations", ...flags(), "--json");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as ReservationReport;
    expect(report.errors).toEqual([]);
    expect(report.advice).toHaveLength(1);
    const [a100] = report.advice;
    expect(a100?.vmSize).toBe(A100);
    expect(a100?.region).toBe("eastus");
    expect(a100?.ours?.verdict).toMatchObject({ kind: "reserve", quantity: 2 });
    const verdict = a100?.ours?.verdict;
    if (verdict?.kind !== "reserve") throw new Error("expected a reservation");
    expect(verdict.annualSavings).toBeGreaterThan(10_000);
    expect(a100?.ours?.excluded).toEqual([
      {
        pool: "ml-dev-rg/dev-a100/gpu",
        reason: expect.objectContaining({
          kind: "switched-off",
          by: "schedule",
          plannedUptime: expect.closeTo(60 / 168, 2) as number,
          annualLossOfOne: expect.any(Number) as number,
        }) as object,
      },
    ]);
    const excluded = a100?.ours?.excluded[0]?.reason;
    expect(excluded?.kind === "switched-off" && excluded.annualLossOfOne).toBeGreaterThan(5_000);
    expect(a100?.azure).toEqual([]); // the emulator's engine has no usage before its start
  });

  it("prints the recommendation, the break-even, the price basis and the refusal", async () => {
    vi.stubEnv("AzureWebJobsStorage", azurite.connectionString);
    const run = await runCli("reservations", ...flags());
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Standard_NC24ads_A100_v4 in eastus: reserve 2 for 1-year/);
    expect(run.stdout).toMatch(/break-even 6\d %/);
    expect(run.stdout).toMatch(/retail API \d{4}-\d{2}-\d{2}/);
    expect(run.stdout).toMatch(/left out: ml-dev-rg\/dev-a100\/gpu: the ml-dev schedule.*lose \$/);
    expect(run.stdout).toMatch(/Azure: no recommendation/);
  });

  it("exits 2 on an invalid policy", async () => {
    const bad = path.join(dir, "bad.yaml");
    await writeFile(bad, "groups: 7\n");
    const run = await runCli("reservations", "--emulator", "--config", bad);
    expect(run.code).toBe(2);
  });
});
