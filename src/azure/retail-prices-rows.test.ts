/**
 * @module Retail Prices rows → prices, one row per trap (notes/finops.md §5): Windows, Low
 * Priority and DevTest rows dropped; Spot rows are spot; reservation rows divided by the hours
 * of their term; the primary meter region and the newest price win; prices not yet in effect,
 * in another currency, or for another size or region are ignored.
 */
import { describe, expect, it } from "vitest";
import { fromRetailItems, kindOfItem, type RetailItem } from "./retail-prices-rows.js";

const ctx = {
  vmSize: "Standard_NC4as_T4_v3",
  region: "uksouth",
  readAt: new Date("2026-11-23T09:30:00Z"),
};

/** A Linux pay-as-you-go row as the API shows it (UK South, 2021-11). */
function row(over: Partial<RetailItem> = {}): RetailItem {
  return {
    currencyCode: "USD",
    retailPrice: 0.615,
    unitOfMeasure: "1 Hour",
    armRegionName: "uksouth",
    armSkuName: "Standard_NC4as_T4_v3",
    meterName: "NC4as T4 v3",
    productName: "Virtual Machines NCasT4_v3 Series",
    skuName: "NC4as T4 v3",
    serviceName: "Virtual Machines",
    type: "Consumption",
    effectiveStartDate: "2021-11-01T00:00:00Z",
    isPrimaryMeterRegion: true,
    ...over,
  };
}

describe("kindOfItem", () => {
  it.each<[string, Partial<RetailItem>, string | undefined]>([
    ["a Linux Consumption row is pay-as-you-go", {}, "payg"],
    [
      "a Windows row is not used",
      { productName: "Virtual Machines NCasT4_v3 Series Windows" },
      undefined,
    ],
    ["a Spot row is spot", { skuName: "NC4as T4 v3 Spot", meterName: "NC4as T4 v3 Spot" }, "spot"],
    ["a Low Priority row is not used", { skuName: "NC4as T4 v3 Low Priority" }, undefined],
    ["a 1-year reservation row", { type: "Reservation", reservationTerm: "1 Year" }, "reserved1y"],
    ["a 3-year reservation row", { type: "Reservation", reservationTerm: "3 Years" }, "reserved3y"],
    [
      "a 5-year reservation row is not used",
      { type: "Reservation", reservationTerm: "5 Years" },
      undefined,
    ],
    ["a DevTest row is not used", { type: "DevTestConsumption" }, undefined],
    [
      "a row of another service is not used",
      { serviceName: "Virtual Machines Licenses" },
      undefined,
    ],
    ["a row not per hour is not used", { unitOfMeasure: "1/Month" }, undefined],
  ])("%s", (_, over, kind) => {
    expect(kindOfItem(row(over))).toBe(kind);
  });
});

describe("fromRetailItems", () => {
  it("divides whole-term reservation prices by the hours of the term", () => {
    const prices = fromRetailItems(
      [
        row({ type: "Reservation", reservationTerm: "1 Year", retailPrice: 3434 }),
        row({ type: "Reservation", reservationTerm: "3 Years", retailPrice: 6570 }),
      ],
      ctx,
    ).prices;
    expect(prices.reserved1y?.usdPerHour).toBeCloseTo(3434 / 8760, 12);
    expect(prices.reserved1y?.note).toBe("whole-term price 3434.00 USD ÷ 8760 h");
    expect(prices.reserved3y?.usdPerHour).toBeCloseTo(0.25, 12);
  });

  it("picks the Linux pay-as-you-go row among Windows, Low Priority and Spot rows", () => {
    const prices = fromRetailItems(
      [
        row({ productName: "Virtual Machines NCasT4_v3 Series Windows", retailPrice: 0.799 }),
        row({ skuName: "NC4as T4 v3 Low Priority", retailPrice: 0.123 }),
        row({ skuName: "NC4as T4 v3 Spot", meterName: "NC4as T4 v3 Spot", retailPrice: 0.18 }),
        row(),
      ],
      ctx,
    ).prices;
    expect(prices.payg).toEqual({
      basis: "retail-api",
      vmSize: "Standard_NC4as_T4_v3",
      kind: "payg",
      usdPerHour: 0.615,
      currency: "USD",
      region: "uksouth",
      asOf: "2026-11-23",
      effectiveFrom: "2021-11-01",
      source: 'Azure Retail Prices API, meter "NC4as T4 v3" (Virtual Machines NCasT4_v3 Series)',
    });
    expect(prices.spot?.usdPerHour).toBe(0.18);
  });

  it("prefers the primary meter region, then the newest price already in effect", () => {
    const prices = fromRetailItems(
      [
        row({
          retailPrice: 0.5,
          isPrimaryMeterRegion: false,
          effectiveStartDate: "2026-01-01T00:00:00Z",
        }),
        row({ retailPrice: 0.6, effectiveStartDate: "2024-01-01T00:00:00Z" }),
        row({ retailPrice: 0.7, effectiveStartDate: "2026-11-23T09:30:00Z" }),
        row({ retailPrice: 0.9, effectiveStartDate: "2027-01-01T00:00:00Z" }),
      ],
      ctx,
    ).prices;
    expect(prices.payg?.usdPerHour).toBe(0.7);
  });

  it("ignores rows in another currency or for another size or region", () => {
    const prices = fromRetailItems(
      [
        row({ currencyCode: "EUR" }),
        row({ armSkuName: "Standard_NC8as_T4_v3" }),
        row({ armRegionName: "ukwest" }),
      ],
      ctx,
    );
    expect(prices).toEqual({ vmSize: "Standard_NC4as_T4_v3", region: "uksouth", prices: {} });
  });
});
