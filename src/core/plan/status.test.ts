/**
 * @module Status of a cluster: desired state and the next change, with and without an override.
 */
import { describe, expect, it } from "vitest";
import { cluster, group, policy } from "../../../test/fixtures/fleet.js";
import { clusterStatus } from "./status.js";

const dev = policy([group("ml-dev")]); // Mon-Fri 08:00-20:00 America/Los_Angeles
const SAT_1000 = new Date("2026-11-28T18:00:00Z");
const isGpu = (vmSize: string) => vmSize.includes("A100");

describe("clusterStatus", () => {
  it("off-hours without an override: stopped until Monday's start", () => {
    const status = clusterStatus(
      cluster("dev-a100", { powerState: "Stopped" }),
      dev,
      undefined,
      undefined,
      SAT_1000,
      isGpu,
    );
    expect(status).toMatchObject({
      desired: "stopped",
      nextChange: { at: "2026-11-30T16:00:00Z", state: "running" },
      gpuNodes: 2,
    });
  });

  it("kept running by an override: the next change is the override's end", () => {
    const override = {
      state: "running",
      until: "2026-11-28T20:00:00Z",
      owner: "U1",
      reason: "",
    } as const;
    const status = clusterStatus(cluster("dev-a100"), dev, undefined, override, SAT_1000, isGpu);
    expect(status).toMatchObject({
      desired: "running",
      nextChange: { at: "2026-11-28T20:00:00Z", state: "stopped" },
    });
  });

  it("an override that ends inside the schedule's hours changes nothing then: the schedule's next edge", () => {
    const override = {
      state: "running",
      until: "2026-11-30T17:00:00Z",
      owner: "U1",
      reason: "",
    } as const;
    const status = clusterStatus(cluster("dev-a100"), dev, undefined, override, SAT_1000, isGpu);
    expect(status.nextChange).toEqual({ at: "2026-12-01T04:00:00Z", state: "stopped" });
  });

  it("a protected cluster has no desired state", () => {
    const prod = policy([group("prod", { protected: true })]);
    expect(clusterStatus(cluster("p"), prod, undefined, undefined, SAT_1000, isGpu)).toMatchObject({
      desired: null,
      management: "protected",
    });
  });
});
