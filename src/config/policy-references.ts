/**
 * @module Checks that span several keys of the policy: unique group and budget names, group
 * references to calendars and budgets, and a budget's amount source. They read the raw document
 * defensively, so they run — and report — even when other keys failed the schema.
 */
import { formatPath, type PolicyIssue } from "./policy-issues.js";

type Raw = Readonly<Record<string, unknown>>;

export function referenceIssues(document: unknown): PolicyIssue[] {
  if (!isObject(document)) return [];
  const groups = entries(document.groups);
  const budgets = entries(document.budgets);
  const calendarNames = isObject(document.calendars) ? Object.keys(document.calendars) : [];
  const budgetNames = budgets.flatMap(([, budget]) => stringAt(budget, "name") ?? []);
  return [
    ...duplicateNames("groups", "group", groups),
    ...duplicateNames("budgets", "budget", budgets),
    ...groups.flatMap(([index, group]) => [
      ...dangling(["groups", index, "holidays"], "calendar", "calendars", group, calendarNames),
      ...dangling(["groups", index, "budget"], "budget", "budgets", group, budgetNames),
    ]),
    ...budgets.flatMap(([index, budget]) => amountSource(index, budget)),
  ];
}

function duplicateNames(
  key: string,
  what: string,
  items: readonly (readonly [number, Raw])[],
): PolicyIssue[] {
  const firstIndex = new Map<string, number>();
  const issues: PolicyIssue[] = [];
  for (const [index, item] of items) {
    const name = stringAt(item, "name");
    if (name === undefined) continue;
    const first = firstIndex.get(name);
    if (first === undefined) {
      firstIndex.set(name, index);
    } else {
      issues.push({
        path: formatPath([key, index, "name"]),
        message: `duplicate ${what} name '${name}' (already used by ${key}.${first})`,
      });
    }
  }
  return issues;
}

function dangling(
  path: readonly (string | number)[],
  what: string,
  section: string,
  group: Raw,
  defined: readonly string[],
): PolicyIssue[] {
  const key = path[path.length - 1];
  const name = typeof key === "string" ? stringAt(group, key) : undefined;
  if (name === undefined || defined.includes(name)) return [];
  const known =
    defined.length > 0 ? `${section} defines ${defined.join(", ")}` : `no ${section} are defined`;
  return [{ path: formatPath(path), message: `unknown ${what} '${name}' (${known})` }];
}

function amountSource(index: number, budget: Raw): PolicyIssue[] {
  const hasAmount = budget.amount !== undefined;
  const hasAzure = budget.azureBudget !== undefined;
  if (hasAmount !== hasAzure) return [];
  const message = hasAmount
    ? "expected exactly one of amount or azureBudget, got both"
    : "missing amount (expected amount: <number>, or azureBudget: <name of an Azure budget>)";
  return [{ path: formatPath(["budgets", index]), message }];
}

function entries(value: unknown): (readonly [number, Raw])[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown, index) => (isObject(item) ? [[index, item] as const] : []));
}

function stringAt(object: Raw, key: string): string | undefined {
  const value = object[key];
  return typeof value === "string" ? value : undefined;
}

function isObject(value: unknown): value is Raw {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
