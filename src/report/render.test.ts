/**
 * @module The weekly report's renderers: Markdown and HTML show the same reconciled figures with
 * their price basis; the HTML page is self-contained (inline CSS, the chart as a data: URI, no
 * external resource); JSON round-trips the model; Slack Block Kit stays within limits with 200
 * clusters (lists summarized, whole lines only); the chart is a valid, non-trivial PNG.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { cluster, pool } from "../../test/fixtures/fleet.js";
import { input, NOW, row, sampleReport, vmss } from "../../test/fixtures/report.js";
import { buildWeeklyReport, type WeeklyReport } from "../core/report/index.js";
import { checkBlockKit } from "../slack/limits.js";
import { CHART_HEIGHT, CHART_SCALE, renderChartPng } from "./chart.js";
import { renderHtml } from "./html.js";
import { renderJson } from "./json.js";
import { renderMarkdown } from "./markdown.js";
import { chartComment, reportMessage } from "./slack.js";

/** Width and height from a PNG's IHDR, after checking the signature. */
function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  expect([...bytes.subarray(0, 8)]).toEqual(signature);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  expect(new TextDecoder().decode(bytes.subarray(12, 16))).toBe("IHDR");
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

let report: WeeklyReport;
let png: Uint8Array;

beforeAll(async () => {
  report = await sampleReport();
  png = await renderChartPng(report);
});

describe("the chart", () => {
  it("is a valid PNG of the chart's size, non-trivial, written to out/report/", () => {
    const { width, height } = pngSize(png);
    expect(width).toBeGreaterThan(1000);
    expect(height).toBeGreaterThanOrEqual(CHART_HEIGHT * CHART_SCALE);
    expect(png.byteLength).toBeGreaterThan(30_000);
    mkdirSync("out/report", { recursive: true });
    writeFileSync("out/report/weekly-report.png", png);
  });
});

describe("Markdown and HTML", () => {
  it("show the reconciled total, the clusters, savings with their basis, findings with fixes", () => {
    const md = renderMarkdown(report, { chartFile: "weekly-report.png" });
    expect(md).toContain("| **total** | **$3,938.20** |");
    expect(md).toContain("| other (not mapped to a cluster) | $14.70 |");
    expect(md).toContain("| ml-dev-rg/batch-h100 | $1,837.50 |");
    expect(md).toContain(
      "## Savings delivered: $411.37 (list-price estimate, snapshot 2026-09-12)",
    );
    expect(md).toContain("reserve 2 for 1-year");
    expect(md).toContain("- fix: az aks nodepool update");
    expect(md).toContain("![Daily GPU cost per cluster");
    const lineSum = report.clusters.reduce((s, c) => s + Math.round(c.week * 100), 0);
    expect(lineSum + Math.round(report.other.week * 100)).toBe(Math.round(report.total.usd * 100));
  });

  it("the HTML page is self-contained: inline CSS, the chart inline, nothing fetched", () => {
    const html = renderHtml(report, png);
    writeFileSync("out/report/weekly-report.html", html);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain("<style>");
    expect(html).toContain('src="data:image/png;base64,iVBORw0KGgo');
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html).not.toContain("<script");
    expect(html).toContain("$3,938.20");
  });

  it("escapes names in HTML", async () => {
    const odd = cluster("x", { resourceGroup: "rg<b>&", pools: [pool({ name: "gpu" })] });
    const r = await buildWeeklyReport(
      input([row("2026-11-20", vmss(odd, "gpu"), 1)], { fleet: [odd] }),
      NOW,
    );
    const html = renderHtml(r);
    expect(html).toContain("rg&lt;b&gt;&amp;/x");
    expect(html).not.toContain("<b>");
  });
});

describe("JSON", () => {
  it("is the model under a kind and version", () => {
    const parsed = JSON.parse(renderJson(report)) as Record<string, unknown>;
    expect(parsed).toMatchObject({ kind: "gpu-warden.weekly-report", version: 1, currency: "USD" });
    expect(parsed.total).toEqual({ usd: 3938.2, basis: "billed" });
    expect(parsed.clusters).toEqual(JSON.parse(JSON.stringify(report.clusters)));
  });
});

describe("Slack Block Kit", () => {
  it("the sample report passes checkBlockKit; the chart comment names the basis", () => {
    const message = reportMessage(report);
    expect(checkBlockKit(message)).toEqual([]);
    expect(message.text).toContain("$3,938.20");
    expect(chartComment(report)).toContain("billed cost");
  });

  it("stays within limits with 200 clusters: lists are summarized, never cut mid-line", async () => {
    const fleet = Array.from({ length: 200 }, (_, i) =>
      cluster(`a-rather-long-cluster-name-for-limits-${String(i).padStart(3, "0")}`, {
        resourceGroup: "a-resource-group-with-a-long-name",
        powerState: i % 3 === 0 ? "Stopped" : "Running",
        pools: [pool({ name: "gpu", nodeTaints: [] })],
      }),
    );
    const rows = fleet.map((c, i) => row("2026-11-20", vmss(c, "gpu"), 100 + i));
    const big = await buildWeeklyReport(
      input(rows, {
        fleet,
        budgets: Array.from({ length: 30 }, (_, i) => ({
          name: `budget-${String(i)}`,
          amount: 1000,
          spent: 500,
          forecast: 1200,
          thresholdsFired: [],
        })),
        findings: fleet.map((c) => ({
          kind: "gpu-pool-without-taint" as const,
          severity: "low" as const,
          clusterId: c.id,
          cluster: `${c.resourceGroup}/${c.name}`,
          pool: "gpu",
          title: "GPU pool gpu has no NoSchedule taint",
          evidence: "e".repeat(400),
          fix: `az aks nodepool update ${"-x ".repeat(150)}`,
        })),
      }),
      NOW,
    );
    const message = reportMessage(big);
    expect(checkBlockKit(message)).toEqual([]);
    const texts = (message.blocks ?? []).map((b) => JSON.stringify(b));
    expect(texts.some((t) => t.includes("… and 190 more clusters"))).toBe(true);
    expect(texts.some((t) => t.includes("… and 20 more"))).toBe(true);
    expect(texts.some((t) => /… and 19\d more/.test(t))).toBe(true);
    // Whole lines only: no line ends clipped ("…" only opens the "… and N more" lines).
    const lines = (message.blocks ?? []).flatMap((b) => {
      const text = (b as { text?: { text?: string } }).text?.text;
      return text === undefined ? [] : text.split("\n");
    });
    expect(lines.filter((l) => l.includes("…") && !l.startsWith("… and "))).toEqual([]);
  });
});
