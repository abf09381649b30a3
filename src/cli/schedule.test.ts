/**
 * @module Contract tests for `gpu-warden schedule check|next` (SPEC §4): exact JSON on stdout and
 * exit 0; `error: …` on stderr and exit 2 for invalid input; a human sentence without --json.
 */
import { describe, expect, it } from "vitest";
import { runCli } from "../../test/helpers/cli.js";

const LA = "Mon-Fri 08:00-20:00 America/Los_Angeles";

describe("gpu-warden schedule check", () => {
  it("prints the state and the next change as JSON", async () => {
    const run = await runCli(
      "schedule",
      "check",
      "--expr",
      LA,
      "--at",
      "2026-11-27T16:00:00Z",
      "--json",
    );
    expect(run).toEqual({
      code: 0,
      stdout: '{"state":"running","nextChange":"2026-11-28T04:00:00Z"}\n',
      stderr: "",
    });
  });

  it("prints a sentence in the schedule's zone without --json", async () => {
    const run = await runCli("schedule", "check", "--expr", LA, "--at", "2026-11-27T16:00:00Z");
    expect(run.stdout).toBe("running until Fri 20:00 PST (2026-11-28T04:00:00Z)\n");
  });

  it("accepts an instant with an offset", async () => {
    const run = await runCli(
      "schedule",
      "check",
      "--expr",
      LA,
      "--at",
      "2026-11-27T08:00:00-08:00",
      "--json",
    );
    expect(JSON.parse(run.stdout)).toEqual({
      state: "running",
      nextChange: "2026-11-28T04:00:00Z",
    });
  });

  it("applies --timezone to windows that name none and --holidays to the start day", async () => {
    const base = [
      "schedule",
      "check",
      "--expr",
      "Mon-Fri 08:00-20:00",
      "--timezone",
      "Europe/Berlin",
    ];
    const normal = await runCli(...base, "--at", "2026-12-24T07:30:00Z", "--json");
    expect(JSON.parse(normal.stdout)).toEqual({
      state: "running",
      nextChange: "2026-12-24T19:00:00Z",
    });
    const holiday = await runCli(
      ...base,
      "--at",
      "2026-12-24T07:30:00Z",
      "--holidays",
      "2026-12-24,2026-12-25",
      "--json",
    );
    expect(JSON.parse(holiday.stdout)).toEqual({
      state: "stopped",
      nextChange: "2026-12-28T07:00:00Z",
    });
  });

  it("prints null when the state never changes", async () => {
    const run = await runCli(
      "schedule",
      "check",
      "--expr",
      "always",
      "--at",
      "2026-11-27T16:00:00Z",
      "--json",
    );
    expect(run.stdout).toBe('{"state":"running","nextChange":null}\n');
  });

  it.each([
    [
      "an unknown day",
      ["--expr", "Mon-Thur 09:00-20:00", "--at", "2026-11-27T16:00:00Z"],
      "Mon-Thur",
    ],
    [
      "an hour out of range",
      ["--expr", "Mon 08:00-26:00", "--at", "2026-11-27T16:00:00Z"],
      "26:00",
    ],
    [
      "an unknown zone",
      ["--expr", "Mon 08:00-09:00 Invalid/Zone", "--at", "2026-11-27T16:00:00Z"],
      "Invalid/Zone",
    ],
    ["an empty expression", ["--expr", "", "--at", "2026-11-27T16:00:00Z"], "empty schedule"],
    [
      "an instant without a zone",
      ["--expr", LA, "--at", "2026-11-27T16:00:00"],
      "2026-11-27T16:00:00",
    ],
    [
      "a bad holiday",
      ["--expr", LA, "--at", "2026-11-27T16:00:00Z", "--holidays", "2026-02-30"],
      "2026-02-30",
    ],
    [
      "a bad default zone",
      ["--expr", LA, "--at", "2026-11-27T16:00:00Z", "--timezone", "PST"],
      "PST",
    ],
    ["a missing --expr", ["--at", "2026-11-27T16:00:00Z"], "--expr"],
  ])("exits 2 naming the problem for %s", async (_what, args, named) => {
    const run = await runCli("schedule", "check", ...args, "--json");
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^error: /);
    expect(run.stderr).toContain(named);
  });
});

describe("gpu-warden schedule next", () => {
  it("prints the next N transitions as JSON", async () => {
    const run = await runCli(
      "schedule",
      "next",
      "--expr",
      LA,
      "--from",
      "2026-11-27T16:00:00Z",
      "--count",
      "3",
      "--json",
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([
      { at: "2026-11-28T04:00:00Z", state: "stopped" },
      { at: "2026-11-30T16:00:00Z", state: "running" },
      { at: "2026-12-01T04:00:00Z", state: "stopped" },
    ]);
  });

  it("prints one line per transition without --json", async () => {
    const run = await runCli(
      "schedule",
      "next",
      "--expr",
      LA,
      "--from",
      "2026-11-27T16:00:00Z",
      "--count",
      "2",
    );
    expect(run.stdout).toBe(
      "2026-11-28T04:00:00Z  stopped  Fri 20:00 PST\n2026-11-30T16:00:00Z  running  Mon 08:00 PST\n",
    );
  });

  it.each(["0", "-1", "two", "1001"])("rejects --count %s with exit 2", async (count) => {
    const run = await runCli(
      "schedule",
      "next",
      "--expr",
      LA,
      "--from",
      "2026-11-27T16:00:00Z",
      "--count",
      count,
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--count");
  });
});
