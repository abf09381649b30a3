/**
 * @module Splits a batch into Table transactions: one partition each, at most
 * {@link MAX_BATCH_OPERATIONS} operations and {@link MAX_TRANSACTION_CHARS} of values. Both adapters
 * use it, so they commit the same groups atomically. Keys and values are checked before anything is
 * written.
 */
import { MAX_BATCH_OPERATIONS, StoreError, type BatchOperation } from "../ports/state-store.js";
import { encodeValue } from "./codec.js";
import { assertTableKey } from "./keys.js";

/**
 * Characters of stored values per transaction. Table Storage accepts 4 MiB of request body per
 * transaction; 1 M characters stays under it even when escaping or UTF-8 triples some of them.
 */
export const MAX_TRANSACTION_CHARS = 1_000_000;

export type EncodedOperation =
  | {
      readonly kind: "insert" | "upsert";
      readonly partition: string;
      readonly row: string;
      readonly text: string;
    }
  | { readonly kind: "delete"; readonly partition: string; readonly row: string };

export function planTransactions(operations: readonly BatchOperation[]): EncodedOperation[][] {
  const byPartition = new Map<string, EncodedOperation[]>();
  const seen = new Set<string>();
  for (const operation of operations) {
    const { partition, row } = operation.key;
    assertTableKey(operation.key);
    const id = JSON.stringify([partition, row]);
    if (seen.has(id)) throw new StoreError("InvalidInput", `key ${id} appears twice in one batch`);
    seen.add(id);
    const encoded: EncodedOperation =
      operation.kind === "delete"
        ? { kind: "delete", partition, row }
        : { kind: operation.kind, partition, row, text: encodeValue(operation.value) };
    const group = byPartition.get(partition) ?? [];
    group.push(encoded);
    byPartition.set(partition, group);
  }
  const transactions: EncodedOperation[][] = [];
  for (const group of byPartition.values()) {
    let current: EncodedOperation[] = [];
    let chars = 0;
    for (const operation of group) {
      const size = operation.kind === "delete" ? 0 : operation.text.length;
      if (
        current.length === MAX_BATCH_OPERATIONS ||
        (current.length > 0 && chars + size > MAX_TRANSACTION_CHARS)
      ) {
        transactions.push(current);
        current = [];
        chars = 0;
      }
      current.push(operation);
      chars += size;
    }
    if (current.length > 0) transactions.push(current);
  }
  return transactions;
}
