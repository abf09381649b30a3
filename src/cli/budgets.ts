/**
 * @module `gpu-warden budgets`: each budget's amount, billed cost, intraday estimate, forecast,
 * thresholds crossed this month and the actions in force — observed now (one Cost Management
 * query per scope), recorded nowhere. Exit 1 when a budget could not be observed.
 */
import type { Command } from "commander";
import { previewBudgets, type BudgetView } from "../app/budgets-preview.js";
import { money } from "../core/budget/in-force.js";
import { budgetDepsOf } from "../composition.js";
import { formatInstant } from "../core/time/zone.js";
import { withCommonFlags, withRuntime, type CommonFlags } from "./context.js";
import { CliError, EXIT } from "./errors.js";
import { writeOut } from "./io.js";

export function registerBudgetsCommand(program: Command): void {
  withCommonFlags(program.command("budgets"))
    .description(
      "Show each budget: amount, billed, estimated intraday, forecast, thresholds crossed, actions in force",
    )
    .action((flags: CommonFlags) =>
      withRuntime(flags, async ({ runtime, emulator }) => {
        const now = emulator ? emulator.clock.now() : new Date();
        const views = await previewBudgets(budgetDepsOf(runtime), now);
        const at = formatInstant(now.getTime());
        if (flags.json) writeOut({ at, budgets: views });
        else process.stdout.write(renderBudgets(views, at));
        const failed = views.filter((v) => v.error);
        if (failed.length > 0) {
          const names = failed.map((v) => `${v.name} (${v.error?.code ?? "?"})`).join(", ");
          throw new CliError(`could not observe ${names}`, EXIT.failure);
        }
      }),
    );
}

export function renderBudgets(views: readonly BudgetView[], at: string): string {
  if (views.length === 0) return `No budgets in the policy (at ${at}).\n`;
  const rows = views.map((v) => {
    if (v.error) return [v.name, v.error.code, "", "", "", "", v.error.message];
    const m = (n: number | null | undefined) =>
      n === null || n === undefined ? "-" : money(n, v.currency ?? "USD");
    const share =
      v.amount && v.spent !== undefined
        ? ` (${String(Math.round((v.spent / v.amount) * 100))}%)`
        : "";
    return [
      v.name,
      m(v.amount),
      m(v.billed),
      m(v.intraday),
      `${m(v.spent)}${share}`,
      m(v.forecast),
      `${(v.thresholdsCrossed ?? []).join(", ") || "-"} | ${(v.actionsInForce ?? []).join(", ") || "-"}`,
    ];
  });
  const header = [
    "budget",
    "amount",
    "billed",
    "intraday",
    "spent",
    "forecast",
    "crossed | in force",
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return (
    [
      `Budgets at ${at} (intraday: running GPU nodes × list price, not billed yet)`,
      line(header),
      ...rows.map(line),
    ].join("\n") + "\n"
  );
}
