/**
 * @module `gpu-warden report weekly` on the embedded emulator (demo fleet) and Azurite, run
 * in-process: one self-contained HTML page with the chart embedded, Markdown with its PNG beside
 * it, JSON on stdout that reconciles, and exit 2 for bad input.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { startAzurite, type Azurite } from "../../src/storage/azurite.js";
import { runCli } from "../helpers/cli.js";

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

let azurite: Azurite;
let dir: string;

beforeAll(async () => {
  azurite = await startAzurite();
  dir = await mkdtemp(join(tmpdir(), "gpu-warden-report-"));
}, 60_000);

afterEach(() => {
  vi.unstubAllEnvs();
});

afterAll(async () => {
  await azurite.stop();
  await rm(dir, { recursive: true, force: true });
});

describe("gpu-warden report weekly", () => {
  it("--format html --out: one page that opens offline, the chart embedded as a PNG", async () => {
    vi.stubEnv("AzureWebJobsStorage", azurite.connectionString);
    const out = join(dir, "r.html");
    const run = await runCli("report", "weekly", "--emulator", "--format", "html", "--out", out);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("as of 2026-11-30T17:00:00.000Z"); // Monday 09:00 PST
    expect(run.stderr).toContain(`wrote ${out}`);
    const html = await readFile(out, "utf8");
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain("GPU cost report — week of 23–29 Nov 2026");
    expect(html).toContain("ml-prod/inference-prod");
    // Nothing to fetch: no script, no external image, stylesheet or font.
    expect(html).not.toMatch(/<script|<link|src="(?!data:)|url\(/i);
    const data = /src="data:image\/png;base64,([^"]+)"/.exec(html)?.[1] ?? "";
    const png = Buffer.from(data, "base64");
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(png.byteLength).toBeGreaterThan(20_000);
  }, 90_000);

  it("--format md --out: Markdown and its chart beside it, linked", async () => {
    vi.stubEnv("AzureWebJobsStorage", azurite.connectionString);
    const out = join(dir, "md", "weekly.md");
    const run = await runCli("report", "weekly", "--emulator", "--format", "md", "--out", out);
    expect(run.code, run.stderr).toBe(0);
    const md = await readFile(out, "utf8");
    expect(md).toContain("](weekly.png)");
    const png = await readFile(join(dir, "md", "weekly.png"));
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
  }, 90_000);

  it("--format json on stdout: the model, whose clusters and unmapped cost add up to the total", async () => {
    vi.stubEnv("AzureWebJobsStorage", azurite.connectionString);
    const run = await runCli(
      "report",
      "weekly",
      "--emulator",
      "--format",
      "json",
      "--at",
      "2026-12-02T12:00:00Z",
    );
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as {
      kind: string;
      week: { from: string; to: string };
      total: { usd: number };
      clusters: { cluster: string; week: number }[];
      other: { week: number };
    };
    expect(report.kind).toBe("gpu-warden.weekly-report");
    expect(report.week).toEqual({ from: "2026-11-25", to: "2026-12-01" });
    const cents = (usd: number) => Math.round(usd * 100);
    const sum = report.clusters.reduce((s, c) => s + cents(c.week), 0) + cents(report.other.week);
    expect(sum).toBe(cents(report.total.usd));
    expect(report.total.usd).toBeGreaterThan(0);
  }, 90_000);

  it("refuses an unknown format and --at without --emulator (exit 2)", async () => {
    const format = await runCli("report", "weekly", "--emulator", "--format", "pdf");
    expect(format.code).toBe(2);
    expect(format.stderr).toContain("--format: expected md, json, html, got 'pdf'");
    const at = await runCli("report", "weekly", "--at", "2026-12-01T00:00:00Z");
    expect(at.code).toBe(2);
    expect(at.stderr).toContain("--at needs --emulator");
  });
});
