/**
 * @module State store port (SPEC §14): versioned tables of JSON records with ETag optimistic
 * concurrency, the typed tables the app keeps in them, and {@link update}, the one read-modify-write
 * helper every caller uses.
 *
 * Two layers:
 * - {@link TableBackend} / {@link RawTable}: generic tables of JSON values keyed by
 *   `(partition, row)`. Adapters implement only this layer (`src/storage/memory-store.ts`, the fake;
 *   `src/storage/table-store.ts`, Azure Table Storage), with the same coded errors.
 * - {@link StateStore}: typed tables built once on top of any backend (`createStateStore`).
 *
 * Write-ahead rule: a pending operation (`ClusterState.pending`) and a pool restore record are
 * written **before** the ARM call they describe, and only then is the call issued. A crash between
 * the two leaves a record that a later tick confirms or reports; it never leaves an ARM change that
 * nobody remembers.
 */
import type { z } from "zod";
import type { BudgetRecord } from "../core/budget/types.js";
import type { StoredPrices } from "./prices.js";
import type { PoolSampleStore, SavingsLedger } from "./history.js";
import type {
  AuditEntry,
  ClusterState,
  FleetSnapshot,
  Override,
  RestoreRecord,
} from "./state-types.js";

/** Every way a store call can fail. Adapters map their SDK errors onto these and nothing else. */
export type StoreErrorCode =
  /** A conditional write or delete named an entity that does not exist. */
  | "NotFound"
  /** `insert` (or a batched insert) found the entity already there. */
  | "AlreadyExists"
  /** The ETag given no longer matches: someone else wrote first. */
  | "PreconditionFailed"
  /** A value is over {@link MAX_VALUE_CHARS} or a request over the service's size limits. */
  | "TooLarge"
  /** A key or value the store refuses (bad key characters, not JSON, schema violation). */
  | "InvalidInput"
  /** A stored record fails its schema on the way out. */
  | "CorruptRecord"
  /** {@link update} lost the race more times than it was allowed to retry. */
  | "Contention"
  /** The identity may not use the storage account (401/403). */
  | "AccessDenied"
  /** Network failure, timeout, throttling, 5xx, missing table: worth retrying later. */
  | "StoreUnavailable";

export class StoreError extends Error {
  override readonly name = "StoreError";
  readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, message: string, options?: { readonly cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** True when `error` is a {@link StoreError}, optionally with one of the given codes. */
export function isStoreError(error: unknown, ...codes: StoreErrorCode[]): error is StoreError {
  return error instanceof StoreError && (codes.length === 0 || codes.includes(error.code));
}

/**
 * Longest serialized JSON value per record, in UTF-16 code units. Table Storage limits a string
 * property to 64 KiB (32 K UTF-16 units); a margin stays free. Larger values fail with `TooLarge`.
 */
export const MAX_VALUE_CHARS = 32_000;

/** Longest partition or row key, in characters (Table Storage: 1 KiB as UTF-16). */
export const MAX_KEY_CHARS = 512;

/** Most operations in one transaction (Table Storage: 100 per partition). */
export const MAX_BATCH_OPERATIONS = 100;

export interface TableKey {
  readonly partition: string;
  readonly row: string;
}

export interface Versioned<T> {
  readonly value: T;
  /** Opaque; changes on every write. */
  readonly etag: string;
}

export interface Entry<K, T> extends Versioned<T> {
  readonly key: K;
}

/** Point operations on a table of `T` records keyed by `K`. */
export interface VersionedTable<K, T> {
  get(key: K): Promise<Versioned<T> | undefined>;
  /** Creates the record; `AlreadyExists` if present. Returns the new ETag. */
  insert(key: K, value: T): Promise<string>;
  /** Overwrites the record at `etag`; `PreconditionFailed` if it changed, `NotFound` if gone. */
  replace(key: K, value: T, etag: string): Promise<string>;
  /** Creates or overwrites, unconditionally. */
  upsert(key: K, value: T): Promise<string>;
  /**
   * With an ETag: deletes that version (`PreconditionFailed` if it changed, `NotFound` if gone).
   * Without: deletes whatever is there; absent is not an error.
   */
  delete(key: K, etag?: string): Promise<void>;
}

/** A range of one table, in key order. `rowFrom` is inclusive, `rowBefore` exclusive. */
export interface ListQuery {
  readonly partition?: string;
  readonly rowFrom?: string;
  readonly rowBefore?: string;
}

export type BatchOperation =
  | { readonly kind: "insert"; readonly key: TableKey; readonly value: unknown }
  | { readonly kind: "upsert"; readonly key: TableKey; readonly value: unknown }
  /** Unconditional; `NotFound` (and the whole transaction fails) if absent. */
  | { readonly kind: "delete"; readonly key: TableKey };

/**
 * A generic table of JSON values. Keys must be Table-safe: no `/ \ # ?` nor control characters, at
 * most {@link MAX_KEY_CHARS} (typed tables encode their keys; see `src/storage/keys.ts`).
 */
export interface RawTable extends VersionedTable<TableKey, unknown> {
  /** Entries ordered by partition, then row. */
  list(query?: ListQuery): Promise<Entry<TableKey, unknown>[]>;
  /**
   * Applies the operations, grouped by partition, in transactions of at most
   * {@link MAX_BATCH_OPERATIONS} (and a few MiB). Each transaction is all-or-nothing; a failure
   * stops the batch with the transactions before it applied. One key may appear once per batch.
   */
  batch(operations: readonly BatchOperation[]): Promise<void>;
}

export type TableName =
  | "clusters"
  | "overrides"
  | "restores"
  | "audit"
  | "snapshot"
  | "dedupe"
  | "budgets"
  | "ledger"
  | "samples"
  | "prices";
export const TABLE_NAMES: readonly TableName[] = [
  "clusters",
  "overrides",
  "restores",
  "audit",
  "snapshot",
  "dedupe",
  "budgets",
  "ledger",
  "samples",
  "prices",
];

/** What an adapter provides: one raw table per name. */
export interface TableBackend {
  table(name: TableName): RawTable;
}

/** Per-cluster state; keyed by ARM id (case-insensitive). */
export interface ClusterStateTable extends VersionedTable<string, ClusterState> {
  list(): Promise<Entry<string, ClusterState>[]>;
}

/** One override per cluster; keyed by ARM id (case-insensitive). */
export interface OverrideTable extends VersionedTable<string, Override> {
  list(): Promise<Entry<string, Override>[]>;
  /** Overrides whose `until` is after `at`: one small-partition read. */
  active(at: string): Promise<Override[]>;
}

export interface PoolRef {
  readonly clusterId: string;
  readonly pool: string;
}

/** Pool restore records; a cluster's records share a partition. */
export interface RestoreTable extends VersionedTable<PoolRef, RestoreRecord> {
  list(clusterId?: string): Promise<Entry<PoolRef, RestoreRecord>[]>;
}

export interface TimeRange {
  /** Inclusive. */
  readonly from: string;
  /** Exclusive. */
  readonly to: string;
}

/** Append-only, partitioned by UTC day. */
export interface AuditLog {
  append(entries: readonly AuditEntry[]): Promise<void>;
  /** Entries with `from <= at < to`, oldest first (appends in one call keep their order). */
  list(range: TimeRange): Promise<AuditEntry[]>;
}

export interface SnapshotSaveResult {
  /** False when a snapshot taken later was already saved; this one was dropped. */
  readonly saved: boolean;
  readonly chunks: number;
  readonly compressedBytes: number;
}

/**
 * The last discovered fleet, stored in chunks behind a manifest that is written last, so a reader
 * sees either the previous snapshot or the new one, never a mix.
 */
export interface FleetSnapshotStore {
  save(snapshot: FleetSnapshot<unknown>): Promise<SnapshotSaveResult>;
  /** Validates every cluster with `clusterSchema`; `CorruptRecord` if one fails. */
  load<C>(clusterSchema: z.ZodType<C>): Promise<FleetSnapshot<C> | undefined>;
}

/** Exactly-once markers: budget thresholds fired, reports sent, Slack clicks. */
export interface DedupeStore {
  /** True the first time `key` is claimed, false ever after. */
  claim(key: string, at: string): Promise<boolean>;
}

/** One record per budget: its current period's figures and the thresholds fired in it. */
export interface BudgetTable extends VersionedTable<string, BudgetRecord> {
  list(): Promise<Entry<string, BudgetRecord>[]>;
}

/** One row per VM size and region (see `PriceStore` in ports/prices.ts). */
export type PriceTable = VersionedTable<string, StoredPrices>;

export interface StateStore {
  readonly clusters: ClusterStateTable;
  readonly overrides: OverrideTable;
  readonly restores: RestoreTable;
  readonly audit: AuditLog;
  readonly fleetSnapshot: FleetSnapshotStore;
  readonly dedupe: DedupeStore;
  readonly budgets: BudgetTable;
  /** The savings ledger (`src/storage/ledger.ts`). */
  readonly ledger: SavingsLedger;
  /** Hourly GPU pool node counts (`src/storage/samples.ts`). */
  readonly samples: PoolSampleStore;
  /** Retail prices read from the API, by `<size>|<region>`, shared by every instance. */
  readonly prices: PriceTable;
}

export interface UpdateOptions {
  /** Reads (and write attempts) before giving up with `Contention`. Default 8. */
  readonly maxAttempts?: number;
}

/**
 * Read-modify-write with optimistic concurrency. Reads the record, calls `fn` with its value (or
 * `undefined`), and writes the result with the ETag it read: insert when absent, replace when
 * present, delete when `fn` returns `undefined`. Returning the value it was given unchanged (same
 * object) writes nothing. On a lost race the whole cycle restarts from a fresh read, so `fn` may run
 * more than once and must not have side effects. Resolves to what is stored afterwards.
 */
export async function update<K, T>(
  table: VersionedTable<K, T>,
  key: K,
  fn: (current: T | undefined) => T | undefined | Promise<T | undefined>,
  options: UpdateOptions = {},
): Promise<Versioned<T> | undefined> {
  const maxAttempts = options.maxAttempts ?? 8;
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    const current = await table.get(key);
    const next = await fn(current?.value);
    try {
      if (current !== undefined && next === current.value) return current;
      if (next === undefined) {
        if (current !== undefined) await table.delete(key, current.etag);
        return undefined;
      }
      const etag =
        current === undefined
          ? await table.insert(key, next)
          : await table.replace(key, next, current.etag);
      return { value: next, etag };
    } catch (error) {
      if (!isStoreError(error, "PreconditionFailed", "NotFound", "AlreadyExists")) throw error;
    }
  }
  throw new StoreError("Contention", `update gave up after ${maxAttempts} lost races`);
}
