/**
 * @module inParallel: every item is handled, never more than `limit` at once, and a failure is
 * reported only after every other item had its turn. interleaveBy: the same items, round-robin
 * over their groups, each group in its order.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { inParallel, interleaveBy } from "./bounded.js";

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("inParallel", () => {
  it("handles every item with at most `limit` in flight", async () => {
    let inFlight = 0;
    let most = 0;
    const seen: number[] = [];
    await inParallel(
      Array.from({ length: 100 }, (_, i) => i),
      7,
      async (i) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        await tick();
        seen.push(i);
        inFlight -= 1;
      },
    );
    expect(most).toBe(7);
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it("rejects with the first error after the other items were handled", async () => {
    const done: number[] = [];
    const run = inParallel([1, 2, 3, 4], 2, async (i) => {
      await tick();
      if (i === 2) throw new Error("two");
      done.push(i);
    });
    await expect(run).rejects.toThrow("two");
    expect(done.sort()).toEqual([1, 3, 4]);
  });

  it("does nothing for no items", async () => {
    await expect(inParallel([], 4, () => Promise.reject(new Error("called")))).resolves.toBe(
      undefined,
    );
  });
});

describe("interleaveBy", () => {
  it("takes one item of each subscription in turn", () => {
    const items = ["a1", "a2", "a3", "b1", "c1", "c2"];
    expect(interleaveBy(items, (s) => s[0] ?? "")).toEqual(["a1", "b1", "c1", "a2", "c2", "a3"]);
  });

  it("keeps every item once, and each group's order", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.nat())), (pairs) => {
        const items = pairs.map(([group, n], i) => ({ group: String(group), n, i }));
        const out = interleaveBy(items, (x) => x.group);
        expect([...out].sort((x, y) => x.i - y.i)).toEqual(items);
        for (const group of new Set(items.map((x) => x.group))) {
          const order = (list: typeof items) => list.filter((x) => x.group === group);
          expect(order(out)).toEqual(order(items));
        }
      }),
    );
  });
});
