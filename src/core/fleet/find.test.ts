/**
 * @module Table tests for finding a cluster from typed text.
 */
import { describe, expect, it } from "vitest";
import { cluster } from "../../../test/fixtures/fleet.js";
import { parseDuration } from "../duration.js";
import { describeLookup, findCluster } from "./find.js";

const fleet = [
  cluster("dev-a100"),
  cluster("dev-h100"),
  cluster("shared", { resourceGroup: "team-a" }),
  cluster("shared", { resourceGroup: "team-b" }),
];

describe("findCluster", () => {
  it.each([
    ["a name finds its cluster", "dev-a100", "found"],
    ["names are case-insensitive", "DEV-A100", "found"],
    ["resourceGroup/name picks one of two", "team-b/shared", "found"],
    ["an ambiguous name lists the candidates", "shared", "ambiguous"],
    ["a near-miss is unknown with suggestions", "dev-a10", "unknown"],
  ])("%s", (_sentence, text, kind) => {
    expect(findCluster(text, fleet).kind).toBe(kind);
  });

  it("says which clusters an ambiguous name could mean", () => {
    const lookup = findCluster("shared", fleet);
    if (lookup.kind === "found") throw new Error("expected ambiguous");
    expect(describeLookup("shared", lookup)).toBe(
      "'shared' matches several clusters; say which: team-a/shared, team-b/shared",
    );
  });

  it("suggests the closest names for a typo, and nothing for gibberish", () => {
    const typo = findCluster("dev-a10", fleet);
    const none = findCluster("zzzzzzzzzz", fleet);
    if (typo.kind === "found" || none.kind === "found") throw new Error("expected unknown");
    expect(describeLookup("dev-a10", typo)).toBe(
      "no cluster named 'dev-a10' — did you mean dev-a100 or dev-h100?",
    );
    expect(describeLookup("zzzzzzzzzz", none)).toBe("no cluster named 'zzzzzzzzzz'");
  });
});

describe("parseDuration", () => {
  it.each([
    ["30m", 30],
    ["2h", 120],
    ["1h30m", 90],
    ["1H 5M", 65],
  ])("%s is %i minutes", (text, minutes) => {
    expect(parseDuration(text)).toEqual({ ok: true, value: minutes });
  });

  it.each(["", "0m", "90", "2 hours", "h", "-1h"])("rejects '%s'", (text) => {
    expect(parseDuration(text).ok).toBe(false);
  });
});
