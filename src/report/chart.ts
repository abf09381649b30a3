/**
 * @module The weekly report's chart as a PNG (SPEC §9): daily GPU cost per cluster over 14 days,
 * stacked bars (the top clusters by name, the rest as one band), and on a second axis the
 * cumulative month-to-date GPU cost against the budget pace line (budget ÷ days in the month,
 * cumulative). Vega-Lite compiles the spec, Vega renders SVG headless, resvg rasterizes it with
 * the bundled DejaVu Sans (no system fonts, no native canvas). All three load on first use, so
 * the functions entry does not pay for them.
 */
import { createRequire } from "node:module";
import { OTHER_CLUSTERS, type WeeklyReport } from "../core/report/index.js";
import { basisLabel, weekLabel } from "./lines.js";

export const CHART_WIDTH = 860;
export const CHART_HEIGHT = 360;
/** Rasterized at twice the CSS size, for sharp text on high-density screens. */
export const CHART_SCALE = 2;

const FONT = "DejaVu Sans";
const PACE = "budget pace";
const MTD = "GPU cost, month to date";

/** The Vega-Lite spec of the chart (exported for tests and for anyone who wants the SVG). */
export function chartSpec(report: WeeklyReport): Record<string, unknown> {
  const order = clusterOrder(report);
  const bars = report.daily.flatMap((d) =>
    Object.entries(d.byCluster).map(([cluster, usd]) => ({
      day: d.day,
      cluster,
      usd,
      rank: order.indexOf(cluster),
    })),
  );
  const lines = report.daily.flatMap((d) => [
    { day: d.day, series: MTD, usd: d.cumulative },
    ...(d.pace === null ? [] : [{ day: d.day, series: PACE, usd: d.pace }]),
  ]);
  const x = {
    field: "day",
    type: "ordinal",
    title: null,
    sort: null,
    // Every chart day, in order, even days without bars (the layers' data would order them).
    scale: { domain: report.daily.map((d) => d.day) },
    axis: {
      labelExpr: "timeFormat(toDate(datum.value + 'T00:00:00Z'), '%a %d %b')",
      labelAngle: -40,
    },
  };
  const range = { from: report.daily[0]?.day ?? report.week.from, to: report.week.to };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    background: "white",
    padding: 12,
    title: {
      text: `Daily GPU cost per cluster · ${weekLabel(range)}`,
      subtitle: `USD, ${basisLabel(report.gpuTotal)}. Bars: daily GPU cost (left axis). Lines: cumulative month to date vs the budget pace (right axis)`,
      anchor: "start",
    },
    config: { font: FONT, view: { stroke: null }, axis: { gridColor: "#eaeef2" } },
    layer: [
      {
        data: { values: bars },
        mark: { type: "bar", width: { band: 0.8 } },
        encoding: {
          x,
          y: { field: "usd", type: "quantitative", stack: "zero", title: "daily GPU cost (USD)" },
          color: {
            field: "cluster",
            type: "nominal",
            title: "cluster",
            scale: { scheme: "tableau10", domain: order },
            legend: { orient: "right", labelLimit: 260 },
          },
          // The most expensive cluster at the bottom of every bar, the rest above in legend order.
          order: { field: "rank", type: "quantitative", sort: "ascending" },
        },
      },
      {
        data: { values: lines },
        mark: { type: "line", point: false, strokeWidth: 2.5, interpolate: "monotone" },
        encoding: {
          x,
          y: {
            field: "usd",
            type: "quantitative",
            title: "month to date (USD)",
            axis: { orient: "right", grid: false },
          },
          strokeDash: {
            field: "series",
            type: "nominal",
            title: null,
            scale: {
              domain: [MTD, PACE],
              range: [
                [1, 0],
                [6, 4],
              ],
            },
            legend: { orient: "right", labelLimit: 260, symbolStrokeColor: "#1f2328" },
          },
          color: { value: "#1f2328" },
        },
      },
    ],
    resolve: { scale: { y: "independent", color: "independent" } },
  };
}

/** Clusters by their cost over the chart's days, most expensive first, `other clusters` last. */
function clusterOrder(report: WeeklyReport): string[] {
  const totals = new Map<string, number>();
  for (const d of report.daily) {
    for (const [cluster, usd] of Object.entries(d.byCluster)) {
      totals.set(cluster, (totals.get(cluster) ?? 0) + usd);
    }
  }
  const last = (name: string): number => (name === OTHER_CLUSTERS ? 1 : 0);
  return [...totals.entries()]
    .sort((a, b) => last(a[0]) - last(b[0]) || b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([name]) => name);
}

/** The chart as PNG bytes. */
export async function renderChartPng(report: WeeklyReport): Promise<Uint8Array> {
  const [vegaLite, vega, { Resvg }] = await Promise.all([
    import("vega-lite"),
    import("vega"),
    import("@resvg/resvg-js"),
  ]);
  const spec = chartSpec(report) as unknown as Parameters<typeof vegaLite.compile>[0];
  const compiled = vegaLite.compile(spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  const svg = await view.toSVG();
  view.finalize();
  const font = createRequire(import.meta.url).resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf");
  const png = new Resvg(svg, {
    fitTo: { mode: "zoom", value: CHART_SCALE },
    font: {
      loadSystemFonts: false,
      fontFiles: [font],
      defaultFontFamily: FONT,
      sansSerifFamily: FONT,
    },
  })
    .render()
    .asPng();
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}
