/**
 * @module The shape of bench/results.json (written by bench/run-all.ts, read by bench/doc.ts),
 * the machine it was measured on, and the SPEC §16 targets each figure is held to.
 */
import { writeFile } from "node:fs/promises";
import { cpus, loadavg, totalmem } from "node:os";
import { format, resolveConfig } from "prettier";
import type { TickResults } from "./tick-report.js";

export const RESULTS_FILE = "bench/results.json";
export const DOC_FILE = "docs/performance.md";

export const TARGETS = {
  tickSeconds: 30,
  slackAckP99Ms: 200,
  bundledColdLoadMs: 300,
  reportSeconds: 10,
  reportPeakRssMb: 300,
} as const;

export interface Machine {
  readonly cpus: number;
  readonly model: string;
  readonly memoryGb: number;
  readonly node: string;
  readonly platform: string;
  /** 1-minute load average when the run started and ended (the machine may be shared). */
  readonly loadAverage: { readonly start: number; readonly end: number | null };
}

export interface SlackAck {
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly coldP99Ms: number;
  readonly concurrent: number;
}

export interface ColdLoad {
  readonly bundledMs: number;
  readonly unbundledMs: number;
  readonly emptyMs: number;
  readonly runs: number;
  readonly entryKiB: number;
}

export interface ReportBench {
  readonly rows: number;
  readonly seconds: number;
  readonly peakRssMb: number;
  readonly baselineSeconds: number;
  readonly baselineRssMb: number;
}

export interface Results {
  readonly generatedAt: string;
  readonly command: string;
  readonly machine: Machine;
  /** Wall time of each step, and the steps that exited non-zero (over budget or broken). */
  readonly steps: Readonly<Record<string, { readonly seconds: number; readonly exitCode: number }>>;
  readonly tick?: TickResults["tick"];
  readonly tickGrowth?: TickResults["tickGrowth"];
  readonly slackAck?: SlackAck;
  readonly coldLoad?: ColdLoad;
  readonly report?: ReportBench;
}

export function machine(): Machine {
  const list = cpus();
  return {
    cpus: list.length,
    model: list[0]?.model.trim() ?? "unknown",
    memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadAverage: { start: loadavg()[0] ?? 0, end: null },
  };
}

/** Writes a generated file formatted as the repository's Prettier config wants it. */
export async function writeFormatted(path: string, text: string): Promise<void> {
  const options = (await resolveConfig(path)) ?? {};
  await writeFile(path, await format(text, { ...options, filepath: path }));
}
