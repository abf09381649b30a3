/**
 * @module Retail Prices API rows → `SkuPrices` (pure). Reads one page's JSON with zod, keeps the
 * rows that price a Linux VM by the hour, and picks one row per price kind, minding the API's
 * traps (notes/finops.md §5): Windows rows (`productName` ends "Windows") and "Low Priority" rows
 * are Consumption rows like pay-as-you-go and are dropped; "Spot" rows are the spot price;
 * Reservation rows carry the whole-term price although `unitOfMeasure` says "1 Hour", so they are
 * divided by the hours of the term; DevTest rows are dropped.
 */
import { z } from "zod";
import type { HourlyPrice, PriceKind, RetailApiPrice } from "../core/skus/index.js";
import type { SkuPrices } from "../ports/prices.js";

/** Hours in a reservation term: 8,760 per year (Azure's convention, 730 h a month). */
export const HOURS_PER_YEAR = 8760;

const itemSchema = z.object({
  currencyCode: z.string(),
  retailPrice: z.number().nonnegative(),
  unitOfMeasure: z.string(),
  armRegionName: z.string(),
  armSkuName: z.string(),
  meterName: z.string(),
  productName: z.string(),
  skuName: z.string(),
  serviceName: z.string(),
  type: z.string(),
  reservationTerm: z.string().optional(),
  effectiveStartDate: z.string(),
  isPrimaryMeterRegion: z.boolean().optional(),
});

export const retailPageSchema = z.object({
  BillingCurrency: z.string(),
  Items: z.array(itemSchema),
  NextPageLink: z.string().nullable().optional(),
  Count: z.number().optional(),
});

export type RetailItem = z.infer<typeof itemSchema>;
export type RetailPage = z.infer<typeof retailPageSchema>;

const TERM_YEARS: Readonly<Record<string, { kind: PriceKind; years: number }>> = {
  "1 Year": { kind: "reserved1y", years: 1 },
  "3 Years": { kind: "reserved3y", years: 3 },
};

/** The price kind a row stands for, or `undefined` for rows gpu-warden never uses. */
export function kindOfItem(item: RetailItem): PriceKind | undefined {
  if (item.serviceName !== "Virtual Machines" || item.unitOfMeasure !== "1 Hour") return undefined;
  if (item.type === "Reservation") return TERM_YEARS[item.reservationTerm ?? ""]?.kind;
  if (item.type !== "Consumption") return undefined;
  if (item.productName.endsWith("Windows")) return undefined;
  const endsWith = (suffix: string): boolean =>
    item.skuName.endsWith(suffix) || item.meterName.endsWith(suffix);
  if (endsWith("Low Priority")) return undefined;
  return endsWith("Spot") ? "spot" : "payg";
}

/** USD per hour of a row: the whole-term price ÷ the term's hours for reservations. */
function hourly(item: RetailItem): { usdPerHour: number; note?: string } {
  const term = item.type === "Reservation" ? TERM_YEARS[item.reservationTerm ?? ""] : undefined;
  if (term === undefined) return { usdPerHour: item.retailPrice };
  const hours = HOURS_PER_YEAR * term.years;
  return {
    usdPerHour: item.retailPrice / hours,
    note: `whole-term price ${item.retailPrice.toFixed(2)} USD ÷ ${String(hours)} h`,
  };
}

/** Which of two rows of one kind wins: primary meter region first, then the newest price. */
function better(a: RetailItem, b: RetailItem): RetailItem {
  const primaryA = a.isPrimaryMeterRegion !== false;
  const primaryB = b.isPrimaryMeterRegion !== false;
  if (primaryA !== primaryB) return primaryA ? a : b;
  return Date.parse(b.effectiveStartDate) > Date.parse(a.effectiveStartDate) ? b : a;
}

export interface ConvertContext {
  /** Canonical size name and lower-case region that were asked for. */
  readonly vmSize: string;
  readonly region: string;
  /** The instant the rows were read (their as-of date); prices effective later are ignored. */
  readonly readAt: Date;
}

/** The prices among `items` (all pages) for the asked size and region. */
export function fromRetailItems(items: readonly RetailItem[], ctx: ConvertContext): SkuPrices {
  const readAt = ctx.readAt.getTime();
  const chosen = new Map<PriceKind, RetailItem>();
  for (const item of items) {
    if (item.armSkuName.toLowerCase() !== ctx.vmSize.toLowerCase()) continue;
    if (item.armRegionName.toLowerCase() !== ctx.region) continue;
    if (item.currencyCode !== "USD" || !(Date.parse(item.effectiveStartDate) <= readAt)) continue;
    const kind = kindOfItem(item);
    if (kind === undefined) continue;
    const current = chosen.get(kind);
    chosen.set(kind, current === undefined ? item : better(current, item));
  }
  const prices: Partial<Record<PriceKind, HourlyPrice>> = {};
  for (const [kind, item] of chosen) prices[kind] = toPrice(kind, item, ctx);
  return { vmSize: ctx.vmSize, region: ctx.region, prices };
}

function toPrice(kind: PriceKind, item: RetailItem, ctx: ConvertContext): RetailApiPrice {
  const { usdPerHour, note } = hourly(item);
  return {
    basis: "retail-api",
    vmSize: ctx.vmSize,
    kind,
    usdPerHour,
    currency: "USD",
    region: ctx.region,
    asOf: ctx.readAt.toISOString().slice(0, 10),
    effectiveFrom: item.effectiveStartDate.slice(0, 10),
    source: `Azure Retail Prices API, meter "${item.meterName}" (${item.productName})`,
    ...(note === undefined ? {} : { note }),
  };
}
