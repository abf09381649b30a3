/**
 * @module The emulator's fleet file (SPEC §13): zod schema, YAML/JSON parsing and errors by path
 * (`subscriptions.0.clusters.1.pools.0.count: expected a number ≥ 0`). A fleet describes the
 * subscriptions, clusters and pools the emulator serves, their power state at load, GPU
 * utilization profiles (stored for the metrics endpoint) and optional price overrides.
 */
import { readFile } from "node:fs/promises";
import { parse as parseYaml, YAMLParseError } from "yaml";
import { z } from "zod";
import { err, ok, type Result } from "../core/result.js";
import { fleetBudgetSchema } from "./consumption.js";
import { slackFleetSchema } from "./slack-schema.js";

const nodeCount = z
  .number({ error: "expected a number ≥ 0" })
  .int({ error: "expected a whole number ≥ 0" })
  .min(0, { error: "expected a number ≥ 0" })
  .max(1000, { error: "expected a number ≤ 1000" });

/** Azure tag values are strings; YAML `true`/`5` are accepted and kept as their text. */
const tagValue = z
  .union([z.string(), z.number(), z.boolean()], { error: "expected a string" })
  .transform((v) => String(v));

const tags = z.record(z.string(), tagValue, { error: "expected a map of strings" });

const instant = z
  .union([z.string(), z.date(), z.number()], { error: "expected an ISO-8601 instant" })
  .transform((v, ctx) => {
    const ms = typeof v === "string" ? Date.parse(v) : typeof v === "number" ? v : v.getTime();
    if (Number.isNaN(ms)) {
      ctx.addIssue({ code: "custom", message: "expected an ISO-8601 instant" });
      return z.NEVER;
    }
    return ms;
  });

export const poolSchema = z.strictObject({
  name: z.string({ error: "expected a pool name" }).regex(/^[a-z][a-z0-9]{0,11}$/, {
    error: "expected a lower-case letter followed by up to 11 lower-case letters or digits",
  }),
  mode: z.enum(["System", "User"], { error: "expected System or User" }).default("User"),
  vmSize: z.string({ error: "expected a VM size such as Standard_NC24ads_A100_v4" }).min(1),
  count: nodeCount,
  enableAutoScaling: z.boolean({ error: "expected true or false" }).default(false),
  minCount: nodeCount.optional(),
  maxCount: nodeCount.optional(),
  scaleSetPriority: z
    .enum(["Regular", "Spot"], { error: "expected Regular or Spot" })
    .default("Regular"),
  nodeTaints: z.array(z.string(), { error: "expected a list of taints" }).default([]),
  nodeLabels: tags.default({}),
  osType: z.enum(["Linux", "Windows"], { error: "expected Linux or Windows" }).default("Linux"),
  powerState: z
    .enum(["Running", "Stopped"], { error: "expected Running or Stopped" })
    .default("Running"),
  /** GPU utilization % per schedule window (SPEC §4 grammar) plus `default`; served by a later issue. */
  gpuUtil: z
    .record(z.string(), z.number().min(0).max(100), {
      error: "expected a map of window → utilization % (0–100)",
    })
    .optional(),
});

export const clusterSchema = z.strictObject({
  name: z.string({ error: "expected a cluster name" }).regex(/^[a-zA-Z0-9][a-zA-Z0-9_-]{0,62}$/, {
    error: "expected 1–63 letters, digits, '-' or '_', starting with a letter or digit",
  }),
  resourceGroup: z.string({ error: "expected a resource group name" }).min(1).max(90),
  location: z.string({ error: "expected an Azure region such as eastus" }).min(1).default("eastus"),
  tags: tags.default({}),
  powerState: z
    .enum(["Running", "Stopped"], { error: "expected Running or Stopped" })
    .default("Running"),
  kubernetesVersion: z.string().default("1.32.6"),
  nodeResourceGroup: z.string().optional(),
  pools: z.array(poolSchema, { error: "expected a list of pools" }).min(1, {
    error: "expected at least one pool",
  }),
});

export const subscriptionSchema = z.strictObject({
  id: z.guid({ error: "expected a subscription id (GUID)" }),
  name: z.string().optional(),
  clusters: z.array(clusterSchema, { error: "expected a list of clusters" }).default([]),
});

const fleetObject = z.strictObject({
  start: instant.optional(),
  billingLagHours: z.number({ error: "expected a number of hours ≥ 0" }).min(0).default(24),
  subscriptions: z.array(subscriptionSchema, { error: "expected a list of subscriptions" }),
  prices: z
    .record(z.string(), z.number().min(0, { error: "expected a price ≥ 0 in USD per hour" }), {
      error: "expected a map of VM size → USD per hour",
    })
    .default({}),
  /** User groups for the Slack stand-in's `usergroups.users.list` (slack-schema.ts). */
  slack: slackFleetSchema.optional(),
  /** Azure (Consumption) budgets the emulator serves (consumption.ts). */
  budgets: z.array(fleetBudgetSchema, { error: "expected a list of budgets" }).optional(),
});

/** The fleet file's shape (cross-field AKS rules are checked after it, by `validateFleet`). */
export const fleetSchema = fleetObject;

export type Fleet = z.output<typeof fleetSchema>;
export type FleetSubscription = Fleet["subscriptions"][number];
export type FleetCluster = FleetSubscription["clusters"][number];
export type FleetPool = FleetCluster["pools"][number];
/** What a fleet file may contain before defaults are applied. */
export type FleetInput = z.input<typeof fleetSchema>;

/** Thrown by `parseFleet`/`loadFleetFile`; `issues` are `path: message` lines. */
export class FleetValidationError extends Error {
  constructor(
    readonly issues: readonly string[],
    source = "fleet",
  ) {
    super(`invalid ${source}:\n  ${issues.join("\n  ")}`);
    this.name = "FleetValidationError";
  }
}

/** Validates a parsed fleet document: its shape, then the AKS rules across fields. */
export function validateFleet(value: unknown): Result<Fleet, string[]> {
  const parsed = fleetSchema.safeParse(value);
  if (!parsed.success) {
    return err(parsed.error.issues.map((issue) => at(issue.path, issue.message)));
  }
  const issues = fleetRuleIssues(parsed.data);
  return issues.length === 0 ? ok(parsed.data) : err(issues);
}

function at(path: readonly PropertyKey[], message: string): string {
  const joined = path.map(String).join(".");
  return `${joined === "" ? "(root)" : joined}: ${message}`;
}

/** Validates a parsed fleet document or throws `FleetValidationError`. */
export function parseFleet(value: unknown, source = "fleet"): Fleet {
  const result = validateFleet(value);
  if (!result.ok) throw new FleetValidationError(result.error, source);
  return result.value;
}

/** Parses fleet text (YAML or JSON; JSON is YAML) and validates it. */
export function parseFleetText(text: string, source = "fleet"): Fleet {
  let doc: unknown;
  try {
    doc = parseYaml(text, { prettyErrors: true, uniqueKeys: true });
  } catch (e) {
    const message = e instanceof YAMLParseError || e instanceof Error ? e.message : String(e);
    throw new FleetValidationError([`(syntax): ${message}`], source);
  }
  return parseFleet(doc, source);
}

/** Reads and validates a fleet file. */
export async function loadFleetFile(path: string): Promise<Fleet> {
  return parseFleetText(await readFile(path, "utf8"), path);
}

function fleetRuleIssues(fleet: Fleet): string[] {
  const issues: string[] = [];
  const subs = new Set<string>();
  fleet.subscriptions.forEach((sub, si) => {
    if (subs.has(sub.id.toLowerCase()))
      issues.push(at(["subscriptions", si, "id"], "duplicate subscription id"));
    subs.add(sub.id.toLowerCase());
    const clusters = new Set<string>();
    sub.clusters.forEach((cluster, ci) => {
      const base = ["subscriptions", si, "clusters", ci];
      const key = `${cluster.resourceGroup}/${cluster.name}`.toLowerCase();
      if (clusters.has(key))
        issues.push(at([...base, "name"], "duplicate cluster in this resource group"));
      clusters.add(key);
      if (!cluster.pools.some((p) => p.mode === "System")) {
        issues.push(at([...base, "pools"], "expected at least one System pool"));
      }
      const names = new Set<string>();
      cluster.pools.forEach((pool, pi) => {
        if (names.has(pool.name))
          issues.push(at([...base, "pools", pi, "name"], "duplicate pool name"));
        names.add(pool.name);
        for (const issue of poolRuleIssues(pool))
          issues.push(at([...base, "pools", pi, issue.field], issue.message));
      });
    });
  });
  return issues;
}

function poolRuleIssues(pool: FleetPool): { field: string; message: string }[] {
  const issues: { field: string; message: string }[] = [];
  if (pool.mode === "System" && pool.count < 1) {
    issues.push({ field: "count", message: "expected a number ≥ 1 for a System pool" });
  }
  if (pool.mode === "System" && pool.scaleSetPriority === "Spot") {
    issues.push({ field: "scaleSetPriority", message: "a System pool cannot use Spot" });
  }
  if (pool.enableAutoScaling) {
    if (pool.minCount === undefined)
      issues.push({
        field: "minCount",
        message: "expected a number when enableAutoScaling is true",
      });
    if (pool.maxCount === undefined)
      issues.push({
        field: "maxCount",
        message: "expected a number when enableAutoScaling is true",
      });
    if (pool.mode === "System" && pool.minCount !== undefined && pool.minCount < 1) {
      issues.push({ field: "minCount", message: "expected a number ≥ 1 for a System pool" });
    }
    if (
      pool.minCount !== undefined &&
      pool.maxCount !== undefined &&
      pool.minCount > pool.maxCount
    ) {
      issues.push({ field: "maxCount", message: "expected a number ≥ minCount" });
    }
  }
  return issues;
}
