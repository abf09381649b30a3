/**
 * @module The GPU metrics port (SPEC §6): per node, the highest GPU utilization of the last few
 * minutes, from one query per Azure Monitor workspace per tick. The adapter
 * (`src/azure/prometheus.ts`) asks managed Prometheus; the emulator serves the same API.
 */
import type { GpuUtilization } from "../core/idle/types.js";

export type { GpuUtilization } from "../core/idle/types.js";

/** The window each query covers: the time between two ticks, so consecutive windows touch. */
export const GPU_WINDOW_MINUTES = 5;

export type MetricsErrorCode =
  /** 401/403: the identity lacks Monitoring Data Reader on the workspace. */
  | "AccessDenied"
  /** 429 after the client's own retries. */
  | "Throttled"
  /** 5xx, timeouts, dropped connections. */
  | "Transient"
  /** A 4xx or an answer that is not a Prometheus vector. */
  | "BadResponse";

export class MetricsError extends Error {
  override readonly name = "MetricsError";

  constructor(
    readonly code: MetricsErrorCode,
    message: string,
    options?: { readonly cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface GpuMetrics {
  /**
   * GPU utilization per cluster, pool and node over the {@link GPU_WINDOW_MINUTES} before `at`,
   * from the workspace at `endpoint`. One query. Rejects with a {@link MetricsError}.
   */
  poolUtilization(endpoint: string, at: Date): Promise<GpuUtilization>;
}
