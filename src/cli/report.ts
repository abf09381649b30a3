/**
 * @module `gpu-warden report weekly`: the weekly cost report built now (SPEC §9, §12), as
 * Markdown, JSON or one self-contained HTML page (the chart embedded as a `data:` URI). With
 * `--out`, Markdown gets its chart as a PNG beside it, linked; without, the report goes to stdout.
 * Nothing is posted or recorded. On the emulator the virtual clock is moved to `--at` (default:
 * the first configured report time a week or more after the clock, so a whole week has run);
 * nothing ticks meanwhile: clusters keep the state they were loaded in.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { basename, dirname, extname, join } from "node:path";
import type { Command } from "commander";
import { buildReport } from "../app/weekly-report.js";
import { reportDepsOf } from "../composition.js";
import { slotOfWeek } from "../core/report/due.js";
import type { WeeklyReport } from "../core/report/index.js";
import { localTime } from "../core/time/zone.js";
import { renderChartPng } from "../report/chart.js";
import { renderHtml } from "../report/html.js";
import { renderJson } from "../report/json.js";
import { renderMarkdown } from "../report/markdown.js";
import { withCommonFlags, withRuntime, type CommandContext, type CommonFlags } from "./context.js";
import { CliError } from "./errors.js";
import { parseInstant } from "./io.js";

const FORMATS = ["md", "json", "html"] as const;
type Format = (typeof FORMATS)[number];

interface ReportFlags extends CommonFlags {
  readonly format: string;
  readonly out?: string;
  readonly at?: string;
}

const WEEK_MS = 7 * 86_400_000;

export function registerReportCommand(program: Command): void {
  const report = program.command("report").description("Cost reports");
  withCommonFlags(report.command("weekly"))
    .description("Build the weekly GPU cost report now (nothing is posted)")
    .option("--format <format>", `output format: ${FORMATS.join(" | ")}`, "md")
    .option("--out <file>", "write to this file (Markdown: the chart as a PNG beside it)")
    .option(
      "--at <instant>",
      "emulator only: build as of this instant (default: 8 days after start)",
    )
    .action(async (flags: ReportFlags) => {
      const format = parseFormat(flags.json ? "json" : flags.format);
      if (flags.at !== undefined && !flags.emulator)
        throw new CliError("--at needs --emulator: a real report is built at the real time");
      const at = flags.at === undefined ? undefined : parseInstant(flags.at, "--at");
      await withRuntime({ ...flags, json: false }, async (ctx) => {
        const now = instant(ctx, at);
        ctx.progress(`building the weekly report as of ${now.toISOString()}…`);
        const { report: built, warnings } = await buildReport(reportDepsOf(ctx.runtime), now);
        for (const warning of warnings) ctx.progress(`warning: ${warning}`);
        const written = await emit(built, format, flags.out);
        for (const file of written) ctx.progress(`wrote ${file}`);
      });
    });
}

function parseFormat(text: string): Format {
  const format = FORMATS.find((f) => f === text);
  if (format === undefined)
    throw new CliError(`--format: expected ${FORMATS.join(", ")}, got '${text}'`);
  return format;
}

function instant(ctx: CommandContext, at: Date | undefined): Date {
  if (!ctx.emulator) return new Date();
  const clock = ctx.emulator.clock;
  const target = at ?? firstSlotAfter(ctx, new Date(clock.now().getTime() + WEEK_MS));
  if (target.getTime() > clock.now().getTime()) clock.set(target);
  return target;
}

/** The first configured report time (default Monday 09:00, policy zone) at or after `after`. */
function firstSlotAfter(ctx: CommandContext, after: Date): Date {
  const policy = ctx.runtime.policy;
  const schedule = policy.policy.reports.weekly ?? { day: "Mon" as const, time: "09:00" };
  const day = localTime(policy.zone, after.getTime()).day;
  const slot = slotOfWeek(schedule, policy.zone, day).at;
  return slot.getTime() >= after.getTime() ? slot : slotOfWeek(schedule, policy.zone, day + 7).at;
}

/** Writes the report in `format` to `out` (or stdout); returns the files written. */
async function emit(report: WeeklyReport, format: Format, out: string | undefined) {
  if (out === undefined) {
    const text =
      format === "json"
        ? renderJson(report)
        : format === "html"
          ? renderHtml(report, await renderChartPng(report))
          : renderMarkdown(report);
    process.stdout.write(text);
    return [];
  }
  await mkdir(dirname(out), { recursive: true });
  switch (format) {
    case "json":
      await writeFile(out, renderJson(report));
      return [out];
    case "html":
      await writeFile(out, renderHtml(report, await renderChartPng(report)));
      return [out];
    case "md":
      return writeMarkdown(report, out);
  }
}

/** Markdown at `file` and its chart as a PNG beside it (same name, `.png`), linked. */
export async function writeMarkdown(
  report: WeeklyReport,
  file: string,
  chartPng?: Uint8Array,
): Promise<string[]> {
  const png = join(dirname(file), `${basename(file, extname(file))}.png`);
  await writeFile(png, chartPng ?? (await renderChartPng(report)));
  await writeFile(file, renderMarkdown(report, { chartFile: basename(png) }));
  return [file, png];
}
