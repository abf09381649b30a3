/**
 * @module Fault injection. A rule matches requests by method and path pattern (glob, case-
 * insensitive: `*` = any characters except `/`, `**` = any characters; matched against the path
 * without its query) and then answers with an HTTP status (ARM error body, optional
 * `Retry-After`), adds latency, or drops the connection. It fires with a probability drawn from a
 * seeded RNG (reproducible runs) and/or for the next N matching requests only. The first rule
 * that matches and fires wins; control-API requests are never faulted.
 */
import { armError, type EmuResponse } from "./http.js";

export interface FaultRule {
  /** HTTP method to match (case-insensitive); any when absent. */
  readonly method?: string;
  /** Path glob, e.g. `/subscriptions/*\/resourceGroups/*\/providers/Microsoft.ContainerService/**`. */
  readonly path: string;
  /** Answer with this status and an ARM error body instead of handling the request. */
  readonly status?: number;
  readonly retryAfterSeconds?: number;
  /** Extra response headers (e.g. only `x-ms-ratelimit-microsoft.costmanagement-qpu-retry-after`). */
  readonly headers?: Readonly<Record<string, string>>;
  readonly code?: string;
  readonly message?: string;
  /** Real milliseconds to wait before answering (alone: the request is then handled normally). */
  readonly latencyMs?: number;
  /** Destroy the connection without answering. */
  readonly drop?: boolean;
  /** Chance (0–1) that a matching request fires the rule; default 1. */
  readonly probability?: number;
  /** Fire on at most this many matching requests. */
  readonly times?: number;
}

export interface Fault extends FaultRule {
  readonly id: string;
  fired: number;
}

export type FaultAction =
  | { readonly kind: "respond"; readonly response: EmuResponse }
  | { readonly kind: "drop" }
  | { readonly kind: "pass" };

export interface FaultDecision {
  readonly fault: Fault;
  readonly latencyMs: number;
  readonly action: FaultAction;
}

/** mulberry32: a tiny seeded PRNG, uniform in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DEFAULT_CODES: Record<number, string> = {
  408: "RequestTimeout",
  409: "OperationNotAllowed",
  429: "TooManyRequests",
  500: "InternalServerError",
  502: "BadGateway",
  503: "ServiceUnavailable",
  504: "GatewayTimeout",
};

export class FaultInjector {
  private rules: { fault: Fault; re: RegExp }[] = [];
  private nextId = 1;
  private random: () => number;

  constructor(seed = 1) {
    this.random = seededRandom(seed);
  }

  setSeed(seed: number): void {
    this.random = seededRandom(seed);
  }

  /** Adds a rule after checking it; throws `RangeError` with the bad field. */
  add(rule: FaultRule): Fault {
    checkRule(rule);
    const fault: Fault = { ...rule, id: `fault-${this.nextId++}`, fired: 0 };
    this.rules.push({ fault, re: globToRegExp(rule.path) });
    return fault;
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.fault.id !== id);
    return this.rules.length !== before;
  }

  clear(): void {
    this.rules = [];
  }

  list(): Fault[] {
    return this.rules.map((r) => ({ ...r.fault }));
  }

  /** The fault to apply to a request, if any rule matches and fires. */
  decide(method: string, path: string): FaultDecision | undefined {
    for (const { fault, re } of this.rules) {
      if (fault.method !== undefined && fault.method.toUpperCase() !== method.toUpperCase())
        continue;
      if (!re.test(path)) continue;
      if (fault.times !== undefined && fault.fired >= fault.times) continue;
      if (fault.probability !== undefined && this.random() >= fault.probability) continue;
      fault.fired++;
      return { fault, latencyMs: fault.latencyMs ?? 0, action: actionOf(fault) };
    }
    return undefined;
  }
}

function actionOf(f: Fault): FaultAction {
  if (f.drop === true) return { kind: "drop" };
  if (f.status === undefined) return { kind: "pass" };
  const headers: Record<string, string> = {
    ...(f.retryAfterSeconds === undefined ? {} : { "retry-after": String(f.retryAfterSeconds) }),
    ...f.headers,
  };
  const code = f.code ?? DEFAULT_CODES[f.status] ?? "InjectedFault";
  const message = f.message ?? `Fault injected by the gpu-warden emulator (${f.id}).`;
  return { kind: "respond", response: armError(f.status, code, message, { headers }) };
}

function checkRule(r: FaultRule): void {
  if (typeof r.path !== "string" || !r.path.startsWith("/"))
    throw new RangeError("path: expected a glob starting with '/'");
  for (const field of ["method", "code", "message"] as const) {
    const value: unknown = r[field];
    if (value !== undefined && typeof value !== "string")
      throw new RangeError(`${field}: expected a string`);
  }
  const headers: unknown = r.headers;
  if (
    headers !== undefined &&
    (typeof headers !== "object" ||
      headers === null ||
      Object.values(headers).some((v) => typeof v !== "string"))
  )
    throw new RangeError("headers: expected a map of header name → string");
  if (r.drop !== undefined && typeof r.drop !== "boolean")
    throw new RangeError("drop: expected true or false");
  if (r.status !== undefined && (!Number.isInteger(r.status) || r.status < 100 || r.status > 599)) {
    throw new RangeError("status: expected an HTTP status 100–599");
  }
  if (r.status === undefined && r.latencyMs === undefined && r.drop !== true) {
    throw new RangeError("expected at least one of status, latencyMs or drop");
  }
  const nonNegative = (name: string, v: number | undefined): void => {
    if (v !== undefined && (!Number.isFinite(v) || v < 0))
      throw new RangeError(`${name}: expected a number ≥ 0`);
  };
  nonNegative("latencyMs", r.latencyMs);
  nonNegative("retryAfterSeconds", r.retryAfterSeconds);
  nonNegative("times", r.times);
  if (
    r.probability !== undefined &&
    (!Number.isFinite(r.probability) || r.probability < 0 || r.probability > 1)
  ) {
    throw new RangeError("probability: expected a number between 0 and 1");
  }
}

/** `*` = any run of characters except `/`; `**` = any run of characters. Case-insensitive. */
export function globToRegExp(glob: string): RegExp {
  let re = "";
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i] ?? "";
    if (ch === "*" && glob[i + 1] === "*") {
      re += ".*";
      i++;
    } else if (ch === "*") re += "[^/]*";
    else re += ch.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`, "i");
}
