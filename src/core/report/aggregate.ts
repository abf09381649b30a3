/**
 * @module Streaming aggregation of billed cost rows: each row is mapped to its cluster and pool
 * and added to fixed-size accumulators (per cluster: this week, last week, GPU share, pools; per
 * cluster and chart day: GPU cost; per day: GPU total), then dropped — memory grows with the
 * fleet and the days, never with the rows. Unmapped cost goes to the `other` line.
 */
import type { Cluster } from "../fleet/types.js";
import { isDay } from "./days.js";
import { ResourceMapper } from "./resource-map.js";
import type { CostRow } from "./types.js";

export interface ReportWindows {
  readonly weekFrom: string;
  readonly weekTo: string;
  readonly previousFrom: string;
  readonly previousTo: string;
  /** The chart's days, oldest first. */
  readonly chartDays: readonly string[];
}

/** The pool key of cost outside any pool (disks, IPs, the cluster resource itself). */
export const OUTSIDE_POOLS = "(cluster)";

export interface PoolSums {
  week: number;
  readonly gpu: boolean;
}

export class CostAggregator {
  readonly week: Float64Array;
  readonly previous: Float64Array;
  readonly gpuWeek: Float64Array;
  /** GPU cost per cluster and chart day: `[cluster * days + day]`. */
  readonly chart: Float64Array;
  readonly pools: (Map<string, PoolSums> | undefined)[];
  /** GPU cost per day, over every day a row came for (for the cumulative month to date). */
  readonly gpuByDay = new Map<string, number>();
  readonly daysSeen = new Set<string>();
  otherWeek = 0;
  otherPrevious = 0;
  otherRows = 0;
  rows = 0;
  rejected = 0;
  lastDay: string | null = null;
  private readonly mapper: ResourceMapper;
  private readonly chartIndex: ReadonlyMap<string, number>;

  constructor(
    fleet: readonly Cluster[],
    private readonly windows: ReportWindows,
  ) {
    const n = fleet.length;
    this.mapper = new ResourceMapper(fleet);
    this.week = new Float64Array(n);
    this.previous = new Float64Array(n);
    this.gpuWeek = new Float64Array(n);
    this.chart = new Float64Array(n * windows.chartDays.length);
    this.pools = new Array<Map<string, PoolSums> | undefined>(n);
    this.chartIndex = new Map(windows.chartDays.map((day, i) => [day, i]));
  }

  add(row: CostRow): void {
    const { date, costUsd } = row;
    if (!Number.isFinite(costUsd) || !this.knownDay(date)) {
      this.rejected++;
      return;
    }
    this.rows++;
    if (this.lastDay === null || date > this.lastDay) this.lastDay = date;
    const w = this.windows;
    const inWeek = date >= w.weekFrom && date <= w.weekTo;
    const inPrevious = date >= w.previousFrom && date <= w.previousTo;
    const mapped = this.mapper.map(row.resourceId, row.poolTag);
    if (mapped === undefined) {
      this.otherRows++;
      if (inWeek) this.otherWeek += costUsd;
      else if (inPrevious) this.otherPrevious += costUsd;
      return;
    }
    const c = mapped.cluster;
    if (mapped.gpu) {
      this.gpuByDay.set(date, (this.gpuByDay.get(date) ?? 0) + costUsd);
      const day = this.chartIndex.get(date);
      if (day !== undefined) bump(this.chart, c * w.chartDays.length + day, costUsd);
    }
    if (inPrevious) bump(this.previous, c, costUsd);
    if (!inWeek) return;
    bump(this.week, c, costUsd);
    if (mapped.gpu) bump(this.gpuWeek, c, costUsd);
    let pools = this.pools[c];
    if (pools === undefined) {
      pools = new Map();
      this.pools[c] = pools;
    }
    const key = mapped.pool ?? OUTSIDE_POOLS;
    const sums = pools.get(key);
    if (sums === undefined) pools.set(key, { week: costUsd, gpu: mapped.gpu });
    else sums.week += costUsd;
  }

  /** Whether `date` is a valid day; each distinct day is checked once. */
  private knownDay(date: string): boolean {
    if (this.daysSeen.has(date)) return true;
    if (typeof date !== "string" || !isDay(date)) return false;
    this.daysSeen.add(date);
    return true;
  }
}

function bump(sums: Float64Array, index: number, usd: number): void {
  sums[index] = (sums[index] ?? 0) + usd;
}
