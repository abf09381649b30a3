/**
 * @module The reliability invariants of SPEC §16, checked after every tick of a chaos run against
 * what really happened — the emulator's request log and world, the store — not against what the
 * app says it did. Each check returns violations as sentences; empty means it held.
 */
import type { TickReport } from "../../src/app/tick.js";
import type { Cluster } from "../../src/core/fleet/types.js";
import type { ClusterSummary, FleetInput, RequestLogEntry } from "../../src/emulator/index.js";
import type { AuditEntry, RestoreRecord } from "../../src/ports/state-types.js";
import { UNTOUCHABLE, type ClusterKind } from "./generate.js";

const TARGET = /\/managedClusters\/([^/]+)(?:\/agentPools\/([^/]+))?/i;

export interface Write {
  readonly cluster: string;
  readonly pool: string | undefined;
  readonly entry: RequestLogEntry;
}

/** ARM writes on clusters and pools (POST start/stop, PUT agentPools), in order. */
export function writesOf(log: readonly RequestLogEntry[]): Write[] {
  const writes: Write[] = [];
  for (const entry of log) {
    if (entry.method === "GET") continue;
    const match = TARGET.exec(entry.path);
    if (!match?.[1]) continue;
    writes.push({ cluster: match[1], pool: match[2], entry });
  }
  return writes;
}

type FleetPool = NonNullable<
  FleetInput["subscriptions"][number]["clusters"]
>[number]["pools"][number];

function initialClusters(fleet: FleetInput) {
  return fleet.subscriptions.flatMap((s) => s.clusters ?? []);
}

/** No write ever reaches a System pool, or a protected, excluded, badly tagged or unmanaged cluster. */
export function untouched(
  fleet: FleetInput,
  kinds: ReadonlyMap<string, ClusterKind>,
  writes: readonly Write[],
  now: readonly ClusterSummary[],
): string[] {
  const violations: string[] = [];
  const system = new Set(
    initialClusters(fleet).flatMap((c) =>
      c.pools.filter((p) => p.mode === "System").map((p) => `${c.name}/${p.name}`.toLowerCase()),
    ),
  );
  for (const w of writes) {
    const kind = kinds.get(w.cluster);
    const what = `${w.entry.method} ${w.entry.path} (${String(w.entry.status)} by ${w.entry.answeredBy})`;
    if (kind === undefined || UNTOUCHABLE.includes(kind))
      violations.push(`write to a ${kind ?? "unknown"} cluster: ${what}`);
    if (w.pool && system.has(`${w.cluster}/${w.pool}`.toLowerCase()))
      violations.push(`write to a System pool: ${what}`);
  }
  for (const initial of initialClusters(fleet)) {
    const current = now.find((c) => c.name === initial.name);
    const kind = kinds.get(initial.name);
    const frozen = initial.pools.filter(
      (p) => p.mode === "System" || (kind !== undefined && UNTOUCHABLE.includes(kind)),
    );
    // A stopped cluster's pools read count 0 (AKS keeps the size aside until the start).
    const settled = current?.powerState === "Running" && current.provisioningState === "Succeeded";
    for (const p of settled ? frozen : []) {
      const count = current?.pools.find((q) => q.name === p.name)?.count;
      if (count !== p.count)
        violations.push(
          `${initial.name}/${p.name} (${kind ?? "?"}) count ${String(count)} ≠ ${String(p.count)}`,
        );
    }
    if (
      kind !== undefined &&
      UNTOUCHABLE.includes(kind) &&
      current?.powerState !== (initial.powerState ?? "Running")
    )
      violations.push(
        `${initial.name} (${kind}) is ${String(current?.powerState)}, was ${initial.powerState ?? "Running"}`,
      );
  }
  return violations;
}

/** Every planned action of a completed tick has its result, in the report and in the audit log. */
export function everyActionRecorded(report: TickReport, audit: readonly AuditEntry[]): string[] {
  const violations: string[] = [];
  const rows = audit.filter((e) => e.runId === report.runId);
  const resultFor = (target: string, prefix: string): boolean =>
    rows.some((e) => e.kind === "result" && e.target === target && e.reason.startsWith(prefix));
  for (const action of report.plan.actions) {
    const id = action.target.id;
    if (!report.results.some((r) => r.action.target.id === id && r.action.kind === action.kind))
      violations.push(`${action.kind} ${action.target.name}: no result in the tick report`);
    if (!resultFor(id, ""))
      violations.push(`${action.kind} ${action.target.name}: no result in the audit log`);
  }
  for (const action of report.plan.pools.actions) {
    const name = `${action.kind} ${action.target.name}/${action.pool}`;
    if (!report.poolResults.some((r) => r.action === action))
      violations.push(`${name}: no result in the tick report`);
    if (!resultFor(action.target.id, `${action.kind} ${action.pool}: `))
      violations.push(`${name}: no result in the audit log`);
  }
  const planned = report.plan.actions.length + report.plan.pools.actions.length;
  const logged = rows.filter((e) => e.kind === "action").length;
  if (logged !== planned)
    violations.push(`${String(planned)} actions planned, ${String(logged)} in the audit log`);
  return violations;
}

interface Size {
  readonly count: number;
  readonly enableAutoScaling: boolean;
  readonly minCount: number | null;
}

const sizeOf = (p: Size): string =>
  `count ${String(p.count)}, autoscale ${String(p.enableAutoScaling)}, min ${String(p.minCount)}`;

function initialSize(p: FleetPool): Size {
  const auto = p.enableAutoScaling ?? false;
  return { count: p.count, enableAutoScaling: auto, minCount: auto ? (p.minCount ?? null) : null };
}

/**
 * No restore record lost: a GPU pool that discovery shows away from its original size has its
 * record; a record that disappeared this tick was settled (discovery showed the pool at it).
 */
export function restoresKept(
  fleet: FleetInput,
  discovered: readonly Cluster[],
  before: readonly RestoreRecord[],
  after: readonly RestoreRecord[],
): string[] {
  const violations: string[] = [];
  const key = (clusterId: string, pool: string): string => `${clusterId}/${pool}`.toLowerCase();
  const kept = new Set(after.map((r) => key(r.clusterId, r.pool)));
  const seen = new Map(
    discovered.flatMap((c) =>
      c.pools.map((p) => [key(c.id, p.name), { cluster: c, pool: p }] as const),
    ),
  );
  for (const initial of initialClusters(fleet)) {
    const cluster = discovered.find((c) => c.name === initial.name);
    if (cluster?.powerState !== "Running") continue; // a stopped cluster's pools read count 0
    for (const p of initial.pools.filter((q) => q.mode !== "System")) {
      const now = cluster.pools.find((q) => q.name === p.name);
      if (!now) continue;
      const was = initialSize(p);
      const is = {
        count: now.count,
        enableAutoScaling: now.enableAutoScaling,
        minCount: now.enableAutoScaling ? now.minCount : null,
      };
      if (sizeOf(is) !== sizeOf(was) && !kept.has(key(cluster.id, p.name)))
        violations.push(
          `${initial.name}/${p.name} is at ${sizeOf(is)} (was ${sizeOf(was)}) with no restore record`,
        );
    }
  }
  for (const record of before) {
    if (kept.has(key(record.clusterId, record.pool))) continue;
    const found = seen.get(key(record.clusterId, record.pool));
    const at = found && {
      count: found.pool.count,
      enableAutoScaling: found.pool.enableAutoScaling,
      minCount: found.pool.enableAutoScaling ? found.pool.minCount : null,
    };
    const recorded = {
      count: record.count,
      enableAutoScaling: record.enableAutoScaling,
      minCount: record.enableAutoScaling ? record.minCount : null,
    };
    if (!at || sizeOf(at) !== sizeOf(recorded))
      violations.push(
        `restore record of ${record.clusterId}/${record.pool} (${sizeOf(recorded)}) deleted while the pool is at ${at ? sizeOf(at) : "unknown"}`,
      );
  }
  return violations;
}

/**
 * No transition produces two start or two stop calls: the calls AKS accepted on a cluster
 * alternate, starting from its initial state, and AKS itself never had to refuse a write as a
 * duplicate or a conflict (injected faults aside).
 */
export function noDoubleCalls(fleet: FleetInput, writes: readonly Write[]): string[] {
  const violations: string[] = [];
  for (const initial of initialClusters(fleet)) {
    let running = (initial.powerState ?? "Running") === "Running";
    const mine = writes.filter((w) => w.cluster === initial.name && w.entry.answeredBy === "aks");
    for (const { entry, pool } of mine) {
      if (entry.status >= 400)
        violations.push(
          `AKS refused ${entry.method} ${entry.path} at ${entry.virtualAt} with ${String(entry.status)}`,
        );
      if (pool !== undefined || entry.status !== 202) continue;
      const start = entry.path.toLowerCase().endsWith("/start");
      if (start === running)
        violations.push(
          `${initial.name}: a second ${start ? "start" : "stop"} accepted at ${entry.virtualAt}`,
        );
      running = start;
    }
  }
  return violations;
}
