/**
 * @module The Azure Retail Prices API (`GET /api/retail/prices`, no auth), served from the bundled
 * SKU price snapshot (`src/core/skus`) in the real response shape: `BillingCurrency`,
 * `CustomerEntityId`, `CustomerEntityType`, `Items[]`, `NextPageLink`, `Count` (items on the
 * page). Every snapshot figure becomes a row: pay-as-you-go a Linux Consumption row, spot a
 * "… Spot" Consumption row, reservations Reservation rows at the whole-term price. To exercise
 * the traps, each pay-as-you-go figure also gets a Windows row (+0.046 USD per vCPU-hour) and a
 * "Low Priority" row (20 % of pay-as-you-go): both synthetic. `$filter` (see odata-filter.ts;
 * values case-sensitive; `currencyCode` in it matches nothing, like the real API),
 * `currencyCode` as a query parameter (USD; EUR and GBP at fixed emulator-only rates), `$skip`
 * and pages of `pageSize` rows (default 100) with an absolute `NextPageLink`.
 */
import { createHash } from "node:crypto";
import {
  findSku,
  PRICE_SNAPSHOT,
  type PriceKind,
  type SnapshotFigure,
} from "../core/skus/index.js";
import { armError, ok, type EmuRequest, type EmuResponse, type Service } from "./http.js";
import { parseFilter } from "./odata-filter.js";

export const RETAIL_PRICES_PATH = "/api/retail/prices";

export interface RetailPricesServiceOptions {
  /** Rows per page (default 100, as the real API). */
  readonly pageSize?: number;
}

/** Emulator-only conversion rates from USD (the real API converts at Microsoft's rates). */
const CURRENCIES: Readonly<Record<string, number>> = { USD: 1, EUR: 0.86, GBP: 0.75 };

/** `$filter` names → row properties. `priceType` filters the `type` property. */
const FILTER_FIELDS: Readonly<Record<string, string>> = {
  armRegionName: "armRegionName",
  location: "location",
  meterId: "meterId",
  meterName: "meterName",
  productId: "productId",
  productName: "productName",
  skuId: "skuId",
  skuName: "skuName",
  serviceName: "serviceName",
  serviceId: "serviceId",
  serviceFamily: "serviceFamily",
  priceType: "type",
  armSkuName: "armSkuName",
  isPrimaryMeterRegion: "isPrimaryMeterRegion",
  currencyCode: "",
};

const LOCATIONS: Readonly<Record<string, string>> = {
  eastus: "US East",
  eastus2: "US East 2",
  centralus: "US Central",
  westus2: "US West 2",
  westeurope: "EU West",
  northeurope: "EU North",
  uksouth: "UK South",
};

type Item = Readonly<Record<string, string | number | boolean>>;

const id = (text: string, length: number): string =>
  createHash("sha256").update(text).digest("hex").slice(0, length).toUpperCase();

interface RowSpec {
  readonly type: "Consumption" | "Reservation";
  readonly suffix: string;
  readonly windows: boolean;
  readonly usd: number;
  readonly term?: "1 Year" | "3 Years";
}

function rowSpecs(kind: PriceKind, usdPerHour: number, vcpus: number): RowSpec[] {
  const consumption = { type: "Consumption", windows: false } as const;
  switch (kind) {
    case "payg":
      // The trap rows first, so a reader that keeps the first row of a kind takes the wrong one.
      return [
        { ...consumption, suffix: "", windows: true, usd: usdPerHour + 0.046 * vcpus },
        { ...consumption, suffix: " Low Priority", usd: usdPerHour * 0.2 },
        { ...consumption, suffix: "", usd: usdPerHour },
      ];
    case "spot":
      return [{ ...consumption, suffix: " Spot", usd: usdPerHour }];
    case "reserved1y":
      return [
        { type: "Reservation", suffix: "", windows: false, usd: usdPerHour * 8760, term: "1 Year" },
      ];
    case "reserved3y":
      return [
        {
          type: "Reservation",
          suffix: "",
          windows: false,
          usd: usdPerHour * 26280,
          term: "3 Years",
        },
      ];
  }
}

/** The rows of one snapshot figure, in USD. */
function itemsOf(figure: SnapshotFigure): Item[] {
  const sku = findSku(figure.vmSize);
  const region = figure.region ?? PRICE_SNAPSHOT.region;
  const meter = figure.vmSize.replace(/^Standard_/, "").replaceAll("_", " ");
  const series = `Virtual Machines ${sku?.family ?? meter} Series`;
  return rowSpecs(figure.kind, figure.usdPerHour, sku?.vcpus ?? 4).map((spec) => {
    const productName = spec.windows ? `${series} Windows` : series;
    const productId = `DZH318Z0${id(productName, 4)}`;
    const price = Math.round(spec.usd * 1e6) / 1e6;
    return {
      currencyCode: "USD",
      tierMinimumUnits: 0,
      ...(spec.term === undefined ? {} : { reservationTerm: spec.term }),
      retailPrice: price,
      unitPrice: price,
      armRegionName: region,
      location: LOCATIONS[region] ?? region,
      effectiveStartDate: `${PRICE_SNAPSHOT.asOf}T00:00:00Z`,
      meterId: id(`${region}|${meter}${spec.suffix}|${productName}|${spec.type}`, 32)
        .toLowerCase()
        .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, "$1-$2-$3-$4-$5"),
      meterName: `${meter}${spec.suffix}`,
      productId,
      skuId: `${productId}/${id(`${meter}${spec.suffix}`, 4)}`,
      productName,
      skuName: `${meter}${spec.suffix}`,
      serviceName: "Virtual Machines",
      serviceId: "DZH313Z7MMC8",
      serviceFamily: "Compute",
      unitOfMeasure: "1 Hour",
      type: spec.type,
      isPrimaryMeterRegion: true,
      armSkuName: figure.vmSize,
    };
  });
}

const ALL_ITEMS: readonly Item[] = PRICE_SNAPSHOT.figures.flatMap(itemsOf);

function badRequest(message: string): EmuResponse {
  return armError(400, "BadRequest", message);
}

/** `'USD'` or `USD` → `USD`. */
const unquote = (value: string): string => value.replace(/^'(.*)'$/, "$1");

export function retailPricesService(options: RetailPricesServiceOptions = {}): Service {
  const pageSize = options.pageSize ?? 100;
  return {
    name: "retail-prices",
    handle(req: EmuRequest): EmuResponse | undefined {
      if (req.path.toLowerCase() !== RETAIL_PRICES_PATH) return undefined;
      if (req.method !== "GET") return armError(405, "MethodNotAllowed", "Only GET is supported.");
      const currency = unquote(req.query.get("currencyCode") ?? "USD");
      const rate = CURRENCIES[currency];
      if (rate === undefined) return badRequest(`Unsupported currencyCode '${currency}'.`);
      const skipText = req.query.get("$skip") ?? "0";
      const skip = /^\d+$/.test(skipText) ? Number(skipText) : Number.NaN;
      if (!Number.isSafeInteger(skip)) return badRequest(`Invalid $skip '${skipText}'.`);
      let rows = ALL_ITEMS;
      const filterText = req.query.get("$filter");
      if (filterText !== null) {
        const filter = parseFilter(filterText, FILTER_FIELDS);
        if (!filter.ok) return badRequest(`Invalid OData $filter: ${filter.error}.`);
        rows = rows.filter(filter.predicate);
      }
      const page = rows.slice(skip, skip + pageSize).map((item) => convert(item, currency, rate));
      const more = skip + pageSize < rows.length;
      return ok({
        BillingCurrency: currency,
        CustomerEntityId: "Default",
        CustomerEntityType: "Retail",
        Items: page,
        NextPageLink: more ? nextLink(req, skip + pageSize) : null,
        Count: page.length,
      });
    },
  };
}

function convert(item: Item, currency: string, rate: number): Item {
  if (rate === 1) return item;
  const price = Math.round(Number(item.retailPrice) * rate * 1e6) / 1e6;
  return { ...item, currencyCode: currency, retailPrice: price, unitPrice: price };
}

/** The same query with `$skip` moved on, as an absolute URL on the emulator's origin. */
function nextLink(req: EmuRequest, skip: number): string {
  const parts: string[] = [];
  for (const [key, value] of req.query) {
    if (key !== "$skip") parts.push(`${key}=${encodeURIComponent(value)}`);
  }
  parts.push(`$skip=${String(skip)}`);
  return `${req.origin}${RETAIL_PRICES_PATH}?${parts.join("&")}`;
}
