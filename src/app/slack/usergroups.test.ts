/**
 * @module The user group cache: cached, bounded in time, and never failing authorization open.
 */
import { describe, expect, it } from "vitest";
import type { SlackPort } from "../../ports/slack.js";
import { SlackError } from "../../ports/slack.js";
import { usergroupCache } from "./usergroups.js";

function port(lookup: (id: string) => Promise<readonly string[]>): SlackPort & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    post: (channel) => Promise.resolve({ channel, ts: "1" }),
    update: () => Promise.resolve(),
    respond: () => Promise.resolve(),
    usergroupMembers: (id) => {
      calls.push(id);
      return lookup(id);
    },
    uploadFile: () => Promise.resolve({ id: "F1" }),
  };
}

describe("usergroupCache", () => {
  it("asks Slack once per group within the time to live", async () => {
    const slack = port(() => Promise.resolve(["U1"]));
    let now = 0;
    const members = usergroupCache(slack, () => now, { ttlMs: 1000 });
    expect((await members(["S1"])).get("S1")).toEqual(["U1"]);
    now = 999;
    await members(["S1"]);
    expect(slack.calls).toEqual(["S1"]);
    now = 1000;
    await members(["S1"]);
    expect(slack.calls).toEqual(["S1", "S1"]);
  });

  it("a failing lookup authorizes nobody through the group", async () => {
    const members = usergroupCache(
      port(() => Promise.reject(new SlackError("RateLimited", "429"))),
      () => 0,
    );
    expect((await members(["S1"])).get("S1")).toEqual([]);
  });

  it("a slow lookup answers empty within the wait, then fills the cache for the next command", async () => {
    let release: (members: readonly string[]) => void = () => undefined;
    const slack = port(() => new Promise((resolve) => (release = resolve)));
    const members = usergroupCache(slack, () => 0, { waitMs: 20 });
    const started = Date.now();
    expect((await members(["S1"])).get("S1")).toEqual([]);
    expect(Date.now() - started).toBeLessThan(1000);
    release(["U1"]);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect((await members(["S1"])).get("S1")).toEqual(["U1"]);
    expect(slack.calls).toEqual(["S1"]);
  });
});
