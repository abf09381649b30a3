/**
 * @module Properties of the reservation arithmetic over arbitrary hourly series and prices: the
 * recommended quantity never loses money against pay-as-you-go, never exceeds the most instances
 * that ran, is the exact best over the series, and more uptime never lowers it.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { maxCount, optimalQuantity, seriesSavings } from "./math.js";

const counts = fc.array(fc.integer({ min: 0, max: 8 }), { minLength: 1, maxLength: 300 });
const fractional = fc.array(fc.double({ min: 0, max: 6, noNaN: true }), {
  minLength: 1,
  maxLength: 200,
});
const payg = fc.double({ min: 0.05, max: 120, noNaN: true });
/** Reserved ÷ pay-as-you-go: any discount from 1 % to 80 %. */
const ratio = fc.double({ min: 0.2, max: 0.99, noNaN: true });
const series = fc.oneof(counts, fractional);

describe("optimalQuantity", () => {
  it("never loses money against pay-as-you-go over the series", () => {
    fc.assert(
      fc.property(series, payg, ratio, (u, p, r) => {
        const q = optimalQuantity(u, p, p * r);
        expect(seriesSavings(u, q, p, p * r)).toBeGreaterThanOrEqual(-1e-9 * p * u.length);
      }),
    );
  });

  it("never exceeds the most instances that ran in one hour (rounded up)", () => {
    fc.assert(
      fc.property(series, payg, ratio, (u, p, r) => {
        expect(optimalQuantity(u, p, p * r)).toBeLessThanOrEqual(Math.ceil(maxCount(u)));
      }),
    );
  });

  it("is the best quantity of all, computed exactly over the series", () => {
    fc.assert(
      fc.property(counts, payg, ratio, (u, p, r) => {
        const best = seriesSavings(u, optimalQuantity(u, p, p * r), p, p * r);
        for (let q = 0; q <= maxCount(u); q++) {
          expect(seriesSavings(u, q, p, p * r)).toBeLessThanOrEqual(best + 1e-9 * p * u.length);
        }
      }),
    );
  });

  it("never falls when any hour runs more instances", () => {
    const withMore = counts.chain((u) =>
      fc.tuple(
        fc.constant(u),
        fc.array(fc.integer({ min: 0, max: 4 }), { minLength: u.length, maxLength: u.length }),
      ),
    );
    fc.assert(
      fc.property(withMore, payg, ratio, ([u, extra], p, r) => {
        const more = u.map((n, h) => n + (extra[h] ?? 0));
        expect(optimalQuantity(more, p, p * r)).toBeGreaterThanOrEqual(
          optimalQuantity(u, p, p * r),
        );
      }),
    );
  });
});
