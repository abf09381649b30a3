/**
 * @module Reading the policy file: which file (flag, environment, default), unreadable files, and
 * the error that lists every problem.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PolicyError, loadPolicyFile, policyFilePath } from "./load-policy-file.js";

const dir = mkdtempSync(join(tmpdir(), "gpu-warden-policy-"));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe("policyFilePath", () => {
  it("prefers the explicit path, then GPU_WARDEN_CONFIG, then ./gpu-warden.yaml", () => {
    const env = { GPU_WARDEN_CONFIG: "/etc/gpu-warden/policy.yaml" };
    expect(policyFilePath("mine.yaml", env)).toBe("mine.yaml");
    expect(policyFilePath(undefined, env)).toBe("/etc/gpu-warden/policy.yaml");
    expect(policyFilePath(undefined, {})).toBe("gpu-warden.yaml");
    expect(policyFilePath("", { GPU_WARDEN_CONFIG: "" })).toBe("gpu-warden.yaml");
  });
});

describe("loadPolicyFile", () => {
  it("loads a YAML file", async () => {
    const path = file("ok.yaml", "groups: [{ name: dev, match: { names: [dev-*] } }]\n");
    const policy = await loadPolicyFile(path);
    expect(policy.groups.map((group) => group.name)).toEqual(["dev"]);
  });

  it("reads a .json file as JSON", async () => {
    const path = file("ok.json", JSON.stringify({ dryRun: true }));
    expect((await loadPolicyFile(path)).policy.dryRun).toBe(true);
    // Strict JSON: a YAML-only construct is a syntax error in a .json file.
    const yamlish = file("yamlish.json", "dryRun: true\n");
    await expect(loadPolicyFile(yamlish)).rejects.toThrow(/JSON syntax error/);
  });

  it("throws a PolicyError listing every problem", async () => {
    const path = file("bad.yaml", "timezone: Nowhere/Land\ndryRun: maybe\n");
    const error = await loadPolicyFile(path).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PolicyError);
    const policyError = error as PolicyError;
    expect(policyError.code).toBe("InvalidPolicy");
    expect(policyError.issues.map((issue) => issue.path)).toEqual(["timezone", "dryRun"]);
    expect(policyError.message).toBe(
      [
        `${path}: 2 problems`,
        "timezone: unknown time zone 'Nowhere/Land' (expected an IANA name such as Europe/Berlin, or UTC)",
        "dryRun: expected true or false, got 'maybe'",
      ].join("\n"),
    );
  });

  it("throws a PolicyError naming a missing file", async () => {
    const path = join(dir, "missing.yaml");
    const error = await loadPolicyFile(path).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PolicyError);
    expect(error).toMatchObject({
      code: "PolicyFileUnreadable",
      file: path,
      issues: [],
      message: `cannot read ${path}: no such file`,
    });
  });
});
