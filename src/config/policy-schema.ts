/**
 * @module The policy file (SPEC §3) as one zod schema: strict objects (an unknown key is an
 * error, so a typo is never silently ignored), a default for every optional key, and a
 * description on every key for the generated JSON Schema. Checks that span several keys
 * (unique names, references) live in `policy-references.ts`.
 */
import * as z from "zod";
import { budgetSchema } from "./budget-schema.js";
import type { DeepReadonly } from "./deep-freeze.js";
import { groupSchema } from "./group-schema.js";
import {
  clockTime,
  holidayDate,
  referenceName,
  slackChannelId,
  slackUserId,
  subscriptionId,
  zoneName,
} from "./policy-primitives.js";

const reports = z
  .strictObject({
    weekly: z
      .strictObject({
        channel: slackChannelId().describe("Channel the weekly cost report is posted to."),
        day: z
          .enum(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"])
          .default("Mon")
          .describe("Day of the week the report is posted, in the policy's timezone."),
        time: clockTime
          .default("09:00")
          .describe("Local time (HH:MM, policy timezone) at or after which the report is posted."),
      })
      .optional()
      .describe("Weekly cost report. Default: none."),
    nightly: z
      .strictObject({
        channel: slackChannelId().describe("Channel the nightly summary is posted to."),
      })
      .optional()
      .describe("Nightly summary after the evening stop edge. Default: none."),
  })
  .describe("Scheduled reports in Slack.");

export const policySchema = z
  .strictObject({
    $schema: z
      .string()
      .optional()
      .describe("JSON Schema reference for editors; ignored by gpu-warden."),
    timezone: zoneName()
      .default("UTC")
      .describe("Default IANA zone for schedules and reports that name none."),
    dryRun: z.boolean().default(false).describe("Plan and report every action but change nothing."),
    limits: z
      .strictObject({
        maxActionsPerTick: z
          .int()
          .min(1)
          .default(25)
          .describe("Blast-radius cap: a plan with more actions is refused whole and alerted."),
      })
      .prefault({})
      .describe("Safety limits."),
    scope: z
      .strictObject({
        subscriptions: z
          .array(subscriptionId)
          .default([])
          .describe(
            "Subscription IDs to manage; empty = every subscription the identity can read.",
          ),
      })
      .prefault({})
      .describe("Where gpu-warden looks for clusters."),
    groups: z
      .array(groupSchema)
      .default([])
      .describe(
        "Cluster groups, tried in order; the first match wins; a cluster in no group is not managed.",
      ),
    calendars: z
      .record(referenceName("calendar"), z.array(holidayDate))
      .default({})
      .describe(
        "Holiday calendars: name → list of dates (YYYY-MM-DD) referenced by groups[].holidays.",
      ),
    budgets: z.array(budgetSchema).default([]).describe("Budgets with enforced threshold actions."),
    slack: z
      .strictObject({
        commandName: z
          .string()
          .regex(/^\/[a-z0-9][a-z0-9_-]{0,30}$/, {
            error: "expected a slash command such as /gpu (lowercase, at most 32 characters)",
          })
          .default("/gpu")
          .describe("Slash command name as registered in the Slack app."),
        admins: z
          .array(slackUserId())
          .default([])
          .describe("Slack user IDs allowed to act on every group (except protected ones)."),
        alertChannel: slackChannelId()
          .optional()
          .describe(
            "Channel for fleet-wide alerts: refused plans (blast radius), failed operations, budget " +
              "notifications. Default: none (alerts go to group channels only).",
          ),
      })
      .prefault({})
      .describe("Slack settings shared by all groups."),
    reports: reports.prefault({}),
    prometheus: z
      .strictObject({
        endpoint: z
          .url({
            protocol: /^https$/,
            error:
              "expected an https:// URL such as https://<workspace>.<region>.prometheus.monitor.azure.com",
          })
          .describe("Query endpoint of the Azure Monitor workspace (managed Prometheus)."),
      })
      .optional()
      .describe("GPU metrics source for idle detection. Default: none (no pool is ever idle)."),
  })
  .meta({
    title: "gpu-warden policy",
    description:
      "The gpu-warden policy file (gpu-warden.yaml): schedules, idle GPU pools, budgets and Slack " +
      "for AKS GPU clusters. Reference: docs/configuration.md.",
  });

/** The policy file as written, with defaults applied. Deeply read-only and frozen at run time. */
export type Policy = DeepReadonly<z.output<typeof policySchema>>;
export type GroupPolicy = Policy["groups"][number];
export type BudgetPolicy = Policy["budgets"][number];
export type BudgetThreshold = BudgetPolicy["thresholds"][number];
export type BudgetAction = BudgetThreshold["actions"][number];
export type IdlePolicy = GroupPolicy["idle"];
export type OffHoursPolicy = GroupPolicy["offHours"];
