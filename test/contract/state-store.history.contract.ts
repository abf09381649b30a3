/**
 * @module State store contract, part three: the savings ledger (open, close across months, range
 * reads, purge) and the hourly pool samples (a day row per pool, concurrent hours, purge).
 */
import { describe, expect, it } from "vitest";
import type { LedgerEntry, PoolSample } from "../../src/ports/history.js";
import { createStateStore } from "../../src/storage/state-store.js";
import { clusterId, codeOf, type MakeBackend } from "./state-store.fixtures.js";

const CLUSTER = clusterId("dev-a100");

function stop(from: string, extra: Partial<LedgerEntry> = {}): LedgerEntry {
  return {
    clusterId: CLUSTER,
    kind: "stop",
    from,
    to: null,
    nodes: 2,
    usdPerHour: 3.673,
    basis: "list-snapshot",
    priceAsOf: "2026-09-12",
    ...extra,
  };
}

function sample(pool: string, nodes: number, cluster = CLUSTER): PoolSample {
  return {
    clusterId: cluster,
    pool,
    vmSize: "Standard_NC24ads_A100_v4",
    location: "eastus",
    priority: "Regular",
    nodes,
  };
}

export function describeHistoryContract(makeBackend: MakeBackend): void {
  describe("savings ledger", () => {
    it("opens once per cluster and pool, closes into the month it ended, and lists overlaps", async () => {
      const { ledger } = createStateStore(await makeBackend());
      await ledger.open(stop("2026-10-31T19:00:00Z"));
      await ledger.open(stop("2026-10-31T19:05:00Z")); // already open: the first is kept
      const pool = stop("2026-10-31T20:00:00Z", { pool: "gpu", kind: "scale-to-zero", nodes: 3 });
      await ledger.open(pool);
      expect((await ledger.openEntries()).map((e) => e.from).sort()).toEqual([
        "2026-10-31T19:00:00Z",
        "2026-10-31T20:00:00Z",
      ]);

      expect(await ledger.close(CLUSTER.toUpperCase(), undefined, "2026-11-02T07:00:00Z")).toBe(
        true,
      );
      expect(await ledger.close(CLUSTER, undefined, "2026-11-02T07:00:00Z")).toBe(false);
      expect(await ledger.close(CLUSTER, "other", "2026-11-02T07:00:00Z")).toBe(false);
      expect(await ledger.openEntries()).toEqual([pool]);

      const closed = { ...stop("2026-10-31T19:00:00Z"), to: "2026-11-02T07:00:00.000Z" };
      // A range inside the stop, after it, and one starting after the close month began.
      expect(
        await ledger.list({ from: "2026-11-01T00:00:00Z", to: "2026-11-02T00:00:00Z" }),
      ).toEqual([closed, pool]);
      expect(
        await ledger.list({ from: "2026-11-02T07:00:00Z", to: "2026-11-03T00:00:00Z" }),
      ).toEqual([pool]);
      expect(
        await ledger.list({ from: "2026-10-01T00:00:00Z", to: "2026-10-31T19:00:00Z" }),
      ).toEqual([]);
    });

    it("reopens after a close and keeps both stops", async () => {
      const { ledger } = createStateStore(await makeBackend());
      await ledger.open(stop("2026-11-20T19:00:00Z"));
      await ledger.close(CLUSTER, undefined, "2026-11-21T07:00:00Z");
      await ledger.open(stop("2026-11-21T19:00:00Z"));
      await ledger.close(CLUSTER, undefined, "2026-11-22T07:00:00Z");
      const listed = await ledger.list({
        from: "2026-11-20T00:00:00Z",
        to: "2026-11-23T00:00:00Z",
      });
      expect(listed.map((e) => [e.from, e.to])).toEqual([
        ["2026-11-20T19:00:00Z", "2026-11-21T07:00:00.000Z"],
        ["2026-11-21T19:00:00Z", "2026-11-22T07:00:00.000Z"],
      ]);
    });

    it("refuses invalid entries and closes before the open", async () => {
      const { ledger } = createStateStore(await makeBackend());
      expect(await codeOf(ledger.open({ ...stop("2026-11-20T19:00:00Z"), nodes: -1 }))).toBe(
        "InvalidInput",
      );
      expect(
        await codeOf(ledger.open({ ...stop("2026-11-20T19:00:00Z"), to: "2026-11-21T00:00:00Z" })),
      ).toBe("InvalidInput");
      await ledger.open(stop("2026-11-20T19:00:00Z"));
      expect(await codeOf(ledger.close(CLUSTER, undefined, "2026-11-20T18:00:00Z"))).toBe(
        "InvalidInput",
      );
    });

    it("purges closed entries that ended more than 60 days ago, never open ones", async () => {
      const { ledger } = createStateStore(await makeBackend());
      const spans: [string, string, string][] = [
        ["a", "2026-08-01T19:00:00Z", "2026-08-02T07:00:00Z"],
        ["b", "2026-09-23T19:00:00Z", "2026-09-24T07:00:00Z"],
        ["c", "2026-09-24T19:00:00Z", "2026-09-25T07:00:00Z"],
      ];
      for (const [pool, from, to] of spans) {
        await ledger.open(stop(from, { pool, kind: "scale-to-zero" }));
        await ledger.close(CLUSTER, pool, to);
      }
      await ledger.open(stop("2026-07-01T19:00:00Z"));
      expect(await ledger.purge("2026-11-23T10:00:00Z")).toBe(2); // cutoff 2026-09-24T10:00
      const left = await ledger.list({ from: "2026-07-01T00:00:00Z", to: "2026-12-01T00:00:00Z" });
      expect(left.map((e) => e.pool ?? "(cluster)")).toEqual(["(cluster)", "c"]);
    });
  });

  describe("pool samples", () => {
    it("keeps one row per pool and day with the hourly counts", async () => {
      const { samples } = createStateStore(await makeBackend());
      await samples.record("2026-11-23T08:05:00Z", [sample("gpu", 2), sample("spot", 0)]);
      await samples.record("2026-11-23T08:55:00Z", [sample("gpu", 3)]); // same hour: replaced
      await samples.record("2026-11-23T23:10:00+00:00", [sample("gpu", 1)]);
      await samples.record("2026-11-24T00:10:00Z", [sample("gpu", 4)]);

      const day = await samples.list({ from: "2026-11-23T00:00:00Z", to: "2026-11-24T00:00:00Z" });
      const gpu = day.find((d) => d.pool === "gpu");
      expect(day).toHaveLength(2);
      expect(gpu?.day).toBe("2026-11-23");
      expect(gpu?.hours).toEqual([
        ...Array<null>(8).fill(null),
        3,
        ...Array<null>(14).fill(null),
        1,
      ]);
      expect(day.find((d) => d.pool === "spot")?.hours[8]).toBe(0);
      const both = await samples.list({ from: "2026-11-20T00:00:00Z", to: "2026-11-25T00:00:00Z" });
      expect(both.map((d) => d.day).sort()).toEqual(["2026-11-23", "2026-11-23", "2026-11-24"]);
    });

    it("concurrent recorders of different hours keep each other's counts", async () => {
      const { samples } = createStateStore(await makeBackend());
      const pools = Array.from({ length: 40 }, (_, i) => `p${i}`);
      await Promise.all(
        [3, 4, 5].map((hour) =>
          samples.record(
            `2026-11-23T0${hour}:00:00Z`,
            pools.map((pool) => sample(pool, hour)),
          ),
        ),
      );
      const days = await samples.list({ from: "2026-11-23T00:00:00Z", to: "2026-11-24T00:00:00Z" });
      expect(days).toHaveLength(40);
      for (const day of days) expect(day.hours.slice(3, 6)).toEqual([3, 4, 5]);
    });

    it("rejects invalid samples and purges days older than 60 days", async () => {
      const { samples } = createStateStore(await makeBackend());
      expect(await codeOf(samples.record("2026-11-23T08:00:00Z", [sample("gpu", 1.5)]))).toBe(
        "InvalidInput",
      );
      for (const at of ["2026-09-23T05:00:00Z", "2026-09-24T05:00:00Z", "2026-11-23T05:00:00Z"]) {
        await samples.record(at, [sample("gpu", 1), sample("gpu", 1, clusterId("other"))]);
      }
      expect(await samples.purge("2026-11-23T10:00:00Z")).toBe(2);
      const left = await samples.list({ from: "2026-09-01T00:00:00Z", to: "2026-12-01T00:00:00Z" });
      expect(left.map((d) => d.day).sort()).toEqual([
        "2026-09-24",
        "2026-09-24",
        "2026-11-23",
        "2026-11-23",
      ]);
    });
  });
}
