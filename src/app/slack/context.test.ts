/**
 * @module The Slack fast path's fleet cache: one snapshot read under a burst, stale-while-refresh.
 */
import { describe, expect, it } from "vitest";
import { cluster } from "../../../test/fixtures/fleet.js";
import { interceptBackend } from "../../storage/intercepted-backend.js";
import { createMemoryBackend } from "../../storage/memory-store.js";
import { createStateStore } from "../../storage/state-store.js";
import { fleetCache } from "./context.js";

function counted() {
  const reads = { count: 0 };
  const store = createStateStore(
    interceptBackend(createMemoryBackend(), (call) => {
      if (call.table === "snapshot" && call.operation === "get") reads.count += 1;
    }),
  );
  return { store, reads };
}

describe("fleetCache", () => {
  it("a burst of requests shares one snapshot read", async () => {
    const { store, reads } = counted();
    await store.fleetSnapshot.save({
      takenAt: "2026-12-03T03:00:00Z",
      clusters: [cluster("dev-a100")],
    });
    reads.count = 0;
    const fleet = fleetCache(store, () => 0);
    const results = await Promise.all(Array.from({ length: 50 }, () => fleet()));
    expect(results.every((r) => r.length === 1)).toBe(true);
    expect(reads.count).toBe(1);
  });

  it("serves the known fleet at once when stale, and the refreshed one afterwards", async () => {
    const { store } = counted();
    await store.fleetSnapshot.save({
      takenAt: "2026-12-03T03:00:00Z",
      clusters: [cluster("dev-a100")],
    });
    let now = 0;
    const fleet = fleetCache(store, () => now, 1000);
    expect((await fleet()).map((c) => c.name)).toEqual(["dev-a100"]);
    await store.fleetSnapshot.save({
      takenAt: "2026-12-03T03:05:00Z",
      clusters: [cluster("dev-a100"), cluster("dev-t4")],
    });
    now = 1000;
    expect((await fleet()).map((c) => c.name)).toEqual(["dev-a100"]); // stale, refresh started
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await fleet()).map((c) => c.name)).toEqual(["dev-a100", "dev-t4"]);
  });

  it("remembers no fleet before the first snapshot: the first tick's snapshot is read at once", async () => {
    const { store } = counted();
    const fleet = fleetCache(store, () => 0);
    expect(await fleet()).toEqual([]); // e.g. the warmup, before any tick
    await store.fleetSnapshot.save({
      takenAt: "2026-12-03T03:00:00Z",
      clusters: [cluster("dev-t4")],
    });
    expect((await fleet()).map((c) => c.name)).toEqual(["dev-t4"]);
  });
});
