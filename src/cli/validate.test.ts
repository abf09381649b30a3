/**
 * @module Contract tests for `gpu-warden validate`: exit 0 with a summary, exit 2 listing every
 * problem, `--json`.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { main } from "./main.js";

const EXAMPLE = "examples/gpu-warden.yaml";
const INVALID = "examples/invalid/three-errors.yaml";

let stdout: string;
let stderr: string;

beforeEach(() => {
  stdout = "";
  stderr = "";
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe("gpu-warden validate", () => {
  it("exits 0 with a one-line summary for a valid file", async () => {
    expect(await main(["validate", "--config", EXAMPLE])).toBe(0);
    expect(stdout).toBe(`${EXAMPLE}: valid — 4 groups, 2 budgets, 2 calendars\n`);
    expect(stderr).toBe("");
  });

  it("exits 2 and prints every problem as <path>: <message> on stderr", async () => {
    expect(await main(["validate", "--config", INVALID])).toBe(2);
    expect(stdout).toBe("");
    expect(stderr.split("\n")).toEqual([
      `error: ${INVALID}: 3 problems`,
      "timezone: unknown time zone 'America/Los_Angles' (expected an IANA name such as Europe/Berlin, or UTC)",
      "groups.0.schedule: unknown day 'Thur' in 'Mon-Thur' (days are Mon, Tue, Wed, Thu, Fri, Sat, Sun, or 'daily')",
      "groups.0.idle.gpuUtilBelowPercent: expected a number from 0 to 100, got 150",
      "",
    ]);
  });

  it("shows line and column for a syntax error, and says '1 problem'", async () => {
    const dir = mkdtempSync(join(tmpdir(), "gpu-warden-validate-"));
    const path = join(dir, "broken.yaml");
    writeFileSync(path, "groups:\n  - name: a: b\n");
    expect(await main(["validate", "--config", path])).toBe(2);
    expect(stderr).toMatch(
      new RegExp(`^error: ${path}: 1 problem\nline 2, column 11: YAML syntax error: `),
    );
  });

  it("exits 2 naming a missing file", async () => {
    expect(await main(["validate", "--config", "no/such/policy.yaml"])).toBe(2);
    expect(stderr).toBe("error: cannot read no/such/policy.yaml: no such file\n");
  });

  it("reads GPU_WARDEN_CONFIG when --config is not given", async () => {
    vi.stubEnv("GPU_WARDEN_CONFIG", EXAMPLE);
    expect(await main(["validate"])).toBe(0);
    expect(stdout).toMatch(/^examples\/gpu-warden\.yaml: valid/);
  });

  it("defaults to ./gpu-warden.yaml", async () => {
    vi.stubEnv("GPU_WARDEN_CONFIG", "");
    expect(await main(["validate"])).toBe(2);
    expect(stderr).toBe("error: cannot read gpu-warden.yaml: no such file\n");
  });

  describe("--json", () => {
    it("prints {valid: true, …} for a valid file", async () => {
      expect(await main(["validate", "--config", EXAMPLE, "--json"])).toBe(0);
      expect(JSON.parse(stdout)).toEqual({
        valid: true,
        file: EXAMPLE,
        groups: 4,
        budgets: 2,
        calendars: 2,
      });
    });

    it("prints {valid: false, errors} on stdout and exits 2", async () => {
      expect(await main(["validate", "--config", INVALID, "--json"])).toBe(2);
      const result = JSON.parse(stdout) as { valid: boolean; errors: { path: string }[] };
      expect(result.valid).toBe(false);
      expect(result.errors.map((error) => error.path)).toEqual([
        "timezone",
        "groups.0.schedule",
        "groups.0.idle.gpuUtilBelowPercent",
      ]);
      expect(stderr).toBe(`error: ${INVALID}: 3 problems\n`);
    });

    it("reports a missing file as JSON too", async () => {
      expect(await main(["validate", "--config", "missing.yaml", "--json"])).toBe(2);
      expect(JSON.parse(stdout)).toEqual({
        valid: false,
        file: "missing.yaml",
        errors: [{ path: "", message: "cannot read missing.yaml: no such file" }],
      });
    });
  });
});
