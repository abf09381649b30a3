/**
 * @module Table tests for Slack authorization.
 */
import { describe, expect, it } from "vitest";
import { authorize } from "./authorize.js";

const group = {
  name: "ml-dev",
  protected: false,
  allow: { users: ["U_ALLOWED"], usergroups: ["S_ENG"], channels: ["C_TEAM"] },
};
const members = new Map([["S_ENG", ["U_MEMBER"]]]);

describe("authorize", () => {
  it.each([
    ["an admin may act anywhere", "U_ADMIN", "C_OTHER", { allowed: true, as: "admin" }],
    ["an allowed user may act", "U_ALLOWED", "C_OTHER", { allowed: true, as: "user" }],
    [
      "a member of an allowed user group may act",
      "U_MEMBER",
      "C_OTHER",
      { allowed: true, as: "usergroup" },
    ],
    [
      "anyone in an allowed channel may act there",
      "U_STRANGER",
      "C_TEAM",
      { allowed: true, as: "channel" },
    ],
  ])("%s", (_sentence, userId, channelId, expected) => {
    expect(authorize({ userId, channelId }, group, ["U_ADMIN"], members)).toEqual(expected);
  });

  it("a stranger elsewhere is refused with who may act", () => {
    const result = authorize(
      { userId: "U_STRANGER", channelId: "C_OTHER" },
      group,
      ["U_ADMIN"],
      members,
    );
    expect(result).toEqual({
      allowed: false,
      reason:
        "you may not act on group ml-dev's clusters (allowed: admins <@U_ADMIN>; users <@U_ALLOWED>; members of <!subteam^S_ENG>; anyone in <#C_TEAM>)",
    });
  });

  it("nobody, not even an admin, acts on a protected group", () => {
    const result = authorize(
      { userId: "U_ADMIN", channelId: "C_TEAM" },
      { ...group, protected: true },
      ["U_ADMIN"],
      members,
    );
    expect(result.allowed).toBe(false);
  });

  it("an unresolved user group allows nobody through it", () => {
    expect(
      authorize({ userId: "U_MEMBER", channelId: "C_OTHER" }, group, [], new Map()).allowed,
    ).toBe(false);
  });
});
