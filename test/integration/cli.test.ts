/**
 * @module The Azure-facing CLI commands on a fresh clone's defaults: `--emulator` starts the
 * embedded emulator (demo fleet) and Azurite, or uses the configured storage. Run in-process.
 */
import { readFile } from "node:fs/promises";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { startAzurite, type Azurite } from "../../src/storage/azurite.js";
import { createTableStore } from "../../src/storage/table-store.js";
import { runCli } from "../helpers/cli.js";

let azurite: Azurite;

beforeAll(async () => {
  azurite = await startAzurite();
}, 60_000);

afterEach(() => {
  vi.unstubAllEnvs();
});

afterAll(async () => {
  await azurite.stop();
});

describe("gpu-warden plan", () => {
  it("prints the Plan as JSON on the emulator and changes nothing in the store", async () => {
    vi.stubEnv("AzureWebJobsStorage", azurite.connectionString);
    const store = await createTableStore({ connectionString: azurite.connectionString });
    const run = await runCli("plan", "--emulator", "--at", "2026-11-30T04:30:00Z", "--json");
    expect(run.code).toBe(0);
    const plan = JSON.parse(run.stdout) as {
      at: string;
      actions: unknown[];
      refused: unknown;
      skipped: { target: { name: string }; reason: string }[];
    };
    expect(plan.at).toBe("2026-11-30T04:30:00Z");
    expect(plan.refused).toBeNull();
    expect(plan.skipped.map((s) => s.target.name).sort()).toEqual([
      "dev-h100",
      "dev-legacy",
      "inference-prod",
    ]);
    expect(plan.skipped.find((s) => s.target.name === "dev-h100")?.reason).toContain("Mon-Thur");
    expect(await store.clusters.list()).toEqual([]);
    expect(
      await store.audit.list({ from: "2026-01-01T00:00:00Z", to: "2027-01-01T00:00:00Z" }),
    ).toEqual([]);
  }, 60_000);

  it("without --emulator and without storage settings, explains what to configure (exit 2)", async () => {
    vi.stubEnv("AzureWebJobsStorage", "");
    const run = await runCli("plan", "--config", "examples/gpu-warden.yaml");
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no storage configured: set AzureWebJobsStorage/);
  });

  it("rejects --fleet without --emulator", async () => {
    const run = await runCli("plan", "--fleet", "examples/fleet.demo.yaml");
    expect(run).toMatchObject({ code: 2, stderr: "error: --fleet needs --emulator\n" });
  });

  it("an invalid policy exits 2 listing its problems", async () => {
    const run = await runCli(
      "plan",
      "--emulator",
      "--config",
      "examples/invalid/three-errors.yaml",
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("groups.0.schedule: unknown day 'Thur'");
  });
});

describe("gpu-warden status and override", () => {
  it("status lists every cluster with its desired state and next change", async () => {
    const run = await runCli("status", "--emulator", "--json");
    expect(run.code).toBe(0);
    const status = JSON.parse(run.stdout) as {
      at: string;
      clusters: { name: string; desired: string | null; management: string }[];
    };
    expect(status.at).toBe("2026-11-23T00:00:00Z");
    expect(status.clusters).toHaveLength(8);
    expect(status.clusters.find((c) => c.name === "dev-a100")).toMatchObject({
      desired: "stopped",
      management: "managed",
    });
    expect(status.clusters.find((c) => c.name === "inference-prod")).toMatchObject({
      desired: null,
      management: "protected",
    });
  }, 60_000);

  it("override set writes an override the next tick reads; too long, unknown or unmanaged clusters are refused", async () => {
    vi.stubEnv("AzureWebJobsStorage", azurite.connectionString);
    const set = await runCli(
      "override",
      "set",
      "--emulator",
      "--cluster",
      "dev-a10",
      "--for",
      "3h",
      "--owner",
      "ana",
      "--json",
    );
    expect(set.code).toBe(0);
    expect(JSON.parse(set.stdout)).toMatchObject({
      state: "running",
      until: "2026-11-23T03:00:00Z",
      owner: "ana",
    });
    const store = await createTableStore({ connectionString: azurite.connectionString });
    expect(await store.overrides.active("2026-11-23T01:00:00Z")).toHaveLength(1);

    const tooLong = await runCli(
      "override",
      "set",
      "--emulator",
      "--cluster",
      "dev-a10",
      "--for",
      "20h",
    );
    expect(tooLong.stderr).toMatch(/capped at 12h \(asked for 20\.0h\)/);
    const unknown = await runCli(
      "override",
      "set",
      "--emulator",
      "--cluster",
      "dev-a10x",
      "--for",
      "1h",
    );
    expect(unknown.stderr).toMatch(/no cluster named 'dev-a10x' — did you mean dev-a10/);
    const prod = await runCli(
      "override",
      "set",
      "--emulator",
      "--cluster",
      "inference-prod",
      "--for",
      "1h",
    );
    expect(prod.stderr).toMatch(/not managed by gpu-warden \(protected\)/);
    expect([tooLong.code, unknown.code, prod.code]).toEqual([2, 2, 2]);

    const clear = await runCli("override", "clear", "--emulator", "--cluster", "dev-a10");
    expect(clear.stdout).toBe("dev-a10: override cleared\n");
    expect(await store.overrides.active("2026-11-23T01:00:00Z")).toEqual([]);
  }, 90_000);
});

describe("gpu-warden demo", () => {
  interface DemoJson {
    simulated: { from: string; to: string; ticks: number };
    clusters: {
      name: string;
      managed: boolean;
      scheduledHours: number | null;
      overrideHours: number | null;
      budgetStoppedHours: number | null;
      runningHours: number;
      costWith: number;
      costWithout: number;
    }[];
    totals: { costWith: number; costWithout: number; savingsPercent: number };
    actions: { planned: number; done: number; failed: number; pending: number };
    skipped: { cluster: string; reason: string }[];
    idle: { scaledToZero: number; restored: number };
    budgets: { name: string; amount: number; spent: number; thresholdsFired: string[] }[];
    slack: { messages: number; commands: number; refused: number };
    seededHistory: { from: string; to: string; days: number };
    report: {
      total: number;
      savings: number;
      findings: number;
      reservations: {
        sku: string;
        region: string;
        quantity: number;
        term: string;
        annualSavings: number;
      }[];
      refused: { pool: string; reason: string }[];
      posted: { at: string; channel: string; week: string } | null;
    };
    out: string;
  }

  it("simulates a week: schedules and the holiday honoured, untouched clusters untouched, nothing failed", async () => {
    const run = await runCli("demo", "--json", "--out", "out/demo-test");
    expect(run.code).toBe(0);
    const demo = JSON.parse(run.stdout) as DemoJson;
    expect(demo.simulated).toEqual({
      from: "2026-11-23T00:00:00.000Z",
      to: "2026-11-30T00:00:00.000Z",
      ticks: 2016,
    });
    expect(demo.actions.failed).toBe(0);
    expect(demo.actions.pending).toBe(0);
    expect(demo.actions.done).toBe(demo.actions.planned);
    const byName = new Map(demo.clusters.map((c) => [c.name, c]));
    // Thanksgiving (26 Nov) and the day after are US holidays: ml-dev runs Mon-Wed only.
    expect(byName.get("dev-a100")?.scheduledHours).toBe(36);
    for (const c of demo.clusters.filter((x) => x.scheduledHours !== null)) {
      // Within one 5-minute tick per scheduled day (at most the 5 weekdays): clusters start
      // early with readyBy and take a few minutes to stop. Hours are rounded to 0.01.
      const desired =
        (c.scheduledHours ?? 0) + (c.overrideHours ?? 0) - (c.budgetStoppedHours ?? 0);
      expect(Math.abs(c.runningHours - desired)).toBeLessThanOrEqual((5 * 5) / 60 + 0.01);
      expect(c.costWith).toBeLessThan(c.costWithout);
    }
    for (const name of ["inference-prod", "dev-legacy"]) {
      expect(byName.get(name)).toMatchObject({ managed: false, runningHours: 168 });
      expect(byName.get(name)?.costWith).toBe(byName.get(name)?.costWithout);
    }
    expect(demo.skipped.find((s) => s.cluster === "dev-h100")?.reason).toMatch(/Mon-Thur/);
    expect(demo.totals.savingsPercent).toBeGreaterThan(0);
    expect(demo.out).toBe("out/demo-test");
    // Ana's evening extend and keep click: two extra hours, both from Slack; Eve is refused twice.
    expect(byName.get("dev-a100")?.overrideHours).toBe(2);
    expect(demo.slack).toMatchObject({ commands: 5, refused: 2 });
    expect(demo.slack.messages).toBeGreaterThan(0);
    // Idle afternoons: pools scaled to zero, and each restored by the next morning's start (the
    // last ones of the week come back on Monday, after the simulated week).
    expect(demo.idle.scaledToZero).toBeGreaterThan(0);
    expect(demo.idle.restored).toBeGreaterThan(0);
    expect(demo.idle.restored).toBeLessThanOrEqual(demo.idle.scaledToZero);
    // The research budget crosses its ladder mid-week; its clusters then stay stopped.
    const research = demo.budgets.find((b) => b.name === "research-eu");
    expect(research?.thresholdsFired).toEqual(["actual-50", "actual-80", "actual-100"]);
    expect(research?.spent).toBeGreaterThanOrEqual(research?.amount ?? Infinity);
    expect(byName.get("nb-a100")?.budgetStoppedHours).toBeGreaterThan(0);
    expect(demo.budgets.find((b) => b.name === "ml-dev-monthly")?.thresholdsFired).toEqual([]);
    const audit = await readFile("out/demo-test/audit.jsonl", "utf8");
    expect(audit).toMatch(/scale-pool/);
    expect(audit).toMatch(/actual-100/);
    const transcript = await readFile("out/demo-test/slack.md", "utf8");
    expect(transcript).toMatch(/Budget research-eu has spent .* \(threshold 100%\)/);
    expect(transcript).toContain("/gpu extend dev-a100 1h");
    expect(transcript).toContain("Kept running until 21:00 PST by <@U0ANA0001>");

    // The weekly report: posted at Monday 09:00 PST, written as files, reconciling.
    expect(demo.seededHistory).toMatchObject({ days: 23, to: "2026-11-23T00:00:00.000Z" });
    const { report } = demo;
    expect(report.posted).toEqual({
      at: "2026-11-30T17:00:00.000Z",
      channel: "C0FINOPS",
      week: "2026-W49",
    });
    expect(report.total).toBeGreaterThan(0);
    expect(report.savings).toBeGreaterThan(0);
    expect(report.findings).toBeGreaterThan(0);
    // inference-prod's H100 pool runs 24/7: reserve it; dev-a100's scheduled pool: refuse it.
    const h100 = report.reservations.find((r) => r.sku === "Standard_NC40ads_H100_v5");
    expect(h100).toMatchObject({ region: "eastus", quantity: 2, term: "1y" });
    expect(h100?.annualSavings).toBeGreaterThan(0);
    expect(report.reservations.map((r) => r.sku)).not.toContain("Standard_NC24ads_A100_v4");
    const devA100 = report.refused.find((r) => r.pool === "ml-dev/dev-a100/gpu");
    expect(devA100?.reason).toMatch(
      /schedule keeps it on 36 % of hours.*would lose \$[\d,]+ a year/,
    );
    expect(transcript).toMatch(/in <#C0FINOPS> says: GPU cost report · 23–29 Nov 2026/);
    const model = JSON.parse(await readFile("out/demo-test/weekly-report.json", "utf8")) as {
      total: { usd: number };
      savings: { usd: number };
      clusters: { week: number }[];
      other: { week: number };
    };
    const cents = (usd: number) => Math.round(usd * 100);
    const sum = model.clusters.reduce((s, c) => s + cents(c.week), 0) + cents(model.other.week);
    expect(sum).toBe(cents(model.total.usd));
    expect(model.total.usd).toBe(report.total);
    expect(model.savings.usd).toBe(report.savings);
    const png = await readFile("out/demo-test/weekly-report.png");
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(await readFile("out/demo-test/weekly-report.md", "utf8")).toContain(
      "](weekly-report.png)",
    );
    expect(await readFile("out/demo-test/weekly-report.html", "utf8")).toContain(
      'src="data:image/png;base64,',
    );
  }, 300_000); // ~20 s alone; CI machines are small and shared
});
