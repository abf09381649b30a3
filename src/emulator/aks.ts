/**
 * @module The AKS (`Microsoft.ContainerService`) service: managedClusters list (per subscription
 * and per resource group, `nextLink` paging), get, start, stop; agentPools list, get, PUT; and the
 * operation polling URLs. Any api-version is accepted and echoed in generated URLs. Errors use the
 * ARM envelope with AKS's codes: 404 SubscriptionNotFound / ResourceGroupNotFound /
 * ResourceNotFound (cluster) / NotFound (pool), 409 OperationNotAllowed, 412 PreConditionFailed,
 * 400 InvalidParameter and friends (see aks-validate.ts).
 */
import { agentPoolJson, managedClusterJson } from "./aks-json.js";
import {
  beginClusterPower,
  beginPoolPut,
  conflictIfBusy,
  operationResult,
  operationStatus,
  operationUrls,
  retryAfter,
  type OpContext,
} from "./aks-ops.js";
import { desiredPool } from "./aks-validate.js";
import {
  armError,
  header,
  matchPath,
  ok,
  parseJsonBody,
  type EmuRequest,
  type EmuResponse,
  type Service,
} from "./http.js";
import type { ClusterState } from "./world.js";

const CS = "providers/Microsoft.ContainerService";
const LIST_SUB = `/subscriptions/{sub}/${CS}/managedClusters`;
const LIST_RG = `/subscriptions/{sub}/resourceGroups/{rg}/${CS}/managedClusters`;
const CLUSTER = `${LIST_RG}/{name}`;
const ACTION = `${CLUSTER}/{action}`;
const POOLS = `${CLUSTER}/agentPools`;
const POOL = `${POOLS}/{pool}`;
const OPERATION = `/subscriptions/{sub}/${CS}/locations/{loc}/{kind}/{id}`;

type Params = Record<string, string>;

export function aksService(ctx: OpContext): Service {
  return {
    name: "aks",
    handle(req) {
      if (!req.path.toLowerCase().includes("/providers/microsoft.containerservice/"))
        return undefined;
      return route(ctx, req);
    },
  };
}

function route(ctx: OpContext, req: EmuRequest): EmuResponse {
  const attempts: [string, (p: Params) => EmuResponse][] = [
    [LIST_SUB, (p) => only(req, "GET", () => list(ctx, req, p))],
    [LIST_RG, (p) => only(req, "GET", () => list(ctx, req, p))],
    [CLUSTER, (p) => only(req, "GET", () => withCluster(ctx, p, (c) => ok(managedClusterJson(c))))],
    [
      POOLS,
      (p) =>
        only(req, "GET", () =>
          withCluster(ctx, p, (c) => ok({ value: c.pools.map((pool) => agentPoolJson(c, pool)) })),
        ),
    ],
    [POOL, (p) => poolRoute(ctx, req, p)],
    [ACTION, (p) => actionRoute(ctx, req, p)],
    [OPERATION, (p) => only(req, "GET", () => operationRoute(ctx, req, p))],
  ];
  for (const [pattern, run] of attempts) {
    const params = matchPath(pattern, req.path);
    if (params === undefined) continue;
    const sub = params.sub ?? "";
    if (ctx.world.subscription(sub) === undefined) {
      return armError(404, "SubscriptionNotFound", `The subscription '${sub}' could not be found.`);
    }
    return run(params);
  }
  return armError(
    404,
    "NotFound",
    `The emulator has no Microsoft.ContainerService route for '${req.path}'.`,
  );
}

function only(req: EmuRequest, method: string, run: () => EmuResponse): EmuResponse {
  return req.method === method ? run() : methodNotAllowed(req);
}

function methodNotAllowed(req: EmuRequest): EmuResponse {
  return armError(
    405,
    "MethodNotAllowed",
    `${req.method} ${req.path} is not implemented by the gpu-warden emulator.`,
  );
}

function list(ctx: OpContext, req: EmuRequest, p: Params): EmuResponse {
  const { world, settings } = ctx;
  if (p.rg !== undefined && !world.hasResourceGroup(p.sub ?? "", p.rg)) {
    return armError(404, "ResourceGroupNotFound", `Resource group '${p.rg}' could not be found.`);
  }
  const all = world.listClusters(p.sub, p.rg);
  const token = req.query.get("$skipToken") ?? "0";
  const offset = /^\d+$/.test(token) ? Number(token) : NaN;
  if (Number.isNaN(offset))
    return armError(400, "InvalidParameter", `The $skipToken '${token}' is not valid.`);
  const page = all.slice(offset, offset + settings.listPageSize);
  const next = offset + page.length;
  const body: Record<string, unknown> = { value: page.map(managedClusterJson) };
  if (next < all.length) {
    const q = new URLSearchParams();
    const apiVersion = req.query.get("api-version");
    if (apiVersion !== null) q.set("api-version", apiVersion);
    q.set("$skipToken", String(next));
    body.nextLink = `${req.origin}${req.path}?${q.toString()}`;
  }
  return ok(body);
}

function withCluster(
  ctx: OpContext,
  p: Params,
  run: (c: ClusterState) => EmuResponse,
): EmuResponse {
  const sub = p.sub ?? "";
  const rg = p.rg ?? "";
  const name = p.name ?? "";
  if (!ctx.world.hasResourceGroup(sub, rg)) {
    return armError(404, "ResourceGroupNotFound", `Resource group '${rg}' could not be found.`);
  }
  const cluster = ctx.world.cluster(sub, rg, name);
  if (cluster === undefined) {
    return armError(
      404,
      "ResourceNotFound",
      `The Resource 'Microsoft.ContainerService/managedClusters/${name}' under resource group '${rg}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
    );
  }
  return run(cluster);
}

function actionRoute(ctx: OpContext, req: EmuRequest, p: Params): EmuResponse {
  const action = (p.action ?? "").toLowerCase();
  if (action !== "start" && action !== "stop") {
    return armError(
      404,
      "NotFound",
      `The managed cluster action '${p.action ?? ""}' is not implemented by the gpu-warden emulator.`,
    );
  }
  return only(req, "POST", () =>
    withCluster(ctx, p, (c) => {
      const failed = precondition(req, c.eTag);
      if (failed !== undefined) return failed;
      const op = beginClusterPower(ctx, c, action);
      if (!("id" in op)) return op;
      const urls = operationUrls(req.origin, op, req.query.get("api-version"));
      return { status: 202, headers: { location: urls.location, ...retryAfter(ctx.settings) } };
    }),
  );
}

function poolRoute(ctx: OpContext, req: EmuRequest, p: Params): EmuResponse {
  if (req.method !== "GET" && req.method !== "PUT") return methodNotAllowed(req);
  return withCluster(ctx, p, (c) => {
    const name = p.pool ?? "";
    const existing = c.pools.find((pool) => pool.name.toLowerCase() === name.toLowerCase());
    if (req.method === "GET") {
      if (existing === undefined) {
        return armError(
          404,
          "NotFound",
          `The agent pool '${name}' was not found in managed cluster '${c.name}'.`,
        );
      }
      return ok(agentPoolJson(c, existing));
    }
    const failed = precondition(req, existing?.eTag);
    if (failed !== undefined) return failed;
    const body = parseJsonBody(req);
    if ("error" in body) return body.error;
    const desired = desiredPool(c, existing?.name ?? name, existing, body.value);
    if ("error" in desired) return desired.error;
    if (c.powerState === "Stopped" && c.op === undefined) {
      return armError(
        409,
        "OperationNotAllowed",
        `Operation is not allowed: managed cluster '${c.name}' is stopped; only start or delete operations are allowed.`,
      );
    }
    const conflict = conflictIfBusy(c, existing);
    if (conflict !== undefined) return conflict;
    const { pool, created } = beginPoolPut(ctx, c, existing?.name ?? name, existing, desired.spec);
    const op = pool.op;
    const headers: Record<string, string> = { ...retryAfter(ctx.settings) };
    if (op !== undefined)
      headers["azure-asyncoperation"] = operationUrls(
        req.origin,
        op,
        req.query.get("api-version"),
      ).asyncOperation;
    return ok(agentPoolJson(c, pool), created ? 201 : 200, headers);
  });
}

function operationRoute(ctx: OpContext, req: EmuRequest, p: Params): EmuResponse {
  const kind = (p.kind ?? "").toLowerCase();
  const op = ctx.world.operations.get(p.id ?? "");
  if (
    op === undefined ||
    op.subscriptionId.toLowerCase() !== (p.sub ?? "").toLowerCase() ||
    !["operationresults", "operationstatus", "operations"].includes(kind)
  ) {
    return armError(404, "NotFound", `The operation '${p.id ?? ""}' was not found.`);
  }
  if (kind === "operationresults")
    return operationResult(ctx, op, `${req.origin}${req.path}${queryString(req)}`);
  return operationStatus(ctx, op, req.path);
}

function queryString(req: EmuRequest): string {
  const q = req.query.toString();
  return q === "" ? "" : `?${q}`;
}

/** If-Match / If-None-Match per the AKS eTag table (learn.microsoft.com/azure/aks/use-etags). */
function precondition(req: EmuRequest, current: string | undefined): EmuResponse | undefined {
  const ifMatch = header(req, "if-match")?.trim();
  const ifNoneMatch = header(req, "if-none-match")?.trim();
  const fail = (message: string): EmuResponse => armError(412, "PreConditionFailed", message);
  if (ifMatch !== undefined && ifMatch !== "") {
    if (current === undefined)
      return fail(`The resource does not exist, so If-Match '${ifMatch}' cannot match.`);
    const tags = ifMatch.split(",").map((t) =>
      t
        .trim()
        .replace(/^W\//, "")
        .replace(/^"(.*)"$/, "$1"),
    );
    if (!tags.includes("*") && !tags.includes(current)) {
      return fail(
        `Operation failed with status: 'Precondition Failed'. The If-Match eTag '${ifMatch}' does not match the current eTag '${current}'.`,
      );
    }
  }
  if (ifNoneMatch !== undefined && ifNoneMatch !== "") {
    if (ifNoneMatch !== "*") return armError(400, "BadRequest", "If-None-Match only supports '*'.");
    if (current !== undefined) return fail("The resource already exists and If-None-Match is '*'.");
  }
  return undefined;
}
