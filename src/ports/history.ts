/**
 * @module What the tick keeps as history (SPEC §9, §14): the savings ledger (every stop and
 * scale-to-zero opens an entry, the resume closes it) and hourly GPU pool samples (node counts,
 * 60 days), which the weekly report, the nightly summary and reservation advice read. Ports
 * only: `src/storage/` implements them for every backend, and `StateStore` carries them.
 */
import type { LedgerEntry } from "../core/report/types.js";
import type { TimeRange } from "./state-store.js";

export type { LedgerEntry };

/** How long pool samples and closed ledger entries are kept. */
export const HISTORY_DAYS = 60;

export interface SavingsLedger {
  /** Opens an entry (idempotent for the same cluster, pool and `from`). */
  open(entry: LedgerEntry): Promise<void>;
  /**
   * Closes the open entry of this cluster (and pool: `undefined` = the cluster itself) at `to`;
   * false when none was open.
   */
  close(clusterId: string, pool: string | undefined, to: string): Promise<boolean>;
  /** Entries open now, or overlapping `range` (`from < range.to` and `to ?? ∞ > range.from`). */
  list(range: TimeRange): Promise<LedgerEntry[]>;
  /** Entries still open (the cluster or pool has not resumed yet). */
  openEntries(): Promise<LedgerEntry[]>;
  /** Deletes closed entries that ended more than {@link HISTORY_DAYS} before `now`. */
  purge(now: string): Promise<number>;
}

/** One GPU pool's node counts over one UTC day. */
export interface PoolDay {
  readonly clusterId: string;
  readonly pool: string;
  readonly vmSize: string;
  /** ARM region of the cluster. */
  readonly location: string;
  readonly priority: "Regular" | "Spot";
  /** `YYYY-MM-DD` (UTC). */
  readonly day: string;
  /** Nodes running in each UTC hour (0–23) as sampled; `null` = not observed that hour. */
  readonly hours: readonly (number | null)[];
}

/** One pool's node count at one instant. */
export type PoolSample = Omit<PoolDay, "day" | "hours"> & { readonly nodes: number };

export interface PoolSampleStore {
  /**
   * Records each pool's node count for the UTC hour of `at` (one write per pool and day; a
   * second sample in the same hour replaces the first).
   */
  record(at: string, samples: readonly PoolSample[]): Promise<void>;
  /** Pool days with `range.from <= day < range.to` (days as instants' UTC dates). */
  list(range: TimeRange): Promise<PoolDay[]>;
  /** Deletes days older than {@link HISTORY_DAYS} before `now`. */
  purge(now: string): Promise<number>;
}
