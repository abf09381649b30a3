/**
 * @module AKS long-running operations: cluster start/stop and agent-pool PUTs. An operation
 * changes `provisioningState` at once (Starting, Stopping, Creating, Updating, Scaling) and lands
 * when the virtual clock passes its end: power state, pool counts and billed nodes flip then.
 * Also serves the polling URLs the SDK follows: `…/operationresults/{id}` (Location semantics:
 * 202 while running, then 204 / 200) and `…/operationStatus/{id}` (Azure-AsyncOperation status).
 */
import { agentPoolJson } from "./aks-json.js";
import type { DesiredPool } from "./aks-validate.js";
import { setRunningNodes } from "./costs.js";
import { armError, ok, type EmuResponse } from "./http.js";
import type { EmulatorSettings } from "./settings.js";
import {
  clusterPath,
  poolPath,
  type ClusterState,
  type Operation,
  type OperationKind,
  type PoolState,
  type World,
} from "./world.js";

export interface OpContext {
  readonly world: World;
  readonly settings: EmulatorSettings;
}

const MS_PER_MINUTE = 60_000;

/** 409 OperationNotAllowed for a mutation while another operation runs, else undefined. */
export function conflictIfBusy(cluster: ClusterState, pool?: PoolState): EmuResponse | undefined {
  const running = cluster.op ?? pool?.op;
  if (running !== undefined) {
    const what =
      cluster.op !== undefined
        ? cluster.provisioningState
        : `${pool?.name ?? ""} - ${pool?.provisioningState ?? ""}`;
    const scope = cluster.op !== undefined ? "operation" : "agentpool operation";
    return armError(
      409,
      "OperationNotAllowed",
      `Operation is not allowed: Another ${scope} (${what}) is in progress, please wait for it to finish before starting a new operation. See https://aka.ms/aks-pending-operation for more details`,
    );
  }
  if (pool === undefined) {
    const busyPool = cluster.pools.find((p) => p.op !== undefined);
    if (busyPool !== undefined) {
      return armError(
        409,
        "OperationNotAllowed",
        `Operation is not allowed: Another agentpool operation (${busyPool.name} - ${busyPool.provisioningState}) is in progress, please wait for it to finish before starting a new operation. See https://aka.ms/aks-pending-operation for more details`,
      );
    }
  }
  return undefined;
}

function schedule(
  ctx: OpContext,
  kind: OperationKind,
  cluster: ClusterState,
  resourcePath: string,
  land: (at: number) => void,
): Operation {
  const { world } = ctx;
  const now = world.clock.now();
  const op: Operation = {
    id: world.ids.next(),
    kind,
    subscriptionId: cluster.subscriptionId,
    location: cluster.location,
    resourcePath,
    startedAt: now,
    endsAt: now + Math.round(ctx.settings.operationMinutes[kind] * MS_PER_MINUTE),
    status: "InProgress",
  };
  world.operations.set(op.id, op);
  world.clock.schedule(op.endsAt, () => {
    op.status = "Succeeded";
    land(op.endsAt);
  });
  return op;
}

/** POST …/start or …/stop: an Operation (202) or an error response. */
export function beginClusterPower(
  ctx: OpContext,
  c: ClusterState,
  action: "start" | "stop",
): Operation | EmuResponse {
  const { world } = ctx;
  const conflict = conflictIfBusy(c);
  if (conflict !== undefined) return conflict;
  if (action === "stop" && c.powerState === "Stopped") {
    return armError(
      409,
      "OperationNotAllowed",
      "Operation is not allowed: managed cluster is not currently running, stopping cannot be performed. See https://aka.ms/aks-pending-operation for more details",
    );
  }
  if (action === "start" && c.powerState === "Running") {
    return armError(
      409,
      "OperationNotAllowed",
      `Operation is not allowed: managed cluster is in Provisioning State(${c.provisioningState}) and Power State(Running), starting cannot be performed.`,
    );
  }
  const transitional = action === "stop" ? "Stopping" : "Starting";
  c.provisioningState = transitional;
  c.eTag = world.ids.next();
  for (const p of c.pools) {
    p.provisioningState = transitional;
    p.eTag = world.ids.next();
  }
  const op = schedule(
    ctx,
    action === "stop" ? "clusterStop" : "clusterStart",
    c,
    clusterPath(c),
    (at) => {
      for (const p of c.pools) {
        if (action === "stop" && p.powerState === "Running") {
          p.stopped = {
            by: "cluster",
            count: p.count,
            enableAutoScaling: p.enableAutoScaling,
            minCount: p.minCount,
            maxCount: p.maxCount,
          };
          p.count = 0;
          p.powerState = "Stopped";
        } else if (action === "start" && p.stopped?.by === "cluster") {
          p.count = p.stopped.count;
          p.powerState = "Running";
          p.stopped = undefined;
        }
        setRunningNodes(p, action === "start" && p.powerState === "Running" ? p.count : 0, at);
        p.provisioningState = "Succeeded";
        p.eTag = world.ids.next();
      }
      c.powerState = action === "stop" ? "Stopped" : "Running";
      c.provisioningState = "Succeeded";
      c.eTag = world.ids.next();
      c.op = undefined;
    },
  );
  c.op = op;
  return op;
}

/** PUT …/agentPools/{name} after validation: applies the spec and starts the operation. */
export function beginPoolPut(
  ctx: OpContext,
  c: ClusterState,
  name: string,
  existing: PoolState | undefined,
  spec: DesiredPool,
): { pool: PoolState; created: boolean } {
  const { world } = ctx;
  const now = world.clock.now();
  const pool = existing ?? world.newPool(c, { ...spec, name, gpuUtil: undefined }, now);
  if (existing === undefined) {
    setRunningNodes(pool, 0, now);
    c.pools.push(pool);
  }
  const kind = operationKind(existing, spec);
  if (kind === "poolStop" && existing !== undefined) {
    pool.stopped = {
      by: "pool",
      count: existing.count,
      enableAutoScaling: existing.enableAutoScaling,
      minCount: existing.minCount,
      maxCount: existing.maxCount,
    };
  } else if (kind === "poolStart") {
    pool.stopped = undefined;
  }
  Object.assign(pool, spec, {
    nodeTaints: [...spec.nodeTaints],
    nodeLabels: { ...spec.nodeLabels },
    tags: { ...spec.tags },
  });
  pool.provisioningState = PROVISIONING[kind];
  pool.eTag = world.ids.next();
  pool.op = schedule(ctx, kind, c, poolPath(c, pool), (at) => {
    setRunningNodes(
      pool,
      c.powerState === "Running" && pool.powerState === "Running" ? pool.count : 0,
      at,
    );
    pool.provisioningState = "Succeeded";
    pool.eTag = world.ids.next();
    pool.op = undefined;
  });
  return { pool, created: existing === undefined };
}

const PROVISIONING: Record<OperationKind, string> = {
  clusterStart: "Starting",
  clusterStop: "Stopping",
  poolCreate: "Creating",
  poolUpdate: "Updating",
  poolScale: "Scaling",
  poolStart: "Starting",
  poolStop: "Stopping",
};

function operationKind(existing: PoolState | undefined, spec: DesiredPool): OperationKind {
  if (existing === undefined) return "poolCreate";
  if (existing.powerState !== spec.powerState)
    return spec.powerState === "Stopped" ? "poolStop" : "poolStart";
  const onlyCount =
    existing.count !== spec.count &&
    existing.enableAutoScaling === spec.enableAutoScaling &&
    existing.minCount === spec.minCount &&
    existing.maxCount === spec.maxCount;
  return onlyCount ? "poolScale" : "poolUpdate";
}

/** Polling URLs for an operation, on the emulator's own origin. */
export function operationUrls(
  origin: string,
  op: Operation,
  apiVersion: string | null,
): { location: string; asyncOperation: string } {
  const base = `${origin}/subscriptions/${op.subscriptionId}/providers/Microsoft.ContainerService/locations/${op.location}`;
  const q = apiVersion === null ? "" : `?api-version=${encodeURIComponent(apiVersion)}`;
  return {
    location: `${base}/operationresults/${op.id}${q}`,
    asyncOperation: `${base}/operationStatus/${op.id}${q}`,
  };
}

function catchUp(ctx: OpContext, op: Operation): void {
  if (op.status === "InProgress" && ctx.settings.advanceClockOnPoll)
    ctx.world.clock.advanceTo(Math.max(op.endsAt, ctx.world.clock.now()));
}

export function retryAfter(settings: EmulatorSettings): Record<string, string> {
  return settings.retryAfterSeconds > 0
    ? { "retry-after": String(settings.retryAfterSeconds) }
    : {};
}

/** GET …/operationresults/{id}: 202 + Location while running; then 204 (cluster) or 200 + pool. */
export function operationResult(ctx: OpContext, op: Operation, selfUrl: string): EmuResponse {
  catchUp(ctx, op);
  if (op.status === "InProgress")
    return { status: 202, headers: { location: selfUrl, ...retryAfter(ctx.settings) } };
  if (op.kind === "clusterStart" || op.kind === "clusterStop") return { status: 204 };
  const found = findPool(ctx.world, op.resourcePath);
  return found === undefined ? { status: 204 } : ok(agentPoolJson(found.cluster, found.pool));
}

/** GET …/operationStatus/{id} (or …/operations/{id}): the ARM async-operation status resource. */
export function operationStatus(ctx: OpContext, op: Operation, path: string): EmuResponse {
  catchUp(ctx, op);
  const now = ctx.world.clock.now();
  const span = Math.max(1, op.endsAt - op.startedAt);
  const done = op.status !== "InProgress";
  return ok(
    {
      id: path,
      name: op.id,
      status: op.status,
      startTime: new Date(op.startedAt).toISOString(),
      ...(done ? { endTime: new Date(op.endsAt).toISOString() } : {}),
      percentComplete: done ? 100 : Math.min(99, Math.floor(((now - op.startedAt) / span) * 100)),
    },
    200,
    done ? {} : retryAfter(ctx.settings),
  );
}

function findPool(
  world: World,
  path: string,
): { cluster: ClusterState; pool: PoolState } | undefined {
  const m =
    /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.ContainerService\/managedClusters\/([^/]+)\/agentPools\/([^/]+)$/.exec(
      path,
    );
  if (m === null) return undefined;
  const cluster = world.cluster(m[1] ?? "", m[2] ?? "", m[3] ?? "");
  const pool = cluster?.pools.find((p) => p.name === m[4]);
  return cluster === undefined || pool === undefined ? undefined : { cluster, pool };
}
