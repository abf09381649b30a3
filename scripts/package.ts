/**
 * @module `npm run package`: the deployable Flex Consumption package. esbuild bundles the
 * functions entry (src/functions/index.ts) into ESM with code splitting, so the SDKs that
 * composition.ts imports lazily stay in chunks loaded on first use; `@azure/functions-core` (the
 * worker's built-in module) stays external, and so do the two packages esbuild cannot bundle —
 * resvg's native binary (`@resvg/resvg-js`, for Flex Consumption's Linux x64) and the chart's
 * font (`dejavu-fonts-ttf`, a file read at run time) — which ship instead as a small
 * `node_modules/` subset (SHIPPED). Next to the bundle: host.json, a package.json whose `main` is
 * the bundle, and the policy file (validated first). Written to `out/package/app/`
 * (what `azd` deploys, azure.yaml `dist`) and zipped to `out/package/gpu-warden.zip`.
 *
 *     npm run package [-- --policy FILE] [--out DIR]
 */
import { copyFile, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, extname, join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build, type Metafile } from "esbuild";
import { zipSync, type Zippable } from "fflate";
import { loadPolicyFile, PolicyError } from "../src/config/policy.js";

const REPO = resolve(fileURLToPath(import.meta.url), "../..");
export const ENTRY = "src/functions/index.ts";
/** The bundle's entry inside the package (package.json `main`). */
export const MAIN = "dist/index.js";
export const ZIP_NAME = "gpu-warden.zip";
/** Zip entries carry this timestamp, so the same input gives the same zip. */
const ZIP_MTIME = new Date("2026-01-01T00:00:00Z");

/**
 * Files copied from node_modules into the package: what the chart needs at run time and esbuild
 * cannot bundle. Flex Consumption runs Linux x64 with glibc: resvg's binary for that platform.
 */
export const SHIPPED: Readonly<Record<string, readonly string[]>> = {
  "@resvg/resvg-js": ["package.json", "index.js", "js-binding.js", "LICENSE"],
  "@resvg/resvg-js-linux-x64-gnu": ["package.json", "resvgjs.linux-x64-gnu.node"],
  "dejavu-fonts-ttf": ["package.json", "LICENSE", "ttf/DejaVuSans.ttf"],
};
/** Kept out of the bundle: loaded from the shipped node_modules (or the worker) at run time. */
const EXTERNAL = ["@azure/functions-core", "@resvg/resvg-js"];

export interface PackageOptions {
  /** Policy file shipped in the package (default `gpu-warden.yaml`). */
  readonly policy?: string;
  /** Output directory (default `out/package`). */
  readonly out?: string;
}

export interface PackageResult {
  /** The package's directory: its content is the zip's. */
  readonly appDir: string;
  readonly zipFile: string;
  /** File name of the policy inside the package (`gpu-warden.yaml`, or `.json`). */
  readonly policyFile: string;
  /** esbuild's metafile: which inputs went into which output, and how outputs import each other. */
  readonly metafile: Metafile;
  /** Package-relative path → size in bytes. */
  readonly files: Readonly<Record<string, number>>;
}

export async function buildPackage(options: PackageOptions = {}): Promise<PackageResult> {
  const policy = resolve(REPO, options.policy ?? "gpu-warden.yaml");
  await loadPolicyFile(policy); // throws PolicyError: unreadable, or every problem listed
  const out = resolve(REPO, options.out ?? "out/package");
  const appDir = join(out, "app");
  await rm(appDir, { recursive: true, force: true });
  await mkdir(appDir, { recursive: true });

  const { metafile } = await build({
    absWorkingDir: REPO,
    entryPoints: { index: ENTRY },
    outdir: join(appDir, "dist"),
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    external: EXTERNAL,
    // CommonJS dependencies call require(): give the ESM bundle one.
    banner: {
      js: "import { createRequire as __gwCreateRequire } from 'node:module'; const require = __gwCreateRequire(import.meta.url);",
    },
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: "linked",
    metafile: true,
    logLevel: "warning",
  });

  const policyFile = `gpu-warden${extname(policy) === ".json" ? ".json" : ".yaml"}`;
  await copyFile(policy, join(appDir, policyFile));
  await copyFile(join(REPO, "host.json"), join(appDir, "host.json"));
  const own = JSON.parse(await readFile(join(REPO, "package.json"), "utf8")) as {
    name: string;
    version: string;
  };
  const manifest = { name: own.name, version: own.version, type: "module", main: MAIN };
  await writeFile(join(appDir, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);

  await shipModules(appDir);

  const files = await listFiles(appDir);
  const zippable: Zippable = {};
  for (const file of Object.keys(files)) {
    zippable[file] = [await readFile(join(appDir, file)), { mtime: ZIP_MTIME }];
  }
  const zipFile = join(out, ZIP_NAME);
  await writeFile(zipFile, zipSync(zippable, { level: 9 }));
  return { appDir, zipFile, policyFile, metafile, files };
}

/** Copies {@link SHIPPED} into the package's node_modules; a missing file is an error. */
async function shipModules(appDir: string): Promise<void> {
  for (const [pkg, files] of Object.entries(SHIPPED)) {
    for (const file of files) {
      const from = join(REPO, "node_modules", pkg, file);
      const to = join(appDir, "node_modules", pkg, file);
      await mkdir(dirname(to), { recursive: true });
      await copyFile(from, to).catch((error: unknown) => {
        throw new Error(
          `cannot ship ${pkg}/${file}: ${error instanceof Error ? error.message : String(error)}` +
            (pkg.endsWith("linux-x64-gnu")
              ? ` (packaging off Linux x64: npm install --no-save --os=linux --cpu=x64 --libc=glibc ${pkg})`
              : ""),
          { cause: error },
        );
      });
    }
  }
}

async function listFiles(dir: string): Promise<Record<string, number>> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files: Record<string, number> = {};
  for (const entry of entries.filter((e) => e.isFile())) {
    const full = join(entry.parentPath, entry.name);
    files[relative(dir, full).split("\\").join("/")] = (await readFile(full)).length;
  }
  return Object.fromEntries(Object.entries(files).sort(([a], [b]) => a.localeCompare(b)));
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { policy: { type: "string" }, out: { type: "string" } },
  });
  const result = await buildPackage({
    ...(values.policy === undefined ? {} : { policy: values.policy }),
    ...(values.out === undefined ? {} : { out: values.out }),
  });
  const total = Object.values(result.files).reduce((sum, size) => sum + size, 0);
  const zipSize = (await readFile(result.zipFile)).length;
  process.stdout.write(
    [
      `package: ${relative(process.cwd(), result.appDir)}/ (${Object.keys(result.files).length} files, ${kib(total)})`,
      `zip:     ${relative(process.cwd(), result.zipFile)} (${kib(zipSize)})`,
      `policy:  ${result.policyFile} (app setting GPU_WARDEN_CONFIG=/home/site/wwwroot/${result.policyFile})`,
      "",
    ].join("\n"),
  );
}

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(0)} KiB`;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    if (error instanceof PolicyError && error.code === "PolicyFileUnreadable") {
      process.stderr.write(
        "the package ships your policy file: copy examples/gpu-warden.yaml to gpu-warden.yaml and edit it, or pass --policy FILE\n",
      );
    }
    process.exitCode = error instanceof PolicyError ? 2 : 1;
  });
}
