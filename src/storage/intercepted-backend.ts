/**
 * @module Wraps any {@link TableBackend} so a hook runs before every raw call: tests use it to
 * inject faults (throw a {@link StoreError}) or to pause a call and interleave another (await).
 */
import type {
  BatchOperation,
  ListQuery,
  RawTable,
  TableBackend,
  TableKey,
  TableName,
} from "../ports/state-store.js";

export type InterceptedCall =
  | { readonly table: TableName; readonly operation: "get" | "delete"; readonly key: TableKey }
  | {
      readonly table: TableName;
      readonly operation: "insert" | "replace" | "upsert";
      readonly key: TableKey;
      readonly value: unknown;
    }
  | { readonly table: TableName; readonly operation: "list"; readonly query: ListQuery }
  | {
      readonly table: TableName;
      readonly operation: "batch";
      readonly operations: readonly BatchOperation[];
    };

export type Interceptor = (call: InterceptedCall) => void | Promise<void>;

function interceptTable(name: TableName, raw: RawTable, before: Interceptor): RawTable {
  return {
    async get(key) {
      await before({ table: name, operation: "get", key });
      return raw.get(key);
    },
    async list(query = {}) {
      await before({ table: name, operation: "list", query });
      return raw.list(query);
    },
    async insert(key, value) {
      await before({ table: name, operation: "insert", key, value });
      return raw.insert(key, value);
    },
    async replace(key, value, etag) {
      await before({ table: name, operation: "replace", key, value });
      return raw.replace(key, value, etag);
    },
    async upsert(key, value) {
      await before({ table: name, operation: "upsert", key, value });
      return raw.upsert(key, value);
    },
    async delete(key, etag) {
      await before({ table: name, operation: "delete", key });
      return raw.delete(key, etag);
    },
    async batch(operations) {
      await before({ table: name, operation: "batch", operations });
      return raw.batch(operations);
    },
  };
}

export function interceptBackend(backend: TableBackend, before: Interceptor): TableBackend {
  return { table: (name) => interceptTable(name, backend.table(name), before) };
}
