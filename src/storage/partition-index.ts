/**
 * @module The partitions a time-partitioned table holds (days of samples, months of closed ledger
 * entries), kept in one index row of the same table. Readers and purges consult it instead of
 * scanning the table or guessing a time span; writers add a partition before writing into it, so
 * a reader never misses one. Each process remembers what it added and skips the write after.
 */
import { z } from "zod";
import { StoreError, update, type RawTable, type VersionedTable } from "../ports/state-store.js";

const INDEX_KEY = { partition: "index", row: "partitions" } as const;

/** The partition name of the index row itself; data partitions must differ from it. */
export const INDEX_PARTITION = INDEX_KEY.partition;

const IndexSchema = z.strictObject({ partitions: z.array(z.string()) });
type Index = z.infer<typeof IndexSchema>;

export interface PartitionIndex {
  /** Records `partition` (idempotent; one write per process and partition at most). */
  add(partition: string): Promise<void>;
  /** Every recorded partition, sorted. */
  list(): Promise<string[]>;
  /** Forgets the given partitions (after their rows were deleted). */
  remove(partitions: readonly string[]): Promise<void>;
}

function parse(value: unknown): Index {
  const parsed = IndexSchema.safeParse(value);
  if (!parsed.success) throw new StoreError("CorruptRecord", "partition index is not readable");
  return parsed.data;
}

export function createPartitionIndex(raw: RawTable): PartitionIndex {
  const known = new Set<string>();
  const row: VersionedTable<null, Index> = {
    get: async () => {
      const found = await raw.get(INDEX_KEY);
      return found && { value: parse(found.value), etag: found.etag };
    },
    insert: (_key, value) => raw.insert(INDEX_KEY, value),
    replace: (_key, value, etag) => raw.replace(INDEX_KEY, value, etag),
    upsert: (_key, value) => raw.upsert(INDEX_KEY, value),
    delete: (_key, etag) => raw.delete(INDEX_KEY, etag),
  };
  return {
    async add(partition) {
      if (known.has(partition)) return;
      await update(row, null, (current) =>
        current?.partitions.includes(partition) === true
          ? current
          : { partitions: [...(current?.partitions ?? []), partition].sort() },
      );
      known.add(partition);
    },
    async list() {
      return [...((await row.get(null))?.value.partitions ?? [])];
    },
    async remove(partitions) {
      if (partitions.length === 0) return;
      const gone = new Set(partitions);
      for (const partition of partitions) known.delete(partition);
      await update(row, null, (current) =>
        current === undefined || !current.partitions.some((p) => gone.has(p))
          ? current
          : { partitions: current.partitions.filter((p) => !gone.has(p)) },
      );
    },
  };
}

/** Deletes every row of the given partitions, in transactions; returns how many rows went. */
export async function deletePartitionRows(
  raw: RawTable,
  partition: string,
  keep: (value: unknown) => boolean = () => false,
): Promise<number> {
  const rows = await raw.list({ partition });
  const doomed = rows.filter((entry) => !keep(entry.value));
  await raw.batch(doomed.map((entry) => ({ kind: "delete", key: entry.key })));
  return doomed.length;
}
