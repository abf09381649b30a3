/**
 * @module State store contract, part two: the audit log and the fleet snapshot (batched writes,
 * time-range reads, chunked atomic replacement seen by concurrent readers).
 */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { AuditEntry } from "../../src/ports/state-types.js";
import { interceptBackend, type Interceptor } from "../../src/storage/intercepted-backend.js";
import { createStateStore } from "../../src/storage/state-store.js";
import {
  clusterId,
  codeOf,
  FakeClusterSchema,
  fleet,
  type MakeBackend,
} from "./state-store.fixtures.js";

export function describeLogContract(makeBackend: MakeBackend): void {
  describe("audit log", () => {
    it("appends in batches across days and lists a time range in order", async () => {
      const store = createStateStore(await makeBackend());
      const start = Date.parse("2026-11-23T22:00:00Z");
      const entries: AuditEntry[] = Array.from({ length: 240 }, (_, index) => ({
        at: new Date(start + index * 60_000).toISOString(), // 22:00 to 01:59 next day
        runId: `run-${Math.floor(index / 60)}`,
        kind: index % 2 === 0 ? "action" : "skip",
        target: clusterId(`c${index}`),
        reason: `entry ${index}`,
        ...(index % 10 === 0 ? { detail: { index, nested: [true, null, "x"] } } : {}),
      }));
      // Two appends, out of order, to show ordering comes from the keys.
      await store.audit.append(entries.slice(120));
      await store.audit.append(entries.slice(0, 120));

      const all = await store.audit.list({
        from: "2026-11-23T00:00:00Z",
        to: "2026-11-25T00:00:00Z",
      });
      expect(all).toEqual(entries);
      const window = await store.audit.list({
        from: "2026-11-23T23:30:00Z",
        to: "2026-11-24T00:30:00.000+00:00",
      });
      expect(window.map((entry) => entry.reason)).toEqual(
        entries.slice(90, 150).map((entry) => entry.reason),
      );
      expect(
        await store.audit.list({ from: "2026-11-24T02:00:00Z", to: "2026-11-25T00:00:00Z" }),
      ).toEqual([]);
    });

    it("keeps the order of same-instant entries of one append", async () => {
      const store = createStateStore(await makeBackend());
      const at = "2026-11-23T08:00:00Z";
      const entries: AuditEntry[] = ["plan", "start", "result"].map((reason) => ({
        at,
        runId: "r",
        kind: "action",
        target: "t",
        reason,
      }));
      await store.audit.append(entries);
      const listed = await store.audit.list({ from: at, to: "2026-11-23T08:00:00.001Z" });
      expect(listed.map((entry) => entry.reason)).toEqual(["plan", "start", "result"]);
    });

    it("rejects invalid entries before writing any", async () => {
      const store = createStateStore(await makeBackend());
      const good: AuditEntry = {
        at: "2026-11-23T08:00:00Z",
        runId: "r",
        kind: "skip",
        target: "t",
        reason: "ok",
      };
      const bad = { ...good, at: "yesterday" };
      expect(await codeOf(store.audit.append([good, bad]))).toBe("InvalidInput");
      expect(
        await store.audit.list({ from: "2026-11-23T00:00:00Z", to: "2026-11-24T00:00:00Z" }),
      ).toEqual([]);
    });
    it("writes concurrent appends together: all land, each keeps its order, a bad one fails alone", async () => {
      let batches = 0;
      const counting: Interceptor = (call) => {
        if (call.table === "audit" && call.operation === "batch") batches += 1;
      };
      const store = createStateStore(interceptBackend(await makeBackend(), counting));
      const entry = (n: number, i: number): AuditEntry => ({
        at: "2026-11-23T09:00:00Z",
        runId: `r${n}`,
        kind: "action",
        target: `t${n}`,
        reason: `${n}.${i}`,
      });
      const bad = { ...entry(99, 0), at: "not an instant" };
      const results = await Promise.allSettled([
        ...Array.from({ length: 30 }, (_, n) => store.audit.append([entry(n, 0), entry(n, 1)])),
        store.audit.append([bad]),
      ]);
      expect(results.filter((r) => r.status === "rejected")).toHaveLength(1);
      expect(batches).toBe(1);
      const listed = await store.audit.list({
        from: "2026-11-23T00:00:00Z",
        to: "2026-11-24T00:00:00Z",
      });
      expect(listed).toHaveLength(60);
      for (let n = 0; n < 30; n += 1) {
        const mine = listed.filter((e) => e.runId === `r${n}`).map((e) => e.reason);
        expect(mine).toEqual([`${n}.0`, `${n}.1`]);
      }
    });
  });

  describe("fleet snapshot", () => {
    it("round-trips a 5,000-cluster fleet in chunks and replaces it atomically", async () => {
      const backend = await makeBackend();
      const store = createStateStore(backend);
      expect(await store.fleetSnapshot.load(FakeClusterSchema)).toBeUndefined();

      const first = fleet("2026-11-23T08:00:00Z", 5_000, 1);
      const saved = await store.fleetSnapshot.save(first);
      expect(saved.saved).toBe(true);
      expect(saved.chunks).toBeGreaterThan(1);
      expect(await store.fleetSnapshot.load(FakeClusterSchema)).toEqual(first);

      const second = fleet("2026-11-23T08:05:00Z", 4_000, 2);
      await store.fleetSnapshot.save(second);
      expect(await store.fleetSnapshot.load(FakeClusterSchema)).toEqual(second);
      const partitions = new Set(
        (await backend.table("snapshot").list()).map(({ key }) => key.partition),
      );
      expect(partitions.size).toBe(2); // the manifest and one generation: the old one is gone

      const stale = await store.fleetSnapshot.save(fleet("2026-11-23T08:01:00Z", 10, 3));
      expect(stale.saved).toBe(false);
      expect((await store.fleetSnapshot.load(FakeClusterSchema))?.takenAt).toBe(second.takenAt);
      expect(await codeOf(store.fleetSnapshot.load(z.object({ id: z.number() })))).toBe(
        "CorruptRecord",
      );
    });

    it("shows a reader the old snapshot until the manifest is swapped, then the new one", async () => {
      const backend = await makeBackend();
      const reader = createStateStore(backend);
      const old = fleet("2026-11-23T08:00:00Z", 500, 4);
      const next = fleet("2026-11-23T08:05:00Z", 600, 5);
      await reader.fleetSnapshot.save(old);

      const seen: (string | undefined)[] = [];
      const observe: Interceptor = async (call) => {
        if (call.table !== "snapshot") return;
        const manifestWrite =
          (call.operation === "replace" || call.operation === "insert") &&
          call.key.partition === "manifest";
        const cleanup =
          call.operation === "batch" && call.operations.every((op) => op.kind === "delete");
        if (manifestWrite || cleanup) {
          seen.push((await reader.fleetSnapshot.load(FakeClusterSchema))?.takenAt);
        }
      };
      await createStateStore(interceptBackend(backend, observe)).fleetSnapshot.save(next);
      expect(seen).toEqual([old.takenAt, next.takenAt]);
    });

    it("restarts a reader whose generation vanished under it", async () => {
      const backend = await makeBackend();
      const writer = createStateStore(backend);
      const old = fleet("2026-11-23T08:00:00Z", 300, 6);
      const next = fleet("2026-11-23T08:05:00Z", 300, 7);
      await writer.fleetSnapshot.save(old);
      let interleaved = false;
      const saveBeforeFirstChunkRead: Interceptor = async (call) => {
        if (call.table === "snapshot" && call.operation === "list" && !interleaved) {
          interleaved = true;
          await writer.fleetSnapshot.save(next); // swaps the manifest and deletes old chunks
        }
      };
      const reader = createStateStore(interceptBackend(backend, saveBeforeFirstChunkRead));
      expect(await reader.fleetSnapshot.load(FakeClusterSchema)).toEqual(next);
      expect(interleaved).toBe(true);
    });

    it("never shows concurrent readers a mix", async () => {
      const store = createStateStore(await makeBackend());
      const old = fleet("2026-11-23T08:00:00Z", 2_000, 8);
      const next = fleet("2026-11-23T08:05:00Z", 2_000, 9);
      await store.fleetSnapshot.save(old);
      const progress = { done: false };
      const saving = store.fleetSnapshot.save(next).finally(() => {
        progress.done = true;
      });
      const results: (string | undefined)[] = [];
      while (!progress.done) {
        const loaded = await store.fleetSnapshot.load(FakeClusterSchema);
        expect([old, next]).toContainEqual(loaded);
        results.push(loaded?.takenAt);
      }
      await saving;
      expect(results.length).toBeGreaterThan(0);
      expect(await store.fleetSnapshot.load(FakeClusterSchema)).toEqual(next);
    });
  });
}
