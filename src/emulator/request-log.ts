/**
 * @module The request log: one entry per emulated-service request (method, path, status, what
 * answered, whether a fault or throttling intervened), so tests and benchmarks can count ARM
 * calls. Control-API requests are not logged. Bounded: the oldest entries fall off past `limit`.
 */

export interface RequestLogEntry {
  /** 1, 2, 3 … in arrival order; never reused until the log is cleared. */
  readonly seq: number;
  /** Real time the request arrived (ISO-8601). */
  readonly at: string;
  /** Virtual time when it was handled (ISO-8601). */
  readonly virtualAt: string;
  readonly method: string;
  readonly path: string;
  readonly query: string;
  /** HTTP status sent; 0 when the connection was dropped. */
  readonly status: number;
  readonly subscriptionId?: string;
  /** The service that answered (`aks`, `resource-graph`, …), `fault`, `throttle`, `auth` or `none`. */
  readonly answeredBy: string;
  readonly faultId?: string;
  readonly durationMs: number;
}

export interface RequestLogFilter {
  /** Only entries with `seq` greater than this. */
  readonly since?: number;
  readonly method?: string;
  /** Case-insensitive substring of the path. */
  readonly pathContains?: string;
}

export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private seq = 0;

  constructor(private readonly limit = 100_000) {}

  nextSeq(): number {
    return ++this.seq;
  }

  add(entry: RequestLogEntry): void {
    this.entries.push(entry);
    if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit);
  }

  list(filter: RequestLogFilter = {}): RequestLogEntry[] {
    const needle = filter.pathContains?.toLowerCase();
    const method = filter.method?.toUpperCase();
    return this.entries.filter(
      (e) =>
        (filter.since === undefined || e.seq > filter.since) &&
        (method === undefined || e.method === method) &&
        (needle === undefined || e.path.toLowerCase().includes(needle)),
    );
  }

  clear(): void {
    this.entries = [];
    this.seq = 0;
  }
}
