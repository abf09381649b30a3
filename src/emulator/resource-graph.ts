/**
 * @module Azure Resource Graph: `POST /providers/Microsoft.ResourceGraph/resources` over the
 * loaded fleet's managed clusters (the only resource type the emulator holds), restricted to the
 * request's `subscriptions` (none = all). Query language: see kql.ts (a documented subset; any
 * other query → 400 with the ARM error envelope). Paging: `options.$top` (1–1000, default 100),
 * `options.$skip`, `options.$skipToken` (returned while more rows remain, only when the result
 * projects `id`, as real ARG requires; otherwise the page is cut and `resultTruncated` is
 * "true"). Formats: `objectArray` (default) and `table`. Facets are answered as `FacetError`.
 * Rows look like ARG rows: lower-case `type` and `resourceGroup`, ARM-shaped `properties`.
 */
import { createHash } from "node:crypto";
import { managedClusterJson } from "./aks-json.js";
import {
  armError,
  isRecord,
  matchPath,
  ok,
  parseJsonBody,
  type EmuRequest,
  type EmuResponse,
  type Service,
} from "./http.js";
import { parseQuery, runQuery } from "./kql.js";
import type { ClusterState, World } from "./world.js";

const PATH = "/providers/Microsoft.ResourceGraph/resources";
const DEFAULT_TOP = 100;
const MAX_TOP = 1000;
const TENANT_ID = "72f988bf-86f1-41af-91ab-2d7cd011db47";

export const ARG_COLUMNS = [
  "id",
  "name",
  "type",
  "tenantId",
  "kind",
  "location",
  "resourceGroup",
  "subscriptionId",
  "managedBy",
  "sku",
  "plan",
  "properties",
  "tags",
  "identity",
  "zones",
  "extendedLocation",
] as const;

/** The ARG row of a managed cluster. */
export function clusterRow(c: ClusterState): Record<string, unknown> {
  const arm = managedClusterJson(c);
  return {
    id: arm.id,
    name: c.name,
    type: "microsoft.containerservice/managedclusters",
    tenantId: TENANT_ID,
    kind: "",
    location: c.location,
    resourceGroup: c.resourceGroup.toLowerCase(),
    subscriptionId: c.subscriptionId,
    managedBy: "",
    sku: arm.sku,
    plan: null,
    properties: arm.properties,
    tags: arm.tags,
    identity: arm.identity,
    zones: null,
    extendedLocation: null,
  };
}

export function resourceGraphService(world: World): Service {
  return {
    name: "resource-graph",
    handle(req) {
      if (matchPath(PATH, req.path) === undefined) return undefined;
      if (req.method !== "POST")
        return armError(405, "MethodNotAllowed", `${req.method} is not supported on ${PATH}.`);
      return query(world, req);
    },
  };
}

const badRequest = (code: string, message: string): EmuResponse =>
  armError(
    400,
    "BadRequest",
    "Please provide below info when asking for support: timestamp and the query.",
    {
      details: [{ code, message }],
    },
  );

interface Paging {
  top: number;
  skip: number;
  format: "objectArray" | "table";
}

function query(world: World, req: EmuRequest): EmuResponse {
  const parsedBody = parseJsonBody(req);
  if ("error" in parsedBody) return parsedBody.error;
  const body = parsedBody.value;
  if (!isRecord(body) || typeof body.query !== "string")
    return badRequest("InvalidQuery", "The request must carry a 'query' string.");
  const parsed = parseQuery(body.query);
  if (!parsed.ok)
    return badRequest(
      "InvalidQuery",
      `Query is invalid or not supported by the emulator: ${parsed.error}`,
    );
  const subs = Array.isArray(body.subscriptions)
    ? body.subscriptions.filter((s): s is string => typeof s === "string")
    : [];
  const scope =
    subs.length === 0 ? world.listClusters() : subs.flatMap((s) => world.listClusters(s));
  const result = runQuery(parsed.value, scope.map(clusterRow), ARG_COLUMNS);
  if (!result.ok) return badRequest("InvalidQuery", result.error);
  const fingerprint = createHash("sha256")
    .update(JSON.stringify([body.query, subs]))
    .digest("hex")
    .slice(0, 16);
  const paging = readPaging(body.options, fingerprint);
  if ("error" in paging) return paging.error;
  const rows = result.value;
  const page = rows.slice(paging.skip, paging.skip + paging.top);
  const more = paging.skip + page.length < rows.length;
  const pageable = rows.length === 0 || "id" in (rows[0] ?? {});
  const response: Record<string, unknown> = {
    totalRecords: rows.length,
    count: page.length,
    resultTruncated: more && !pageable ? "true" : "false",
    facets: facets(body.facets),
    data: paging.format === "table" ? asTable(page) : page,
  };
  if (more && pageable)
    response.$skipToken = encodeToken({
      o: paging.skip + page.length,
      t: paging.top,
      h: fingerprint,
    });
  return ok(response, 200, {
    "x-ms-user-quota-remaining": "14",
    "x-ms-user-quota-resets-after": "00:00:05",
  });
}

function readPaging(options: unknown, fingerprint: string): Paging | { error: EmuResponse } {
  const o = isRecord(options) ? options : {};
  const format = o.resultFormat ?? "objectArray";
  if (format !== "objectArray" && format !== "table")
    return {
      error: badRequest("InvalidResultFormat", `Unknown resultFormat ${JSON.stringify(format)}.`),
    };
  let top: number | undefined;
  if (o.$top !== undefined && o.$top !== null) {
    if (typeof o.$top !== "number" || !Number.isInteger(o.$top) || o.$top < 1 || o.$top > MAX_TOP) {
      return {
        error: badRequest("InvalidTop", `$top must be a whole number between 1 and ${MAX_TOP}.`),
      };
    }
    top = o.$top;
  }
  let skip = 0;
  if (o.$skip !== undefined && o.$skip !== null) {
    if (typeof o.$skip !== "number" || !Number.isInteger(o.$skip) || o.$skip < 0)
      return { error: badRequest("InvalidSkip", "$skip must be a whole number ≥ 0.") };
    skip = o.$skip;
  }
  if (typeof o.$skipToken === "string" && o.$skipToken !== "") {
    const token = decodeToken(o.$skipToken);
    if (token?.h !== fingerprint) {
      return {
        error: badRequest(
          "InvalidSkipToken",
          "The $skipToken is invalid or was issued for a different query or scope.",
        ),
      };
    }
    return { top: top ?? token.t, skip: token.o, format };
  }
  return { top: top ?? DEFAULT_TOP, skip, format };
}

interface SkipToken {
  o: number;
  t: number;
  h: string;
}

function encodeToken(t: SkipToken): string {
  return Buffer.from(JSON.stringify(t)).toString("base64");
}

function decodeToken(s: string): SkipToken | undefined {
  try {
    const v: unknown = JSON.parse(Buffer.from(s, "base64").toString("utf8"));
    if (
      isRecord(v) &&
      typeof v.o === "number" &&
      typeof v.t === "number" &&
      typeof v.h === "string"
    )
      return { o: v.o, t: v.t, h: v.h };
  } catch {
    return undefined;
  }
  return undefined;
}

function facets(requested: unknown): unknown[] {
  if (!Array.isArray(requested)) return [];
  return requested.map((f) => ({
    expression: isRecord(f) && typeof f.expression === "string" ? f.expression : "",
    resultType: "FacetError",
    errors: [
      { code: "NotSupported", message: "Facets are not supported by the gpu-warden emulator." },
    ],
  }));
}

function asTable(rows: Record<string, unknown>[]): {
  columns: { name: string; type: string }[];
  rows: unknown[][];
} {
  const names = rows.length === 0 ? [] : Object.keys(rows[0] ?? {});
  const columns = names.map((name) => ({
    name,
    type: columnType(rows.map((r) => r[name]).find((v) => v !== null && v !== undefined)),
  }));
  return { columns, rows: rows.map((r) => names.map((n) => r[n] ?? null)) };
}

function columnType(v: unknown): string {
  if (typeof v === "string") return "string";
  if (typeof v === "boolean") return "boolean";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return "object";
}
