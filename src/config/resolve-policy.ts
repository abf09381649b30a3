/**
 * @module The resolved view of a validated policy: each group's schedule parsed once (with the
 * policy's timezone as the default zone), its holiday calendar and budget looked up, so later
 * code never parses or searches the file again.
 */
import { err, ok, type Result } from "../core/result.js";
import {
  holidayCalendar,
  parseSchedule,
  type HolidayCalendar,
  type Schedule,
} from "../core/schedule/index.js";
import { resolveZone, type Zone } from "../core/time/zone.js";
import { deepFreeze } from "./deep-freeze.js";
import type { PolicyIssue } from "./policy-issues.js";
import type { BudgetPolicy, GroupPolicy, Policy } from "./policy-schema.js";

export interface ResolvedGroup {
  readonly name: string;
  /** The group as written in the file, defaults applied. */
  readonly policy: GroupPolicy;
  /** The parsed schedule (default zone: the policy's timezone); `null` when the group has none. */
  readonly schedule: Schedule | null;
  /** The dates of the group's holiday calendar; empty when it names none. */
  readonly holidays: HolidayCalendar;
  /** The budget named by the group, if any. */
  readonly budget: BudgetPolicy | null;
}

export interface ResolvedPolicy {
  /** The policy file as written, defaults applied, deeply frozen. */
  readonly policy: Policy;
  /** The policy's `timezone`: the default zone for schedules (including cluster tags). */
  readonly zone: Zone;
  /** Groups in file order: the first one that matches a cluster wins. */
  readonly groups: readonly ResolvedGroup[];
  readonly calendars: ReadonlyMap<string, HolidayCalendar>;
  readonly budgets: ReadonlyMap<string, BudgetPolicy>;
}

const NO_HOLIDAYS: HolidayCalendar = new Set();

/**
 * Builds the resolved view of a policy that passed the schema and reference checks. Problems
 * here mean those checks missed something; they are reported the same way, never thrown.
 */
export function resolvePolicy(policy: Policy): Result<ResolvedPolicy, PolicyIssue[]> {
  const issues: PolicyIssue[] = [];
  const zone = resolveZone(policy.timezone);
  if (!zone) return err([{ path: "timezone", message: `unknown time zone '${policy.timezone}'` }]);

  const calendars = new Map<string, HolidayCalendar>();
  for (const [name, dates] of Object.entries(policy.calendars)) {
    const calendar = holidayCalendar(dates);
    if (calendar.ok) calendars.set(name, calendar.value);
    else issues.push({ path: `calendars.${name}`, message: calendar.error.message });
  }
  const budgets = new Map(policy.budgets.map((budget) => [budget.name, budget] as const));

  const groups = policy.groups.map((group, index): ResolvedGroup => {
    let schedule: Schedule | null = null;
    if (group.schedule !== undefined) {
      const parsed = parseSchedule(group.schedule, { defaultZone: zone.name });
      if (parsed.ok) schedule = parsed.value;
      else issues.push({ path: `groups.${index}.schedule`, message: parsed.error.message });
    }
    const holidays = group.holidays === undefined ? undefined : calendars.get(group.holidays);
    const budget = group.budget === undefined ? undefined : budgets.get(group.budget);
    return {
      name: group.name,
      policy: group,
      schedule,
      holidays: holidays ?? NO_HOLIDAYS,
      budget: budget ?? null,
    };
  });

  if (issues.length > 0) return err(issues);
  return ok(deepFreeze({ policy, zone, groups, calendars, budgets }));
}
