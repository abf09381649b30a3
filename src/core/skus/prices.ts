/**
 * @module The bundled, dated list-price snapshot (Linux, USD/hour): the fallback when the Retail
 * Prices API cannot be reached, and the fixture for tests (SPEC §2). Figures are copied as they
 * stand in notes/finops.md §5; a price that note does not give is absent, never estimated here.
 */
import type { PriceSnapshot, SnapshotFigure } from "./types.js";

/** The note for a spot figure where a second, higher source looked like an estimate. */
const otherSpot = (usd: string): string =>
  `a second source gives ${usd}, a uniform ~30 % of pay-as-you-go that looks estimated`;

const figures: readonly SnapshotFigure[] = [
  { vmSize: "Standard_NC4as_T4_v3", kind: "payg", usdPerHour: 0.526 },
  { vmSize: "Standard_NC8as_T4_v3", kind: "payg", usdPerHour: 0.752 },

  { vmSize: "Standard_NC6s_v3", kind: "payg", usdPerHour: 3.06, note: "size retired 2025-09-30" },

  { vmSize: "Standard_NC24ads_A100_v4", kind: "payg", usdPerHour: 3.673 },
  {
    vmSize: "Standard_NC24ads_A100_v4",
    kind: "reserved1y",
    usdPerHour: 2.24,
    note: "approximate (≈ −39 % vs pay-as-you-go)",
  },
  {
    vmSize: "Standard_NC24ads_A100_v4",
    kind: "spot",
    usdPerHour: 0.7345,
    note: otherSpot("1.10"),
  },

  { vmSize: "Standard_NC48ads_A100_v4", kind: "payg", usdPerHour: 7.346 },
  {
    vmSize: "Standard_NC48ads_A100_v4",
    kind: "reserved1y",
    usdPerHour: 4.8,
    note: "42,066 USD per year (−35 %)",
  },
  { vmSize: "Standard_NC48ads_A100_v4", kind: "spot", usdPerHour: 1.47, note: otherSpot("2.20") },

  { vmSize: "Standard_NC96ads_A100_v4", kind: "payg", usdPerHour: 14.69 },
  {
    vmSize: "Standard_NC96ads_A100_v4",
    kind: "reserved1y",
    usdPerHour: 8.97,
    note: "approximate (≈ −39 % vs pay-as-you-go)",
  },
  { vmSize: "Standard_NC96ads_A100_v4", kind: "spot", usdPerHour: 2.94, note: otherSpot("4.41") },

  { vmSize: "Standard_ND96isr_H100_v5", kind: "payg", usdPerHour: 98.32 },
  {
    vmSize: "Standard_ND96isr_H100_v5",
    kind: "reserved1y",
    usdPerHour: 62.92,
    note: "approximate (≈ −36 % vs pay-as-you-go)",
  },

  { vmSize: "Standard_NV36ads_A10_v5", kind: "payg", usdPerHour: 3.2 },
  { vmSize: "Standard_NV36ads_A10_v5", kind: "spot", usdPerHour: 0.59136, region: "eastus2" },
  { vmSize: "Standard_NV36ads_A10_v5", kind: "spot", usdPerHour: 0.59136, region: "centralus" },

  { vmSize: "Standard_NC40ads_H100_v5", kind: "payg", usdPerHour: 6.98 },
  {
    vmSize: "Standard_NC40ads_H100_v5",
    kind: "reserved1y",
    usdPerHour: 4.47,
    note: "approximate (≈ −36 % vs pay-as-you-go)",
  },
  {
    vmSize: "Standard_NC40ads_H100_v5",
    kind: "spot",
    usdPerHour: 2.09,
    note: "third-party figure, ~30 % of pay-as-you-go; may be an estimate",
  },
];

export const PRICE_SNAPSHOT: PriceSnapshot = Object.freeze({
  source:
    "secondary sources collected in notes/finops.md §5 (cloudprice.net Apr 2026, public repos " +
    "and Retail-API-shaped fixtures Mar–Sep 2026); no first-party Azure price page",
  asOf: "2026-09-12",
  currency: "USD",
  os: "linux",
  region: "eastus",
  figures: Object.freeze(figures.map((figure) => Object.freeze(figure))),
});
