/**
 * @module The functions' shared runtime: app settings and policy parsed, clients built, once per
 * process, on first use (not at module load, so the entry loads fast and a bad setting fails the
 * invocation with a clear message instead of the host).
 */
import { createRuntime, type Runtime } from "../composition.js";
import { readEnv } from "../config/env.js";

let runtime: Promise<Runtime> | undefined;

export type RuntimeProvider = () => Promise<Runtime>;

export const getRuntime: RuntimeProvider = () => {
  runtime ??= createRuntime(readEnv()).catch((error: unknown) => {
    runtime = undefined; // let the next invocation try again (a setting may have been fixed)
    throw error;
  });
  return runtime;
};
