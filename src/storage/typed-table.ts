/**
 * @module A typed view of a raw table: encodes keys, validates records with their zod schema on the
 * way in (`InvalidInput`) and on the way out (`CorruptRecord`), and checks that a record's own ids
 * match the key it is stored under.
 */
import { z } from "zod";
import {
  StoreError,
  type Entry,
  type ListQuery,
  type RawTable,
  type TableKey,
  type Versioned,
  type VersionedTable,
} from "../ports/state-store.js";

export interface TypedTableSpec<K, T> {
  readonly raw: RawTable;
  readonly schema: z.ZodType<T>;
  readonly tableKey: (key: K) => TableKey;
  /** The key a record belongs under, from its own fields. */
  readonly keyOf: (value: T) => K;
}

const sameKey = (a: TableKey, b: TableKey): boolean =>
  a.partition === b.partition && a.row === b.row;

export class TypedTable<K, T> implements VersionedTable<K, T> {
  readonly #spec: TypedTableSpec<K, T>;

  constructor(spec: TypedTableSpec<K, T>) {
    this.#spec = spec;
  }

  async get(key: K): Promise<Versioned<T> | undefined> {
    const found = await this.#spec.raw.get(this.#spec.tableKey(key));
    return found && { value: this.#read(found.value), etag: found.etag };
  }

  async insert(key: K, value: T): Promise<string> {
    return this.#spec.raw.insert(this.#keyFor(key, value), this.#write(value));
  }

  async replace(key: K, value: T, etag: string): Promise<string> {
    return this.#spec.raw.replace(this.#keyFor(key, value), this.#write(value), etag);
  }

  async upsert(key: K, value: T): Promise<string> {
    return this.#spec.raw.upsert(this.#keyFor(key, value), this.#write(value));
  }

  async delete(key: K, etag?: string): Promise<void> {
    await this.#spec.raw.delete(this.#spec.tableKey(key), etag);
  }

  /** Records in a range, keyed by their own fields. */
  async query(query: ListQuery = {}): Promise<Entry<K, T>[]> {
    const entries = await this.#spec.raw.list(query);
    return entries.map(({ value, etag }) => {
      const record = this.#read(value);
      return { key: this.#spec.keyOf(record), value: record, etag };
    });
  }

  #keyFor(key: K, value: T): TableKey {
    const tableKey = this.#spec.tableKey(key);
    if (!sameKey(tableKey, this.#spec.tableKey(this.#spec.keyOf(value)))) {
      throw new StoreError(
        "InvalidInput",
        "the record's ids do not match the key it is written under",
      );
    }
    return tableKey;
  }

  #write(value: T): T {
    const parsed = this.#spec.schema.safeParse(value);
    if (!parsed.success) {
      throw new StoreError("InvalidInput", `invalid record: ${z.prettifyError(parsed.error)}`);
    }
    return parsed.data;
  }

  #read(value: unknown): T {
    const parsed = this.#spec.schema.safeParse(value);
    if (!parsed.success) {
      throw new StoreError("CorruptRecord", `stored record: ${z.prettifyError(parsed.error)}`);
    }
    return parsed.data;
  }
}
