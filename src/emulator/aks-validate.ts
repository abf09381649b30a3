/**
 * @module Validation of `PUT …/agentPools/{name}` bodies with AKS's own error codes and messages
 * (notes/azure-apis.md §2.4–2.5). The body is merged over the existing pool (fields left out keep
 * their value, as in the official Stop/Start Agent Pool examples that send only `powerState`);
 * starting a stopped pool restores the count and autoscaler settings it had before it stopped.
 */
import { armError, isRecord, type EmuResponse } from "./http.js";
import type { ClusterState, PoolSnapshot, PoolSpec, PoolState } from "./world.js";

/** A validated pool body. */
export type DesiredPool = PoolSpec;

const POOL_NAME = /^[a-z][a-z0-9]{0,11}$/;
const invalid = (target: string, message: string): EmuResponse =>
  armError(400, "InvalidParameter", message, { target });
const invalidValue = (field: string): EmuResponse =>
  invalid(
    `agentPoolProfile.${field}`,
    `The value of parameter agentPoolProfile.${field} is invalid. Please see https://aka.ms/aks-naming-rules for more details.`,
  );

/** Parses and validates a PUT body against the current pool (if any). */
export function desiredPool(
  cluster: ClusterState,
  name: string,
  existing: PoolState | undefined,
  body: unknown,
): { spec: DesiredPool } | { error: EmuResponse } {
  if (existing === undefined && !POOL_NAME.test(name)) return { error: invalidValue("name") };
  if (!isRecord(body) || !isRecord(body.properties)) {
    return {
      error: invalid(
        "properties",
        "The request body must be an agent pool with a 'properties' object.",
      ),
    };
  }
  const power = body.properties.powerState;
  const starting = isRecord(power) && power.code === "Running";
  const snapshot = existing?.powerState === "Stopped" ? existing.stopped : undefined;
  const start =
    snapshot !== undefined && starting
      ? { ...base(existing), ...restored(snapshot) }
      : base(existing);
  const merged = merge(start, body.properties);
  if ("error" in merged) return merged;
  const spec = merged.spec;
  if (spec.powerState === "Stopped") {
    spec.count = 0;
    spec.enableAutoScaling = false;
    spec.minCount = undefined;
    spec.maxCount = undefined;
  }
  const error = checkSpec(cluster, name, existing, spec);
  return error === undefined ? { spec } : { error };
}

function base(existing: PoolState | undefined): Partial<DesiredPool> {
  if (existing === undefined)
    return { mode: "User", count: 1, enableAutoScaling: false, powerState: "Running" };
  const current: Partial<DesiredPool> = { ...existing, nodeTaints: [...existing.nodeTaints] };
  return current;
}

function restored(s: PoolSnapshot): Partial<DesiredPool> {
  return {
    count: s.count,
    enableAutoScaling: s.enableAutoScaling,
    minCount: s.minCount,
    maxCount: s.maxCount,
  };
}

function merge(
  start: Partial<DesiredPool>,
  props: Record<string, unknown>,
): { spec: DesiredPool } | { error: EmuResponse } {
  const d: Partial<DesiredPool> = { ...start };
  const str = (k: string): string | undefined | EmuResponse => {
    const v = props[k];
    if (v === undefined || v === null) return undefined;
    return typeof v === "string" ? v : invalidValue(k);
  };
  const int = (k: string): number | null | undefined | EmuResponse => {
    const v = props[k];
    if (v === undefined) return undefined;
    if (v === null) return null;
    return typeof v === "number" && Number.isInteger(v) ? v : invalidValue(k);
  };
  const isErr = (v: unknown): v is EmuResponse => isRecord(v) && typeof v.status === "number";

  const mode = str("mode");
  if (isErr(mode)) return { error: mode };
  if (mode !== undefined) {
    if (mode !== "System" && mode !== "User") return { error: invalidValue("mode") };
    d.mode = mode;
  }
  const vmSize = str("vmSize");
  if (isErr(vmSize)) return { error: vmSize };
  if (vmSize !== undefined) d.vmSize = vmSize;
  const osType = str("osType");
  if (isErr(osType)) return { error: osType };
  if (osType !== undefined) {
    if (osType !== "Linux" && osType !== "Windows") return { error: invalidValue("osType") };
    d.osType = osType;
  }
  const priority = str("scaleSetPriority");
  if (isErr(priority)) return { error: priority };
  if (priority !== undefined) {
    if (priority !== "Regular" && priority !== "Spot")
      return { error: invalidValue("scaleSetPriority") };
    d.scaleSetPriority = priority;
  }
  for (const k of ["count", "minCount", "maxCount"] as const) {
    const v = int(k);
    if (isErr(v)) return { error: v };
    if (v === null) {
      if (k === "count") return { error: invalidValue(k) };
      d[k] = undefined;
    } else if (v !== undefined) d[k] = v;
  }
  if (props.enableAutoScaling !== undefined && props.enableAutoScaling !== null) {
    if (typeof props.enableAutoScaling !== "boolean")
      return { error: invalidValue("enableAutoScaling") };
    d.enableAutoScaling = props.enableAutoScaling;
  }
  if (props.nodeTaints !== undefined && props.nodeTaints !== null) {
    if (!Array.isArray(props.nodeTaints) || !props.nodeTaints.every((t) => typeof t === "string")) {
      return { error: invalidValue("nodeTaints") };
    }
    d.nodeTaints = [...props.nodeTaints];
  }
  for (const k of ["nodeLabels", "tags"] as const) {
    const v = props[k];
    if (v === undefined || v === null) continue;
    if (!isRecord(v) || !Object.values(v).every((x) => typeof x === "string"))
      return { error: invalidValue(k) };
    d[k] = { ...(v as Record<string, string>) };
  }
  const power = props.powerState;
  if (power !== undefined && power !== null) {
    if (!isRecord(power) || (power.code !== "Running" && power.code !== "Stopped"))
      return { error: invalidValue("powerState") };
    d.powerState = power.code;
  }
  if (d.vmSize === undefined) {
    return {
      error: invalid(
        "agentPoolProfile.vmSize",
        "The value of parameter agentPoolProfile.vmSize is required.",
      ),
    };
  }
  if (d.enableAutoScaling !== true) {
    d.minCount = undefined;
    d.maxCount = undefined;
  }
  return {
    spec: {
      mode: d.mode ?? "User",
      vmSize: d.vmSize,
      count: d.count ?? 1,
      enableAutoScaling: d.enableAutoScaling ?? false,
      minCount: d.minCount,
      maxCount: d.maxCount,
      scaleSetPriority: d.scaleSetPriority ?? "Regular",
      nodeTaints: d.nodeTaints ?? [],
      nodeLabels: d.nodeLabels ?? {},
      tags: d.tags ?? {},
      osType: d.osType ?? "Linux",
      powerState: d.powerState ?? "Running",
    },
  };
}

function checkSpec(
  cluster: ClusterState,
  name: string,
  existing: PoolState | undefined,
  s: DesiredPool,
): EmuResponse | undefined {
  if (existing !== undefined && existing.vmSize.toLowerCase() !== s.vmSize.toLowerCase()) {
    return armError(
      400,
      "PropertyChangeNotAllowed",
      "Changing property 'agentPoolProfile.vmSize' is not allowed.",
      {
        target: "agentPoolProfile.vmSize",
      },
    );
  }
  if (existing !== undefined && existing.osType !== s.osType) {
    return armError(
      400,
      "PropertyChangeNotAllowed",
      "Changing property 'agentPoolProfile.osType' is not allowed.",
      {
        target: "agentPoolProfile.osType",
      },
    );
  }
  const system = s.mode === "System";
  const stopping = s.powerState === "Stopped";
  if (s.count < 0 || s.count > 1000 || (system && s.count < 1 && !stopping))
    return invalidValue("count");
  if (system && stopping) {
    return invalid(
      "agentPoolProfile.powerState",
      `System agent pool '${name}' cannot be stopped. Stop the cluster instead.`,
    );
  }
  if (system && s.scaleSetPriority === "Spot") {
    return invalid(
      "agentPoolProfile.scaleSetPriority",
      "System agent pools must use Regular priority; Spot is not supported.",
    );
  }
  if (s.enableAutoScaling && !stopping) {
    const min = s.minCount;
    const max = s.maxCount;
    if (min === undefined)
      return invalid(
        "agentPoolProfile.minCount",
        "agentPoolProfile.minCount is required when enableAutoScaling is true.",
      );
    if (max === undefined)
      return invalid(
        "agentPoolProfile.maxCount",
        "agentPoolProfile.maxCount is required when enableAutoScaling is true.",
      );
    const allowedMin = system ? 1 : 0;
    if (min < allowedMin || min > 1000) {
      return invalid(
        "agentPoolProfile.minCount",
        `agentPoolProfile.minCount was ${min}. It must be greater or equal to minCount:${allowedMin} and less than or equal to maxCount:1000. If allowedMinCount was expected to be 0 but is 1: 1) The nodepool is a VMAS pool. 2) api Version is less than 2020-03-01. 3) The node is a system pool.`,
      );
    }
    if (max < min || max > 1000) {
      return invalid(
        "agentPoolProfile.maxCount",
        `agentPoolProfile.maxCount was ${max}. It must be greater or equal to minCount:${min} and less than or equal to 1000.`,
      );
    }
  }
  const otherSystem = cluster.pools.some((p) => p.name !== name && p.mode === "System");
  if (!system && !otherSystem) {
    return armError(400, "MustDefineAtLeastOneSystemPool", "Must define at least one system pool.");
  }
  return undefined;
}
