/**
 * @module Building blocks of the policy schema: names, Slack IDs, time zones, schedules, dates
 * and Azure scopes. Each one validates with the schedule engine or a pattern, and says what was
 * expected in the words a policy author would use.
 */
import * as z from "zod";
import { holidayCalendar, parseSchedule } from "../core/schedule/index.js";
import { resolveZone } from "../core/time/zone.js";

/** A short identifier used to refer to a group, calendar or budget from elsewhere in the file. */
export const referenceName = (what: string) =>
  z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, {
    error: `expected a ${what} name: letters, digits, '.', '_' or '-', at most 63 characters`,
  });

/** An IANA time zone name, checked against the zone database the schedule engine uses. */
export const zoneName = () =>
  z
    .string()
    .superRefine((name, ctx) => {
      if (resolveZone(name) === null) {
        ctx.addIssue({
          code: "custom",
          input: name,
          message: `unknown time zone '${name}' (expected an IANA name such as Europe/Berlin, or UTC)`,
        });
      }
    })
    .meta({ examples: ["UTC", "America/Los_Angeles", "Europe/Berlin"] });

/**
 * A schedule expression (SPEC §4). It is parsed with UTC as the default zone only to check its
 * syntax; the loader parses it again with the policy's `timezone` (which is checked on its own).
 */
const scheduleExpression = z
  .string()
  .superRefine((text, ctx) => {
    const parsed = parseSchedule(text);
    if (!parsed.ok) ctx.addIssue({ code: "custom", input: text, message: parsed.error.message });
  })
  .describe(
    "A schedule expression: 'always', 'never' or windows such as 'Mon-Fri 08:00-20:00' or " +
      "'Mon-Fri 08:00-20:00 Europe/Berlin; Sat 10:00-14:00' (';' separates windows).",
  )
  .meta({ examples: ["Mon-Fri 08:00-20:00", "Mon-Fri 08:00-20:00; Sat 10:00-14:00", "always"] });

const cronField = (role: "start" | "stop") =>
  z
    .string()
    .describe(
      `5-field cron expression (minute hour day-of-month month day-of-week) at which the ` +
        `cluster should ${role === "start" ? "start" : "stop"}, e.g. '0 ${role === "start" ? "8" : "20"} * * 1-5'.`,
    );

/** The cron form `{ start, stop, timezone? }`: the desired state is whichever fired last. */
export const cronSchedule = z
  .strictObject({
    start: cronField("start"),
    stop: cronField("stop"),
    timezone: zoneName()
      .optional()
      .describe("IANA zone the cron expressions are read in. Default: the policy's timezone."),
  })
  .superRefine((cron, ctx) => {
    // The zone has its own check (on `timezone`); here only the expressions, read in UTC.
    const parsed = parseSchedule({ start: cron.start, stop: cron.stop });
    if (parsed.ok) return;
    const { token, message } = parsed.error;
    const field = token === cron.start && token !== cron.stop ? "start" : "stop";
    ctx.addIssue({ code: "custom", input: cron[field], path: [field], message });
  })
  .describe("Cron form of a schedule, for people who think in cron (as KEDA's cron scaler does).");

/** A group schedule: an expression string or the cron form. */
export const schedule = z.union([scheduleExpression, cronSchedule], {
  error: (issue) =>
    `expected a schedule expression such as 'Mon-Fri 08:00-20:00', or {start, stop, timezone} ` +
    `cron expressions, got ${describeValue(issue.input)}`,
});

/** A holiday date, `YYYY-MM-DD`, checked as a real calendar date. */
export const holidayDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, {
    error: (issue) => `expected a date YYYY-MM-DD, got ${describeValue(issue.input)}`,
  })
  .superRefine((text, ctx) => {
    const parsed = holidayCalendar([text]);
    // A text that is not even YYYY-MM-DD is reported by the pattern above.
    if (!parsed.ok && /^\d{4}-\d{2}-\d{2}$/.test(text)) {
      ctx.addIssue({ code: "custom", input: text, message: parsed.error.message });
    }
  })
  .describe("A date, YYYY-MM-DD, read in each schedule's own zone.");

/** `HH:MM`, 00:00–23:59. */
export const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, {
  error: (issue) => `expected a time HH:MM from 00:00 to 23:59, got ${describeValue(issue.input)}`,
});

/** A Slack channel ID (C… public, G… private). Names like #ml-dev are not stable: use the ID. */
export const slackChannelId = () =>
  z.string().regex(/^[CG][A-Z0-9]{2,}$/, {
    error: (issue) =>
      `expected a Slack channel ID such as C0123ABCD (not a #name), got ${describeValue(issue.input)}`,
  });

/** A Slack user ID (U… or W… on Enterprise Grid). */
export const slackUserId = () =>
  z.string().regex(/^[UW][A-Z0-9]{2,}$/, {
    error: (issue) =>
      `expected a Slack user ID such as U0123ABCD, got ${describeValue(issue.input)}`,
  });

/** A Slack user group ID (S…). */
export const slackUsergroupId = () =>
  z.string().regex(/^S[A-Z0-9]{2,}$/, {
    error: (issue) =>
      `expected a Slack user group ID such as S0123ABCD, got ${describeValue(issue.input)}`,
  });

/** An Azure subscription ID. */
export const subscriptionId = z.guid({
  error: (issue) =>
    `expected a subscription ID such as 00000000-0000-0000-0000-000000000000, got ${describeValue(issue.input)}`,
});

const GUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
const SEGMENT = "[^/\\s]+";
const ARM_SCOPE = new RegExp(
  [
    `^/subscriptions/${GUID}(/resourceGroups/[-\\w.()]+)?$`,
    `^/providers/Microsoft\\.Management/managementGroups/${SEGMENT}$`,
    `^/providers/Microsoft\\.Billing/billingAccounts/${SEGMENT}` +
      `(/(departments|enrollmentAccounts|billingProfiles|invoiceSections)/${SEGMENT})*$`,
  ].join("|"),
  "i",
);

/** An ARM scope that Cost Management and Consumption budgets accept. */
export const armScope = z.string().regex(ARM_SCOPE, {
  error: (issue) =>
    `expected an Azure scope such as /subscriptions/<id> or /subscriptions/<id>/resourceGroups/<name>, ` +
    `got ${describeValue(issue.input)}`,
});

/** A glob over names: `*` matches any run of characters, `?` one character. */
export const globPattern = (what: string) =>
  z.string().regex(/^[-\w.()*?]+$/, {
    error: (issue) =>
      `expected a ${what} name or glob pattern ('*' and '?' wildcards), got ${describeValue(issue.input)}`,
  });

/** A whole number in [min, max], with one message for both bounds. */
export const intBetween = (min: number, max: number) => {
  const error = (issue: { readonly input?: unknown }) =>
    `expected a whole number from ${min} to ${max}, got ${describeValue(issue.input)}`;
  return z.int({ error }).min(min, { error }).max(max, { error });
};

/** A number in [min, max], with one message for both bounds. */
export const numberBetween = (min: number, max: number) => {
  const error = (issue: { readonly input?: unknown }) =>
    `expected a number from ${min} to ${max}, got ${describeValue(issue.input)}`;
  return z.number({ error }).min(min, { error }).max(max, { error });
};

/** A short, quoted rendering of a value for error messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null (an empty value)";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  if (typeof value === "string") {
    const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value;
    return `'${shown}'`;
  }
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return typeof value;
}
