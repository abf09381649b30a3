/**
 * @module Human renderings of plans, results and status for the terminal. Data goes out as JSON
 * with --json instead; these are for people.
 */
import { describeFinding } from "../app/audit.js";
import type { TickReport } from "../app/tick.js";
import type { ClusterStatus } from "../core/plan/status.js";

export function renderTick(report: TickReport): string {
  const { plan, results } = report;
  const lines = [
    `${report.applied ? "Applied" : "Plan (dry run)"} at ${plan.at} — ${plan.actions.length} action(s), ` +
      `${plan.skipped.length} skipped, ${plan.findings.length} finding(s), ` +
      `${report.discovery.clusters.length} clusters discovered`,
  ];
  if (plan.refused) lines.push(`REFUSED: ${plan.refused.reason}`);
  const actions = plan.refused ? plan.refused.actions : plan.actions;
  if (actions.length > 0) lines.push("", "Actions:");
  for (const a of actions) {
    const result = results.find((r) => r.action === a);
    const outcome = result
      ? `  → ${result.outcome}${result.retry ? " (retry next tick)" : ""}${result.error ? `: ${result.error.message}` : ""}`
      : "";
    lines.push(
      `  ${a.kind.padEnd(14)} ${a.target.name.padEnd(18)} ${a.from} → ${a.to}  [${a.group}] ${a.reason}${outcome}`,
    );
  }
  if (plan.confirmations.length > 0) lines.push("", "Confirmed:");
  for (const c of plan.confirmations) lines.push(`  ${c.outcome.padEnd(6)} ${c.message}`);
  if (plan.skipped.length > 0) lines.push("", "Skipped:");
  for (const s of plan.skipped)
    lines.push(`  ${s.target.name.padEnd(18)} ${s.group ? `[${s.group}] ` : ""}${s.reason}`);
  if (plan.findings.length > 0) lines.push("", "Findings:");
  for (const f of plan.findings) lines.push(`  ${f.kind.padEnd(18)} ${describeFinding(f)}`);
  return `${lines.join("\n")}\n`;
}

export function renderStatus(rows: readonly ClusterStatus[], at: string): string {
  const header = [
    "cluster",
    "group",
    "power",
    "provisioning",
    "gpu nodes",
    "desired",
    "next change",
    "override / pending",
  ];
  const table = rows.map((r) => [
    `${r.resourceGroup}/${r.name}`,
    r.group ?? "-",
    r.powerState,
    r.provisioningState,
    String(r.gpuNodes),
    r.desired ?? r.management,
    r.nextChange ? `${r.nextChange.state} at ${r.nextChange.at}` : "-",
    [
      r.override
        ? `override ${r.override.state} until ${r.override.until} (${r.override.owner})`
        : "",
      r.pending ?? "",
    ]
      .filter(Boolean)
      .join("; ") || "-",
  ]);
  return `Status at ${at}\n${formatTable([header, ...table])}`;
}

export function formatTable(rows: readonly (readonly string[])[]): string {
  const widths = rows.reduce<number[]>(
    (w, row) => row.map((cell, i) => Math.max(w[i] ?? 0, cell.length)),
    [],
  );
  return `${rows
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join("  ")
        .trimEnd(),
    )
    .join("\n")}\n`;
}
