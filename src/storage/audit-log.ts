/**
 * @module The audit log over a raw table. Partition = UTC day of the entry (`2026-11-23`), row =
 * normalized instant + append id + sequence, so a day is one partition read, rows sort by time,
 * and entries at one instant keep the order they were appended in by this process (each append's
 * id counts up). Appends go out as Table transactions.
 */
import { randomBytes } from "node:crypto";
import { z } from "zod";
import {
  StoreError,
  type AuditLog,
  type BatchOperation,
  type RawTable,
  type TimeRange,
} from "../ports/state-store.js";
import { AuditEntrySchema, InstantSchema, type AuditEntry } from "../ports/state-types.js";

const MS_PER_DAY = 86_400_000;
/** Longest range one `list` may read: a day is one query. */
export const MAX_AUDIT_RANGE_DAYS = 400;
const PARALLEL_DAYS = 8;

function instant(text: string, what: string): number {
  if (!InstantSchema.safeParse(text).success) {
    throw new StoreError(
      "InvalidInput",
      `${what} ${JSON.stringify(text)} is not an ISO-8601 instant`,
    );
  }
  return Date.parse(text);
}

const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

function parseEntry(value: unknown, mode: "write" | "read"): AuditEntry {
  const parsed = AuditEntrySchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const code = mode === "write" ? "InvalidInput" : "CorruptRecord";
  throw new StoreError(code, `audit entry: ${z.prettifyError(parsed.error)}`);
}

/**
 * Appends that arrive together (a burst of Slack commands on one instance) are coalesced into one
 * batch: they are collected until the current event-loop turn ends, then written as one set of
 * transactions. An invalid entry fails only its own `append`; a failed write fails every append
 * in the batch.
 */
export function createAuditLog(raw: RawTable): AuditLog {
  const instance = randomBytes(4).toString("hex");
  let appends = 0;
  let gathering: { operations: BatchOperation[]; written: Promise<void> } | undefined;
  return {
    append(entries) {
      if (entries.length === 0) return Promise.resolve();
      // Increasing within the process, so appends at the same instant list in append order (a
      // tick's decisions before its results); random across processes.
      appends += 1;
      const appendId = `${String(appends).padStart(12, "0")}${instance}`;
      let operations: BatchOperation[];
      try {
        operations = entries.map((entry, index): BatchOperation => {
          const value = parseEntry(entry, "write");
          const at = new Date(instant(value.at, "at")).toISOString();
          const row = `${at}_${appendId}_${String(index).padStart(6, "0")}`;
          return { kind: "insert", key: { partition: at.slice(0, 10), row }, value };
        });
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
      if (!gathering) {
        const batch: BatchOperation[] = [];
        const written = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
          gathering = undefined;
          return raw.batch(batch);
        });
        gathering = { operations: batch, written };
      }
      gathering.operations.push(...operations);
      return gathering.written;
    },

    async list(range: TimeRange) {
      const fromMs = instant(range.from, "from");
      const toMs = instant(range.to, "to");
      if (toMs <= fromMs) return [];
      const firstDay = Math.floor(fromMs / MS_PER_DAY);
      const lastDay = Math.floor((toMs - 1) / MS_PER_DAY);
      if (lastDay - firstDay + 1 > MAX_AUDIT_RANGE_DAYS) {
        throw new StoreError(
          "InvalidInput",
          `audit range longer than ${MAX_AUDIT_RANGE_DAYS} days`,
        );
      }
      const rowFrom = new Date(fromMs).toISOString();
      const rowBefore = new Date(toMs).toISOString();
      const days: string[] = [];
      for (let day = firstDay; day <= lastDay; day += 1) days.push(isoDay(day * MS_PER_DAY));
      const result: AuditEntry[] = [];
      for (let start = 0; start < days.length; start += PARALLEL_DAYS) {
        const pages = await Promise.all(
          days
            .slice(start, start + PARALLEL_DAYS)
            .map((partition) => raw.list({ partition, rowFrom, rowBefore })),
        );
        for (const page of pages)
          for (const { value } of page) result.push(parseEntry(value, "read"));
      }
      return result;
    },
  };
}
