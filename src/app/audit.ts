/**
 * @module Audit rows for one tick (SPEC §5.10): every action and its result, every confirmation,
 * every alert, and every skip — a skip is written when its reason is new for that cluster, not
 * again on each tick while it stays the same. The tick writes the decisions before it calls ARM
 * and the results after.
 */
import { clusterKey, type Cluster } from "../core/fleet/types.js";
import type { PoolActionResult } from "../core/idle/types.js";
import type { ActionResult, Finding, Plan } from "../core/plan/types.js";
import type { AuditEntry, ClusterState } from "../ports/state-types.js";

export interface AuditInput {
  readonly runId: string;
  readonly at: string;
  readonly plan: Plan;
  readonly results: readonly ActionResult[];
  /** Results of the plan's pool actions (idle GPU pools). */
  readonly poolResults?: readonly PoolActionResult[];
  /** Stored state at the start of the tick, for skip de-duplication. */
  readonly stored: ReadonlyMap<string, ClusterState>;
  /** Findings to record (warnings already announced are filtered out by the caller). */
  readonly findings?: readonly Finding[];
  /** The discovered clusters by key: an action row records the pools it affects. */
  readonly clusters?: ReadonlyMap<string, Cluster>;
}

/**
 * What to write: `decisions` (planned actions, confirmations, skips, alerts — written before any
 * ARM call, so a tick killed while executing has still recorded what it confirmed and decided),
 * `results` (what the executors report), or both.
 */
export type AuditPart = "decisions" | "results" | "all";

export function auditEntries(input: AuditInput, part: AuditPart = "all"): AuditEntry[] {
  if (part === "results") return resultEntries(input);
  const decisions = decisionEntries(input);
  return part === "all" ? [...decisions, ...resultEntries(input)] : decisions;
}

function decisionEntries(input: AuditInput): AuditEntry[] {
  const { runId, at, plan } = input;
  const entries: AuditEntry[] = [];
  const row = (
    kind: AuditEntry["kind"],
    target: string,
    reason: string,
    detail: AuditEntry["detail"],
  ) =>
    entries.push({ at, runId, kind, target, reason, ...(detail === undefined ? {} : { detail }) });

  for (const action of [...plan.actions, ...(plan.refused?.actions ?? [])]) {
    row("action", action.target.id, action.reason, {
      action: action.kind,
      from: action.from,
      to: action.to,
      rule: action.rule,
      group: action.group,
      refused: plan.refused !== null,
      pools: (input.clusters?.get(clusterKey(action.target.id))?.pools ?? []).map((p) => ({
        name: p.name,
        vmSize: p.vmSize,
        count: p.count,
      })),
    });
  }
  for (const c of plan.confirmations) {
    row("result", c.target.id, c.message, {
      operationId: c.operationId,
      operation: c.kind,
      outcome: c.outcome,
      durationSeconds: c.durationSeconds,
    });
  }
  for (const skip of plan.skipped) {
    if (input.stored.get(clusterKey(skip.target.id))?.lastSkip === skip.reason) continue;
    row("skip", skip.target.id, skip.reason, { group: skip.group });
  }
  poolRows(input, row);
  for (const finding of input.findings ?? plan.findings) {
    const target = "target" in finding ? finding.target.id : "fleet";
    row("alert", target, describeFinding(finding), { finding: finding.kind });
  }
  return entries;
}

function resultEntries(input: AuditInput): AuditEntry[] {
  const entries: AuditEntry[] = [];
  const row = (target: string, reason: string, detail: AuditEntry["detail"] & object) =>
    entries.push({ at: input.at, runId: input.runId, kind: "result", target, reason, detail });
  const because = (outcome: string, error?: { code: string; message: string }, retry?: boolean) =>
    error
      ? `${outcome}${retry ? " (retry next tick)" : ""}: ${error.code}: ${error.message}`
      : outcome;
  for (const { action, outcome, error, retry } of input.results) {
    row(action.target.id, because(outcome, error, retry), {
      action: action.kind,
      outcome,
      retry: retry ?? false,
      ...(error ? { error: { ...error } } : {}),
    });
  }
  for (const { action, outcome, error, retry } of input.poolResults ?? []) {
    row(action.target.id, `${action.kind} ${action.pool}: ${because(outcome, error, retry)}`, {
      action: action.kind,
      pool: action.pool,
      outcome,
      retry: retry ?? false,
      ...(error ? { error: { ...error } } : {}),
    });
  }
  return entries;
}

type Row = (
  kind: AuditEntry["kind"],
  target: string,
  reason: string,
  detail: AuditEntry["detail"],
) => void;

/** Pool actions (with the sizes recorded and aimed at), confirmations, new skips. */
function poolRows(input: AuditInput, row: Row): void {
  const { plan } = input;
  for (const a of [...plan.pools.actions, ...(plan.refused?.poolActions ?? [])]) {
    row("action", a.target.id, `${a.kind} ${a.pool}: ${a.reason}`, {
      action: a.kind,
      pool: a.pool,
      mode: a.mode,
      from: { ...a.from },
      to: { ...a.to },
      rule: a.rule,
      group: a.group,
      refused: plan.refused !== null,
    });
  }
  for (const c of plan.pools.confirmations) {
    row("result", c.target.id, c.message, {
      operationId: c.operationId,
      operation: c.kind,
      pool: c.pool,
      outcome: c.outcome,
    });
  }
  for (const skip of plan.pools.skipped) {
    row("skip", skip.target.id, `pool ${skip.pool}: ${skip.reason}`, {
      group: skip.group,
      pool: skip.pool,
    });
  }
}

export function describeFinding(finding: Finding): string {
  switch (finding.kind) {
    case "pre-stop-warning":
      return `${finding.target.name} stops at ${finding.stopAt}`;
    case "off-hours-running":
      return `${finding.target.name} running off-hours since ${finding.since}${finding.stopAt ? `; stops at ${finding.stopAt} unless kept` : ""}`;
    case "invalid-tag":
    case "cluster-failed":
      return finding.message;
    case "cap-exceeded":
      return finding.message;
  }
}
