/**
 * @module The slash command's grammar, as sentences: what people type and what it means.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cluster as fleetCluster } from "../../test/fixtures/fleet.js";
import { findCluster } from "../core/fleet/find.js";
import { helpText, parseCommand, type Command } from "./command.js";

describe("parseCommand", () => {
  it.each<[string, string, Command]>([
    ["start with a cluster starts it", "start dev-a100", { kind: "start", cluster: "dev-a100" }],
    [
      "start … for 2h starts it for two hours",
      "start dev-a100 for 2h",
      { kind: "start", cluster: "dev-a100", forMinutes: 120 },
    ],
    [
      "start … for 1h30m counts minutes",
      "start dev-a100 for 1h30m",
      { kind: "start", cluster: "dev-a100", forMinutes: 90 },
    ],
    [
      "start … 45m without 'for' is understood too",
      "start dev-a100 45m",
      { kind: "start", cluster: "dev-a100", forMinutes: 45 },
    ],
    [
      "start … for 1h 30m may have a space inside the duration",
      "start dev-a100 for 1h 30m",
      { kind: "start", cluster: "dev-a100", forMinutes: 90 },
    ],
    [
      "verbs and keywords are case-insensitive; the cluster keeps its case",
      "START Dev-A100 FOR 2H",
      { kind: "start", cluster: "Dev-A100", forMinutes: 120 },
    ],
    [
      "extra spaces, tabs and non-breaking spaces are fine",
      "  start\t dev-a100\u00a0  for   2h  ",
      { kind: "start", cluster: "dev-a100", forMinutes: 120 },
    ],
    [
      "a resourceGroup/name cluster is kept as typed",
      "start team-a/shared",
      { kind: "start", cluster: "team-a/shared" },
    ],
    ["stop with a cluster stops it", "stop dev-a100", { kind: "stop", cluster: "dev-a100" }],
    [
      "extend by a duration",
      "extend dev-a100 1h30m",
      { kind: "extend", cluster: "dev-a100", by: { minutes: 90 } },
    ],
    [
      "extend by 'by' a duration",
      "extend dev-a100 by 2h",
      { kind: "extend", cluster: "dev-a100", by: { minutes: 120 } },
    ],
    [
      "extend until a time of day",
      "extend dev-a100 until 22:30",
      { kind: "extend", cluster: "dev-a100", by: { until: "22:30" } },
    ],
    [
      "extend until a one-digit hour is padded",
      "extend dev-a100 UNTIL 9:05",
      { kind: "extend", cluster: "dev-a100", by: { until: "09:05" } },
    ],
    ["status alone lists everything", "status", { kind: "status" }],
    ["status with a cluster shows one", "status dev-a100", { kind: "status", cluster: "dev-a100" }],
    ["wake restores a cluster's pools", "wake dev-a100", { kind: "wake", cluster: "dev-a100" }],
    ["report asks for the weekly report", "report", { kind: "report" }],
    ["help asks for help", "help", { kind: "help" }],
    ["help with anything after it is still help", "help start", { kind: "help" }],
    ["an empty command is help", "", { kind: "help" }],
    ["a blank command is help", "   ", { kind: "help" }],
  ])("%s", (_sentence, text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });

  it.each<[string, string, string]>([
    [
      "start without a cluster asks which",
      "start",
      "which cluster? usage: /gpu start <cluster> [for <duration>]",
    ],
    ["start for 2h (no cluster) asks which", "start for 2h", "which cluster? usage: /gpu start"],
    ["stop without a cluster asks which", "stop", "which cluster? usage: /gpu stop <cluster>"],
    ["wake without a cluster asks which", "wake", "which cluster? usage: /gpu wake <cluster>"],
    ["extend without a cluster asks which", "extend", "which cluster? usage: /gpu extend"],
    ["start … for without a duration asks how long", "start dev-a100 for", "for how long?"],
    ["extend without a duration asks how long", "extend dev-a100", "extend by how long?"],
    ["extend until without a time asks when", "extend dev-a100 until", "until when?"],
    ["a bad duration is named", "start dev-a100 for 3x", "invalid duration '3x'"],
    [
      "a zero duration is named",
      "start dev-a100 for 0m",
      "invalid duration '0m' (must be longer than zero)",
    ],
    ["a bad extension is named", "extend dev-a100 by soon", "invalid duration 'soon'"],
    ["until 25:00 is named", "extend dev-a100 until 25:00", "invalid time '25:00'"],
    ["until 22:60 is named", "extend dev-a100 until 22:60", "invalid time '22:60'"],
    ["until 10pm is named", "extend dev-a100 until 10pm", "invalid time '10pm'"],
    ["report takes nothing more", "report weekly", "report takes nothing more"],
    ["an unknown verb shows the help", "restart dev-a100", "unknown command 'restart'\n/gpu start"],
    ["an absurd duration is refused, not Infinity", `start x for ${"9".repeat(30)}h`, "too long"],
    [
      "a very long duration text is refused",
      `start x for ${"9".repeat(400)}h`,
      "invalid duration '999",
    ],
  ])("%s", (_sentence, text, message) => {
    const command = parseCommand(text);
    expect(command.kind).toBe("invalid");
    expect(command.kind === "invalid" ? command.message : "").toContain(message);
  });

  it("uses the configured command name in usage hints and help", () => {
    expect(parseCommand("stop", "/warden")).toEqual({
      kind: "invalid",
      message: "which cluster? usage: /warden stop <cluster>",
    });
    expect(helpText("/warden")).toContain("/warden extend <cluster> <duration | until HH:MM>");
  });

  describe("hostile input never throws", () => {
    it.each<[string, string, Command]>([
      [
        "an injection attempt is just a cluster name that will not be found",
        "start x' or 1==1",
        { kind: "start", cluster: "x' or 1==1" },
      ],
      [
        "words after start's cluster that are no duration belong to the (unknown) name",
        "start dev-a100 please",
        { kind: "start", cluster: "dev-a100 please" },
      ],
      [
        "words after stop's cluster belong to the (unknown) name",
        "stop dev-a100 now",
        { kind: "stop", cluster: "dev-a100 now" },
      ],
      [
        "two names for status are one unknown name",
        "status a b",
        { kind: "status", cluster: "a b" },
      ],
      [
        "a quote-laden name is kept as typed",
        "status x'or'1'='1",
        { kind: "status", cluster: "x'or'1'='1" },
      ],
      [
        "a Kusto/OData-ish name is kept as typed",
        "stop dev|where(name=='*')",
        { kind: "stop", cluster: "dev|where(name=='*')" },
      ],
      [
        "a Slack mention is kept as typed (and escaped when shown)",
        "stop <!channel>",
        { kind: "stop", cluster: "<!channel>" },
      ],
    ])("%s", (_sentence, text, expected) => {
      expect(parseCommand(text)).toEqual(expected);
    });

    it("hostile cluster tokens are simply not found in the fleet", () => {
      const fleet = [fleetCluster("dev-a100"), fleetCluster("dev-h100")];
      for (const text of [
        "status x'or'1'='1",
        "stop dev|where(name=='*')",
        `wake ${"a".repeat(500)}`,
      ]) {
        const command = parseCommand(text);
        const typed = "cluster" in command ? command.cluster : undefined;
        expect(typed && findCluster(typed, fleet).kind).toBe("unknown");
      }
    });

    it("a 500-character cluster name is kept (it will not be found)", () => {
      const name = "a".repeat(500);
      expect(parseCommand(`status ${name}`)).toEqual({ kind: "status", cluster: name });
    });

    it("echoes at most 40 characters of a long unknown verb", () => {
      const command = parseCommand(`${"z".repeat(5000)} dev-a100`);
      expect(command.kind === "invalid" && command.message.split("\n")[0]).toBe(
        `unknown command '${"z".repeat(39)}…'`,
      );
    });

    it.each([
      ["NUL", "stop dev\u0000a100"],
      ["escape", "stop \u001b[31mdev-a100"],
      ["DEL", "stop dev-a100\u007f"],
      ["zero-width space", "stop dev\u200ba100"],
      ["right-to-left override", "stop \u202edev-a100"],
    ])("a %s character stays in the cluster name, which then matches no cluster", (_name, text) => {
      const command = parseCommand(text);
      expect(command).toEqual({ kind: "stop", cluster: text.slice("stop ".length) });
      expect(
        findCluster(command.kind === "stop" ? command.cluster : "", [fleetCluster("dev-a100")])
          .kind,
      ).toBe("unknown");
    });

    it("a byte-order mark before the verb counts as a space", () => {
      expect(parseCommand("\ufeffstop dev-a100")).toEqual({ kind: "stop", cluster: "dev-a100" });
    });

    it("any text at all parses to a command without throwing", () => {
      fc.assert(
        fc.property(fc.string({ unit: "binary", maxLength: 600 }), (text) => {
          const command = parseCommand(text);
          expect(command.kind).toMatch(/^(start|stop|extend|status|wake|report|help|invalid)$/);
          if (command.kind === "invalid") expect(command.message.length).toBeLessThan(2000);
        }),
      );
    });

    it("any verb and cluster made of safe characters round-trips", () => {
      const name = fc
        .stringMatching(/^[A-Za-z0-9][A-Za-z0-9_./-]{0,80}$/)
        .filter((n) => !["for", "until", "by"].includes(n.toLowerCase()));
      fc.assert(
        fc.property(fc.constantFrom("stop", "wake", "status", "StOp"), name, (verb, cluster) => {
          expect(parseCommand(`${verb} ${cluster}`)).toEqual({ kind: verb.toLowerCase(), cluster });
        }),
      );
    });
  });
});
