/**
 * @module The control API, in-process (`EmulatorControl`, implemented by the running emulator)
 * and over HTTP under `/_emulator/` (this module maps one onto the other, so both stay in step):
 *
 * | HTTP | in-process |
 * |---|---|
 * | `GET /_emulator/health` | — |
 * | `PUT\|POST /_emulator/fleet` (JSON or YAML body) | `loadFleet(fleet)` |
 * | `GET /_emulator/clusters` | `clusters()` |
 * | `GET /_emulator/clock`, `PUT /_emulator/clock {now?, speed?}` | `clock.now()`, `clock.set()`, `clock.setSpeed()` |
 * | `POST /_emulator/clock/advance {days?, hours?, minutes?, seconds?, ms?}` | `clock.advance()` |
 * | `GET\|PUT /_emulator/settings` | `settings()`, `configure()` |
 * | `GET\|POST\|DELETE /_emulator/faults`, `DELETE /_emulator/faults/{id}`, `PUT /_emulator/faults/seed {seed}` | `faults.*` |
 * | `GET\|PUT /_emulator/throttling` | `throttling.get()`, `throttling.configure()` |
 * | `GET /_emulator/requests?since=&method=&path=`, `DELETE /_emulator/requests` | `requests.list()`, `requests.clear()` |
 * | `GET /_emulator/costs` | `costs()` |
 */
import { parse as parseYaml } from "yaml";
import type { CostReport } from "./costs.js";
import type { Fault, FaultRule } from "./faults.js";
import { FleetValidationError } from "./fleet.js";
import {
  armError,
  header,
  isRecord,
  matchPath,
  ok,
  type EmuRequest,
  type EmuResponse,
  type Service,
} from "./http.js";
import type { RequestLogEntry, RequestLogFilter } from "./request-log.js";
import type { EmulatorSettings, EmulatorSettingsInput } from "./settings.js";
import type { ThrottleConfig, ThrottleConfigInput } from "./throttle.js";

/** A duration: milliseconds, or a sum of named units. */
export type DurationInput =
  number | { days?: number; hours?: number; minutes?: number; seconds?: number; ms?: number };

export interface FleetSummary {
  readonly start: string;
  readonly subscriptions: number;
  readonly clusters: number;
  readonly pools: number;
}

export interface ClusterSummary {
  readonly id: string;
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly name: string;
  readonly powerState: string;
  readonly provisioningState: string;
  readonly pools: readonly {
    name: string;
    mode: string;
    vmSize: string;
    count: number;
    runningNodes: number;
    powerState: string;
    provisioningState: string;
  }[];
}

export interface EmulatorControl {
  /** Loads a fleet (parsed object, or YAML/JSON text); throws `FleetValidationError`. */
  loadFleet(fleet: unknown): FleetSummary;
  clusters(): ClusterSummary[];
  readonly clock: {
    now(): Date;
    /** Moves the clock forward to `at` (never backwards); operations and costs catch up. */
    set(at: Date | string | number): Date;
    advance(by: DurationInput): Date;
    speed(): number;
    setSpeed(speed: number): void;
  };
  readonly faults: {
    add(rule: FaultRule): Fault;
    remove(id: string): boolean;
    clear(): void;
    list(): Fault[];
    setSeed(seed: number): void;
  };
  readonly throttling: {
    get(): ThrottleConfig;
    configure(input: ThrottleConfigInput): ThrottleConfig;
  };
  readonly requests: { list(filter?: RequestLogFilter): RequestLogEntry[]; clear(): void };
  costs(): CostReport;
  settings(): EmulatorSettings;
  configure(input: EmulatorSettingsInput): EmulatorSettings;
}

/** Converts a `DurationInput` to milliseconds; throws `RangeError` when malformed. */
export function durationMs(by: DurationInput): number {
  if (typeof by === "number") return by;
  const units = {
    days: 86_400_000,
    hours: 3_600_000,
    minutes: 60_000,
    seconds: 1000,
    ms: 1,
  } as const;
  let total = 0;
  for (const [name, value] of Object.entries(by)) {
    const factor = (units as Record<string, number>)[name];
    if (factor === undefined || typeof value !== "number" || !Number.isFinite(value)) {
      throw new RangeError(
        `${name}: expected one of days, hours, minutes, seconds, ms with a number`,
      );
    }
    total += value * factor;
  }
  return total;
}

const bad = (message: string, details?: string[]): EmuResponse =>
  armError(
    400,
    "BadRequest",
    message,
    details === undefined
      ? {}
      : { details: details.map((m) => ({ code: "InvalidValue", message: m })) },
  );

export function controlService(api: EmulatorControl): Service {
  return {
    name: "control",
    handle(req) {
      try {
        return route(api, req);
      } catch (e) {
        if (e instanceof FleetValidationError) return bad(e.message, [...e.issues]);
        if (e instanceof RangeError || e instanceof SyntaxError || e instanceof TypeError)
          return bad(e.message);
        throw e;
      }
    },
  };
}

function body(req: EmuRequest): Record<string, unknown> {
  if (req.rawBody.trim() === "") return {};
  const type = header(req, "content-type") ?? "";
  const value: unknown = type.includes("yaml") ? parseYaml(req.rawBody) : JSON.parse(req.rawBody);
  if (!isRecord(value)) throw new TypeError("expected a JSON object body");
  return value;
}

function route(api: EmulatorControl, req: EmuRequest): EmuResponse | undefined {
  const m = req.method;
  const p = req.path.replace(/\/+$/, "");
  const is = (pattern: string): boolean => matchPath(pattern, p) !== undefined;
  if (is("/_emulator/health")) return ok({ status: "ok", now: api.clock.now().toISOString() });
  if (is("/_emulator/fleet") && (m === "PUT" || m === "POST")) {
    const text = req.rawBody;
    return ok(
      api.loadFleet(header(req, "content-type")?.includes("yaml") === true ? text : body(req)),
    );
  }
  if (is("/_emulator/clusters") && m === "GET") return ok({ value: api.clusters() });
  if (is("/_emulator/clock") && m === "GET") return ok(clockBody(api));
  if (is("/_emulator/clock") && m === "PUT") {
    const b = body(req);
    if (typeof b.speed === "number") api.clock.setSpeed(b.speed);
    if (typeof b.now === "string" || typeof b.now === "number") api.clock.set(b.now);
    return ok(clockBody(api));
  }
  if (is("/_emulator/clock/advance") && m === "POST") {
    api.clock.advance(body(req));
    return ok(clockBody(api));
  }
  if (is("/_emulator/settings") && m === "GET") return ok(api.settings());
  if (is("/_emulator/settings") && m === "PUT") return ok(api.configure(body(req)));
  if (is("/_emulator/faults") && m === "GET") return ok({ value: api.faults.list() });
  if (is("/_emulator/faults") && m === "POST")
    return ok(api.faults.add(body(req) as unknown as FaultRule), 201);
  if (is("/_emulator/faults") && m === "DELETE") {
    api.faults.clear();
    return { status: 204 };
  }
  if (is("/_emulator/faults/seed") && m === "PUT") {
    const seed = body(req).seed;
    if (typeof seed !== "number") throw new RangeError("seed: expected a number");
    api.faults.setSeed(seed);
    return { status: 204 };
  }
  const fault = matchPath("/_emulator/faults/{id}", p);
  if (fault !== undefined && m === "DELETE") {
    return api.faults.remove(fault.id ?? "")
      ? { status: 204 }
      : armError(404, "NotFound", `No fault '${fault.id ?? ""}'.`);
  }
  if (is("/_emulator/throttling") && m === "GET") return ok(api.throttling.get());
  if (is("/_emulator/throttling") && m === "PUT") return ok(api.throttling.configure(body(req)));
  if (is("/_emulator/requests") && m === "GET")
    return ok({ value: api.requests.list(logFilter(req)) });
  if (is("/_emulator/requests") && m === "DELETE") {
    api.requests.clear();
    return { status: 204 };
  }
  if (is("/_emulator/costs") && m === "GET") return ok(api.costs());
  return undefined;
}

function clockBody(api: EmulatorControl): { now: string; speed: number } {
  return { now: api.clock.now().toISOString(), speed: api.clock.speed() };
}

function logFilter(req: EmuRequest): RequestLogFilter {
  const since = req.query.get("since");
  const method = req.query.get("method");
  const path = req.query.get("path");
  return {
    ...(since === null ? {} : { since: Number(since) }),
    ...(method === null ? {} : { method }),
    ...(path === null ? {} : { pathContains: path }),
  };
}
