/**
 * @module Cold start of the functions entry: the time a fresh `node` process takes to
 * `import()` `dist/functions/index.js` (what the Functions worker does at startup), measured
 * inside that process; plus, for scale, the time it takes to import nothing.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { pathToFileURL } from "node:url";

function importMs(url: string | null): number {
  const target = url === null ? "data:text/javascript," : url;
  const code =
    "const t = performance.now();" +
    `await import(${JSON.stringify(target)});` +
    "process.stdout.write(String(performance.now() - t));";
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", code], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"], // the library announces test mode on stderr
  });
  return Number(out);
}

export interface ColdStart {
  readonly entryMs: number[];
  readonly emptyMs: number[];
}

export function measureColdStart(entry: string, runs: number): ColdStart {
  if (!existsSync(entry)) throw new Error(`${entry} not found: run \`npm run build\` first`);
  const url = pathToFileURL(entry).href;
  const entryMs: number[] = [];
  const emptyMs: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    entryMs.push(importMs(url));
    emptyMs.push(importMs(null));
  }
  return { entryMs, emptyMs };
}
