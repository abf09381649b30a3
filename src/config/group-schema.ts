/**
 * @module The `groups[]` entries of the policy file (SPEC §3, §5, §6, §10): which clusters a
 * group matches and how gpu-warden treats them — schedule, off-hours, warnings, overrides, idle
 * GPU pools, Slack and budget.
 */
import * as z from "zod";
import {
  describeValue,
  globPattern,
  intBetween,
  numberBetween,
  referenceName,
  schedule,
  slackChannelId,
  slackUserId,
  slackUsergroupId,
} from "./policy-primitives.js";

const tagValue = z
  .string({
    error: (issue) =>
      `expected a tag value as a string, got ${describeValue(issue.input)}` +
      (typeof issue.input === "boolean" || typeof issue.input === "number"
        ? ` (quote it: "${String(issue.input)}")`
        : ""),
  })
  .max(256);

const match = z
  .strictObject({
    tags: z
      .record(z.string().min(1).max(512), tagValue)
      .default({})
      .describe("Azure tags the cluster must carry, all of them, with exactly these values."),
    resourceGroups: z
      .array(globPattern("resource group"))
      .default([])
      .describe("Resource groups (names or globs); the cluster must be in one of them."),
    names: z
      .array(globPattern("cluster"))
      .default([])
      .describe("Cluster names or globs such as 'dev-*'; the cluster name must match one of them."),
  })
  .superRefine((value, ctx) => {
    const criteria =
      Object.keys(value.tags).length + value.resourceGroups.length + value.names.length;
    if (criteria === 0) {
      ctx.addIssue({
        code: "custom",
        input: value,
        message:
          "expected at least one of tags, resourceGroups or names (use names: ['*'] to match every cluster)",
      });
    }
  })
  .describe(
    "Which clusters belong to the group. Every criterion given must hold; within a list any entry " +
      "may match. Groups are tried in file order and the first match wins.",
  );

const offHours = z
  .strictObject({
    action: z
      .enum(["stop", "warn", "ignore"])
      .default("stop")
      .describe(
        "What to do with a cluster found running outside its schedule (started by hand): stop it " +
          "after graceMinutes (with a Slack warning and keep buttons at detection), only warn, or ignore it.",
      ),
    graceMinutes: intBetween(0, 1440)
      .default(60)
      .describe("Minutes between detecting an off-hours cluster and stopping it (action: stop)."),
  })
  .describe("Policy for clusters found running off-hours.");

const idle = z
  .strictObject({
    enabled: z
      .boolean()
      .default(true)
      .describe("Switch idle scale-down on or off. Default: on when the idle section is present."),
    gpuUtilBelowPercent: numberBetween(0, 100)
      .default(5)
      .describe(
        "A node is idle while its GPU utilization (DCGM_FI_DEV_GPU_UTIL) stays below this.",
      ),
    forMinutes: intBetween(5, 10080)
      .default(60)
      .describe("How long every node of the pool must stay idle before it is scaled to zero."),
    mode: z
      .enum(["force-zero", "min-count-zero"])
      .default("force-zero")
      .describe(
        "force-zero: disable the autoscaler and set count 0; min-count-zero: set minCount 0 and let " +
          "the cluster autoscaler remove the nodes. Both restore exactly what was recorded.",
      ),
  })
  .describe(
    "Scale idle GPU user pools of running clusters to zero. Absent: off; present: on unless enabled: false.",
  );

const IDLE_OFF = {
  enabled: false,
  gpuUtilBelowPercent: 5,
  forMinutes: 60,
  mode: "force-zero",
} as const;

const slack = z
  .strictObject({
    channel: slackChannelId()
      .optional()
      .describe("Channel for the group's pre-stop warnings, progress and results. Default: none."),
    allow: z
      .strictObject({
        users: z.array(slackUserId()).default([]).describe("Slack user IDs allowed to act."),
        usergroups: z
          .array(slackUsergroupId())
          .default([])
          .describe("Slack user group IDs whose members may act."),
        channels: z
          .array(slackChannelId())
          .default([])
          .describe("Channel IDs in which anyone may act on the group's clusters."),
      })
      .prefault({})
      .describe(
        "Who may start, stop, extend and wake the group's clusters from Slack, besides slack.admins. " +
          "All empty: only slack.admins.",
      ),
  })
  .describe("Slack settings of the group.");

export const groupSchema = z
  .strictObject({
    name: referenceName("group").describe("Unique group name, shown in Slack and reports."),
    match,
    schedule: schedule
      .optional()
      .describe(
        "When the group's clusters should be running: an expression such as " +
          "'Mon-Fri 08:00-20:00', or the cron form {start, stop, timezone}. Default: none — " +
          "clusters are not started or stopped on a schedule.",
      ),
    holidays: referenceName("calendar")
      .optional()
      .describe(
        "Name of a calendar in `calendars`; windows that start on those dates are cancelled.",
      ),
    readyBy: z
      .boolean()
      .default(false)
      .describe(
        "Start early, by the cluster's learned start duration, so it is Running at the scheduled time.",
      ),
    offHours: offHours.prefault({}),
    warnBeforeStopMinutes: intBetween(0, 240)
      .default(15)
      .describe(
        "Post a warning with keep buttons this many minutes before a stop edge; 0 = never.",
      ),
    overrides: z
      .strictObject({
        maxHours: numberBetween(0.5, 168)
          .default(12)
          .describe("Longest override (start … for, extend, keep) anyone can set, in hours."),
      })
      .prefault({})
      .describe("Limits on manual overrides from Slack."),
    idle: idle.default(IDLE_OFF),
    slack: slack.prefault({}),
    budget: referenceName("budget")
      .optional()
      .describe("Name of a budget in `budgets` whose threshold actions apply to this group."),
    protected: z
      .boolean()
      .default(false)
      .describe("Observed and reported, never changed: no schedule, idle or budget action."),
  })
  .describe("A group of clusters that share one policy.");
