/**
 * @module Savings delivered in a window, from the savings ledger (SPEC §9): each entry's
 * node-hours avoided inside the window (an open entry counts up to `now`) × its price. Estimates
 * at list price, rounded to cents per entry; the total is the sum of the lines, so the report's
 * figure equals the ledger's.
 */
import { clusterKey, type Cluster } from "../fleet/types.js";
import { assertNever } from "../result.js";
import type { PriceBasis } from "../skus/index.js";
import { toCents } from "./days.js";
import type { LedgerEntry, Money, SavingsLine } from "./types.js";

const MS_PER_HOUR = 3_600_000;

export interface SavingsWindow {
  readonly fromMs: number;
  /** Exclusive end. */
  readonly toMs: number;
}

/** Hours of an entry inside the window, up to `nowMs`; 0 for a malformed entry. */
export function entryHours(entry: LedgerEntry, window: SavingsWindow, nowMs: number): number {
  const from = Date.parse(entry.from);
  const to = entry.to === null ? nowMs : Date.parse(entry.to);
  if (!Number.isFinite(from) || !Number.isFinite(to)) return 0;
  const start = Math.max(from, window.fromMs);
  const end = Math.min(to, nowMs, window.toMs);
  return end > start ? (end - start) / MS_PER_HOUR : 0;
}

/** What one entry saved in the window, in cents (0 for negative nodes or prices). */
export function entryCents(entry: LedgerEntry, window: SavingsWindow, nowMs: number): number {
  const nodes = Math.max(0, entry.nodes);
  const price = Math.max(0, entry.usdPerHour);
  if (!Number.isFinite(nodes) || !Number.isFinite(price)) return 0;
  return toCents(entryHours(entry, window, nowMs) * nodes * price);
}

function basisName(basis: PriceBasis): string {
  switch (basis) {
    case "retail-api":
      return "retail API";
    case "list-snapshot":
      return "snapshot";
    default:
      return assertNever(basis);
  }
}

export interface Savings {
  readonly total: Money;
  readonly lines: readonly SavingsLine[];
}

export function savingsIn(
  ledger: readonly LedgerEntry[],
  fleet: readonly Cluster[],
  window: SavingsWindow,
  now: Date,
): Savings {
  const names = new Map(fleet.map((c) => [clusterKey(c.id), `${c.resourceGroup}/${c.name}`]));
  const labels = new Set<string>();
  const lines: SavingsLine[] = [];
  let cents = 0;
  for (const entry of ledger) {
    const hours = entryHours(entry, window, now.getTime());
    if (hours <= 0) continue;
    const entryTotal = entryCents(entry, window, now.getTime());
    cents += entryTotal;
    const asOf = entry.priceAsOf === undefined ? "" : ` ${entry.priceAsOf}`;
    labels.add(`${basisName(entry.basis)}${asOf}`);
    lines.push({
      clusterId: entry.clusterId,
      cluster: names.get(clusterKey(entry.clusterId)) ?? lastSegment(entry.clusterId),
      ...(entry.pool === undefined ? {} : { pool: entry.pool }),
      kind: entry.kind,
      hours,
      nodeHours: hours * Math.max(0, entry.nodes),
      usd: entryTotal / 100,
      open: entry.to === null,
    });
  }
  lines.sort((a, b) => b.usd - a.usd || a.cluster.localeCompare(b.cluster));
  return {
    total: {
      usd: cents / 100,
      basis: "list-price",
      ...(labels.size === 0 ? {} : { priceLabel: [...labels].sort().join(", ") }),
    },
    lines,
  };
}

function lastSegment(id: string): string {
  return id.slice(id.lastIndexOf("/") + 1);
}
