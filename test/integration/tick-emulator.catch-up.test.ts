/**
 * @module The tick on the emulator and Azurite when the world does not follow the schedule: the
 * app was down across an edge, or a person started or stopped a cluster by hand (through the
 * official SDK, as `az aks start|stop` would). SPEC §5.2–5.3.
 */
import { ContainerServiceClient } from "@azure/arm-containerservice";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Finding } from "../../src/core/plan/types.js";
import { emulatorClientOptions } from "../../src/emulator/index.js";
import {
  at,
  CLUSTER_PATH,
  newScenario,
  startStack,
  SUBSCRIPTION,
  TICK_MINUTES,
  type ClusterName,
  type Scenario,
  type Stack,
} from "./tick-emulator.harness.js";

let stack: Stack | undefined;

beforeAll(async () => {
  stack = await startStack();
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

async function scenario(): Promise<{ world: Scenario; stack: Stack }> {
  if (stack === undefined) throw new Error("the stack did not start");
  return { world: await newScenario(stack), stack };
}

/** A person's own SDK client, in one of the demo subscriptions. */
function byHand(running: Stack, subscription: string): ContainerServiceClient {
  const o = emulatorClientOptions(running.emulator);
  return new ContainerServiceClient(o.credential, subscription, o.containerService);
}

/** An instant as plans write it (no milliseconds). */
const planAt = (time: string): string => at(time).replace(".000Z", "Z");

/** Writes on a cluster as `METHOD action @ virtual time`. */
function writes(world: Scenario, name: ClusterName): string[] {
  return world
    .writes(name)
    .map((r) => `${r.method} ${r.path.split("/").pop() ?? ""} @ ${r.virtualAt}`);
}

describe("catching up and respecting people", () => {
  it("stops a cluster whose stop edge passed while the app was down for 3 hours, at the first tick after", async () => {
    const { world } = await scenario();
    // dev-a10: research-eu, 06:30Z-18:00Z, offHours: warn — only the missed edge can stop it.
    world.advance(6 * 60 + 15);
    await world.tickUntil(at("06:40"));
    expect(world.powerState("dev-a10")).toBe("Running");
    world.advance(17 * 60 - (6 * 60 + 40)); // 17:00
    await world.tick();
    world.advance(3 * 60); // down from 17:00 to 20:00, across the 18:00 stop edge
    const first = await world.tick();
    expect(first.plan.actions.filter((a) => a.target.name === "dev-a10")).toEqual([
      expect.objectContaining({
        kind: "stop-cluster",
        rule: "schedule",
        reason: expect.stringMatching(/^edge running → stopped/) as unknown,
      }),
    ]);
    world.advance(TICK_MINUTES);
    await world.tick();
    expect(world.powerState("dev-a10")).toBe("Stopped");
    expect(writes(world, "dev-a10")).toEqual([
      `POST start @ ${at("06:20")}`,
      `POST stop @ ${at("20:00")}`,
    ]);
  });

  it("warns once about a cluster started by hand off-hours, then stops it when the grace period ends", async () => {
    const { world, stack: running } = await scenario();
    // dev-t4: ml-dev (offHours stop, 60 min grace); Sunday 16:00 in Los Angeles is off-hours.
    await world.tick();
    world.advance(2);
    await byHand(running, SUBSCRIPTION.mlDev).managedClusters.beginStart("ml-dev", "dev-t4");
    world.advance(3); // 00:05: still Starting; Running at 00:08

    const announced: { at: string; finding: Finding }[] = [];
    await world.tickUntil(at("01:10"), (report) => {
      const now = report.plan.at;
      for (const finding of report.findings) announced.push({ at: now, finding });
      expect(report.plan.actions, now).toEqual([]);
    });
    expect(announced).toEqual([
      {
        at: planAt("00:10"),
        finding: expect.objectContaining({
          kind: "off-hours-running",
          since: planAt("00:10"),
          stopAt: planAt("01:10"),
        }) as unknown,
      },
    ]);
    expect(world.powerState("dev-t4")).toBe("Running");

    const graceOver = await world.tick();
    expect(graceOver.plan.actions).toEqual([
      expect.objectContaining({ kind: "stop-cluster", rule: "off-hours" }),
    ]);
    world.advance(TICK_MINUTES);
    await world.tick();
    expect(world.powerState("dev-t4")).toBe("Stopped");
    expect(writes(world, "dev-t4")).toEqual([
      `POST start @ ${at("00:02")}`,
      `POST stop @ ${at("01:10")}`,
    ]);
    const alerts = (await world.audit()).filter(
      (e) => e.kind === "alert" && e.target === CLUSTER_PATH["dev-t4"],
    );
    expect(alerts.map((e) => e.reason)).toEqual([
      expect.stringMatching(/^dev-t4 running off-hours since .*; stops at .* unless kept$/),
    ]);
  });

  it("leaves a cluster stopped by hand during its hours stopped until the next start edge", async () => {
    const { world, stack: running } = await scenario();
    // nb-a100: Mon-Fri 09:00-17:00 Berlin = 08:00Z-16:00Z, readyBy: started at 07:50Z.
    world.advance(7 * 60 + 40);
    await world.tickUntil(at("10:00"));
    expect(world.powerState("nb-a100")).toBe("Running");
    await byHand(running, SUBSCRIPTION.research).managedClusters.beginStop(
      "research-eu-rg",
      "nb-a100",
    );

    await world.tickUntil(at("07:50", 1), (report) => {
      const acting = report.plan.actions.filter((a) => a.target.name === "nb-a100");
      expect(acting, report.plan.at).toEqual([]);
    });
    expect(world.powerState("nb-a100")).toBe("Stopped");
    await world.tickUntil(at("08:00", 1));
    expect(world.powerState("nb-a100")).toBe("Running");
    expect(writes(world, "nb-a100")).toEqual([
      `POST start @ ${at("07:50")}`,
      `POST stop @ ${at("10:00")}`,
      `POST start @ ${at("07:50", 1)}`,
    ]);
    const skips = (await world.audit()).filter(
      (e) => e.kind === "skip" && e.target === CLUSTER_PATH["nb-a100"],
    );
    expect(skips.map((e) => e.reason)).toContainEqual(
      expect.stringMatching(/^stopped during scheduled hours/),
    );
  });
});
