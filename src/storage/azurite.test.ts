/**
 * @module Azurite helper: it starts on free ports, answers, and leaves no process behind, neither
 * after `stop()` nor when the process that started it dies without stopping it.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { connect } from "node:net";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { startAzurite } from "./azurite.js";

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

const accepts = (endpoint: string): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect(Number(new URL(endpoint).port), "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => {
      resolve(false);
    });
  });

describe("startAzurite", () => {
  it("serves blob, queue and table on free ports and is gone after stop()", async () => {
    const azurite = await startAzurite();
    const endpoints = [azurite.blobEndpoint, azurite.queueEndpoint, azurite.tableEndpoint];
    expect(new Set(endpoints.map((endpoint) => new URL(endpoint).port)).size).toBe(3);
    expect(azurite.connectionString).toContain(`TableEndpoint=${azurite.tableEndpoint}`);
    for (const endpoint of endpoints) expect(await accepts(endpoint)).toBe(true);
    expect(alive(azurite.pid)).toBe(true);

    await azurite.stop();
    await azurite.stop();
    expect(alive(azurite.pid)).toBe(false);
    for (const endpoint of endpoints) expect(await accepts(endpoint)).toBe(false);
  });

  it("does not outlive a parent that dies without stopping it", async () => {
    const require = createRequire(import.meta.url);
    const loader = pathToFileURL(require.resolve("tsx")).href;
    const module = pathToFileURL(require.resolve("./azurite.ts")).href;
    const script = `import(${JSON.stringify(module)}).then(async (m) => {
      const azurite = await m.startAzurite();
      const { readlinkSync } = await import("node:fs");
      console.log("PID " + azurite.pid + " " + readlinkSync("/proc/" + azurite.pid + "/cwd"));
      setInterval(() => undefined, 1000);
    });`;
    const parent = spawn(process.execPath, ["--import", loader, "--eval", script], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let started: number | undefined;
    try {
      const { pid, workspace } = await new Promise<{ pid: number; workspace: string }>(
        (resolve, reject) => {
          let output = "";
          parent.stdout.on("data", (chunk: Buffer) => {
            output += chunk.toString("utf8");
            const match = /PID (\d+) (\S+)\n/.exec(output);
            if (match?.[1] !== undefined && match[2] !== undefined) {
              resolve({ pid: Number(match[1]), workspace: match[2] });
            }
          });
          parent.once("exit", () => {
            reject(new Error(`parent exited early: ${output}`));
          });
        },
      );
      started = pid;
      expect(alive(pid)).toBe(true);
      parent.kill("SIGKILL");
      expect(await until(() => !alive(pid), 10_000)).toBe(true);
      expect(existsSync(workspace)).toBe(false);
    } finally {
      parent.kill("SIGKILL");
      if (started !== undefined && alive(started)) process.kill(started, "SIGKILL"); // never leave one behind
    }
  }, 60_000);
});
