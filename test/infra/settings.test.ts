/**
 * @module One list of app settings: the ones src/config/env.ts reads are all in
 * local.settings.sample.json and documented in docs/configuration.md ("App settings"); the ones
 * infra/ sets are read by the app or documented there as the host's.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { POLICY_FILE_VARIABLE } from "../../src/config/load-policy-file.js";
import { readEnv } from "../../src/config/env.js";
import { INFRA, keys, parseBicepFile, REPO, variable } from "./bicep.js";

const read = (file: string) => readFileSync(join(REPO, file), "utf8");

/** The keys of env.ts's zod schema (`const schema = z.object({ KEY: …, [CONSTANT]: … })`). */
function envSettings(): string[] {
  const source = read("src/config/env.ts");
  const body = /const schema = z\.object\(\{\n([\s\S]*?)\n\}\);/.exec(source)?.[1];
  if (body === undefined) throw new Error("src/config/env.ts: no `const schema = z.object({…});`");
  const constants: Record<string, string> = { POLICY_FILE_VARIABLE };
  return [...body.matchAll(/^ {2}(\[\w+\]|\w+):/gm)].map(([, key = ""]) =>
    key.startsWith("[") ? (constants[key.slice(1, -1)] ?? key) : key,
  );
}

/** First-column names of the tables under "## App settings" in docs/configuration.md. */
function documentedSettings(): string[] {
  const section = read("docs/configuration.md")
    .split(/^## /m)
    .find((s) => s.startsWith("App settings"));
  return (section ?? "")
    .split("\n")
    .filter((line) => line.startsWith("| `"))
    .flatMap((line) =>
      [...(line.split("|")[1] ?? "").matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? ""),
    )
    .map((name) => (name.startsWith("__") ? `AzureWebJobsStorage${name}` : name));
}

const sample = JSON.parse(read("local.settings.sample.json")) as { Values: Record<string, string> };

describe("app settings", () => {
  const settings = envSettings();

  it("reads the schema's keys (the extraction finds them)", () => {
    expect(settings).toContain("GPU_WARDEN_CONFIG");
    expect(settings).toContain("SLACK_SIGNING_SECRET");
    expect(settings.length).toBeGreaterThan(8);
  });

  it("local.settings.sample.json lists every setting the app reads, and only host settings besides", () => {
    const listed = Object.keys(sample.Values);
    expect(settings.filter((s) => !listed.includes(s))).toEqual([]);
    expect(listed.filter((s) => !settings.includes(s))).toEqual(["FUNCTIONS_WORKER_RUNTIME"]);
  });

  it("local.settings.sample.json parses as the app's settings (empty values are unset)", () => {
    const env = readEnv(sample.Values);
    expect(env.storage).toEqual({
      kind: "connection-string",
      connectionString: "UseDevelopmentStorage=true",
    });
    expect(env.slack).toEqual({});
  });

  it("docs/configuration.md documents every setting the app reads", () => {
    const documented = documentedSettings();
    expect(settings.filter((s) => !documented.includes(s))).toEqual([]);
  });

  it("infra/ sets only settings the app reads or the docs list as the host's", () => {
    const root = parseBicepFile(join(INFRA, "modules/function-app.bicep")).root;
    const set = [
      ...keys(variable(root, "hostSettings")),
      ...keys(variable(root, "slackReferences")),
    ];
    const documented = documentedSettings();
    expect(set.filter((s) => !settings.includes(s) && !documented.includes(s))).toEqual([]);
    // Identity-based storage as the app reads it (env.ts): both service URIs, and the client id.
    const fake = Object.fromEntries(
      set.map((s) => [s, s.endsWith("Uri") ? "https://x.example/" : "x"]),
    );
    expect(readEnv(fake).storage).toMatchObject({ kind: "identity", clientId: "x" });
  });
});
