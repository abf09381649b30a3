/**
 * @module The savings ledger over a raw table (SPEC §9, §14).
 *
 * Layout: open entries share the partition `open`, one row per cluster and pool (cluster-level
 * entries have an empty pool part), so "what is open" is one small read and a second `open` for
 * the same cluster and pool is a no-op that keeps the first. `close` moves the entry to the
 * partition of the month it closed (`closed-2026-11`, row = `from` + cluster + pool): it records
 * the month in the table's partition index, writes the closed row, then deletes the open row with
 * the ETag it read. A crash between the last two leaves both rows; readers prefer the closed one
 * and the next `close` finishes the move. A range read touches the index row, the open partition
 * and the months from `range.from` on (no entry that closed before the range can overlap it).
 * `purge` drops closed entries that ended more than {@link HISTORY_DAYS} ago, whole months at once.
 */
import { z } from "zod";
import { HISTORY_DAYS, type SavingsLedger } from "../ports/history.js";
import type { LedgerEntry } from "../core/report/types.js";
import {
  isStoreError,
  StoreError,
  type RawTable,
  type TableKey,
  type TimeRange,
} from "../ports/state-store.js";
import { InstantSchema } from "../ports/state-types.js";
import { armKey, encodeKey } from "./keys.js";
import { createPartitionIndex, deletePartitionRows } from "./partition-index.js";

const OPEN = "open";
const CLOSED = "closed-";
const MS_PER_DAY = 86_400_000;

export const LedgerEntrySchema: z.ZodType<LedgerEntry> = z.strictObject({
  clusterId: z.string().min(1),
  pool: z.string().min(1).exactOptional(),
  kind: z.enum(["stop", "scale-to-zero"]),
  from: InstantSchema,
  to: InstantSchema.nullable(),
  nodes: z.number().int().nonnegative(),
  usdPerHour: z.number().nonnegative(),
  basis: z.enum(["list-snapshot", "retail-api"]),
  priceAsOf: z.string().exactOptional(),
});

function instant(text: string, what: string): string {
  if (!InstantSchema.safeParse(text).success) {
    throw new StoreError("InvalidInput", `${what} ${JSON.stringify(text)} is not an instant`);
  }
  return new Date(text).toISOString();
}

function parse(value: unknown, mode: "write" | "read"): LedgerEntry {
  const parsed = LedgerEntrySchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const code = mode === "write" ? "InvalidInput" : "CorruptRecord";
  throw new StoreError(code, `ledger entry: ${z.prettifyError(parsed.error)}`);
}

/** Row of an entry's cluster and pool; encoded parts never contain `~~`. */
const subject = (clusterId: string, pool: string | undefined): string =>
  `${armKey(clusterId)}~~${pool === undefined ? "" : encodeKey(pool.toLowerCase())}`;

const openKey = (clusterId: string, pool: string | undefined): TableKey => ({
  partition: OPEN,
  row: subject(clusterId, pool),
});

const closedKey = (entry: LedgerEntry, to: string): TableKey => ({
  partition: `${CLOSED}${to.slice(0, 7)}`,
  row: `${new Date(entry.from).toISOString()}~~${subject(entry.clusterId, entry.pool)}`,
});

/** Identity of an entry across its open and closed rows. */
const identity = (entry: LedgerEntry): string =>
  `${subject(entry.clusterId, entry.pool)} ${Date.parse(entry.from)}`;

export function createSavingsLedger(raw: RawTable): SavingsLedger {
  const index = createPartitionIndex(raw);
  const openRows = async (): Promise<LedgerEntry[]> =>
    (await raw.list({ partition: OPEN })).map((entry) => parse(entry.value, "read"));

  return {
    async open(entry) {
      const value = parse(entry, "write");
      if (value.to !== null) throw new StoreError("InvalidInput", "an open entry has no `to`");
      try {
        await raw.insert(openKey(value.clusterId, value.pool), value);
      } catch (error) {
        if (!isStoreError(error, "AlreadyExists")) throw error;
      }
    },

    async close(clusterId, pool, to) {
      const at = instant(to, "to");
      const key = openKey(clusterId, pool);
      const found = await raw.get(key);
      if (found === undefined) return false;
      const open = parse(found.value, "read");
      if (Date.parse(at) < Date.parse(open.from)) {
        throw new StoreError("InvalidInput", `close at ${at} is before the entry's ${open.from}`);
      }
      const closed: LedgerEntry = { ...open, to: at };
      const target = closedKey(open, at);
      await index.add(target.partition);
      await raw.upsert(target, closed);
      try {
        await raw.delete(key, found.etag);
        return true;
      } catch (error) {
        if (isStoreError(error, "NotFound", "PreconditionFailed")) return false;
        throw error;
      }
    },

    async list(range: TimeRange) {
      const fromMs = Date.parse(instant(range.from, "from"));
      const toMs = Date.parse(instant(range.to, "to"));
      if (toMs <= fromMs) return [];
      const firstMonth = `${CLOSED}${new Date(fromMs).toISOString().slice(0, 7)}`;
      const months = (await index.list()).filter(
        (partition) => partition.startsWith(CLOSED) && partition >= firstMonth,
      );
      const pages = await Promise.all(months.map((partition) => raw.list({ partition })));
      const closed = pages.flat().map((entry) => parse(entry.value, "read"));
      const seen = new Set(closed.map(identity));
      const all = [...closed, ...(await openRows()).filter((entry) => !seen.has(identity(entry)))];
      return all
        .filter(
          (entry) =>
            Date.parse(entry.from) < toMs && (entry.to === null || Date.parse(entry.to) > fromMs),
        )
        .sort((a, b) => Date.parse(a.from) - Date.parse(b.from));
    },

    openEntries: openRows,

    async purge(now) {
      const cutoffMs = Date.parse(instant(now, "now")) - HISTORY_DAYS * MS_PER_DAY;
      const cutoffMonth = `${CLOSED}${new Date(cutoffMs).toISOString().slice(0, 7)}`;
      const months = (await index.list()).filter(
        (partition) => partition.startsWith(CLOSED) && partition <= cutoffMonth,
      );
      let deleted = 0;
      const emptied: string[] = [];
      for (const partition of months) {
        if (partition < cutoffMonth) {
          deleted += await deletePartitionRows(raw, partition);
          emptied.push(partition);
        } else {
          deleted += await deletePartitionRows(raw, partition, (value) => {
            const { to } = parse(value, "read");
            return to === null || Date.parse(to) >= cutoffMs;
          });
        }
      }
      await index.remove(emptied);
      return deleted;
    },
  };
}
