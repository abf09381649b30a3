/**
 * @module App settings: what `readEnv` makes of the environment the host gives the worker.
 */
import { describe, expect, it } from "vitest";
import { EnvError, readEnv } from "./env.js";

describe("readEnv", () => {
  it("reads a relative policy path from the app folder the host names, an absolute one as is", () => {
    const root = { AzureWebJobsScriptRoot: "/home/site/wwwroot" };
    expect(readEnv({ ...root, GPU_WARDEN_CONFIG: "gpu-warden.yaml" }).policyFile).toBe(
      "/home/site/wwwroot/gpu-warden.yaml",
    );
    expect(readEnv(root).policyFile).toBe("/home/site/wwwroot/gpu-warden.yaml");
    expect(readEnv({ ...root, GPU_WARDEN_CONFIG: "/etc/gw.yaml" }).policyFile).toBe("/etc/gw.yaml");
    expect(readEnv({ GPU_WARDEN_CONFIG: "conf/gw.yaml" }).policyFile).toBe("conf/gw.yaml");
  });

  it("names every bad setting", () => {
    expect(() =>
      readEnv({ GPU_WARDEN_ARM_ENDPOINT: "http://127.0.0.1", GPU_WARDEN_ARM_MAX_RETRIES: "99" }),
    ).toThrow(EnvError);
    expect(() =>
      readEnv({ GPU_WARDEN_ARM_ENDPOINT: "http://127.0.0.1", GPU_WARDEN_ARM_MAX_RETRIES: "99" }),
    ).toThrow(/GPU_WARDEN_ARM_ENDPOINT[\s\S]*GPU_WARDEN_ARM_MAX_RETRIES/);
  });
});
