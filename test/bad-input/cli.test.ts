/**
 * @module Bad input on the command line (SPEC §3, §12, §16), run in-process: bad policy files
 * through `gpu-warden validate` (every problem named by its path, exit 2) and bad arguments (bad
 * instants, durations, counts, days, formats, unknown commands; exit 2 with one `error:` line).
 * Nothing here reaches Azure or storage: none of these commands gets that far.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";

const dir = mkdtempSync(join(tmpdir(), "gpu-warden-bad-policy-"));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const group = (extra: string): string =>
  `groups:\n  - name: a\n    match: { tags: { env: dev } }\n${extra}`;

const POLICIES: [string, string, string[]][] = [
  [
    "an unknown key",
    group('    schedule: "daily 08:00-20:00"\n    colour: blue\n'),
    [
      "groups.0.colour: unknown key (expected one of name, match, schedule, holidays, readyBy, offHours, warnBeforeStopMinutes, overrides, idle, slack, budget, protected)",
    ],
  ],
  [
    "wrong types",
    `dryRun: "yes"\nlimits: { maxActionsPerTick: -3 }\n${group('    schedule: "daily 08:00-20:00"\n    readyBy: 1\n')}`,
    [
      "dryRun: expected true or false, got 'yes'",
      "limits.maxActionsPerTick: expected at least 1, got -3",
      "groups.0.readyBy: expected true or false, got 1",
    ],
  ],
  [
    "a bad time",
    group('    schedule: "Mon-Fri 08:00-26:00"\n'),
    [
      "groups.0.schedule: invalid time '26:00' in '08:00-26:00' (expected HH:MM from 00:00 to 23:59, or 24:00 as an end)",
    ],
  ],
  [
    "a bad range",
    group('    schedule: "daily 03:00-04-00"\n'),
    [
      "groups.0.schedule: invalid time range '03:00-04-00' (expected HH:MM-HH:MM, e.g. 08:00-20:00)",
    ],
  ],
  [
    "a bad day",
    group('    schedule: "Mon-Thur 08:00-20:00"\n'),
    [
      "groups.0.schedule: unknown day 'Thur' in 'Mon-Thur' (days are Mon, Tue, Wed, Thu, Fri, Sat, Sun, or 'daily')",
    ],
  ],
  [
    "a bad zone",
    group('    schedule: "daily 08:00-20:00 Invalid/Zone"\n'),
    [
      "groups.0.schedule: unknown time zone 'Invalid/Zone' (expected an IANA name such as Europe/Berlin, or UTC)",
    ],
  ],
  [
    "a bad cron",
    group('    schedule: { start: "0 25 * * *", stop: "0 20 * * 1-5", timezone: UTC }\n'),
    [
      "groups.0.schedule.start: cron start '0 25 * * *': Constraint error, got value 25 expected range 0-23",
    ],
  ],
  [
    "an unknown calendar",
    group('    schedule: "daily 08:00-20:00"\n    holidays: mars\n'),
    ["groups.0.holidays: unknown calendar 'mars' (no calendars are defined)"],
  ],
  [
    "a duplicate group",
    "groups:\n  - name: a\n    match: { tags: { env: dev } }\n  - name: a\n    match: { tags: { env: prod } }\n",
    ["groups.1.name: duplicate group name 'a' (already used by groups.0)"],
  ],
  [
    "an unknown budget",
    group("    budget: ghost\n"),
    ["groups.0.budget: unknown budget 'ghost' (no budgets are defined)"],
  ],
  [
    "a bad budget",
    `${group("    budget: b\n")}budgets:\n  - name: b\n    scope: nowhere\n    amount: -5\n    thresholds: [{ percent: 0, actions: [explode] }]\n`,
    [
      "budgets.0.scope: expected an Azure scope such as /subscriptions/<id> or /subscriptions/<id>/resourceGroups/<name>, got 'nowhere'",
      "budgets.0.amount: expected an amount greater than 0, got -5",
      "budgets.0.thresholds.0.percent: expected a number from 1 to 1000, got 0",
      "budgets.0.thresholds.0.actions.0: expected one of notify, idle-aggressive, scale-spot-to-zero, stop-clusters, block-starts, got 'explode'",
    ],
  ],
  [
    "broken YAML",
    "groups: [\n",
    [
      "line 2, column 1: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]",
    ],
  ],
  [
    "an empty file",
    "",
    ["(root): the policy is empty (expected an object with keys such as groups)"],
  ],
];

describe("gpu-warden validate on a bad policy file", () => {
  it.each(POLICIES)("%s → exit 2, every problem by path", async (what, text, problems) => {
    const file = join(dir, `${what.replace(/\W+/g, "-")}.yaml`);
    writeFileSync(file, text);
    const count = `${String(problems.length)} problem${problems.length === 1 ? "" : "s"}`;
    expect(await runCli("validate", "--config", file)).toEqual({
      code: 2,
      stdout: "",
      stderr: [`error: ${file}: ${count}`, ...problems, ""].join("\n"),
    });
  });
});

const EXPR = ["--expr", "daily 08:00-20:00"];
const INSTANT = "(expected ISO-8601 with Z or an offset, e.g. 2026-11-27T16:00:00Z)";

const ARGUMENTS: [string, string[], string][] = [
  [
    "an unknown command",
    ["frobnicate"],
    "error: unknown command 'frobnicate'\n(run with --help for usage)\n",
  ],
  [
    "a word as --at",
    ["schedule", "check", ...EXPR, "--at", "tomorrow"],
    `error: --at: invalid instant 'tomorrow' ${INSTANT}\n`,
  ],
  [
    "an impossible --at",
    ["schedule", "check", ...EXPR, "--at", "2026-13-45T00:00:00Z"],
    `error: --at: invalid instant '2026-13-45T00:00:00Z' ${INSTANT}\n`,
  ],
  [
    "an --at without a zone",
    ["schedule", "check", ...EXPR, "--at", "2026-11-27T16:00:00"],
    `error: --at: invalid instant '2026-11-27T16:00:00' ${INSTANT}\n`,
  ],
  [
    "a bad --at for plan (before any Azure call)",
    ["plan", "--at", "yesterday", "--emulator"],
    `error: --at: invalid instant 'yesterday' ${INSTANT}\n`,
  ],
  [
    "a negative --count",
    ["schedule", "next", ...EXPR, "--from", "2026-11-27T16:00:00Z", "--count", "-1"],
    "error: --count: expected an integer from 1 to 1000, got '-1'\n",
  ],
  [
    "a bad schedule expression",
    ["schedule", "check", "--expr", "Mon-Thur 08:00-20:00", "--at", "2026-11-27T16:00:00Z"],
    "error: unknown day 'Thur' in 'Mon-Thur' (days are Mon, Tue, Wed, Thu, Fri, Sat, Sun, or 'daily')\n",
  ],
  [
    "an empty schedule expression",
    ["schedule", "check", "--expr", "", "--at", "2026-11-27T16:00:00Z"],
    "error: empty schedule (say 'always', 'never' or e.g. 'Mon-Fri 08:00-20:00')\n",
  ],
  ["--days 0", ["demo", "--days", "0"], "error: --days: expected 1-31, got '0'\n"],
  ["--days in words", ["demo", "--days", "forty"], "error: --days: expected 1-31, got 'forty'\n"],
  [
    "an unknown report format",
    ["report", "weekly", "--format", "pdf"],
    "error: --format: expected md, json, html, got 'pdf'\n",
  ],
  [
    "--at for a real report",
    ["report", "weekly", "--at", "2026-11-27T16:00:00Z"],
    "error: --at needs --emulator: a real report is built at the real time\n",
  ],
  [
    "a missing required option",
    ["override", "set", "dev-a100", "--for", "3 hours"],
    "error: required option '--cluster <name>' not specified\n(run with --help for usage)\n",
  ],
  [
    "a missing policy file",
    ["validate", "--config", "/nonexistent/gpu-warden.yaml"],
    "error: cannot read /nonexistent/gpu-warden.yaml: no such file\n",
  ],
];

describe("bad command-line arguments", () => {
  it.each(ARGUMENTS)("%s → exit 2 and one clear error", async (_what, argv, stderr) => {
    expect(await runCli(...argv)).toEqual({ code: 2, stdout: "", stderr });
  });
});
