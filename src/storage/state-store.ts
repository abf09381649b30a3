/**
 * @module Builds the typed {@link StateStore} once over any {@link TableBackend}, so key layout,
 * validation, audit partitioning, snapshot chunking and dedupe behave the same on every adapter.
 *
 * Layout: clusters and overrides are keyed by lower-cased, encoded ARM id (clusters partitioned by
 * subscription, overrides in one small partition so "all active overrides" is one read); restore
 * records by cluster (partition) and pool (row); audit by UTC day; snapshot by generation; budget
 * records in one small partition, by budget name; the savings ledger and pool samples by time
 * (see `ledger.ts`, `samples.ts`).
 */
import {
  StoreError,
  type PoolRef,
  type StateStore,
  type TableBackend,
} from "../ports/state-store.js";
import {
  ClusterStateSchema,
  InstantSchema,
  OverrideSchema,
  RestoreRecordSchema,
  type ClusterState,
  type Override,
  type RestoreRecord,
} from "../ports/state-types.js";
import { StoredPricesSchema, type StoredPrices } from "../ports/prices.js";
import { BudgetRecordSchema } from "../core/budget/record-schema.js";
import type { BudgetRecord } from "../core/budget/types.js";
import { createAuditLog } from "./audit-log.js";
import { createDedupeStore } from "./dedupe.js";
import { createFleetSnapshotStore } from "./fleet-snapshot.js";
import { createSavingsLedger } from "./ledger.js";
import { createPoolSampleStore } from "./samples.js";
import { armKey, clusterTableKey, encodeKey } from "./keys.js";
import { TypedTable } from "./typed-table.js";

const OVERRIDES_PARTITION = "overrides";
const BUDGETS_PARTITION = "budgets";
const PRICES_PARTITION = "prices";

export function createStateStore(backend: TableBackend): StateStore {
  const clusters = new TypedTable<string, ClusterState>({
    raw: backend.table("clusters"),
    schema: ClusterStateSchema,
    tableKey: clusterTableKey,
    keyOf: (value) => value.clusterId,
  });
  const overrides = new TypedTable<string, Override>({
    raw: backend.table("overrides"),
    schema: OverrideSchema,
    tableKey: (clusterId) => ({ partition: OVERRIDES_PARTITION, row: armKey(clusterId) }),
    keyOf: (value) => value.clusterId,
  });
  const restores = new TypedTable<PoolRef, RestoreRecord>({
    raw: backend.table("restores"),
    schema: RestoreRecordSchema,
    tableKey: ({ clusterId, pool }) => ({
      partition: armKey(clusterId),
      row: encodeKey(pool.toLowerCase()),
    }),
    keyOf: ({ clusterId, pool }) => ({ clusterId, pool }),
  });

  const prices = new TypedTable<string, StoredPrices>({
    raw: backend.table("prices"),
    schema: StoredPricesSchema,
    tableKey: (key) => ({ partition: PRICES_PARTITION, row: encodeKey(key.toLowerCase()) }),
    keyOf: (value) => `${value.answer.vmSize}|${value.answer.region}`.toLowerCase(),
  });
  const budgets = new TypedTable<string, BudgetRecord>({
    raw: backend.table("budgets"),
    schema: BudgetRecordSchema,
    tableKey: (name) => ({ partition: BUDGETS_PARTITION, row: encodeKey(name) }),
    keyOf: (value) => value.budget,
  });

  return {
    clusters: Object.assign(clusters, { list: () => clusters.query() }),
    overrides: Object.assign(overrides, {
      list: () => overrides.query({ partition: OVERRIDES_PARTITION }),
      async active(at: string) {
        if (!InstantSchema.safeParse(at).success) {
          throw new StoreError("InvalidInput", `${JSON.stringify(at)} is not an instant`);
        }
        const now = Date.parse(at);
        const entries = await overrides.query({ partition: OVERRIDES_PARTITION });
        return entries.map((entry) => entry.value).filter((value) => Date.parse(value.until) > now);
      },
    }),
    restores: Object.assign(restores, {
      list: (clusterId?: string) =>
        restores.query(clusterId === undefined ? {} : { partition: armKey(clusterId) }),
    }),
    audit: createAuditLog(backend.table("audit")),
    fleetSnapshot: createFleetSnapshotStore(backend.table("snapshot")),
    dedupe: createDedupeStore(backend.table("dedupe")),
    budgets: Object.assign(budgets, {
      list: () => budgets.query({ partition: BUDGETS_PARTITION }),
    }),
    ledger: createSavingsLedger(backend.table("ledger")),
    samples: createPoolSampleStore(backend.table("samples")),
    prices,
  };
}
