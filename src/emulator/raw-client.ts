/**
 * @module A raw HTTPS client for the emulator (node:https, trusting its CA): for tests that check
 * the wire (status codes, headers) and for tools that drive the control API of an emulator
 * running in another process.
 */
import { request } from "node:https";
import type { IncomingHttpHeaders } from "node:http";
import type { EmulatorEndpoint } from "./client-options.js";

export interface RawResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
  /** Parsed JSON body, or `undefined` when empty or not JSON. */
  readonly body: unknown;
}

export interface RawRequestOptions {
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Send `Authorization: Bearer …` (default true). */
  readonly bearer?: boolean;
}

/** Sends one request to the emulator; a dropped connection rejects with the socket error. */
export function emulatorRequest(
  target: EmulatorEndpoint,
  method: string,
  path: string,
  options: RawRequestOptions = {},
): Promise<RawResponse> {
  const url = new URL(path, target.url);
  const payload =
    options.body === undefined
      ? undefined
      : typeof options.body === "string"
        ? options.body
        : JSON.stringify(options.body);
  const headers: Record<string, string> = {
    ...(options.bearer === false ? {} : { authorization: "Bearer gpu-warden-emulator-token" }),
    ...(payload === undefined
      ? {}
      : {
          "content-type": "application/json",
          "content-length": String(Buffer.byteLength(payload)),
        }),
    ...(options.headers ?? {}),
  };
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, ca: target.caCertificate, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", reject);
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let body: unknown;
        try {
          body = text === "" ? undefined : JSON.parse(text);
        } catch {
          body = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body });
      });
    });
    req.on("error", reject);
    req.end(payload);
  });
}
