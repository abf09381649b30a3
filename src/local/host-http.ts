/**
 * @module The local host's HTTP side: a `node:http` server that routes a request to the same
 * handler the Functions host would call — an `HttpRequest` built from the raw bytes (signatures
 * depend on them), a fresh `InvocationContext` — and writes the `HttpResponseInit` back as the
 * Functions host does (`jsonBody` as JSON). Unknown paths get 404, a known path with another
 * method 405, bodies over the limit 413 without being read, a handler that throws 500. One log
 * line per request: method, path, status, milliseconds.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import azureFunctions, { type HttpHandler } from "@azure/functions";
import { invocationContext, type HostLog } from "./host-context.js";

// A CommonJS package whose classes Node's ESM loader cannot see as named exports.
const { HttpRequest, HttpResponse } = azureFunctions;

export interface HttpRoute {
  readonly method: "GET" | "POST";
  /** Exact path, e.g. `/api/slack/command`. */
  readonly path: string;
  readonly functionName: string;
  readonly handler: HttpHandler;
}

export interface HttpHostOptions {
  readonly hostname: string;
  /** 0 = a free port. */
  readonly port: number;
  readonly log: HostLog;
  /** Largest request body accepted (default {@link MAX_REQUEST_BYTES}). */
  readonly maxBodyBytes?: number;
}

export interface HttpHost {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** Stops accepting, lets requests in flight finish (up to 5 s), closes every connection. */
  close(): Promise<void>;
}

export const MAX_REQUEST_BYTES = 64 * 1024;
const DRAIN_MS = 5_000;

export async function startHttpHost(
  routes: readonly HttpRoute[],
  options: HttpHostOptions,
): Promise<HttpHost> {
  const max = options.maxBodyBytes ?? MAX_REQUEST_BYTES;
  const inFlight = new Set<Promise<void>>();
  const server = createServer();
  const serve = (req: IncomingMessage, res: ServerResponse): void => {
    const done = handle(req, res, routes, max, options.log).finally(() => inFlight.delete(done));
    inFlight.add(done);
  };
  server.on("request", serve);
  // `Expect: 100-continue` (curl, for big bodies): refuse before the body is sent.
  server.on("checkContinue", (req: IncomingMessage, res: ServerResponse) => {
    if (!declaredTooLarge(req, max)) res.writeContinue();
    serve(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.hostname, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${options.hostname}:${port}`,
    port,
    close: () =>
      (closing ??= (async () => {
        const closed = new Promise<void>((resolve) => {
          server.close(() => {
            resolve();
          });
        });
        server.closeIdleConnections();
        await Promise.race([Promise.allSettled([...inFlight]), delay(DRAIN_MS)]);
        server.closeAllConnections();
        await closed;
      })()),
  };
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  routes: readonly HttpRoute[],
  max: number,
  log: HostLog,
): Promise<void> {
  const started = performance.now();
  const path = new URL(req.url ?? "/", "http://localhost").pathname;
  let status = 0;
  try {
    status = await dispatch(req, res, routes, max, log);
  } catch (error) {
    log(`  error: ${req.method ?? "?"} ${path}: ${describe(error)}`);
    status = 500;
    if (!res.headersSent && !res.destroyed) sendText(res, 500, "internal error");
  } finally {
    const ms = (performance.now() - started).toFixed(0);
    log(`${req.method ?? "?"} ${path} ${status === 0 ? "aborted" : String(status)} ${ms}ms`);
  }
}

async function dispatch(
  req: IncomingMessage,
  res: ServerResponse,
  routes: readonly HttpRoute[],
  max: number,
  log: HostLog,
): Promise<number> {
  const url = requestUrl(req);
  const onPath = routes.filter((r) => r.path === url.pathname);
  const route = onPath.find((r) => r.method === req.method);
  if (!route) {
    if (onPath.length === 0) return sendText(res, 404, "not found");
    res.setHeader("allow", onPath.map((r) => r.method).join(", "));
    return sendText(res, 405, "method not allowed");
  }
  if (declaredTooLarge(req, max)) return refuseTooLarge(req, res, max);
  const body = await readBody(req, max);
  if (body === "too-large") return refuseTooLarge(req, res, max);
  if (body === "aborted") return 0;
  const request = new HttpRequest({
    method: route.method,
    url: url.href,
    headers: flatHeaders(req),
    ...(route.method === "GET" ? {} : { body: { bytes: body } }),
  });
  const init = await route.handler(request, invocationContext(route.functionName, log));
  const response = init instanceof HttpResponse ? init : new HttpResponse(init);
  const bytes = Buffer.from(await response.arrayBuffer());
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => {
    headers[key] = value;
  });
  res.writeHead(response.status, { ...headers, "content-length": String(bytes.length) });
  res.end(bytes);
  return response.status;
}

/** The URL as the client sent it (through a tunnel: its host), or on localhost if the Host is odd. */
function requestUrl(req: IncomingMessage): URL {
  try {
    return new URL(req.url ?? "/", `http://${req.headers.host ?? "localhost"}`);
  } catch {
    return new URL(req.url ?? "/", "http://localhost");
  }
}

function declaredTooLarge(req: IncomingMessage, max: number): boolean {
  const declared = Number(req.headers["content-length"] ?? "0");
  return Number.isFinite(declared) && declared > max;
}

/** 413, then the connection is closed: the rest of the body is never buffered. */
function refuseTooLarge(req: IncomingMessage, res: ServerResponse, max: number): number {
  res.setHeader("connection", "close");
  res.once("finish", () => {
    // Give the client a moment to read the answer before the socket goes.
    setTimeout(() => req.socket.destroy(), 500).unref();
  });
  return sendText(res, 413, `request body over ${max} bytes`);
}

function readBody(req: IncomingMessage, max: number): Promise<Buffer | "too-large" | "aborted"> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: Buffer | "too-large" | "aborted"): void => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("close", onClose);
      req.off("error", reject);
      resolve(result);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > max) {
        req.pause();
        finish("too-large");
      } else chunks.push(chunk);
    };
    const onEnd = (): void => {
      finish(Buffer.concat(chunks));
    };
    const onClose = (): void => {
      finish("aborted");
    };
    req.on("data", onData);
    req.once("end", onEnd);
    req.once("close", onClose);
    req.once("error", reject);
  });
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, values] of Object.entries(req.headersDistinct)) {
    if (values !== undefined) headers[name] = values.join(", ");
  }
  return headers;
}

function sendText(res: ServerResponse, status: number, text: string): number {
  const body = Buffer.from(`${text}\n`, "utf8");
  res.writeHead(status, {
    "content-type": "text/plain; charset=utf-8",
    "content-length": String(body.length),
  });
  res.end(body);
  return status;
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
