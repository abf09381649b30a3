/**
 * @module The HTTPS transport of the Slack adapter, on `node:https` with one keep-alive
 * `https.Agent` (built with the emulator's CA in emulator mode — Node then trusts only that CA).
 * `httpsPost` serves `response_url`s; `httpsFetch` is the `fetch` given to `@slack/web-api` v8,
 * which has no `agent` option any more (v8 calls `fetch`; the built-in one cannot take a CA
 * without undici's `Agent`). Every request has a timeout; network failures reject with
 * `SlackNetworkError`.
 */
import { Agent, request } from "node:https";
import type { IncomingHttpHeaders } from "node:http";
import type { FetchFunction } from "@slack/web-api";
import { SlackNetworkError } from "./slack-errors.js";

const MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

/** A keep-alive agent; with `ca`, only that certificate authority is trusted. */
export function slackAgent(ca?: string): Agent {
  return new Agent({ keepAlive: true, ...(ca === undefined ? {} : { ca }) });
}

export interface HttpsAnswer {
  readonly status: number;
  readonly statusText: string;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
}

export interface HttpsRequestInit {
  readonly method: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Buffer;
  readonly agent: Agent;
  /** Socket inactivity limit and overall limit, in ms. */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

/** One HTTPS request; resolves with any HTTP answer, rejects with `SlackNetworkError`. */
export function httpsRequest(url: URL, init: HttpsRequestInit): Promise<HttpsAnswer> {
  if (url.protocol !== "https:") {
    return Promise.reject(new SlackNetworkError(`refusing a non-HTTPS URL (${url.protocol})`));
  }
  const headers: Record<string, string> = { ...init.headers };
  if (init.body !== undefined) headers["content-length"] = String(init.body.length);
  return new Promise<HttpsAnswer>((resolve, reject) => {
    let settled = false;
    const fail = (e: unknown): void => {
      if (settled) return;
      settled = true;
      clearTimeout(overall);
      const message = e instanceof Error ? e.message : String(e);
      reject(new SlackNetworkError(`${url.host}: ${message}`, { cause: e }));
    };
    const req = request(url, {
      method: init.method,
      headers,
      agent: init.agent,
      timeout: init.timeoutMs,
      ...(init.signal === undefined ? {} : { signal: init.signal }),
    });
    const overall = setTimeout(() => {
      req.destroy(new Error(`no answer within ${init.timeoutMs} ms`));
    }, init.timeoutMs);
    req.on("timeout", () => {
      req.destroy(new Error(`socket idle for ${init.timeoutMs} ms`));
    });
    req.on("error", fail);
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_RESPONSE_BYTES) req.destroy(new Error("response too large"));
        else chunks.push(chunk);
      });
      res.on("error", fail);
      res.on("end", () => {
        if (settled) return;
        settled = true;
        clearTimeout(overall);
        resolve({
          status: res.statusCode ?? 0,
          statusText: res.statusMessage ?? "",
          headers: res.headers,
          text: Buffer.concat(chunks).toString("utf8"),
        });
      });
    });
    req.end(init.body);
  });
}

/** `Retry-After` in whole seconds (as `@slack/web-api` reads it); `undefined` if absent/invalid. */
export function retryAfterHeader(headers: IncomingHttpHeaders): number | undefined {
  const value = headers["retry-after"];
  if (value === undefined) return undefined;
  const seconds = Number.parseInt(value, 10);
  return Number.isNaN(seconds) || seconds < 0 ? undefined : seconds;
}

function toHeaders(incoming: IncomingHttpHeaders): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
  }
  return headers;
}

/** The `fetch` for `WebClient`: `node:https` through `agent`, answering WHATWG `Response`s. */
export function httpsFetch(agent: Agent, timeoutMs: number): FetchFunction {
  return async (input, init = {}) => {
    const url = new URL(input);
    const headers: Record<string, string> = { ...(init.headers ?? {}) };
    let body: Buffer | undefined;
    if (typeof init.body === "string") body = Buffer.from(init.body, "utf8");
    else if (init.body !== undefined) {
      // FormData (file uploads): let the WHATWG serializer build the multipart body and boundary.
      const encoded = new Response(init.body);
      body = Buffer.from(await encoded.arrayBuffer());
      const type = encoded.headers.get("content-type");
      if (type !== null) headers["content-type"] = type;
    }
    const answer = await httpsRequest(url, {
      method: init.method ?? "GET",
      headers,
      agent,
      timeoutMs,
      ...(body === undefined ? {} : { body }),
      ...(init.signal === undefined ? {} : { signal: init.signal }),
    });
    const empty = [204, 205, 304].includes(answer.status);
    return new Response(empty ? null : answer.text, {
      status: answer.status,
      statusText: answer.statusText,
      headers: toHeaders(answer.headers),
    });
  };
}
