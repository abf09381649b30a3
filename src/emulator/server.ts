/**
 * @module The emulator's HTTPS server (node:https, no framework). Per request: read the body
 * (≤ 10 MB), route `/_emulator/…` to the control API, otherwise run due virtual-clock timers,
 * apply an injected fault if one fires, check the bearer token on ARM paths, take an ARM
 * throttling token for `/subscriptions/{id}/…`, and ask each service in turn; log the outcome.
 */
import { createServer, type Server } from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { armError, header, type EmuRequest, type EmuResponse, type Service } from "./http.js";
import type { FaultInjector } from "./faults.js";
import type { ArmThrottle } from "./throttle.js";
import type { RequestLog } from "./request-log.js";
import type { EmulatorSettings } from "./settings.js";
import type { World } from "./world.js";

export const CONTROL_PREFIX = "/_emulator/";
const MAX_BODY = 10 * 1024 * 1024;

export interface ServerDeps {
  readonly world: World;
  readonly settings: EmulatorSettings;
  readonly faults: FaultInjector;
  readonly throttle: ArmThrottle;
  readonly log: RequestLog;
  readonly services: readonly Service[];
  readonly control: Service;
}

export interface RunningServer {
  readonly server: Server;
  readonly port: number;
  close(): Promise<void>;
}

class BodyTooLarge extends Error {}

export async function listen(
  deps: ServerDeps,
  tls: { cert: string; key: string },
  host: string,
  port: number,
): Promise<RunningServer> {
  const server = createServer({ cert: tls.cert, key: tls.key }, (req, res) => {
    handle(deps, req, res).catch((e: unknown) => {
      if (!res.headersSent)
        send(
          res,
          armError(500, "InternalServerError", e instanceof Error ? e.message : String(e)),
          {},
        );
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  return {
    server,
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new BodyTooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

async function handle(deps: ServerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = Date.now();
  const url = new URL(req.url ?? "/", "https://emulator.invalid");
  const method = (req.method ?? "GET").toUpperCase();
  let rawBytes: Buffer;
  try {
    rawBytes = await readBody(req);
  } catch (e) {
    if (!(e instanceof BodyTooLarge)) throw e;
    send(
      res,
      armError(413, "RequestEntityTooLarge", `The request body exceeds ${MAX_BODY} bytes.`),
      {},
    );
    req.destroy();
    return;
  }
  const request: EmuRequest = {
    method,
    path: url.pathname,
    query: url.searchParams,
    headers: req.headers,
    rawBody: rawBytes.toString("utf8"),
    rawBytes,
    origin: `https://${req.headers.host ?? "127.0.0.1"}`,
  };
  if (url.pathname.startsWith(CONTROL_PREFIX) || url.pathname === CONTROL_PREFIX.slice(0, -1)) {
    send(
      res,
      safely(() => deps.control.handle(request)) ??
        armError(404, "NotFound", `No control route ${method} ${url.pathname}.`),
      {},
    );
    return;
  }
  const seq = deps.log.nextSeq();
  const subscriptionId = /^\/subscriptions\/([^/]+)/i.exec(url.pathname)?.[1];
  const record = (status: number, answeredBy: string, faultId?: string): void => {
    deps.log.add({
      seq,
      at: new Date(started).toISOString(),
      virtualAt: new Date(deps.world.clock.now()).toISOString(),
      method,
      path: url.pathname,
      query: url.search,
      status,
      answeredBy,
      durationMs: Date.now() - started,
      ...(subscriptionId === undefined ? {} : { subscriptionId }),
      ...(faultId === undefined ? {} : { faultId }),
    });
  };
  deps.world.clock.runDue();
  const fault = deps.faults.decide(method, url.pathname);
  if (fault !== undefined && fault.latencyMs > 0) await sleep(fault.latencyMs);
  if (fault?.action.kind === "drop") {
    record(0, "fault", fault.fault.id);
    req.socket.destroy();
    return;
  }
  if (fault?.action.kind === "respond") {
    send(res, fault.action.response, {});
    record(fault.action.response.status, "fault", fault.fault.id);
    return;
  }
  const isArm = /^\/(subscriptions|providers)\//i.test(url.pathname);
  if (
    isArm &&
    deps.settings.requireBearer &&
    !/^bearer\s+\S+/i.test(header(request, "authorization") ?? "")
  ) {
    send(
      res,
      armError(
        401,
        "AuthenticationFailed",
        "Authentication failed. The 'Authorization' header is missing or is not a bearer token.",
      ),
      {},
    );
    record(401, "auth");
    return;
  }
  let extra: Record<string, string> = {};
  if (subscriptionId !== undefined) {
    const verdict = deps.throttle.take(subscriptionId, method);
    if (!verdict.allowed) {
      send(res, verdict.response, {});
      record(429, "throttle");
      return;
    }
    extra = verdict.headers;
  }
  deps.world.clock.runDue();
  for (const service of deps.services) {
    const response = safely(() => service.handle(request));
    if (response === undefined) continue;
    send(res, response, extra);
    record(response.status, service.name, fault?.fault.id);
    return;
  }
  const none = armError(
    404,
    "NoRegisteredProviderFound",
    `The gpu-warden emulator does not implement ${method} ${url.pathname}.`,
  );
  send(res, none, extra);
  record(404, "none");
}

function safely(run: () => EmuResponse | undefined): EmuResponse | undefined {
  try {
    return run();
  } catch (e) {
    return armError(
      500,
      "InternalServerError",
      `Emulator error: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}

function send(res: ServerResponse, response: EmuResponse, extra: Record<string, string>): void {
  const id = randomUUID();
  const headers: Record<string, string> = {
    "x-ms-request-id": id,
    "x-ms-correlation-request-id": id,
    ...extra,
    ...(response.headers ?? {}),
  };
  let payload: string | undefined;
  if (response.body !== undefined && response.status !== 204) {
    payload = typeof response.body === "string" ? response.body : JSON.stringify(response.body);
    headers["content-type"] ??=
      typeof response.body === "string"
        ? "text/plain; charset=utf-8"
        : "application/json; charset=utf-8";
  }
  if (response.status !== 204 && response.status !== 304) {
    headers["content-length"] = String(payload === undefined ? 0 : Buffer.byteLength(payload));
  }
  res.writeHead(response.status, headers);
  res.end(payload);
}
