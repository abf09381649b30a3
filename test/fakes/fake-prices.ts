/**
 * @module In-memory fake of the prices port: the bundled snapshot's figures answered as if the
 * Retail Prices API had given them (basis "retail-api", dated by the fake's clock), with the
 * port's name rules. `failures` makes the next calls fail, in order, as an outage would. The
 * contract suite in test/contract/prices.contract.ts holds it and the real adapter to the same
 * behaviour.
 */
import {
  findSku,
  PRICE_SNAPSHOT,
  type HourlyPrice,
  type PriceKind,
} from "../../src/core/skus/index.js";
import {
  ARM_NAME,
  PriceError,
  type PriceQuery,
  type PriceReader,
  type SkuPrices,
} from "../../src/ports/prices.js";

export class FakePrices implements PriceReader {
  /** Make the next calls fail, in order. */
  readonly failures: PriceError[] = [];
  readonly calls: PriceQuery[] = [];

  constructor(private readonly now: () => Date) {}

  prices(query: PriceQuery): Promise<SkuPrices> {
    this.calls.push(query);
    const failure = this.failures.shift();
    if (failure !== undefined) return Promise.reject(failure);
    if (!ARM_NAME.test(query.vmSize) || !ARM_NAME.test(query.region)) {
      return Promise.reject(new PriceError("InvalidName", `not ARM names: ${query.vmSize}`));
    }
    const vmSize = findSku(query.vmSize)?.vmSize ?? query.vmSize;
    const region = query.region.toLowerCase();
    const prices: Partial<Record<PriceKind, HourlyPrice>> = {};
    for (const figure of PRICE_SNAPSHOT.figures) {
      if (figure.vmSize !== vmSize || (figure.region ?? PRICE_SNAPSHOT.region) !== region) continue;
      prices[figure.kind] = {
        basis: "retail-api",
        vmSize,
        kind: figure.kind,
        usdPerHour: figure.usdPerHour,
        currency: "USD",
        region,
        asOf: this.now().toISOString().slice(0, 10),
        effectiveFrom: PRICE_SNAPSHOT.asOf,
        source: "fake Retail Prices API",
      };
    }
    return Promise.resolve({ vmSize, region, prices });
  }
}
