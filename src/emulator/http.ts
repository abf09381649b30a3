/**
 * @module The emulator's internal HTTP vocabulary: a parsed request, a response value, the ARM
 * error envelope, and the `Service` interface every emulated Azure/Slack service implements (one
 * module per service; the server tries them in order).
 */
import type { IncomingHttpHeaders } from "node:http";

/** A request after the server has read and parsed it. */
export interface EmuRequest {
  readonly method: string;
  /** Path without the query string, as sent (percent-encoded), e.g. `/subscriptions/…`. */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  /** The raw body text ("" when none). */
  readonly rawBody: string;
  /** The body's bytes, for binary uploads (Slack's file upload URL); absent when built by hand. */
  readonly rawBytes?: Buffer;
  /** `https://127.0.0.1:<port>`: the emulator's own origin, for absolute `Location`/`nextLink`. */
  readonly origin: string;
}

/** What a handler returns; `body` is serialized as JSON unless it is a string. */
export interface EmuResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

/** One emulated service. `handle` returns `undefined` when the route is not its own. */
export interface Service {
  readonly name: string;
  handle(req: EmuRequest): EmuResponse | undefined;
}

/** The ARM `ErrorResponse` envelope: `{ "error": { "code", "message", "target"?, "details"? } }`. */
export interface ArmErrorBody {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly target?: string;
    readonly details?: readonly { readonly code: string; readonly message: string }[];
  };
}

/** Builds an ARM error response. */
export function armError(
  status: number,
  code: string,
  message: string,
  extra: {
    target?: string;
    details?: { code: string; message: string }[];
    headers?: Record<string, string>;
  } = {},
): EmuResponse {
  const error: ArmErrorBody["error"] = {
    code,
    message,
    ...(extra.target === undefined ? {} : { target: extra.target }),
    ...(extra.details === undefined ? {} : { details: extra.details }),
  };
  return {
    status,
    headers: { "x-ms-failure-cause": "service", ...(extra.headers ?? {}) },
    body: { error },
  };
}

/** A 200 JSON response. */
export function ok(body: unknown, status = 200, headers: Record<string, string> = {}): EmuResponse {
  return { status, headers, body };
}

/** Parses a JSON request body; `undefined` for an empty body, an `EmuResponse` (400) when invalid. */
export function parseJsonBody(req: EmuRequest): { value: unknown } | { error: EmuResponse } {
  if (req.rawBody.trim() === "") return { value: undefined };
  try {
    return { value: JSON.parse(req.rawBody) as unknown };
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    return {
      error: armError(
        400,
        "InvalidRequestContent",
        `The request content is not valid JSON: ${detail}`,
      ),
    };
  }
}

/** True for a plain JSON object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Reads a single header value (first of repeated ones). */
export function header(req: EmuRequest, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** Splits a path into non-empty segments. */
export function segments(path: string): string[] {
  return path.split("/").filter((s) => s !== "");
}

/**
 * Matches a path against a pattern such as `/subscriptions/{sub}/providers/X`: literal segments
 * compare case-insensitively (as ARM does), `{name}` captures one decoded segment.
 */
export function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const want = segments(pattern);
  const got = segments(path);
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i] ?? "";
    const g = got[i] ?? "";
    if (w.startsWith("{") && w.endsWith("}")) {
      try {
        params[w.slice(1, -1)] = decodeURIComponent(g);
      } catch {
        return undefined;
      }
    } else if (w.toLowerCase() !== g.toLowerCase()) return undefined;
  }
  return params;
}
