/**
 * @module Warning buttons: stable action ids and a `{clusterId, stopAt}` value that round-trips, and
 * clicks that are not ours are refused with a reason.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeWarningValue, keepActionId, parseWarningAction } from "./actions.js";

const target = {
  clusterId:
    "/subscriptions/s/resourceGroups/ml-dev-rg/providers/Microsoft.ContainerService/managedClusters/dev-a100",
  stopAt: "2026-11-25T04:00:00Z",
};
const value = encodeWarningValue(target);

describe("warning buttons", () => {
  it("have stable action ids", () => {
    expect([keepActionId(60), keepActionId(120), keepActionId(90)]).toEqual([
      "keep-1h",
      "keep-2h",
      "keep-1h30m",
    ]);
  });

  it("carry compact JSON", () => {
    expect(value).toBe(`{"clusterId":"${target.clusterId}","stopAt":"2026-11-25T04:00:00Z"}`);
  });

  it.each([
    ["Keep 1h keeps for an hour", "keep-1h", { kind: "keep", minutes: 60, target }],
    ["Keep 2h keeps for two hours", "keep-2h", { kind: "keep", minutes: 120, target }],
    ["Stop now stops", "stop-now", { kind: "stop-now", target }],
  ])("%s", (_sentence, actionId, expected) => {
    expect(parseWarningAction({ actionId, value })).toEqual({ ok: true, value: expected });
  });

  it.each([
    ["an unknown action", { actionId: "delete-cluster", value }, "unknown action 'delete-cluster'"],
    [
      "a keep without a duration",
      { actionId: "keep-forever", value },
      "unknown action 'keep-forever'",
    ],
    ["a keep of zero", { actionId: "keep-0m", value }, "unknown action 'keep-0m'"],
    ["no value", { actionId: "keep-1h" }, "the button carries no value"],
    [
      "a value that is not JSON",
      { actionId: "keep-1h", value: "dev-a100" },
      "the button value is not JSON",
    ],
    [
      "a value with extra fields",
      { actionId: "keep-1h", value: JSON.stringify({ ...target, admin: true }) },
      "the button value is not {clusterId, stopAt}",
    ],
    [
      "a value whose stopAt is not an instant",
      { actionId: "stop-now", value: JSON.stringify({ ...target, stopAt: "tonight" }) },
      "the button value is not {clusterId, stopAt}",
    ],
  ])("refuses %s", (_sentence, action, message) => {
    expect(parseWarningAction(action)).toEqual({ ok: false, error: message });
  });

  it("round-trips any target", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 300 }),
        fc.option(
          fc
            .date({ noInvalidDate: true, min: new Date(0), max: new Date(4e12) })
            .map((d) => d.toISOString()),
        ),
        fc.integer({ min: 1, max: 24 * 60 }),
        (clusterId, stopAt, minutes) => {
          const t = { clusterId, stopAt };
          expect(
            parseWarningAction({ actionId: keepActionId(minutes), value: encodeWarningValue(t) }),
          ).toEqual({
            ok: true,
            value: { kind: "keep", minutes, target: t },
          });
        },
      ),
    );
  });
});
