/**
 * @module Policy validation: the examples, defaults, frozen results, YAML and JSON, and every bad
 * key reported by its path.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { stateAt } from "../core/schedule/index.js";
import { loadPolicy, validatePolicy, type PolicyResult } from "./load-policy.js";
import type { PolicyIssue } from "./policy-issues.js";
import type { ResolvedPolicy } from "./resolve-policy.js";

const example = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");

function valid(result: PolicyResult): ResolvedPolicy {
  if (!result.ok) throw new Error(`expected a valid policy, got:\n${JSON.stringify(result.error)}`);
  return result.value;
}

function problems(result: PolicyResult): readonly PolicyIssue[] {
  if (result.ok) throw new Error("expected problems, got a valid policy");
  return result.error;
}

/** A minimal valid policy with one group; `extra` is merged into the first group. */
function withGroup(extra: Record<string, unknown>, top: Record<string, unknown> = {}): unknown {
  return { ...top, groups: [{ name: "dev", match: { names: ["dev-*"] }, ...extra }] };
}

describe("the shipped examples", () => {
  it("examples/gpu-warden.yaml is valid and resolves every group", () => {
    const policy = valid(loadPolicy(example("examples/gpu-warden.yaml")));
    expect(policy.groups.map((group) => group.name)).toEqual([
      "ml-dev",
      "research-eu",
      "batch-eu",
      "inference-prod",
    ]);
    const [mlDev, researchEu, batchEu, prod] = policy.groups;
    expect(mlDev?.schedule?.kind).toBe("windows");
    expect(mlDev?.holidays.size).toBeGreaterThan(10);
    expect(mlDev?.budget?.name).toBe("ml-dev-monthly");
    expect(researchEu?.budget?.azureBudget).toBe("research-eu-gpu");
    expect(batchEu?.schedule?.kind).toBe("cron");
    expect(prod?.schedule).toBeNull();
    expect(prod?.policy.protected).toBe(true);
    expect([...policy.calendars.keys()]).toEqual(["us", "de"]);
    expect([...policy.budgets.keys()]).toEqual(["ml-dev-monthly", "research-eu"]);
  });

  it("examples/invalid/three-errors.yaml has exactly its three problems, by path", () => {
    const issues = problems(loadPolicy(example("examples/invalid/three-errors.yaml")));
    expect(issues).toEqual([
      {
        path: "timezone",
        message:
          "unknown time zone 'America/Los_Angles' (expected an IANA name such as Europe/Berlin, or UTC)",
      },
      {
        path: "groups.0.schedule",
        message: expect.stringContaining("'Thur'") as string,
      },
      {
        path: "groups.0.idle.gpuUtilBelowPercent",
        message: "expected a number from 0 to 100, got 150",
      },
    ]);
  });
});

describe("defaults", () => {
  it("fills every optional key of a minimal policy", () => {
    const { policy } = valid(validatePolicy(withGroup({})));
    expect(policy).toEqual({
      timezone: "UTC",
      dryRun: false,
      limits: { maxActionsPerTick: 25 },
      scope: { subscriptions: [] },
      groups: [
        {
          name: "dev",
          match: { tags: {}, resourceGroups: [], names: ["dev-*"] },
          readyBy: false,
          offHours: { action: "stop", graceMinutes: 60 },
          warnBeforeStopMinutes: 15,
          overrides: { maxHours: 12 },
          idle: { enabled: false, gpuUtilBelowPercent: 5, forMinutes: 60, mode: "force-zero" },
          slack: { allow: { users: [], usergroups: [], channels: [] } },
          protected: false,
        },
      ],
      calendars: {},
      budgets: [],
      slack: { commandName: "/gpu", admins: [] },
      reports: {},
    });
  });

  it("turns idle on when the idle section is present", () => {
    const { policy } = valid(validatePolicy(withGroup({ idle: { forMinutes: 30 } })));
    expect(policy.groups[0]?.idle).toEqual({
      enabled: true,
      gpuUtilBelowPercent: 5,
      forMinutes: 30,
      mode: "force-zero",
    });
  });

  it("fills budget, threshold and report defaults", () => {
    const { policy } = valid(
      validatePolicy({
        budgets: [
          {
            name: "b",
            scope: "/subscriptions/11111111-1111-1111-1111-111111111111",
            amount: 100,
            thresholds: [{ percent: 80, actions: ["notify"] }],
          },
        ],
        reports: { weekly: { channel: "C0FINOPS" } },
      }),
    );
    expect(policy.budgets[0]).toEqual({
      name: "b",
      scope: "/subscriptions/11111111-1111-1111-1111-111111111111",
      amount: 100,
      thresholds: [{ percent: 80, forecast: false, actions: ["notify"] }],
      approvers: [],
    });
    expect(policy.reports.weekly).toEqual({ channel: "C0FINOPS", day: "Mon", time: "09:00" });
  });
});

describe("the result", () => {
  it("is deeply frozen", () => {
    const policy = valid(loadPolicy(example("examples/gpu-warden.yaml")));
    expect(Object.isFrozen(policy)).toBe(true);
    expect(Object.isFrozen(policy.policy)).toBe(true);
    expect(Object.isFrozen(policy.groups)).toBe(true);
    expect(Object.isFrozen(policy.groups[0])).toBe(true);
    expect(Object.isFrozen(policy.policy.groups[0]?.match.tags)).toBe(true);
    expect(Object.isFrozen(policy.policy.budgets[0]?.thresholds[0]?.actions)).toBe(true);
    expect(() => {
      (policy.policy as { dryRun: boolean }).dryRun = true;
    }).toThrow(TypeError);
  });

  it("parses group schedules with the policy timezone as the default zone", () => {
    const policy = valid(
      validatePolicy(
        withGroup({ schedule: "Mon-Fri 08:00-20:00" }, { timezone: "America/Los_Angeles" }),
      ),
    );
    const schedule = policy.groups[0]?.schedule;
    if (!schedule) throw new Error("schedule expected");
    expect(policy.zone.name).toBe("America/Los_Angeles");
    // Monday 2026-11-23 08:30 in Los Angeles is 16:30 UTC: running; 07:30 there is stopped.
    expect(stateAt(schedule, new Date("2026-11-23T16:30:00Z"))).toBe("running");
    expect(stateAt(schedule, new Date("2026-11-23T15:30:00Z"))).toBe("stopped");
  });

  it("gives each group its calendar's dates and its budget", () => {
    const policy = valid(
      validatePolicy({
        ...(withGroup({ holidays: "us", budget: "b" }) as object),
        calendars: { us: ["2026-12-25"] },
        budgets: [
          { name: "b", scope: "/subscriptions/11111111-1111-1111-1111-111111111111", amount: 1 },
        ],
      }),
    );
    expect(policy.groups[0]?.holidays).toBe(policy.calendars.get("us"));
    expect(policy.groups[0]?.holidays.size).toBe(1);
    expect(policy.groups[0]?.budget?.name).toBe("b");
  });
});

describe("formats", () => {
  const yaml = [
    "timezone: Europe/Berlin",
    "groups:",
    "  - name: dev",
    "    match: { names: [dev-*] }",
    '    schedule: "Mon-Fri 08:00-20:00"',
    "calendars: { de: [2026-12-25] }",
    "reports: { weekly: { channel: C0FINOPS, time: 09:00 } }",
  ].join("\n");
  const json = JSON.stringify({
    timezone: "Europe/Berlin",
    groups: [{ name: "dev", match: { names: ["dev-*"] }, schedule: "Mon-Fri 08:00-20:00" }],
    calendars: { de: ["2026-12-25"] },
    reports: { weekly: { channel: "C0FINOPS", time: "09:00" } },
  });

  it("reads YAML and JSON into the same policy", () => {
    const fromYaml = valid(loadPolicy(yaml)).policy;
    expect(valid(loadPolicy(json, { format: "json" })).policy).toEqual(fromYaml);
    expect(valid(loadPolicy(json, { filename: "policy.JSON" })).policy).toEqual(fromYaml);
  });

  it("keeps YAML dates and times as strings (YAML 1.2)", () => {
    const { policy } = valid(loadPolicy(yaml));
    expect(policy.calendars.de).toEqual(["2026-12-25"]);
    expect(policy.reports.weekly?.time).toBe("09:00");
  });

  it("allows YAML anchors and merge keys", () => {
    const text = [
      "groups:",
      "  - &dev",
      "    name: dev",
      "    match: { names: [dev-*] }",
      "    idle: { forMinutes: 30 }",
      "  - <<: *dev",
      "    name: dev2",
    ].join("\n");
    const { policy } = valid(loadPolicy(text));
    expect(policy.groups[1]?.idle.forMinutes).toBe(30);
  });

  it("reports YAML syntax errors with line and column", () => {
    const issues = problems(loadPolicy("timezone: UTC\ngroups:\n  - name: a: b\n"));
    expect(issues[0]).toMatchObject({ path: "", line: 3, column: 11 });
    expect(issues[0]?.message).toMatch(/^YAML syntax error: /);
  });

  it("reports duplicate YAML keys", () => {
    const issues = problems(loadPolicy("timezone: UTC\ntimezone: Europe/Berlin\n"));
    expect(issues).toEqual([
      { path: "", line: 2, column: 1, message: expect.stringMatching(/unique/) as string },
    ]);
  });

  it("reports JSON syntax errors", () => {
    const [issue] = problems(loadPolicy('{\n  "timezone": "UTC",\n}', { format: "json" }));
    expect(issue?.message).toMatch(/^JSON syntax error: /);
  });

  it("says so when the file is empty", () => {
    expect(problems(loadPolicy("# nothing yet\n"))).toEqual([
      { path: "", message: expect.stringMatching(/the policy is empty/) as string },
    ]);
  });
});

describe("problems are reported by path, all at once", () => {
  it.each<[string, unknown, string, RegExp]>([
    ["an unknown top-level key", { timezon: "UTC" }, "timezon", /did you mean 'timezone'/],
    [
      "an unknown group key",
      withGroup({ offHour: {} }),
      "groups.0.offHour",
      /did you mean 'offHours'/,
    ],
    [
      "an unknown nested key",
      withGroup({ idle: { gpuUtil: 5 } }),
      "groups.0.idle.gpuUtil",
      /unknown key/,
    ],
    ["an unrelated unknown key", { colour: "red" }, "colour", /expected one of timezone, dryRun/],
    [
      "an out-of-range percentage",
      withGroup({ idle: { gpuUtilBelowPercent: -1 } }),
      "groups.0.idle.gpuUtilBelowPercent",
      /from 0 to 100, got -1/,
    ],
    [
      "a bad enum value",
      withGroup({ offHours: { action: "halt" } }),
      "groups.0.offHours.action",
      /one of stop, warn, ignore/,
    ],
    ["a wrong type", { dryRun: "yes" }, "dryRun", /expected true or false, got 'yes'/],
    [
      "a non-integer",
      { limits: { maxActionsPerTick: 2.5 } },
      "limits.maxActionsPerTick",
      /whole number/,
    ],
    [
      "a zero limit",
      { limits: { maxActionsPerTick: 0 } },
      "limits.maxActionsPerTick",
      /at least 1, got 0/,
    ],
    [
      "a bad subscription",
      { scope: { subscriptions: ["x"] } },
      "scope.subscriptions.0",
      /subscription ID/,
    ],
    ["an unknown zone", { timezone: "Mars/Base" }, "timezone", /unknown time zone 'Mars\/Base'/],
    ["a zone abbreviation", { timezone: "PST" }, "timezone", /unknown time zone 'PST'/],
    [
      "a bad schedule token",
      withGroup({ schedule: "Mon 08:00-26:00" }),
      "groups.0.schedule",
      /'26:00'/,
    ],
    ["an empty schedule", withGroup({ schedule: "" }), "groups.0.schedule", /empty schedule/],
    [
      "a schedule of the wrong type",
      withGroup({ schedule: 5 }),
      "groups.0.schedule",
      /expected a schedule expression/,
    ],
    [
      "a cron form without stop",
      withGroup({ schedule: { start: "0 8 * * 1-5" } }),
      "groups.0.schedule.stop",
      /missing/,
    ],
    [
      "a bad cron stop",
      withGroup({ schedule: { start: "0 8 * * 1-5", stop: "0 20 * *" } }),
      "groups.0.schedule.stop",
      /5 fields/,
    ],
    [
      "an unknown cron zone",
      withGroup({ schedule: { start: "0 8 * * *", stop: "0 20 * * *", timezone: "Europe/Berln" } }),
      "groups.0.schedule.timezone",
      /unknown time zone 'Europe\/Berln'/,
    ],
    [
      "an empty match",
      { groups: [{ name: "a", match: {} }] },
      "groups.0.match",
      /at least one of tags/,
    ],
    [
      "a boolean tag value",
      withGroup({ match: { tags: { gpu: true } } }),
      "groups.0.match.tags.gpu",
      /quote it: "true"/,
    ],
    [
      "a channel name instead of an ID",
      withGroup({ slack: { channel: "#ml-dev" } }),
      "groups.0.slack.channel",
      /channel ID/,
    ],
    [
      "an impossible holiday",
      { calendars: { us: ["2026-02-30"] } },
      "calendars.us.0",
      /real calendar date/,
    ],
    [
      "a holiday that is not a date",
      { calendars: { us: ["Dec 25"] } },
      "calendars.us.0",
      /YYYY-MM-DD/,
    ],
    [
      "a bad weekly time",
      { reports: { weekly: { channel: "C0A", time: "9am" } } },
      "reports.weekly.time",
      /HH:MM/,
    ],
    [
      "an http endpoint",
      { prometheus: { endpoint: "http://x.example" } },
      "prometheus.endpoint",
      /https:\/\//,
    ],
  ])("%s", (_name, document, path, message) => {
    const issues = problems(validatePolicy(document));
    expect(issues).toEqual([{ path, message: expect.stringMatching(message) as string }]);
  });

  it("reports a bad cron zone and a bad cron expression together", () => {
    const cron = { start: "0 8 * * 1-5", stop: "0 25 * * 1-5", timezone: "Europe/Berln" };
    const issues = problems(validatePolicy(withGroup({ schedule: cron })));
    expect(issues.map((issue) => issue.path)).toEqual([
      "groups.0.schedule.timezone",
      "groups.0.schedule.stop",
    ]);
  });

  it("reports every unknown key of an object separately", () => {
    const issues = problems(validatePolicy({ dryrun: true, limit: {} }));
    expect(issues.map((issue) => issue.path)).toEqual(["dryrun", "limit"]);
  });

  it("reports schema and reference problems together", () => {
    const issues = problems(
      validatePolicy({
        timezone: "Nowhere/Land",
        groups: [
          { name: "a", match: { names: ["*"] }, holidays: "usa", idle: { forMinutes: 1 } },
          { name: "a", match: { names: ["*"] }, budget: "none" },
        ],
      }),
    );
    expect(issues.map((issue) => issue.path)).toEqual([
      "timezone",
      "groups.0.idle.forMinutes",
      "groups.1.name",
      "groups.0.holidays",
      "groups.1.budget",
    ]);
  });
});

describe("references and exclusivity", () => {
  const scope = "/subscriptions/11111111-1111-1111-1111-111111111111";

  it("rejects duplicate group names", () => {
    const issues = problems(
      validatePolicy({
        groups: [
          { name: "dev", match: { names: ["a"] } },
          { name: "prod", match: { names: ["b"] } },
          { name: "dev", match: { names: ["c"] } },
        ],
      }),
    );
    expect(issues).toEqual([
      { path: "groups.2.name", message: "duplicate group name 'dev' (already used by groups.0)" },
    ]);
  });

  it("rejects duplicate budget names", () => {
    const issues = problems(
      validatePolicy({
        budgets: [
          { name: "b", scope, amount: 1 },
          { name: "b", scope, amount: 2 },
        ],
      }),
    );
    expect(issues).toEqual([
      { path: "budgets.1.name", message: "duplicate budget name 'b' (already used by budgets.0)" },
    ]);
  });

  it("rejects a group naming a calendar that does not exist", () => {
    const issues = problems(
      validatePolicy({ ...(withGroup({ holidays: "usa" }) as object), calendars: { us: [] } }),
    );
    expect(issues).toEqual([
      { path: "groups.0.holidays", message: "unknown calendar 'usa' (calendars defines us)" },
    ]);
  });

  it("rejects a group naming a budget that does not exist", () => {
    const issues = problems(validatePolicy(withGroup({ budget: "gpu" })));
    expect(issues).toEqual([
      { path: "groups.0.budget", message: "unknown budget 'gpu' (no budgets are defined)" },
    ]);
  });

  it("requires exactly one of amount and azureBudget", () => {
    const issues = problems(
      validatePolicy({
        budgets: [
          { name: "both", scope, amount: 10, azureBudget: "gpu" },
          { name: "neither", scope },
          { name: "amount", scope, amount: 10 },
          { name: "azure", scope, azureBudget: "gpu" },
        ],
      }),
    );
    expect(issues).toEqual([
      { path: "budgets.0", message: "expected exactly one of amount or azureBudget, got both" },
      { path: "budgets.1", message: expect.stringMatching(/^missing amount/) as string },
    ]);
  });

  it("checks budget amounts, scopes, percentages and actions", () => {
    const issues = problems(
      validatePolicy({
        budgets: [
          {
            name: "b",
            scope: "/subscriptions/not-a-guid",
            amount: 0,
            thresholds: [
              { percent: 1001, actions: ["notify"] },
              { percent: 50, actions: [] },
              { percent: 60, actions: ["notify", "notify"] },
              { percent: 70, actions: ["page-oncall"] },
            ],
          },
        ],
      }),
    );
    expect(issues.map((issue) => [issue.path, issue.message])).toEqual([
      ["budgets.0.scope", expect.stringMatching(/Azure scope/)],
      ["budgets.0.amount", "expected an amount greater than 0, got 0"],
      ["budgets.0.thresholds.0.percent", "expected a number from 1 to 1000, got 1001"],
      ["budgets.0.thresholds.1.actions", "expected at least one action"],
      ["budgets.0.thresholds.2.actions.1", "duplicate action 'notify'"],
      ["budgets.0.thresholds.3.actions.0", expect.stringMatching(/^expected one of notify, /)],
    ]);
  });

  it.each([
    "/subscriptions/11111111-1111-1111-1111-111111111111",
    "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/ml-dev",
    "/providers/Microsoft.Management/managementGroups/research",
    "/providers/Microsoft.Billing/billingAccounts/1234:5678/billingProfiles/ABCD",
  ])("accepts the budget scope %s", (budgetScope) => {
    expect(validatePolicy({ budgets: [{ name: "b", scope: budgetScope, amount: 1 }] }).ok).toBe(
      true,
    );
  });
});
