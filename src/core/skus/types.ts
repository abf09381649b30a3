/**
 * @module Types of the GPU SKU catalog: what a GPU VM size is (model, count, VRAM, lifecycle) and
 * what an hourly price is, always together with the basis it came from.
 */

/** The GPU models gpu-warden knows. A closed union: a new model is a compile-time decision. */
export type GpuModel = "T4" | "A10" | "V100" | "A100" | "H100" | "H200";

export const GPU_MODELS: readonly GpuModel[] = ["T4", "A10", "V100", "A100", "H100", "H200"];

/**
 * One Azure GPU VM size.
 *
 * GPU counting: `gpuCount` is the number of GPU devices the VM sees (a whole number, at least 1),
 * and `gpuFraction` the share of one physical GPU behind each device: 1 for a whole GPU, 1/6 for
 * Standard_NV6ads_A10_v5 (one vGPU with 4 GB of an A10's 24 GB). So the physical GPUs a node pays
 * for are `gpuCount × gpuFraction` (see `gpuEquivalents`), and the VRAM it offers is
 * `gpuCount × vramPerGpuGb` (see `gpuMemoryGb`).
 */
export interface GpuSku {
  /** ARM size name with its canonical casing, e.g. `Standard_NC24ads_A100_v4`. */
  readonly vmSize: string;
  /** The Azure size series as Microsoft Learn names it, e.g. `NC A100 v4`. */
  readonly family: string;
  readonly gpuModel: GpuModel;
  /** The GPU as marketed, e.g. `NVIDIA A100 80GB PCIe`. */
  readonly gpuName: string;
  /** GPU devices visible to the VM (whole number ≥ 1). */
  readonly gpuCount: number;
  /** Share of one physical GPU behind each device: 1 = a whole GPU, 1/6 = a sixth. */
  readonly gpuFraction: number;
  /** Frame buffer of each device the VM sees, in GB (for a partial GPU: the partition's). */
  readonly vramPerGpuGb: number;
  readonly vcpus?: number;
  /** Host memory in GiB, as Microsoft Learn lists it. */
  readonly memoryGib?: number;
  /**
   * ISO date (YYYY-MM-DD) on which Azure retires the size, where announced. The size counts as
   * retired from 00:00 UTC of that day.
   */
  readonly retirementDate?: string;
}

/** Lifecycle of a size on a given day; see `retirementStatus`. */
export type RetirementStatus = "active" | "retiring" | "retired";

/**
 * The price kinds gpu-warden compares. Reservations are hourly equivalents: the whole-term price
 * ÷ (8,760 h × years), which is how their break-even against pay-as-you-go is computed.
 */
export type PriceKind = "payg" | "spot" | "reserved1y" | "reserved3y";

export const PRICE_KINDS: readonly PriceKind[] = ["payg", "spot", "reserved1y", "reserved3y"];

/** What every hourly price says about itself, whatever its basis. */
interface HourlyPriceCommon {
  /** Canonical ARM size name. */
  readonly vmSize: string;
  readonly kind: PriceKind;
  /** Linux, per VM, USD per hour (hourly equivalent for reservations). */
  readonly usdPerHour: number;
  readonly currency: "USD";
  /** ARM region name, e.g. `eastus`. */
  readonly region: string;
}

/** A price from the bundled, dated list-price snapshot (`prices.ts`). */
export interface ListSnapshotPrice extends HourlyPriceCommon {
  readonly basis: "list-snapshot";
  /** Date (YYYY-MM-DD) of the snapshot the figure belongs to. */
  readonly asOf: string;
  /** Where the snapshot's figures come from. */
  readonly source: string;
  /** Caveat about this one figure (approximation, conflicting sources), when there is one. */
  readonly note?: string;
}

/** A price read from the public Azure Retail Prices API (`src/azure/retail-prices.ts`). */
export interface RetailApiPrice extends HourlyPriceCommon {
  readonly basis: "retail-api";
  /** Date (YYYY-MM-DD, UTC) the figure was read from the API. */
  readonly asOf: string;
  /** The meter's `effectiveStartDate` (YYYY-MM-DD). */
  readonly effectiveFrom: string;
  /** The API and meter the figure comes from. */
  readonly source: string;
  readonly note?: string;
}

/**
 * An hourly price with its basis: the live Retail Prices API or the bundled snapshot. Code that
 * switches on `basis` with `assertNever` points at every place a new basis must be handled.
 */
export type HourlyPrice = ListSnapshotPrice | RetailApiPrice;

/** The basis a money figure was computed with (grows with `HourlyPrice`). */
export type PriceBasis = HourlyPrice["basis"];

/** One figure of the list-price snapshot. */
export interface SnapshotFigure {
  readonly vmSize: string;
  readonly kind: PriceKind;
  readonly usdPerHour: number;
  /** ARM region when it is not the snapshot's default region. */
  readonly region?: string;
  readonly note?: string;
}

/** The bundled list-price snapshot: figures plus where and when they were collected. */
export interface PriceSnapshot {
  readonly source: string;
  /** Date (YYYY-MM-DD) of the snapshot: the newest date among its sources. */
  readonly asOf: string;
  readonly currency: "USD";
  readonly os: "linux";
  /** Default ARM region of the figures. */
  readonly region: string;
  readonly figures: readonly SnapshotFigure[];
}
