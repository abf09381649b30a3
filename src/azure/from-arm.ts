/**
 * @module Converters from ARM wire shapes to the fleet model. Resource Graph rows carry the
 * managedCluster resource as ARM returns it (raw JSON, camelCase properties); fields AKS may omit
 * get their documented defaults: no powerState means Running, no pool mode means User, no
 * provisioningState means Succeeded.
 */
import * as z from "zod";
import type { AgentPool, Cluster } from "../core/fleet/types.js";
import { err, ok, type Result } from "../core/result.js";

const powerState = z
  .object({ code: z.string().optional() })
  .optional()
  .transform((value) => (value?.code?.toLowerCase() === "stopped" ? "Stopped" : "Running"));

const pool = z.object({
  name: z.string().min(1),
  mode: z
    .string()
    .optional()
    .transform((mode) => (mode === "System" || mode === "Gateway" ? mode : "User")),
  vmSize: z.string().default(""),
  count: z
    .number()
    .int()
    .nonnegative()
    .nullish()
    .transform((count) => count ?? 0),
  enableAutoScaling: z
    .boolean()
    .nullish()
    .transform((flag) => flag ?? false),
  minCount: z
    .number()
    .int()
    .nullish()
    .transform((n) => n ?? null),
  maxCount: z
    .number()
    .int()
    .nullish()
    .transform((n) => n ?? null),
  scaleSetPriority: z
    .string()
    .nullish()
    .transform((priority) => (priority === "Spot" ? "Spot" : "Regular")),
  nodeTaints: z
    .array(z.string())
    .nullish()
    .transform((taints) => taints ?? []),
  powerState,
  provisioningState: z
    .string()
    .nullish()
    .transform((state) => state ?? "Succeeded"),
});

const row = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  location: z.string().default(""),
  resourceGroup: z.string().optional(),
  subscriptionId: z.string().optional(),
  tags: z
    .record(z.string(), z.string())
    .nullish()
    .transform((tags) => tags ?? {}),
  properties: z.object({
    powerState,
    provisioningState: z
      .string()
      .nullish()
      .transform((state) => state ?? "Succeeded"),
    nodeResourceGroup: z
      .string()
      .nullish()
      .transform((group) => group ?? ""),
    agentPoolProfiles: z
      .array(pool)
      .nullish()
      .transform((pools) => pools ?? []),
  }),
});

const ID_PATTERN = /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\//i;

/** A Resource Graph row (or a managedCluster GET body) → a Cluster, or why it is unusable. */
export function clusterFromArm(value: unknown): Result<Cluster, string> {
  const parsed = row.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? `${issue.path.join(".")}: ${issue.message}` : "unexpected shape";
    const id =
      typeof value === "object" && value !== null && "id" in value ? String(value.id) : "?";
    return err(`cluster ${id}: ${where}`);
  }
  const data = parsed.data;
  const idParts = ID_PATTERN.exec(data.id);
  const pools: AgentPool[] = data.properties.agentPoolProfiles.map((p) => ({
    ...p,
    // A pool reports its own power state; a stopped cluster stops every pool.
    powerState: data.properties.powerState === "Stopped" ? "Stopped" : p.powerState,
  }));
  return ok({
    id: data.id,
    name: data.name,
    resourceGroup: data.resourceGroup ?? idParts?.[2] ?? "",
    subscriptionId: data.subscriptionId ?? idParts?.[1] ?? "",
    location: data.location,
    tags: data.tags,
    powerState: data.properties.powerState,
    provisioningState: data.properties.provisioningState,
    nodeResourceGroup: data.properties.nodeResourceGroup,
    pools,
  });
}
