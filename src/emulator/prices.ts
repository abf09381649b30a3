/**
 * @module Hourly prices the emulator bills running nodes at. Order: the fleet file's `prices` map,
 * then the bundled SKU catalog snapshot (`src/core/skus`: GPU sizes; the spot figure for Spot
 * pools when it has one, the cluster's region first, then the snapshot's region), then a small
 * local table of common System-pool sizes, else 0. All figures are approximate list prices (USD,
 * Linux, pay-as-you-go) — good enough for a simulation, never an invoice.
 */
import { listPrice } from "../core/skus/index.js";

export type PriceSource = "fleet" | "catalog" | "emulator-table" | "none";

export interface NodePrice {
  readonly usdPerHour: number;
  readonly source: PriceSource;
}

/** Approximate pay-as-you-go USD/h (eastus, Linux) for sizes the GPU catalog does not cover. */
const GENERAL_PURPOSE: Readonly<Record<string, number>> = {
  standard_d2s_v5: 0.096,
  standard_d4s_v5: 0.192,
  standard_d8s_v5: 0.384,
  standard_d16s_v5: 0.768,
  standard_d4ds_v5: 0.226,
  standard_d8ds_v5: 0.452,
  standard_d4as_v5: 0.172,
  standard_d8as_v5: 0.344,
  standard_d4s_v3: 0.192,
  standard_d8s_v3: 0.384,
  standard_ds2_v2: 0.146,
  standard_ds3_v2: 0.293,
  standard_e4s_v5: 0.252,
  standard_e8s_v5: 0.504,
};

/** Resolves the price of one node of `vmSize` (per hour). */
export function nodePrice(
  vmSize: string,
  priority: "Regular" | "Spot",
  region: string,
  overrides: Readonly<Record<string, number>>,
): NodePrice {
  const override = findOverride(vmSize, overrides);
  if (override !== undefined) return { usdPerHour: override, source: "fleet" };
  const catalog = catalogPrice(vmSize, priority, region);
  if (catalog !== undefined) return { usdPerHour: catalog, source: "catalog" };
  const local = GENERAL_PURPOSE[vmSize.toLowerCase()];
  if (local !== undefined) return { usdPerHour: local, source: "emulator-table" };
  return { usdPerHour: 0, source: "none" };
}

/** The one place the SKU catalog is consulted (swap here if its API changes). */
function catalogPrice(
  vmSize: string,
  priority: "Regular" | "Spot",
  region: string,
): number | undefined {
  const kinds = priority === "Spot" ? (["spot", "payg"] as const) : (["payg"] as const);
  for (const kind of kinds) {
    const price = listPrice(vmSize, kind, region.toLowerCase()) ?? listPrice(vmSize, kind);
    if (price !== undefined) return price.usdPerHour;
  }
  return undefined;
}

function findOverride(
  vmSize: string,
  overrides: Readonly<Record<string, number>>,
): number | undefined {
  const exact = overrides[vmSize];
  if (exact !== undefined) return exact;
  const lower = vmSize.toLowerCase();
  for (const [size, usd] of Object.entries(overrides)) {
    if (size.toLowerCase() === lower) return usd;
  }
  return undefined;
}
