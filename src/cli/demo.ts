/**
 * @module `gpu-warden demo` (`npm run demo`): a simulated week over the demo fleet on the embedded
 * emulator and Azurite; prints what each cluster cost with and without gpu-warden and writes the
 * audit log, the Slack transcript and the weekly report (Markdown, HTML, PNG, JSON) under
 * out/demo/.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Command } from "commander";
import { runDemo, type DemoResult } from "../local/demo.js";
import { loadPolicy } from "./context.js";
import { CliError, EXIT } from "./errors.js";
import { writeOut } from "./io.js";
import { renderHtml } from "../report/html.js";
import { renderJson } from "../report/json.js";
import { formatTable } from "./render.js";
import { writeMarkdown } from "./report.js";

interface DemoFlags {
  readonly config?: string;
  readonly fleet?: string;
  readonly days: string;
  readonly out: string;
  readonly json?: boolean;
}

export function registerDemoCommand(program: Command): void {
  program
    .command("demo")
    .description("Simulate a week of ticks over the demo fleet on the embedded emulator")
    .option("--config <file>", "policy file (default: examples/gpu-warden.yaml)")
    .option("--fleet <file>", "fleet file (default: examples/fleet.demo.yaml)")
    .option("--days <n>", "simulated days (1-31)", "7")
    .option("--out <dir>", "where to write the audit log", "out/demo")
    .option("--json", "print one JSON object instead of the table")
    .action(async (flags: DemoFlags) => {
      const days = Number(flags.days);
      if (!Number.isInteger(days) || days < 1 || days > 31)
        throw new CliError(`--days: expected 1-31, got '${flags.days}'`);
      const policy = await loadPolicy({
        emulator: true,
        ...(flags.config ? { config: flags.config } : {}),
      });
      const say = flags.json
        ? () => undefined
        : (line: string) => process.stderr.write(`${line}\n`);
      say(
        `Simulating ${days} day(s) of 5-minute ticks on the embedded Azure emulator and Azurite…`,
      );
      const started = Date.now();
      const result = await runDemo({
        policy,
        days,
        ...(flags.fleet ? { fleetFile: flags.fleet } : {}),
        onDay: say,
      });
      await mkdir(flags.out, { recursive: true });
      await writeFile(
        join(flags.out, "audit.jsonl"),
        result.audit.map((e) => JSON.stringify(e)).join("\n") + "\n",
      );
      await writeFile(join(flags.out, "slack.md"), result.slackTranscript);
      const { report, chartPng } = result.weeklyReport;
      await writeMarkdown(report, join(flags.out, "weekly-report.md"), chartPng);
      await writeFile(join(flags.out, "weekly-report.html"), renderHtml(report, chartPng));
      await writeFile(join(flags.out, "weekly-report.json"), renderJson(report));
      for (const warning of result.weeklyReport.warnings) say(`warning: ${warning}`);
      const {
        audit: _audit,
        slackTranscript: _transcript,
        weeklyReport: _weekly,
        ...summary
      } = result;
      if (flags.json) writeOut({ ...summary, out: flags.out });
      else process.stdout.write(render(result, flags.out, (Date.now() - started) / 1000));
      if (result.actions.failed > 0)
        throw new CliError(`${result.actions.failed} action(s) failed`, EXIT.failure);
    });
}

function reportLines(result: DemoResult, out: string): string[] {
  const { report, seededHistory: seeded } = result;
  const usd = (n: number) =>
    `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  const posted = report.posted
    ? `posted to <#${report.posted.channel}> at ${report.posted.at.slice(0, 16).replace("T", " ")}Z (${report.posted.week}, the configured local time)`
    : "not posted (no reports.weekly in the policy)";
  return [
    "",
    `Weekly report: ${usd(report.total)} billed, ${usd(report.savings)} saved (estimate), ${report.findings} hygiene findings; ${posted}.`,
    ...report.reservations.map(
      (r) =>
        `  Reserve ${r.quantity} × ${r.sku} in ${r.region} for ${r.term === "1y" ? "1 year" : "3 years"}: about ${usd(r.annualSavings)} a year saved.`,
    ),
    ...report.refused.map((r) => `  Not reserved: ${r.pool} — ${r.reason}.`),
    `  Reservation advice reads 30 days of pool samples: the ${seeded.days} days before the week (${seeded.from.slice(0, 10)} … ${seeded.to.slice(0, 10)}) are SEEDED HISTORY, computed from the fleet file and the policy (scheduled clusters on their schedule, the others as loaded), not simulated.`,
    `  Files: ${["md", "html", "png", "json"].map((ext) => join(out, `weekly-report.${ext}`)).join(", ")}`,
  ];
}

function render(result: DemoResult, out: string, seconds: number): string {
  const usd = (n: number) =>
    `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  const rows = result.clusters.map((c) => [
    c.name,
    c.group ?? "-",
    c.managed ? "managed" : "untouched",
    c.scheduledHours === null ? "-" : c.scheduledHours.toFixed(1),
    c.overrideHours ? c.overrideHours.toFixed(1) : "-",
    c.budgetStoppedHours ? c.budgetStoppedHours.toFixed(1) : "-",
    c.runningHours.toFixed(1),
    usd(c.costWith),
    usd(c.costWithout),
    usd(c.costWithout - c.costWith),
  ]);
  const { totals, actions, simulated } = result;
  const lines = [
    "",
    `Simulated ${simulated.from} → ${simulated.to} (${simulated.ticks} ticks) in ${seconds.toFixed(1)} s`,
    "",
    formatTable([
      [
        "cluster",
        "group",
        "",
        "scheduled h",
        "override h",
        "budget-stopped h",
        "running h",
        "cost with",
        "cost without",
        "savings",
      ],
      ...rows,
      [
        "total",
        "",
        "",
        "",
        "",
        "",
        usd(totals.costWith),
        usd(totals.costWithout),
        `${usd(totals.costWithout - totals.costWith)} (${totals.savingsPercent}%)`,
      ],
    ]).trimEnd(),
    "",
    `Actions: ${actions.planned} planned, ${actions.done} confirmed, ${actions.failed} failed, ${actions.pending} pending.`,
    ...result.skipped.map((s) => `Skipped ${s.cluster}: ${s.reason}`),
    `Idle GPU pools: ${result.idle.scaledToZero} scaled to zero, ${result.idle.restored} restored.`,
    ...result.budgets.map(
      (b) =>
        `Budget ${b.name}: ${usd(b.spent)} of ${usd(b.amount)} (${Math.round((b.spent / b.amount) * 100)}%)` +
        (b.fired.length === 0
          ? ", no threshold crossed."
          : `; crossed ${b.fired.map((f) => `${f.key} on ${f.at.slice(0, 16).replace("T", " ")}Z (${f.actions.join(", ")})`).join("; ")}.`),
    ),
    `Slack: ${result.slack.commands} requests from people (${result.slack.refused} refused), ${result.slack.messages} messages from gpu-warden.`,
    ...reportLines(result, out),
    "",
    "Costs are list prices from the emulator's meters (SKU catalog snapshot; see src/core/skus).",
    '"Without gpu-warden" = the same managed clusters left running around the clock at their configured size.',
    `Audit log: ${join(out, "audit.jsonl")} (${result.audit.length} entries); Slack transcript: ${join(out, "slack.md")}`,
    "",
  ];
  return lines.join("\n");
}
