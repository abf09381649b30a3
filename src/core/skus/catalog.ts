/**
 * @module The GPU SKU catalog: the Azure GPU VM sizes people run as AKS node pools. A pool is a
 * GPU pool exactly when its `vmSize` is listed here (SPEC §2).
 *
 * vCPUs, memory (GiB) and GPU layout are from the Microsoft Learn size pages; the NCv3 retirement
 * date is from Learn's "NCv3 and NC6s NC12s NC24s Retirement" page. No other retirement of these
 * sizes had been announced when the catalog was written, so no other entry carries a date.
 */
import type { GpuModel, GpuSku } from "./types.js";

/** What every size of one series shares. */
interface Series {
  readonly family: string;
  readonly gpuModel: GpuModel;
  readonly gpuName: string;
  readonly vramPerGpuGb: number;
  readonly retirementDate?: string;
}

/** What differs between the sizes of a series. `fraction` and `vramPerGpuGb` default to the series'. */
interface Size {
  readonly gpus: number;
  readonly fraction?: number;
  readonly vramPerGpuGb?: number;
  readonly vcpus: number;
  readonly memoryGib: number;
}

const series =
  (s: Series) =>
  (vmSize: string, size: Size): GpuSku => ({
    vmSize,
    family: s.family,
    gpuModel: s.gpuModel,
    gpuName: s.gpuName,
    gpuCount: size.gpus,
    gpuFraction: size.fraction ?? 1,
    vramPerGpuGb: size.vramPerGpuGb ?? s.vramPerGpuGb,
    vcpus: size.vcpus,
    memoryGib: size.memoryGib,
    ...(s.retirementDate === undefined ? {} : { retirementDate: s.retirementDate }),
  });

const NCAS_T4_V3 = series({
  family: "NCasT4_v3",
  gpuModel: "T4",
  gpuName: "NVIDIA T4",
  vramPerGpuGb: 16,
});
/** The smaller sizes get a partition of one A10 (a vGPU): a sixth, a third or a half. */
const NVADS_A10_V5 = series({
  family: "NVadsA10 v5",
  gpuModel: "A10",
  gpuName: "NVIDIA A10",
  vramPerGpuGb: 24,
});
const NC_V3 = series({
  family: "NCv3",
  gpuModel: "V100",
  gpuName: "NVIDIA V100 16GB PCIe",
  vramPerGpuGb: 16,
  retirementDate: "2025-09-30",
});
const NC_A100_V4 = series({
  family: "NC A100 v4",
  gpuModel: "A100",
  gpuName: "NVIDIA A100 80GB PCIe",
  vramPerGpuGb: 80,
});
const ND_A100_V4 = series({
  family: "ND A100 v4",
  gpuModel: "A100",
  gpuName: "NVIDIA A100 40GB SXM",
  vramPerGpuGb: 40,
});
const NDM_A100_V4 = series({
  family: "NDm A100 v4",
  gpuModel: "A100",
  gpuName: "NVIDIA A100 80GB SXM",
  vramPerGpuGb: 80,
});
const NCADS_H100_V5 = series({
  family: "NCads H100 v5",
  gpuModel: "H100",
  gpuName: "NVIDIA H100 NVL",
  vramPerGpuGb: 94,
});
const ND_H100_V5 = series({
  family: "ND H100 v5",
  gpuModel: "H100",
  gpuName: "NVIDIA H100 80GB SXM",
  vramPerGpuGb: 80,
});
const ND_H200_V5 = series({
  family: "ND H200 v5",
  gpuModel: "H200",
  gpuName: "NVIDIA H200 141GB SXM",
  vramPerGpuGb: 141,
});

const entries: readonly GpuSku[] = [
  NCAS_T4_V3("Standard_NC4as_T4_v3", { gpus: 1, vcpus: 4, memoryGib: 28 }),
  NCAS_T4_V3("Standard_NC8as_T4_v3", { gpus: 1, vcpus: 8, memoryGib: 56 }),
  NCAS_T4_V3("Standard_NC16as_T4_v3", { gpus: 1, vcpus: 16, memoryGib: 110 }),
  NCAS_T4_V3("Standard_NC64as_T4_v3", { gpus: 4, vcpus: 64, memoryGib: 440 }),

  NVADS_A10_V5("Standard_NV6ads_A10_v5", {
    gpus: 1,
    fraction: 1 / 6,
    vramPerGpuGb: 4,
    vcpus: 6,
    memoryGib: 55,
  }),
  NVADS_A10_V5("Standard_NV12ads_A10_v5", {
    gpus: 1,
    fraction: 1 / 3,
    vramPerGpuGb: 8,
    vcpus: 12,
    memoryGib: 110,
  }),
  NVADS_A10_V5("Standard_NV18ads_A10_v5", {
    gpus: 1,
    fraction: 1 / 2,
    vramPerGpuGb: 12,
    vcpus: 18,
    memoryGib: 220,
  }),
  NVADS_A10_V5("Standard_NV36ads_A10_v5", { gpus: 1, vcpus: 36, memoryGib: 440 }),
  NVADS_A10_V5("Standard_NV36adms_A10_v5", { gpus: 1, vcpus: 36, memoryGib: 880 }),
  NVADS_A10_V5("Standard_NV72ads_A10_v5", { gpus: 2, vcpus: 72, memoryGib: 880 }),

  NC_V3("Standard_NC6s_v3", { gpus: 1, vcpus: 6, memoryGib: 112 }),
  NC_V3("Standard_NC12s_v3", { gpus: 2, vcpus: 12, memoryGib: 224 }),
  NC_V3("Standard_NC24s_v3", { gpus: 4, vcpus: 24, memoryGib: 448 }),

  NC_A100_V4("Standard_NC24ads_A100_v4", { gpus: 1, vcpus: 24, memoryGib: 220 }),
  NC_A100_V4("Standard_NC48ads_A100_v4", { gpus: 2, vcpus: 48, memoryGib: 440 }),
  NC_A100_V4("Standard_NC96ads_A100_v4", { gpus: 4, vcpus: 96, memoryGib: 880 }),
  ND_A100_V4("Standard_ND96asr_v4", { gpus: 8, vcpus: 96, memoryGib: 900 }),
  NDM_A100_V4("Standard_ND96amsr_A100_v4", { gpus: 8, vcpus: 96, memoryGib: 1900 }),

  NCADS_H100_V5("Standard_NC40ads_H100_v5", { gpus: 1, vcpus: 40, memoryGib: 320 }),
  NCADS_H100_V5("Standard_NC80adis_H100_v5", { gpus: 2, vcpus: 80, memoryGib: 640 }),
  ND_H100_V5("Standard_ND96isr_H100_v5", { gpus: 8, vcpus: 96, memoryGib: 1900 }),

  ND_H200_V5("Standard_ND96isr_H200_v5", { gpus: 8, vcpus: 96, memoryGib: 1850 }),
];

/** Every catalog entry, frozen, by GPU generation and then size. */
export const GPU_SKUS: readonly GpuSku[] = Object.freeze(entries.map((sku) => Object.freeze(sku)));
