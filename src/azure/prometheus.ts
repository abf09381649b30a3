/**
 * @module GPU metrics from Azure Monitor managed Prometheus (SPEC §6; notes/azure-apis.md §7.2):
 * one `POST {endpoint}/api/v1/query` per workspace per tick, form-encoded, with an Entra token
 * for `https://prometheus.monitor.azure.com` from the app's credential. Built on
 * `@azure/core-rest-pipeline` (the transport under every Azure SDK): bearer-token, retry (429 with
 * Retry-After, 5xx) and TLS policies come from it; with the emulator's CA only that CA is trusted.
 * HTTP and network failures become {@link MetricsError}s here and nowhere else.
 */
import type { TokenCredential } from "@azure/core-auth";
import {
  bearerTokenAuthenticationPolicy,
  createDefaultHttpClient,
  createHttpHeaders,
  createPipelineFromOptions,
  createPipelineRequest,
  isRestError,
  type HttpClient,
  type Pipeline,
} from "@azure/core-rest-pipeline";
import { GPU_WINDOW_MINUTES, MetricsError, type GpuMetrics } from "../ports/metrics.js";
import type { GpuUtilization } from "../core/idle/types.js";
import {
  fromPrometheus,
  instantVectorSchema,
  NODE_LABEL,
  CLUSTER_LABEL,
} from "./from-prometheus.js";

export const PROMETHEUS_SCOPE = "https://prometheus.monitor.azure.com/.default";

/**
 * Per node (grouped by cluster and node name), the busiest GPU's highest utilization over the
 * window: a node is idle only if every GPU stayed below the threshold the whole time. Exactly one
 * `__name__` matcher, as the managed service requires.
 */
export const GPU_UTIL_QUERY = `max by (${CLUSTER_LABEL}, ${NODE_LABEL}) (max_over_time(DCGM_FI_DEV_GPU_UTIL[${String(GPU_WINDOW_MINUTES)}m]))`;

/**
 * The data-plane action the query needs, granted by the built-in Monitoring Data Reader role on
 * the Azure Monitor workspace (not by the custom ARM role).
 */
export const DATA_ACTIONS = ["Microsoft.Monitor/accounts/data/metrics/read"] as const;

export interface PrometheusOptions {
  readonly credential: TokenCredential;
  /** PEM of the only CA to trust (the emulator's test certificate). */
  readonly caCertificate?: string;
  /** Retries of 429/5xx/network failures within one query (default 3). */
  readonly maxRetries?: number;
  /** Per-request timeout in ms (default 30 s). */
  readonly timeoutMs?: number;
}

export class PrometheusGpuMetrics implements GpuMetrics {
  private readonly pipeline: Pipeline;
  private readonly http: HttpClient;
  private readonly timeoutMs: number;

  constructor(options: PrometheusOptions) {
    this.pipeline = createPipelineFromOptions({
      retryOptions: { maxRetries: options.maxRetries ?? 3 },
      ...(options.caCertificate === undefined ? {} : { tlsOptions: { ca: options.caCertificate } }),
    });
    this.pipeline.addPolicy(
      bearerTokenAuthenticationPolicy({ credential: options.credential, scopes: PROMETHEUS_SCOPE }),
    );
    this.http = createDefaultHttpClient();
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  async poolUtilization(endpoint: string, at: Date): Promise<GpuUtilization> {
    const url = `${endpoint.replace(/\/+$/, "")}/api/v1/query`;
    const body = new URLSearchParams({
      query: GPU_UTIL_QUERY,
      time: (at.getTime() / 1000).toFixed(3),
    }).toString();
    const request = createPipelineRequest({
      url,
      method: "POST",
      body,
      timeout: this.timeoutMs,
      headers: createHttpHeaders({
        "content-type": "application/x-www-form-urlencoded",
        accept: "application/json",
      }),
    });
    let status: number;
    let text: string;
    try {
      const response = await this.pipeline.sendRequest(this.http, request);
      status = response.status;
      text = response.bodyAsText ?? "";
    } catch (error) {
      const code = isRestError(error) && error.statusCode === 429 ? "Throttled" : "Transient";
      const message = error instanceof Error ? error.message : String(error);
      throw new MetricsError(code, `Prometheus query at ${url}: ${message}`, { cause: error });
    }
    if (status !== 200) throw statusError(status, url, text);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new MetricsError("BadResponse", `Prometheus answered non-JSON at ${url}`, {
        cause: error,
      });
    }
    const vector = instantVectorSchema.safeParse(parsed);
    if (!vector.success) {
      throw new MetricsError("BadResponse", `Prometheus answered no instant vector at ${url}`);
    }
    return fromPrometheus(vector.data, at.toISOString(), GPU_WINDOW_MINUTES).utilization;
  }
}

function statusError(status: number, url: string, text: string): MetricsError {
  const detail = text.slice(0, 200);
  const message = `Prometheus query at ${url}: HTTP ${String(status)}${detail ? `: ${detail}` : ""}`;
  if (status === 401 || status === 403) return new MetricsError("AccessDenied", message);
  if (status === 429) return new MetricsError("Throttled", message);
  if (status === 408 || status >= 500) return new MetricsError("Transient", message);
  return new MetricsError("BadResponse", message);
}
