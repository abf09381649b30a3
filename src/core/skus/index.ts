/**
 * @module GPU SKU catalog API: is this VM size a GPU size, what GPUs does it have, is it retired,
 * what does it cost on the bundled list-price snapshot, and which smaller size would still fit.
 * Pure: lookups over frozen data, time is an argument.
 */
import { GPU_SKUS } from "./catalog.js";
import { PRICE_SNAPSHOT } from "./prices.js";
import type { GpuSku, HourlyPrice, PriceKind, RetirementStatus } from "./types.js";
import { assertNever } from "../result.js";

export { GPU_SKUS } from "./catalog.js";
export { PRICE_SNAPSHOT } from "./prices.js";
export { GPU_MODELS, PRICE_KINDS } from "./types.js";
export type {
  GpuModel,
  GpuSku,
  HourlyPrice,
  ListSnapshotPrice,
  PriceBasis,
  RetailApiPrice,
  PriceKind,
  PriceSnapshot,
  RetirementStatus,
  SnapshotFigure,
} from "./types.js";

const MS_PER_DAY = 86_400_000;

/**
 * A size whose retirement date is at most this many days ahead is "retiring". 365 days is the
 * shortest reservation term: a 1-year reservation bought on a retiring size would outlive it.
 */
export const RETIRING_WITHIN_DAYS = 365;

const byName: ReadonlyMap<string, GpuSku> = new Map(
  GPU_SKUS.map((sku) => [sku.vmSize.toLowerCase(), sku]),
);

/** The catalog entry of an ARM VM size name (case-insensitive), or `undefined` for a non-GPU size. */
export function findSku(vmSize: string): GpuSku | undefined {
  return byName.get(vmSize.toLowerCase());
}

/** Whether a VM size is in the GPU catalog, i.e. whether a pool of that size is a GPU pool. */
export function isGpuSku(vmSize: string): boolean {
  return findSku(vmSize) !== undefined;
}

/** Every catalog entry, by GPU generation and then size. */
export function allSkus(): readonly GpuSku[] {
  return GPU_SKUS;
}

/** VRAM of one VM in GB: devices × VRAM per device (4 for NV6ads_A10_v5, 640 for ND96isr_H100_v5). */
export function gpuMemoryGb(sku: GpuSku): number {
  return sku.gpuCount * sku.vramPerGpuGb;
}

/** Physical GPUs one VM pays for: devices × share of a GPU per device (1/6 for NV6ads_A10_v5). */
export function gpuEquivalents(sku: GpuSku): number {
  return sku.gpuCount * sku.gpuFraction;
}

/**
 * Lifecycle of a size on a day: `retired` from 00:00 UTC of its retirement date, `retiring` when
 * that date is at most `RETIRING_WITHIN_DAYS` ahead, else (or without a known date) `active`.
 */
export function retirementStatus(sku: GpuSku, on: Date): RetirementStatus {
  if (sku.retirementDate === undefined) return "active";
  const retiresAt = Date.parse(`${sku.retirementDate}T00:00:00Z`);
  const now = on.getTime();
  if (now >= retiresAt) return "retired";
  return retiresAt - now <= RETIRING_WITHIN_DAYS * MS_PER_DAY ? "retiring" : "active";
}

/** Whether a size is retired on a day (see `retirementStatus`). */
export function isRetired(sku: GpuSku, on: Date): boolean {
  return retirementStatus(sku, on) === "retired";
}

/**
 * The list price of a size from the bundled snapshot, with its basis, date and region, or
 * `undefined` when the snapshot has no such figure (unknown size, kind or region). The region
 * defaults to the snapshot's (`eastus`); figures are never borrowed from another region.
 */
export function listPrice(
  vmSize: string,
  kind: PriceKind,
  region: string = PRICE_SNAPSHOT.region,
): HourlyPrice | undefined {
  const sku = findSku(vmSize);
  if (sku === undefined) return undefined;
  const wantedRegion = region.toLowerCase();
  const figure = PRICE_SNAPSHOT.figures.find(
    (f) =>
      f.vmSize === sku.vmSize &&
      f.kind === kind &&
      (f.region ?? PRICE_SNAPSHOT.region) === wantedRegion,
  );
  if (figure === undefined) return undefined;
  return {
    basis: "list-snapshot",
    vmSize: sku.vmSize,
    kind,
    usdPerHour: figure.usdPerHour,
    currency: PRICE_SNAPSHOT.currency,
    region: wantedRegion,
    asOf: PRICE_SNAPSHOT.asOf,
    source: PRICE_SNAPSHOT.source,
    ...(figure.note === undefined ? {} : { note: figure.note }),
  };
}

/** How a money figure names its price basis: `retail API 2026-11-23` or `snapshot 2026-09-12`. */
export function priceBasisLabel(price: HourlyPrice): string {
  switch (price.basis) {
    case "retail-api":
      return `retail API ${price.asOf}`;
    case "list-snapshot":
      return `snapshot ${price.asOf}`;
    default:
      return assertNever(price);
  }
}

/** What a workload needs from a GPU size: VRAM per GPU (GB) on this many GPUs (default 1). */
export interface GpuNeed {
  readonly vramPerGpuGb: number;
  readonly gpus?: number;
}

/**
 * Sizes smaller than `current` that still fit a measured need, for the "GPU larger than its need"
 * hygiene finding: at least `need.gpus` devices with at least `need.vramPerGpuGb` each, less total
 * VRAM than `current`, and `active` on the given day (retired and retiring sizes are never
 * suggested). Smallest total VRAM first; among equals the cheaper snapshot pay-as-you-go price
 * (unknown prices last), then the name.
 */
export function smallerSkusFitting(current: GpuSku, need: GpuNeed, on: Date): readonly GpuSku[] {
  const gpus = need.gpus ?? 1;
  const currentVram = gpuMemoryGb(current);
  return GPU_SKUS.filter(
    (sku) =>
      sku.vmSize !== current.vmSize &&
      sku.gpuCount >= gpus &&
      sku.vramPerGpuGb >= need.vramPerGpuGb &&
      gpuMemoryGb(sku) < currentVram &&
      retirementStatus(sku, on) === "active",
  ).sort(
    (a, b) =>
      gpuMemoryGb(a) - gpuMemoryGb(b) || paygOrInfinity(a) - paygOrInfinity(b) || byVmSize(a, b),
  );
}

function byVmSize(a: GpuSku, b: GpuSku): number {
  if (a.vmSize === b.vmSize) return 0;
  return a.vmSize < b.vmSize ? -1 : 1;
}

function paygOrInfinity(sku: GpuSku): number {
  return listPrice(sku.vmSize, "payg")?.usdPerHour ?? Number.POSITIVE_INFINITY;
}
