/**
 * @module Hourly GPU pool samples over a raw table (SPEC §8, §14).
 *
 * Layout: partition = UTC day (`2026-11-23`), row = cluster + pool; each row holds the pool's 24
 * hourly node counts (`null` = not sampled that hour), so a day of a 600-pool fleet is 600 rows
 * and a 30-day read is 30 partition queries. The days present are kept in the table's partition
 * index: a range read asks only for days that exist, and the daily purge finds what to delete
 * without scanning.
 *
 * `record` reads the day's partition once, then writes each pool's row conditionally on the ETag
 * it read (insert when new); a row changed in between is redone from a fresh read, so concurrent
 * recorders of different hours keep each other's counts.
 */
import { z } from "zod";
import {
  HISTORY_DAYS,
  type PoolDay,
  type PoolSample,
  type PoolSampleStore,
} from "../ports/history.js";
import {
  isStoreError,
  StoreError,
  update,
  type RawTable,
  type TimeRange,
} from "../ports/state-store.js";
import { InstantSchema } from "../ports/state-types.js";
import { armKey, encodeKey } from "./keys.js";
import { createPartitionIndex, deletePartitionRows } from "./partition-index.js";
import { TypedTable } from "./typed-table.js";

const MS_PER_DAY = 86_400_000;
const HOURS = 24;
/** Row writes in flight at once (as many as the tick's other store writes). */
const PARALLEL_WRITES = 64;
/** Longest range one `list` may read. */
export const MAX_SAMPLE_RANGE_DAYS = 400;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

const PoolDaySchema: z.ZodType<PoolDay> = z.strictObject({
  clusterId: z.string().min(1),
  pool: z.string().min(1),
  vmSize: z.string().min(1),
  location: z.string(),
  priority: z.enum(["Regular", "Spot"]),
  day: z.string().regex(DAY),
  hours: z.array(z.number().int().nonnegative().nullable()).length(HOURS),
});

const SampleSchema = z.strictObject({
  clusterId: z.string().min(1),
  pool: z.string().min(1),
  vmSize: z.string().min(1),
  location: z.string(),
  priority: z.enum(["Regular", "Spot"]),
  nodes: z.number().int().nonnegative(),
});

interface DayKey {
  readonly day: string;
  readonly clusterId: string;
  readonly pool: string;
}

function instantMs(text: string, what: string): number {
  if (!InstantSchema.safeParse(text).success) {
    throw new StoreError("InvalidInput", `${what} ${JSON.stringify(text)} is not an instant`);
  }
  return Date.parse(text);
}

const rowOf = (key: DayKey): string =>
  `${armKey(key.clusterId)}~~${encodeKey(key.pool.toLowerCase())}`;

const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

function withHour(current: PoolDay | undefined, key: DayKey, sample: PoolSample, hour: number) {
  const hours = [...(current?.hours ?? Array.from({ length: HOURS }, () => null))];
  hours[hour] = sample.nodes;
  const { nodes: _nodes, ...pool } = sample;
  return { ...pool, clusterId: current?.clusterId ?? pool.clusterId, day: key.day, hours };
}

export function createPoolSampleStore(raw: RawTable): PoolSampleStore {
  const index = createPartitionIndex(raw);
  const table = new TypedTable<DayKey, PoolDay>({
    raw,
    schema: PoolDaySchema,
    tableKey: ({ day, clusterId, pool }) => ({
      partition: day,
      row: rowOf({ day, clusterId, pool }),
    }),
    keyOf: ({ day, clusterId, pool }) => ({ day, clusterId, pool }),
  });

  return {
    async record(at, samples) {
      const ms = instantMs(at, "at");
      for (const sample of samples) {
        if (!SampleSchema.safeParse(sample).success) {
          throw new StoreError("InvalidInput", `invalid pool sample ${JSON.stringify(sample)}`);
        }
      }
      if (samples.length === 0) return;
      const day = isoDay(ms);
      const hour = new Date(ms).getUTCHours();
      await index.add(day);
      const existing = new Map(
        (await table.query({ partition: day })).map((entry) => [rowOf(entry.key), entry]),
      );
      const write = async (sample: PoolSample): Promise<void> => {
        const key: DayKey = { day, clusterId: sample.clusterId, pool: sample.pool };
        const found = existing.get(rowOf(key));
        try {
          const next = withHour(found?.value, key, sample, hour);
          if (found === undefined) await table.insert(key, next);
          else await table.replace(found.key, next, found.etag);
        } catch (error) {
          if (!isStoreError(error, "PreconditionFailed", "NotFound", "AlreadyExists")) throw error;
          await update(table, key, (current) => withHour(current, key, sample, hour));
        }
      };
      for (let start = 0; start < samples.length; start += PARALLEL_WRITES) {
        await Promise.all(samples.slice(start, start + PARALLEL_WRITES).map(write));
      }
    },

    async list(range: TimeRange) {
      const fromDay = isoDay(instantMs(range.from, "from"));
      const toDay = isoDay(instantMs(range.to, "to"));
      if (Date.parse(toDay) - Date.parse(fromDay) > MAX_SAMPLE_RANGE_DAYS * MS_PER_DAY) {
        throw new StoreError(
          "InvalidInput",
          `sample range longer than ${MAX_SAMPLE_RANGE_DAYS} days`,
        );
      }
      const days = (await index.list()).filter(
        (day) => DAY.test(day) && day >= fromDay && day < toDay,
      );
      const pages = await Promise.all(days.map((partition) => table.query({ partition })));
      return pages.flat().map((entry) => entry.value);
    },

    async purge(now) {
      const cutoff = isoDay(instantMs(now, "now") - HISTORY_DAYS * MS_PER_DAY);
      const days = (await index.list()).filter((day) => DAY.test(day) && day < cutoff);
      let deleted = 0;
      for (const day of days) deleted += await deletePartitionRows(raw, day);
      await index.remove(days);
      return deleted;
    },
  };
}
