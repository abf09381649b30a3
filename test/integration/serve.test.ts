/**
 * @module `gpu-warden serve --emulator`, in-process on a free port: the local host over HTTP, its
 * tick timer on the emulator's virtual clock (×60: a tick every 5 s, a 6-minute cluster start in
 * 6 s) and its queue worker on Azurite. The scenario is the interesting one: on a Sunday
 * afternoon in California (the demo fleet's start, Monday 00:00 UTC), outside dev-t4's hours, an
 * admin runs `/gpu start dev-t4 for 2h`. Requests are sent right after a tick and the worker polls
 * every 50 ms, so the queued start is fired by the worker (which remembers whom to tell), not by
 * the next tick acting on the new override.
 */
import { request } from "node:http";
import { execFileSync } from "node:child_process";
import { QueueClient } from "@azure/storage-queue";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  postForm,
  signingHeaders,
  slashCommandBody,
  type PostResult,
} from "../../src/cli/slack-request.js";
import { readEnv } from "../../src/config/env.js";
import { loadPolicyFile } from "../../src/config/policy.js";
import { clusterKey } from "../../src/core/fleet/types.js";
import { startServe, type Serving } from "../../src/local/host-serve.js";
import { EMULATOR_SIGNING_SECRET } from "../../src/local/stack.js";
import { OPERATIONS_QUEUE } from "../../src/ports/queue.js";

// ×60: the 5-minute signature window is 5 real seconds, ample on a loaded 2-core machine.
const SPEED = 60;
const DEV_T4 =
  "/subscriptions/3f2b8c1e-5d4a-4e6b-9c7d-1a2b3c4d5e6f/resourceGroups/ml-dev/providers/Microsoft.ContainerService/managedClusters/dev-t4";
const policy = await loadPolicyFile("examples/gpu-warden.yaml");

let serving: Serving;
const logs: string[] = [];

beforeAll(async () => {
  serving = await startServe({
    policy,
    env: readEnv({}), // the emulator's defaults, whatever this shell has set
    port: 0,
    log: (line) => logs.push(line),
    emulator: { speed: SPEED },
    worker: { pollMs: 50 },
  });
}, 30_000);

afterAll(async () => {
  await serving.stop();
});

function virtualNowSeconds(): number {
  return serving.clock.now().getTime() / 1000;
}

async function slash(
  text: string,
  options: { user?: string; responseUrl?: string; secret?: string } = {},
): Promise<PostResult> {
  const body = slashCommandBody({
    command: "/gpu",
    text,
    user: options.user ?? "U0ADMIN",
    channel: "C0123ABCD",
    team: "T0LOCAL01",
    responseUrl: options.responseUrl ?? "https://hooks.slack.com/commands/T0LOCAL01/1/x",
  });
  const secret = options.secret ?? EMULATOR_SIGNING_SECRET;
  return postForm(
    `${serving.host.url}/api/slack/command`,
    body,
    signingHeaders(secret, body, virtualNowSeconds()),
  );
}

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>) {
  const deadline = Date.now() + 40_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${logs.join("\n")}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Resolves just after the next tick has finished. */
async function afterNextTick(): Promise<void> {
  const done = () => logs.filter((l) => l.startsWith("tick done")).length;
  const seen = done();
  await until("a tick", () => (done() > seen ? true : undefined));
}

async function queued(): Promise<number> {
  const connection = serving.azurite?.connectionString ?? "";
  const properties = await new QueueClient(connection, OPERATIONS_QUEUE).getProperties();
  return properties.approximateMessagesCount ?? 0;
}

describe("gpu-warden serve --emulator", () => {
  it("answers health, 404 for unknown routes, 405 for a wrong method, 413 before reading", async () => {
    const health = await fetch(`${serving.host.url}/api/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: "ok", groups: 4 });
    expect((await fetch(`${serving.host.url}/api/nope`)).status).toBe(404);
    expect((await fetch(`${serving.host.url}/api/slack/command`)).status).toBe(405);
    // Headers only: the host must answer before any of the 100 kB arrives.
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = request(`${serving.host.url}/api/slack/command`, {
        method: "POST",
        headers: { "content-length": "100000" },
      });
      req.on("response", (res) => {
        res.resume();
        resolve(res.statusCode);
      });
      req.on("error", reject);
      req.flushHeaders();
    });
    expect(status).toBe(413);
    expect(logs).toContain(logs.find((l) => /^POST \/api\/slack\/command 413 \d+ms$/.test(l)));
  });

  it("starts dev-t4 for 2h off-hours from a signed slash command, and reports it Running", async () => {
    // Slash commands resolve clusters from the fleet the tick saved.
    await afterNextTick();

    const forged = await slash("start dev-t4 for 2h", { secret: "not-the-signing-secret" });
    expect(forged.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 300)); // several queue polls
    expect(await queued()).toBe(0);
    expect(logs.filter((l) => l.includes("[operations]"))).toEqual([]);
    expect(await serving.runtime.store.overrides.get(clusterKey(DEV_T4))).toBeUndefined();

    const emulator = serving.emulator;
    if (!emulator) throw new Error("no emulator");
    await afterNextTick();
    const minted = emulator.slack.mintResponseUrl({ channel: "C0123ABCD", user: "U0ADMIN" });
    const asked = serving.clock.now();
    const ack = await slash("start dev-t4 for 2h", { responseUrl: minted.url });
    expect(ack.status).toBe(200);
    expect(ack.json).toMatchObject({
      response_type: "ephemeral",
      text: expect.stringMatching(/^Starting dev-t4 for 2h \(until \d\d:\d\d PST\)/) as unknown,
    });

    await until("dev-t4 Running on the emulator", () =>
      emulator.clusters().find((c) => c.name === "dev-t4" && c.powerState === "Running"),
    );
    const running = await until("the Running message on the response_url", () =>
      emulator.slack
        .calls({ responseUrlId: minted.id })
        .find((c) => c.ok && /dev-t4 is Running — took/.test(c.text ?? "")),
    );
    expect(running.responseType).toBe("ephemeral");
    expect(logs).toContainEqual(
      expect.stringMatching(/\[operations\] start-cluster dev-t4: pending/),
    );
    expect(logs.some((l) => /\[tick\] run .* 1 confirmed/.test(l))).toBe(true);

    const override = await serving.runtime.store.overrides.get(clusterKey(DEV_T4));
    expect(override?.value).toMatchObject({ state: "running", owner: "U0ADMIN" });
    const until2h = Date.parse(override?.value.until ?? "") - asked.getTime();
    expect(until2h).toBeGreaterThanOrEqual(2 * 3_600_000 - 60_000);
    expect(until2h).toBeLessThanOrEqual(2 * 3_600_000 + 60_000);

    // Status answers from the last discovered fleet (a stale copy is served while it refreshes).
    const shown = await until("status showing dev-t4 Running", async () => {
      const status = await slash("status dev-t4", { user: "U0MEMBER" });
      expect(status.status).toBe(200);
      const text = JSON.stringify(status.json);
      return /\*dev-t4\* is Running/.test(text) ? text : undefined;
    });
    expect(shown).toMatch(/kept running by <@U0ADMIN> until \d\d:\d\d PST/);
  }, 90_000);

  it("stops everything it started, Azurite included", async () => {
    const pid = serving.azurite?.pid ?? -1;
    expect(pid).toBeGreaterThan(0);
    await serving.stop();
    expect(() => process.kill(pid, 0)).toThrow(/ESRCH/);
    expect(azuriteProcesses()).not.toMatch(new RegExp(`^${pid} `, "m"));
    await expect(fetch(`${serving.host.url}/api/health`)).rejects.toThrow();
  });
});

/** `pgrep -af azurite` (other suites may run their own Azurite meanwhile). */
function azuriteProcesses(): string {
  try {
    return execFileSync("pgrep", ["-af", "azurite"], { encoding: "utf8" });
  } catch {
    return ""; // pgrep exits 1 when nothing matches
  }
}
