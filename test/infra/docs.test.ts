/**
 * @module docs/deploy.md and docs/operations.md (and the README's deployment sections) refer only
 * to what exists: npm scripts, `gpu-warden` commands, azd values that main.bicep outputs or
 * main.parameters.json reads, Bicep parameters, files and links.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { INFRA, parseBicepFile, params, REPO } from "./bicep.js";

const DOCS = ["docs/deploy.md", "docs/operations.md", "README.md"];
const read = (file: string) => readFileSync(join(REPO, file), "utf8");
const all = (text: string, pattern: RegExp) => [...text.matchAll(pattern)].map((m) => m[1] ?? "");

const scripts = Object.keys(
  (JSON.parse(read("package.json")) as { scripts: Record<string, string> }).scripts,
);
const main = read("infra/main.bicep");
const outputs = all(main, /^output (\w+) /gm);
const parameterFile = read("infra/main.parameters.json");
const azdInputs = all(parameterFile, /\$\{(\w+)/g);
const bicepParams = params(parseBicepFile(join(INFRA, "main.bicep")).root).map((p) => p.name);
const cliCommands = readdirSync(join(REPO, "src/cli")).flatMap((file) =>
  all(read(`src/cli/${file}`), /\.command\("([\w-]+)"\)/g),
);

describe.each(DOCS)("%s", (doc) => {
  const text = read(doc);

  it("runs only npm scripts that exist", () => {
    const used = all(text, /npm run (?:--[\w-]+ )*(\w[\w:-]*)/g);
    expect(used.filter((s) => !scripts.includes(s))).toEqual([]);
  });

  it("runs only gpu-warden commands that exist", () => {
    const used = all(text, /npx gpu-warden ([\w-]+)/g);
    expect(used.filter((c) => !cliCommands.includes(c))).toEqual([]);
  });

  it("reads only azd values the deployment outputs, sets only values it reads", () => {
    const read = all(text, /azd env get-value (\w+)/g);
    expect(read.filter((v) => !outputs.includes(v))).toEqual([]);
    const set = all(text, /azd env set (\w+)/g);
    expect(set.filter((v) => !azdInputs.includes(v))).toEqual([]);
  });

  it("links only to files that exist", () => {
    const links = all(text, /\]\(((?!https?:|#)[^)#\s]+)/g);
    const missing = links.filter((link) => !existsSync(join(REPO, dirname(doc), link)));
    expect(missing).toEqual([]);
  });
});

describe("docs/deploy.md", () => {
  it("names only Bicep parameters main.bicep declares", () => {
    const text = read("docs/deploy.md");
    const named = all(text, /^\| `\w+`\s+\| `(\w+)`/gm);
    expect(named.length).toBeGreaterThan(4);
    expect(named.filter((p) => !bicepParams.includes(p))).toEqual([]);
    expect(all(text, /`(policyFilePath)`/g)).toContain("policyFilePath");
    expect(bicepParams).toContain("policyFilePath");
  });
});
