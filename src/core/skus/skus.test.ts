/** @module Tests of the GPU SKU catalog: entries, lookup, retirement, list prices, downsizing. */
import { describe, expect, it } from "vitest";

import {
  GPU_MODELS,
  PRICE_KINDS,
  PRICE_SNAPSHOT,
  allSkus,
  findSku,
  gpuEquivalents,
  gpuMemoryGb,
  isGpuSku,
  isRetired,
  listPrice,
  retirementStatus,
  smallerSkusFitting,
  type GpuSku,
} from "./index.js";

const day = (iso: string): Date => new Date(`${iso}T00:00:00Z`);

function sku(vmSize: string): GpuSku {
  const found = findSku(vmSize);
  if (found === undefined) throw new Error(`${vmSize} is not in the catalog`);
  return found;
}

describe("catalog entries", () => {
  it.each([
    ["Standard_NC4as_T4_v3", 1, "T4", 16],
    ["Standard_NC8as_T4_v3", 1, "T4", 16],
    ["Standard_NC16as_T4_v3", 1, "T4", 16],
    ["Standard_NC64as_T4_v3", 4, "T4", 16],
    ["Standard_NV36ads_A10_v5", 1, "A10", 24],
    ["Standard_NV36adms_A10_v5", 1, "A10", 24],
    ["Standard_NV72ads_A10_v5", 2, "A10", 24],
    ["Standard_NC6s_v3", 1, "V100", 16],
    ["Standard_NC12s_v3", 2, "V100", 16],
    ["Standard_NC24s_v3", 4, "V100", 16],
    ["Standard_NC24ads_A100_v4", 1, "A100", 80],
    ["Standard_NC48ads_A100_v4", 2, "A100", 80],
    ["Standard_NC96ads_A100_v4", 4, "A100", 80],
    ["Standard_ND96asr_v4", 8, "A100", 40],
    ["Standard_ND96amsr_A100_v4", 8, "A100", 80],
    ["Standard_NC40ads_H100_v5", 1, "H100", 94],
    ["Standard_NC80adis_H100_v5", 2, "H100", 94],
    ["Standard_ND96isr_H100_v5", 8, "H100", 80],
    ["Standard_ND96isr_H200_v5", 8, "H200", 141],
  ] as const)("%s has %i %s with %i GB", (vmSize, gpus, model, vram) => {
    const entry = sku(vmSize);
    expect(entry.gpuModel).toBe(model);
    expect(entry.gpuCount).toBe(gpus);
    expect(entry.gpuFraction).toBe(1);
    expect(entry.vramPerGpuGb).toBe(vram);
    expect(gpuEquivalents(entry)).toBe(gpus);
    expect(gpuMemoryGb(entry)).toBe(gpus * vram);
  });

  it.each([
    ["Standard_NV6ads_A10_v5", "1/6", 4, 1 / 6],
    ["Standard_NV12ads_A10_v5", "1/3", 8, 1 / 3],
    ["Standard_NV18ads_A10_v5", "1/2", 12, 1 / 2],
  ] as const)("%s has %s of an A10 with %i GB", (vmSize, _share, vram, fraction) => {
    const entry = sku(vmSize);
    expect(entry.gpuModel).toBe("A10");
    expect(entry.gpuCount).toBe(1);
    expect(entry.gpuFraction).toBe(fraction);
    expect(gpuEquivalents(entry)).toBeCloseTo(fraction, 12);
    expect(gpuMemoryGb(entry)).toBe(vram);
  });

  it.each([
    ["Standard_NC4as_T4_v3", "NCasT4_v3", 4, 28],
    ["Standard_NV6ads_A10_v5", "NVadsA10 v5", 6, 55],
    ["Standard_NC24ads_A100_v4", "NC A100 v4", 24, 220],
    ["Standard_ND96isr_H100_v5", "ND H100 v5", 96, 1900],
  ] as const)("%s is a %s size with %i vCPUs and %i GiB", (vmSize, family, vcpus, memoryGib) => {
    expect(sku(vmSize)).toMatchObject({ vcpus, memoryGib, family });
  });

  it("every entry has a positive whole GPU count, a fraction in (0, 1] and positive VRAM", () => {
    for (const entry of allSkus()) {
      expect(Number.isInteger(entry.gpuCount), entry.vmSize).toBe(true);
      expect(entry.gpuCount, entry.vmSize).toBeGreaterThan(0);
      expect(entry.gpuFraction, entry.vmSize).toBeGreaterThan(0);
      expect(entry.gpuFraction, entry.vmSize).toBeLessThanOrEqual(1);
      expect(entry.vramPerGpuGb, entry.vmSize).toBeGreaterThan(0);
      expect(GPU_MODELS, entry.vmSize).toContain(entry.gpuModel);
    }
  });

  it("names are unique (ignoring case) and start with Standard_", () => {
    const names = allSkus().map((entry) => entry.vmSize);
    expect(new Set(names.map((name) => name.toLowerCase())).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^Standard_[A-Za-z0-9_]+$/);
  });

  it("retirement dates are ISO calendar dates", () => {
    for (const entry of allSkus()) {
      if (entry.retirementDate === undefined) continue;
      expect(entry.retirementDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(Number.isNaN(Date.parse(entry.retirementDate))).toBe(false);
    }
  });

  it("the catalog cannot be changed at run time", () => {
    expect(Object.isFrozen(allSkus())).toBe(true);
    expect(allSkus().every((entry) => Object.isFrozen(entry))).toBe(true);
  });
});

describe("lookup", () => {
  it.each([
    ["Standard_NC24ads_A100_v4", "Standard_NC24ads_A100_v4"],
    ["standard_nc24ads_a100_v4", "Standard_NC24ads_A100_v4"],
    ["STANDARD_ND96ISR_H100_V5", "Standard_ND96isr_H100_v5"],
    ["Standard_nv6ADS_a10_V5", "Standard_NV6ads_A10_v5"],
  ])("%s is found as %s", (input, canonical) => {
    expect(findSku(input)?.vmSize).toBe(canonical);
    expect(isGpuSku(input)).toBe(true);
  });

  it.each([
    ["Standard_D4s_v5", "a general-purpose size"],
    ["Standard_NC6", "a GPU size that is not in the catalog"],
    ["NC24ads_A100_v4", "a size without the Standard_ prefix"],
    [" Standard_NC24ads_A100_v4", "a name with surrounding space"],
    ["", "an empty name"],
  ])("%s (%s) is not a GPU SKU", (input) => {
    expect(findSku(input)).toBeUndefined();
    expect(isGpuSku(input)).toBe(false);
  });
});

describe("retirement", () => {
  it.each([
    ["Standard_NC6s_v3", "2024-09-29", "active"],
    ["Standard_NC6s_v3", "2025-01-01", "retiring"],
    ["Standard_NC6s_v3", "2025-09-29", "retiring"],
    ["Standard_NC6s_v3", "2025-09-30", "retired"],
    ["Standard_NC6s_v3", "2026-11-27", "retired"],
    ["Standard_NC24s_v3", "2026-11-27", "retired"],
    ["Standard_NC24ads_A100_v4", "2026-11-27", "active"],
    ["Standard_ND96isr_H200_v5", "2030-01-01", "active"],
  ] as const)("%s on %s is %s", (vmSize, on, status) => {
    expect(retirementStatus(sku(vmSize), day(on))).toBe(status);
  });

  it("Standard_NC6s_v3 is retired on 2026-11-27 but was not yet retired on 2025-01-01", () => {
    expect(isRetired(sku("Standard_NC6s_v3"), day("2026-11-27"))).toBe(true);
    expect(isRetired(sku("Standard_NC6s_v3"), day("2025-01-01"))).toBe(false);
  });

  it("the retirement takes effect at 00:00 UTC of the retirement date", () => {
    const nc6 = sku("Standard_NC6s_v3");
    expect(isRetired(nc6, new Date("2025-09-29T23:59:59.999Z"))).toBe(false);
    expect(isRetired(nc6, new Date("2025-09-30T00:00:00Z"))).toBe(true);
  });

  it("only the NCv3 sizes carry a retirement date", () => {
    const dated = allSkus().filter((entry) => entry.retirementDate !== undefined);
    expect(dated.map((entry) => entry.vmSize)).toEqual([
      "Standard_NC6s_v3",
      "Standard_NC12s_v3",
      "Standard_NC24s_v3",
    ]);
    expect(dated.every((entry) => entry.retirementDate === "2025-09-30")).toBe(true);
  });
});

describe("list prices", () => {
  it.each([
    ["Standard_NC4as_T4_v3", "payg", 0.526],
    ["Standard_NC8as_T4_v3", "payg", 0.752],
    ["Standard_NC6s_v3", "payg", 3.06],
    ["Standard_NC24ads_A100_v4", "payg", 3.673],
    ["Standard_NC24ads_A100_v4", "reserved1y", 2.24],
    ["Standard_NC24ads_A100_v4", "spot", 0.7345],
    ["Standard_NC48ads_A100_v4", "payg", 7.346],
    ["Standard_NC48ads_A100_v4", "reserved1y", 4.8],
    ["Standard_NC48ads_A100_v4", "spot", 1.47],
    ["Standard_NC96ads_A100_v4", "payg", 14.69],
    ["Standard_NC96ads_A100_v4", "reserved1y", 8.97],
    ["Standard_NC96ads_A100_v4", "spot", 2.94],
    ["Standard_ND96isr_H100_v5", "payg", 98.32],
    ["Standard_ND96isr_H100_v5", "reserved1y", 62.92],
    ["Standard_NV36ads_A10_v5", "payg", 3.2],
    ["Standard_NC40ads_H100_v5", "payg", 6.98],
    ["Standard_NC40ads_H100_v5", "reserved1y", 4.47],
    ["Standard_NC40ads_H100_v5", "spot", 2.09],
  ] as const)(
    "%s costs %s %f USD/h in eastus on the 2026-09-12 list snapshot",
    (vmSize, kind, usd) => {
      expect(listPrice(vmSize, kind)).toMatchObject({
        basis: "list-snapshot",
        vmSize,
        kind,
        usdPerHour: usd,
        currency: "USD",
        region: "eastus",
        asOf: "2026-09-12",
        source: PRICE_SNAPSHOT.source,
      });
    },
  );

  it.each([
    ["Standard_NC4as_T4_v3", "reserved3y", "no 3-year reservation figure is known"],
    ["Standard_NC16as_T4_v3", "payg", "no figure at all is known for the size"],
    ["Standard_ND96isr_H100_v5", "spot", "the sources conflict (29.50 vs 70.00)"],
    ["Standard_NC48ads_A100_v4", "reserved3y", "only a savings-plan figure is known"],
    ["Standard_NV36ads_A10_v5", "spot", "the only spot figure is for other regions"],
    ["Standard_D4s_v5", "payg", "the size is not a GPU size"],
  ] as const)("%s has no %s list price: %s", (...[vmSize, kind]) => {
    expect(listPrice(vmSize, kind)).toBeUndefined();
  });

  it("a lookup is case-insensitive and answers with the canonical size name", () => {
    expect(listPrice("standard_nc24ads_a100_v4", "payg")).toMatchObject({
      vmSize: "Standard_NC24ads_A100_v4",
      usdPerHour: 3.673,
    });
  });

  it.each(["eastus2", "centralus", "EastUS2"])(
    "Standard_NV36ads_A10_v5 spot in %s is 0.59136 USD/h and says its region",
    (region) => {
      expect(listPrice("Standard_NV36ads_A10_v5", "spot", region)).toMatchObject({
        usdPerHour: 0.59136,
        region: region.toLowerCase(),
        basis: "list-snapshot",
      });
    },
  );

  it("a figure from eastus is never answered for another region", () => {
    expect(listPrice("Standard_NC24ads_A100_v4", "payg", "westeurope")).toBeUndefined();
  });

  it("approximate and contested figures carry a note; plain ones do not", () => {
    expect(listPrice("Standard_NC24ads_A100_v4", "reserved1y")?.note).toMatch(/approximate/);
    expect(listPrice("Standard_NC24ads_A100_v4", "spot")?.note).toMatch(/1\.10/);
    expect(listPrice("Standard_NC24ads_A100_v4", "payg")).not.toHaveProperty("note");
  });

  it("every snapshot figure names a catalog size, a known kind and a positive price", () => {
    for (const figure of PRICE_SNAPSHOT.figures) {
      expect(findSku(figure.vmSize)?.vmSize, figure.vmSize).toBe(figure.vmSize);
      expect(PRICE_KINDS).toContain(figure.kind);
      expect(figure.usdPerHour).toBeGreaterThan(0);
    }
  });

  it("spot and reservations are cheaper than pay-as-you-go wherever both are known", () => {
    for (const entry of allSkus()) {
      const payg = listPrice(entry.vmSize, "payg")?.usdPerHour;
      if (payg === undefined) continue;
      for (const kind of ["spot", "reserved1y", "reserved3y"] as const) {
        const other = listPrice(entry.vmSize, kind)?.usdPerHour;
        if (other !== undefined) expect(other, `${entry.vmSize} ${kind}`).toBeLessThan(payg);
      }
    }
  });

  it("figures are unique per size, kind and region", () => {
    const keys = PRICE_SNAPSHOT.figures.map(
      (f) => `${f.vmSize}|${f.kind}|${f.region ?? PRICE_SNAPSHOT.region}`,
    );
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe("smaller sizes that fit a measured need", () => {
  const on = day("2026-11-27");
  const names = (skus: readonly GpuSku[]): string[] => skus.map((entry) => entry.vmSize);

  it("an A100 80 GB node using 12 GB on one GPU could be an NV18ads_A10_v5, then a T4", () => {
    const fits = names(
      smallerSkusFitting(sku("Standard_NC24ads_A100_v4"), { vramPerGpuGb: 12 }, on),
    );
    expect(fits.slice(0, 4)).toEqual([
      "Standard_NV18ads_A10_v5",
      "Standard_NC4as_T4_v3",
      "Standard_NC8as_T4_v3",
      "Standard_NC16as_T4_v3",
    ]);
    expect(fits).not.toContain("Standard_NC24ads_A100_v4");
  });

  it("retired V100 sizes are never suggested", () => {
    const fits = names(
      smallerSkusFitting(sku("Standard_NC96ads_A100_v4"), { vramPerGpuGb: 10 }, on),
    );
    expect(fits.some((name) => name.includes("s_v3"))).toBe(false);
    expect(fits).toContain("Standard_NC64as_T4_v3");
  });

  it("a need on several GPUs only fits sizes with that many GPUs, each large enough", () => {
    const fits = smallerSkusFitting(
      sku("Standard_ND96isr_H100_v5"),
      { vramPerGpuGb: 60, gpus: 2 },
      on,
    );
    expect(names(fits)).toEqual([
      "Standard_NC48ads_A100_v4",
      "Standard_NC80adis_H100_v5",
      "Standard_NC96ads_A100_v4",
    ]);
  });

  it("nothing smaller fits 100 GB per GPU", () => {
    expect(smallerSkusFitting(sku("Standard_ND96isr_H200_v5"), { vramPerGpuGb: 100 }, on)).toEqual(
      [],
    );
  });
});
