/**
 * @module The in-memory fake of the state store: the same contract as Table Storage (ordered keys,
 * a new ETag on every write, atomic per-partition transactions, size limits, coded errors), stored
 * as JSON text so no caller shares objects with the store. Every call yields once, so concurrent
 * callers interleave as they would against a real service.
 */
import {
  StoreError,
  TABLE_NAMES,
  type BatchOperation,
  type Entry,
  type ListQuery,
  type RawTable,
  type StateStore,
  type TableBackend,
  type TableKey,
  type TableName,
  type Versioned,
} from "../ports/state-store.js";
import { decodeValue, encodeValue } from "./codec.js";
import { assertTableKey } from "./keys.js";
import { createStateStore } from "./state-store.js";
import { planTransactions, type EncodedOperation } from "./transactions.js";

interface Stored {
  readonly text: string;
  readonly etag: string;
}

let writes = 0;

/** A Table-style weak ETag, new on every write. */
function nextEtag(): string {
  writes += 1;
  const stamp = new Date().toISOString().replace("Z", `${String(writes).padStart(7, "0")}Z`);
  return `W/"datetime'${encodeURIComponent(stamp)}'"`;
}

const compareKeys = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

class MemoryTable implements RawTable {
  // partition -> row -> record
  readonly #partitions = new Map<string, Map<string, Stored>>();

  async get(key: TableKey): Promise<Versioned<unknown> | undefined> {
    await tick();
    assertTableKey(key);
    const stored = this.#partitions.get(key.partition)?.get(key.row);
    return stored && { value: decodeValue(stored.text), etag: stored.etag };
  }

  async list(query: ListQuery = {}): Promise<Entry<TableKey, unknown>[]> {
    await tick();
    const { partition, rowFrom, rowBefore } = query;
    const partitions =
      partition === undefined ? [...this.#partitions.keys()].sort(compareKeys) : [partition];
    const entries: Entry<TableKey, unknown>[] = [];
    for (const name of partitions) {
      const rows = this.#partitions.get(name);
      if (rows === undefined) continue;
      for (const row of [...rows.keys()].sort(compareKeys)) {
        if (rowFrom !== undefined && row < rowFrom) continue;
        if (rowBefore !== undefined && row >= rowBefore) continue;
        const stored = rows.get(row);
        if (stored === undefined) continue;
        entries.push({
          key: { partition: name, row },
          value: decodeValue(stored.text),
          etag: stored.etag,
        });
      }
    }
    return entries;
  }

  async insert(key: TableKey, value: unknown): Promise<string> {
    await tick();
    assertTableKey(key);
    const text = encodeValue(value);
    if (this.#partitions.get(key.partition)?.has(key.row) === true) {
      throw new StoreError("AlreadyExists", `entity ${key.partition}/${key.row} exists`);
    }
    return this.#write(key.partition, key.row, text);
  }

  async upsert(key: TableKey, value: unknown): Promise<string> {
    await tick();
    assertTableKey(key);
    return this.#write(key.partition, key.row, encodeValue(value));
  }

  async replace(key: TableKey, value: unknown, etag: string): Promise<string> {
    await tick();
    assertTableKey(key);
    const text = encodeValue(value);
    this.#check(key, etag);
    return this.#write(key.partition, key.row, text);
  }

  async delete(key: TableKey, etag?: string): Promise<void> {
    await tick();
    assertTableKey(key);
    if (etag !== undefined) this.#check(key, etag);
    this.#partitions.get(key.partition)?.delete(key.row);
  }

  async batch(operations: readonly BatchOperation[]): Promise<void> {
    for (const transaction of planTransactions(operations)) {
      await tick();
      this.#commit(transaction);
    }
  }

  /** Applies one transaction atomically. */
  #commit(transaction: readonly EncodedOperation[]): void {
    for (const operation of transaction) {
      const exists = this.#partitions.get(operation.partition)?.has(operation.row) === true;
      if (operation.kind === "insert" && exists) {
        throw new StoreError(
          "AlreadyExists",
          `entity ${operation.partition}/${operation.row} exists`,
        );
      }
      if (operation.kind === "delete" && !exists) {
        throw new StoreError(
          "NotFound",
          `entity ${operation.partition}/${operation.row} not found`,
        );
      }
    }
    for (const operation of transaction) {
      if (operation.kind === "delete") {
        this.#partitions.get(operation.partition)?.delete(operation.row);
      } else {
        this.#write(operation.partition, operation.row, operation.text);
      }
    }
  }

  #check(key: TableKey, etag: string): void {
    const stored = this.#partitions.get(key.partition)?.get(key.row);
    if (stored === undefined) {
      throw new StoreError("NotFound", `entity ${key.partition}/${key.row} not found`);
    }
    if (stored.etag !== etag) {
      throw new StoreError("PreconditionFailed", `entity ${key.partition}/${key.row} has changed`);
    }
  }

  #write(partition: string, row: string, text: string): string {
    const rows = this.#partitions.get(partition) ?? new Map<string, Stored>();
    this.#partitions.set(partition, rows);
    const etag = nextEtag();
    rows.set(row, { text, etag });
    return etag;
  }
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A fresh, empty in-memory backend. */
export function createMemoryBackend(): TableBackend {
  const tables = new Map<TableName, MemoryTable>(
    TABLE_NAMES.map((name) => [name, new MemoryTable()]),
  );
  return {
    table(name) {
      const table = tables.get(name);
      if (table === undefined) throw new StoreError("InvalidInput", `unknown table ${name}`);
      return table;
    },
  };
}

/** The in-memory fake of the state store. */
export function createMemoryStore(): StateStore {
  return createStateStore(createMemoryBackend());
}
