/**
 * @module The state store contract: one suite every adapter must pass (the in-memory fake and Table
 * Storage on Azurite). Raw tables, `update`, the typed tables and dedupe are here; the audit log
 * and the fleet snapshot in `state-store.log.contract.ts`.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { BudgetRecord } from "../../src/core/budget/types.js";
import { MAX_VALUE_CHARS, update, type TableKey } from "../../src/ports/state-store.js";
import {
  emptyClusterState,
  type ClusterState,
  type Override,
  type RestoreRecord,
} from "../../src/ports/state-types.js";
import { decodeKey } from "../../src/storage/keys.js";
import { createStateStore } from "../../src/storage/state-store.js";
import { clusterId, codeOf, gate, SUB_A, SUB_B, type MakeBackend } from "./state-store.fixtures.js";
import { describeHistoryContract } from "./state-store.history.contract.js";
import { describeLogContract } from "./state-store.log.contract.js";
import { FakePrices } from "../fakes/fake-prices.js";

export type { MakeBackend } from "./state-store.fixtures.js";

function budgetRecord(budget: string): BudgetRecord {
  return {
    budget,
    period: "2026-11",
    evaluatedAt: "2026-11-23T10:15:00Z",
    currency: "USD",
    amount: 20_000,
    billed: 15_000.5,
    billedThrough: "2026-11-22T00:00:00Z",
    intraday: 250,
    spent: 15_250.5,
    forecast: null,
    samples: [{ at: "2026-11-23T10:15:00Z", usdPerHour: 7.35 }],
    fired: [
      {
        key: "actual-50",
        percent: 50,
        forecast: false,
        actions: ["notify"],
        at: "2026-11-15T09:15:00Z",
        amount: 20_000,
        measured: 10_100,
      },
    ],
  };
}

export function describeStateStoreContract(name: string, makeBackend: MakeBackend): void {
  describe(`state store contract: ${name}`, () => {
    describe("raw tables", () => {
      const key: TableKey = { partition: "p1", row: "r1" };

      it("get, insert, replace and delete with ETags", async () => {
        const table = (await makeBackend()).table("clusters");
        expect(await table.get(key)).toBeUndefined();
        const first = await table.insert(key, { n: 1 });
        expect(await table.get(key)).toEqual({ value: { n: 1 }, etag: first });
        expect(await codeOf(table.insert(key, { n: 2 }))).toBe("AlreadyExists");

        const second = await table.replace(key, { n: 2 }, first);
        expect(second).not.toBe(first);
        expect(await codeOf(table.replace(key, { n: 3 }, first))).toBe("PreconditionFailed");
        expect(await codeOf(table.delete(key, first))).toBe("PreconditionFailed");
        expect((await table.get(key))?.value).toEqual({ n: 2 });

        await table.delete(key, second);
        expect(await table.get(key)).toBeUndefined();
        expect(await codeOf(table.replace(key, { n: 4 }, second))).toBe("NotFound");
        expect(await codeOf(table.delete(key, second))).toBe("NotFound");
        await table.delete(key); // unconditional delete of nothing is fine
      });

      it("upsert creates and overwrites, with a new ETag on every write", async () => {
        const table = (await makeBackend()).table("clusters");
        const etags = [await table.upsert(key, "a"), await table.upsert(key, "b")];
        etags.push(await table.replace(key, "c", etags[1] ?? ""));
        expect(new Set(etags).size).toBe(3);
        expect(await table.get(key)).toEqual({ value: "c", etag: etags[2] });
      });

      it("lists in partition then row order, with row ranges", async () => {
        const table = (await makeBackend()).table("audit");
        for (const [partition, row] of [
          ["b", "2"],
          ["a", "3"],
          ["b", "1"],
          ["a", "1"],
          ["a", "2"],
        ] as const) {
          await table.insert({ partition, row }, `${partition}${row}`);
        }
        expect((await table.list()).map((entry) => entry.value)).toEqual([
          "a1",
          "a2",
          "a3",
          "b1",
          "b2",
        ]);
        const ranged = await table.list({ partition: "a", rowFrom: "2", rowBefore: "3" });
        expect(ranged.map((entry) => entry.value)).toEqual(["a2"]);
        expect(await table.list({ partition: "none" })).toEqual([]);
      });

      it("refuses keys Table Storage refuses, and over-long values, with codes", async () => {
        const table = (await makeBackend()).table("clusters");
        expect(await codeOf(table.insert({ partition: "a/b", row: "r" }, 1))).toBe("InvalidInput");
        expect(await codeOf(table.get({ partition: "p", row: "x#y" }))).toBe("InvalidInput");
        expect(await codeOf(table.upsert({ partition: "p", row: "r".repeat(600) }, 1))).toBe(
          "InvalidInput",
        );
        const big = "x".repeat(MAX_VALUE_CHARS);
        expect(await codeOf(table.upsert(key, big))).toBe("TooLarge");
        const fits = "é".repeat(MAX_VALUE_CHARS - 2);
        await table.upsert(key, fits);
        expect((await table.get(key))?.value).toBe(fits);
        expect(await codeOf(table.upsert(key, { n: 1n }))).toBe("InvalidInput");
      });

      it("batches: more than 100 operations, each transaction all-or-nothing", async () => {
        const table = (await makeBackend()).table("audit");
        const rows = Array.from({ length: 250 }, (_, index) => String(index).padStart(4, "0"));
        await table.batch(
          rows.map((row) => ({ kind: "insert", key: { partition: "p", row }, value: row })),
        );
        expect(await table.list({ partition: "p" })).toHaveLength(250);

        await table.batch([
          { kind: "insert", key: { partition: "q", row: "new" }, value: 1 },
          { kind: "upsert", key: { partition: "q", row: "up" }, value: 1 },
        ]);
        expect(
          await codeOf(
            table.batch([
              { kind: "insert", key: { partition: "q", row: "other" }, value: 1 },
              { kind: "insert", key: { partition: "q", row: "new" }, value: 2 },
            ]),
          ),
        ).toBe("AlreadyExists");
        expect(await table.get({ partition: "q", row: "other" })).toBeUndefined();
        expect((await table.get({ partition: "q", row: "new" }))?.value).toBe(1);

        await table.batch(rows.map((row) => ({ kind: "delete", key: { partition: "p", row } })));
        expect(await table.list({ partition: "p" })).toEqual([]);
        expect(
          await codeOf(table.batch([{ kind: "delete", key: { partition: "p", row: "0001" } }])),
        ).toBe("NotFound");
      });
    });

    describe("update", () => {
      const id = clusterId("dev-a100");
      const bump = (state: ClusterState | undefined): ClusterState => {
        const current = state ?? emptyClusterState(id);
        return {
          ...current,
          startDurationsSeconds: [...current.startDurationsSeconds, 1].slice(-20),
        };
      };

      it("inserts when absent, replaces, writes nothing when unchanged, deletes on undefined", async () => {
        const store = createStateStore(await makeBackend());
        const created = await update(store.clusters, id, bump);
        expect(created?.value.startDurationsSeconds).toEqual([1]);
        const same = await update(store.clusters, id, (state) => state);
        expect(same?.etag).toBe(created?.etag);
        const replaced = await update(store.clusters, id, bump);
        expect(replaced?.value.startDurationsSeconds).toEqual([1, 1]);
        expect((await store.clusters.get(id))?.etag).toBe(replaced?.etag);
        expect(await update(store.clusters, id, () => undefined)).toBeUndefined();
        expect(await store.clusters.get(id)).toBeUndefined();
        expect(await update(store.clusters, id, () => undefined)).toBeUndefined();
      });

      it("retries from a fresh read after losing a race: both increments land", async () => {
        const store = createStateStore(await makeBackend());
        await store.clusters.insert(id, emptyClusterState(id));
        // Both updaters read before either writes: one must lose and retry.
        const bothRead = gate();
        let reads = 0;
        let calls = 0;
        const racer = async (state: ClusterState | undefined): Promise<ClusterState> => {
          calls += 1;
          reads += 1;
          if (reads === 2) bothRead.open();
          await bothRead.promise;
          return bump(state);
        };
        await Promise.all([update(store.clusters, id, racer), update(store.clusters, id, racer)]);
        expect((await store.clusters.get(id))?.value.startDurationsSeconds).toEqual([1, 1]);
        expect(calls).toBe(3);
      });

      it("lets many concurrent updaters all land", async () => {
        const store = createStateStore(await makeBackend());
        await Promise.all(
          Array.from({ length: 8 }, () => update(store.clusters, id, bump, { maxAttempts: 20 })),
        );
        expect((await store.clusters.get(id))?.value.startDurationsSeconds).toHaveLength(8);
      });

      it("gives up with Contention after the allowed attempts", async () => {
        const store = createStateStore(await makeBackend());
        let calls = 0;
        const result = codeOf(
          update(
            store.clusters,
            id,
            async (state) => {
              calls += 1;
              await store.clusters.upsert(id, bump(state)); // someone always writes in between
              return bump(state);
            },
            { maxAttempts: 3 },
          ),
        );
        expect(await result).toBe("Contention");
        expect(calls).toBe(3);
      });
    });

    describe("typed tables", () => {
      it("keys clusters by case-insensitive ARM id, partitioned by subscription", async () => {
        const backend = await makeBackend();
        const store = createStateStore(backend);
        const id = clusterId("Dev-A100");
        await store.clusters.insert(id, emptyClusterState(id));
        await store.clusters.insert(
          clusterId("other", SUB_B),
          emptyClusterState(clusterId("other", SUB_B)),
        );
        expect((await store.clusters.get(id.toUpperCase()))?.value.clusterId).toBe(id);

        const raw = await backend.table("clusters").list();
        expect(raw.map(({ key }) => decodeKey(key.row))).toEqual([
          id.toLowerCase(),
          clusterId("other", SUB_B).toLowerCase(),
        ]);
        expect(raw.map(({ key }) => key.partition)).toEqual([SUB_A, SUB_B]);
        expect((await store.clusters.list()).map((entry) => entry.key)).toEqual([
          id,
          clusterId("other", SUB_B),
        ]);
      });

      it("round-trips any ARM-like id through its encoded key", async () => {
        const store = createStateStore(await makeBackend());
        const segment = fc.string({ minLength: 1, maxLength: 12, unit: "binary" });
        await fc.assert(
          fc.asyncProperty(segment, segment, async (group, name) => {
            const id = `/subscriptions/${SUB_A}/resourceGroups/${group}/providers/Microsoft.ContainerService/managedClusters/${name}`;
            const etag = await store.clusters.upsert(id, emptyClusterState(id));
            const found = await store.clusters.get(id);
            expect(found).toEqual({ value: emptyClusterState(id), etag });
          }),
          { numRuns: 40 },
        );
      });

      it("validates records on write and read", async () => {
        const backend = await makeBackend();
        const store = createStateStore(backend);
        const id = clusterId("dev-a100");
        const bad = { ...emptyClusterState(id), lastDesired: "paused" } as unknown as ClusterState;
        expect(await codeOf(store.clusters.insert(id, bad))).toBe("InvalidInput");
        expect(await codeOf(store.clusters.insert(clusterId("x"), emptyClusterState(id)))).toBe(
          "InvalidInput",
        );
        const full: ClusterState = {
          ...emptyClusterState(id),
          lastDesired: "running",
          retries: 2,
          lastSkip: "provisioning state Updating",
          pending: {
            id: "op-1",
            kind: "scale-pool",
            pool: "gpu",
            issuedAt: "2026-11-23T08:00:00Z",
            expect: "pool gpu count 0",
            attempts: 1,
            reason: "idle 60m",
          },
          lastObserved: {
            powerState: "Running",
            provisioningState: "Succeeded",
            at: "2026-11-23T08:00:00Z",
          },
        };
        await store.clusters.insert(id, full);
        expect((await store.clusters.get(id))?.value).toEqual(full);

        const [stored] = await backend.table("clusters").list();
        if (stored === undefined) throw new Error("nothing stored");
        await backend
          .table("clusters")
          .upsert(stored.key, { clusterId: id, lastDesired: "paused" });
        expect(await codeOf(store.clusters.get(id))).toBe("CorruptRecord");
      });

      it("lists the overrides active at an instant", async () => {
        const store = createStateStore(await makeBackend());
        const override = (name: string, until: string): Override => ({
          clusterId: clusterId(name),
          state: "running",
          until,
          owner: "U0DEV",
          reason: "training run",
          createdAt: "2026-11-23T17:00:00Z",
        });
        await store.overrides.upsert(clusterId("a"), override("a", "2026-11-23T20:00:00Z"));
        await store.overrides.upsert(clusterId("b"), override("b", "2026-11-23T22:00:00Z"));
        await store.overrides.upsert(clusterId("c"), override("c", "2026-11-24T01:00:00+02:00"));
        const active = async (at: string): Promise<string[]> =>
          (await store.overrides.active(at)).map((entry) => entry.clusterId).sort();
        // c's `until` is 23:00Z, written with an offset.
        expect(await active("2026-11-23T19:59:59Z")).toEqual(
          ["a", "b", "c"].map((n) => clusterId(n)),
        );
        expect(await active("2026-11-23T20:00:00Z")).toEqual([clusterId("b"), clusterId("c")]);
        expect(await active("2026-11-23T22:30:00Z")).toEqual([clusterId("c")]);
        expect(await active("2026-11-24T00:00:00Z")).toEqual([]);
        expect(await store.overrides.list()).toHaveLength(3);
        expect(await codeOf(store.overrides.active("tonight"))).toBe("InvalidInput");
      });

      it("keeps restore records per cluster and pool", async () => {
        const store = createStateStore(await makeBackend());
        const record = (cluster: string, pool: string): RestoreRecord => ({
          clusterId: clusterId(cluster),
          pool,
          count: 3,
          enableAutoScaling: true,
          minCount: 1,
          maxCount: 4,
          recordedAt: "2026-11-23T10:00:00Z",
          mode: "force-zero",
        });
        await store.restores.insert({ clusterId: clusterId("a"), pool: "gpu" }, record("a", "gpu"));
        await store.restores.insert(
          { clusterId: clusterId("a"), pool: "gpu2" },
          record("a", "gpu2"),
        );
        await store.restores.insert({ clusterId: clusterId("b"), pool: "gpu" }, record("b", "gpu"));
        const ofA = await store.restores.list(clusterId("A"));
        expect(ofA.map((entry) => entry.key)).toEqual([
          { clusterId: clusterId("a"), pool: "gpu" },
          { clusterId: clusterId("a"), pool: "gpu2" },
        ]);
        expect(await store.restores.list()).toHaveLength(3);
        expect(
          await codeOf(
            store.restores.insert({ clusterId: clusterId("a"), pool: "gpu" }, record("a", "gpu")),
          ),
        ).toBe("AlreadyExists");
      });

      it("keeps one budget record per budget name, validated", async () => {
        const store = createStateStore(await makeBackend());
        const record = budgetRecord("ml-dev/monthly");
        await store.budgets.insert(record.budget, record);
        await store.budgets.upsert("b", { ...budgetRecord("b"), spent: 5 });
        expect((await store.budgets.get("ml-dev/monthly"))?.value).toEqual(record);
        expect((await store.budgets.list()).map((entry) => entry.key)).toEqual([
          "b",
          "ml-dev/monthly",
        ]);
        const bad = { ...record, period: "November" };
        expect(await codeOf(store.budgets.upsert(record.budget, bad))).toBe("InvalidInput");
      });
    });

    describe("prices", () => {
      it("keeps the source's answers by size and region (any casing), validated", async () => {
        const store = createStateStore(await makeBackend());
        const answer = await new FakePrices(() => new Date("2026-11-27T00:00:00Z")).prices({
          vmSize: "Standard_NC24ads_A100_v4",
          region: "eastus",
        });
        const stored = { fetchedAt: "2026-11-27T00:00:00Z", answer };
        await store.prices.upsert("standard_nc24ads_a100_v4|eastus", stored);
        expect((await store.prices.get("Standard_NC24ads_A100_v4|EastUS"))?.value).toEqual(stored);
        const bad = { ...stored, answer: { ...answer, prices: { payg: { usdPerHour: -1 } } } };
        expect(await codeOf(store.prices.upsert("x|eastus", bad as never))).toBe("InvalidInput");
      });
    });

    describeLogContract(makeBackend);
    describeHistoryContract(makeBackend);

    describe("dedupe", () => {
      it("claims a key once, even concurrently", async () => {
        const store = createStateStore(await makeBackend());
        const key = "budget:/subscriptions/x/resourceGroups/ml-dev:2026-11:80";
        const claims = await Promise.all(
          Array.from({ length: 5 }, () => store.dedupe.claim(key, "2026-11-23T10:00:00Z")),
        );
        expect(claims.filter(Boolean)).toHaveLength(1);
        expect(await store.dedupe.claim(key, "2026-11-24T10:00:00Z")).toBe(false);
        expect(await store.dedupe.claim(key.replaceAll("/", "~2F"), "2026-11-24T10:00:00Z")).toBe(
          true,
        );
        expect(await store.dedupe.claim("slack:click:abc", "2026-11-24T10:00:00Z")).toBe(true);
      });

      it("a burst of 250 claims, some taken before and some repeated, wins each new key exactly once", async () => {
        const store = createStateStore(await makeBackend());
        const at = "2026-11-23T10:00:00Z";
        expect(await store.dedupe.claim("trigger-7", at)).toBe(true);
        expect(await store.dedupe.claim("trigger-130", at)).toBe(true);
        const keys = [
          ...Array.from({ length: 240 }, (_, i) => `trigger-${i}`),
          "trigger-3",
          "trigger-3",
          ...Array.from({ length: 8 }, (_, i) => `trigger-${i + 200}`),
        ];
        const results = await Promise.all(keys.map((key) => store.dedupe.claim(key, at)));
        const won = new Map<string, number>();
        keys.forEach((key, i) => {
          if (results[i]) won.set(key, (won.get(key) ?? 0) + 1);
        });
        expect(won.size).toBe(238); // 240 distinct, less the two claimed before
        expect([...won.values()].every((n) => n === 1)).toBe(true);
        expect(won.has("trigger-7") || won.has("trigger-130")).toBe(false);
        expect(await store.dedupe.claim("trigger-239", at)).toBe(false);
      });
    });
  });
}
