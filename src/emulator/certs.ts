/**
 * @module The emulator's committed test certificate (self-signed, CA:TRUE, SAN 127.0.0.1, ::1 and
 * localhost, valid 2025-01-01 … 2045-12-31). The PEM files live in `src/emulator/certs/` and are
 * found from the package root (the nearest `package.json` named gpu-warden above this module), so
 * the same lookup works from `src/` (tsx, vitest) and from the compiled `dist/emulator/`.
 * Test-only: the private key is public by design.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export interface TlsMaterial {
  readonly cert: string;
  readonly key: string;
}

let cached: TlsMaterial | undefined;

/** Finds the gpu-warden package root by walking up from `start`. */
export function packageRoot(start: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = start;
  for (;;) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest)) {
      const name = (JSON.parse(readFileSync(manifest, "utf8")) as { name?: unknown }).name;
      if (name === "gpu-warden") return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`gpu-warden package root not found above ${start}`);
    dir = parent;
  }
}

/** The directory holding `cert.pem` and `key.pem`. */
export function certificateDirectory(): string {
  return join(packageRoot(), "src", "emulator", "certs");
}

/** Reads (once) the committed test certificate and key. */
export function testCertificate(): TlsMaterial {
  if (cached === undefined) {
    const dir = certificateDirectory();
    cached = {
      cert: readFileSync(join(dir, "cert.pem"), "utf8"),
      key: readFileSync(join(dir, "key.pem"), "utf8"),
    };
  }
  return cached;
}
