/**
 * @module Parsing slash-command and interactivity bodies: the fields we use, unknown fields
 * ignored, every malformed field named, oversized bodies refused.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_BODY_BYTES, isSslCheck, parseInteraction, parseSlashCommand } from "./payloads.js";

const command: Record<string, string> = {
  token: "xyzz0WbapA4vBCDEFasx0q6G",
  team_id: "T1DC2JH3J",
  team_domain: "testteamnow",
  channel_id: "C8PSS9T3V",
  channel_name: "ml-infra",
  user_id: "U2CERLKJA",
  user_name: "roadrunner",
  command: "/gpu",
  text: "start dev-a100 for 2h",
  api_app_id: "A0123ABCD",
  is_enterprise_install: "false",
  response_url: "https://hooks.slack.com/commands/T1DC2JH3J/397700885554/96rGlfmibIGlgcZRskXaIFfN",
  trigger_id: "398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c",
};

function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

function without(key: string): Record<string, string> {
  return Object.fromEntries(Object.entries(command).filter(([k]) => k !== key));
}

describe("parseSlashCommand", () => {
  it("reads the fields gpu-warden uses and ignores the rest", () => {
    expect(parseSlashCommand(form(command))).toEqual({
      ok: true,
      value: {
        teamId: "T1DC2JH3J",
        channelId: "C8PSS9T3V",
        userId: "U2CERLKJA",
        command: "/gpu",
        text: "start dev-a100 for 2h",
        responseUrl: command.response_url,
        triggerId: command.trigger_id,
        apiAppId: "A0123ABCD",
        channelName: "ml-infra",
        userName: "roadrunner",
      },
    });
  });

  it("reads Slack's official example body (a private channel G…, empty text)", () => {
    const body =
      "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V" +
      "&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=" +
      "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN" +
      "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    const parsed = parseSlashCommand(body);
    expect(parsed.ok && parsed.value.text).toBe("");
    expect(parsed.ok && parsed.value.channelId).toBe("G8PSS9T3V");
  });

  it("decodes + and %-escapes in the text", () => {
    const parsed = parseSlashCommand(
      form(command).replace("text=start+dev-a100", "text=start+dev%2Da100"),
    );
    expect(parsed.ok && parsed.value.text).toBe("start dev-a100 for 2h");
  });

  it("treats a missing text as empty (help)", () => {
    const parsed = parseSlashCommand(form(without("text")));
    expect(parsed.ok && parsed.value.text).toBe("");
  });

  it.each<[string, Record<string, string>, string]>([
    ["a missing user_id", without("user_id"), "user_id"],
    ["a missing team_id", without("team_id"), "team_id"],
    ["a missing channel_id", without("channel_id"), "channel_id"],
    ["a missing command", without("command"), "command"],
    ["a missing response_url", without("response_url"), "response_url"],
    ["a missing trigger_id", without("trigger_id"), "trigger_id"],
    [
      "an http response_url",
      { ...command, response_url: "http://hooks.slack.com/x" },
      "response_url",
    ],
    [
      "a javascript: response_url",
      { ...command, response_url: "javascript:alert(1)" },
      "response_url",
    ],
    [
      "a response_url that is not a URL",
      { ...command, response_url: "hooks.slack.com/x" },
      "response_url",
    ],
    [
      "a response_url with credentials",
      { ...command, response_url: "https://a:b@evil.example/" },
      "response_url",
    ],
    ["a user name where the user ID belongs", { ...command, user_id: "roadrunner" }, "user_id"],
    ["a channel #name where the ID belongs", { ...command, channel_id: "#ml-infra" }, "channel_id"],
    ["a command without its slash", { ...command, command: "gpu" }, "command"],
    ["an empty trigger_id", { ...command, trigger_id: "" }, "trigger_id"],
  ])("names the field for %s", (_sentence, fields, field) => {
    const parsed = parseSlashCommand(form(fields));
    expect(parsed.ok ? null : parsed.error).toMatchObject({ code: "Malformed", field });
  });

  it("refuses a field given twice rather than guessing which one counts", () => {
    const parsed = parseSlashCommand(`${form(command)}&user_id=U0ADMIN00`);
    expect(parsed.ok ? null : parsed.error).toEqual({
      code: "Malformed",
      field: "user_id",
      message: "field 'user_id': given more than once",
    });
  });

  it("says 'missing' for a missing field", () => {
    const parsed = parseSlashCommand(form(without("user_id")));
    expect(parsed.ok ? null : parsed.error.message).toBe("field 'user_id': missing");
  });

  it("refuses a body over 16 KiB as TooLarge, and accepts one just under", () => {
    const filler = (n: number) => form({ ...command, text: "x".repeat(n) });
    const base = filler(0).length;
    const tooLarge = parseSlashCommand(filler(MAX_BODY_BYTES - base + 1));
    expect(tooLarge.ok ? null : tooLarge.error.code).toBe("TooLarge");
    const justUnder = parseSlashCommand(form({ ...command, text: "x".repeat(3000) }));
    expect(justUnder.ok).toBe(true);
  });

  it("counts bytes, not characters, toward the size cap", () => {
    const body = `${form(command)}&note=${"é".repeat(MAX_BODY_BYTES / 2)}`;
    expect(body.length).toBeLessThan(MAX_BODY_BYTES);
    const parsed = parseSlashCommand(body);
    expect(parsed.ok ? null : parsed.error.code).toBe("TooLarge");
  });

  it("never throws on arbitrary bodies", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 2000 }), (body) => {
        expect(() => parseSlashCommand(body)).not.toThrow();
        expect(() => parseInteraction(body)).not.toThrow();
      }),
    );
  });
});

const interaction = {
  type: "block_actions",
  user: { id: "U123ABC", username: "ada", team_id: "T1DC2JH3J" },
  api_app_id: "A0123ABCD",
  token: "deprecated",
  container: {
    type: "message",
    message_ts: "1732500000.000100",
    channel_id: "C8PSS9T3V",
    is_ephemeral: false,
  },
  trigger_id: "398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c",
  team: { id: "T1DC2JH3J", domain: "testteamnow" },
  channel: { id: "C8PSS9T3V", name: "ml-infra" },
  message: { type: "message", ts: "1732500000.000100", text: "dev-a100 stops at 20:00 PST" },
  state: { values: {} },
  response_url: "https://hooks.slack.com/actions/T1DC2JH3J/1/abc",
  actions: [
    {
      action_id: "keep-1h",
      block_id: "Xb1",
      text: { type: "plain_text", text: "Keep 1h" },
      value: '{"clusterId":"/subscriptions/s/x","stopAt":"2026-11-25T04:00:00Z"}',
      type: "button",
      action_ts: "1732500100.123456",
    },
  ],
};

function payload(value: unknown): string {
  return new URLSearchParams({ payload: JSON.stringify(value) }).toString();
}

describe("parseInteraction", () => {
  it("reads who clicked what on which message", () => {
    expect(parseInteraction(payload(interaction))).toEqual({
      ok: true,
      value: {
        userId: "U123ABC",
        channelId: "C8PSS9T3V",
        messageTs: "1732500000.000100",
        responseUrl: "https://hooks.slack.com/actions/T1DC2JH3J/1/abc",
        teamId: "T1DC2JH3J",
        apiAppId: "A0123ABCD",
        triggerId: interaction.trigger_id,
        action: {
          actionId: "keep-1h",
          type: "button",
          blockId: "Xb1",
          value: '{"clusterId":"/subscriptions/s/x","stopAt":"2026-11-25T04:00:00Z"}',
        },
        container: {
          type: "message",
          messageTs: "1732500000.000100",
          channelId: "C8PSS9T3V",
          isEphemeral: false,
        },
      },
    });
  });

  it("falls back to the container for the channel and message of an ephemeral message", () => {
    const { channel: _c, message: _m, ...ephemeral } = interaction;
    const parsed = parseInteraction(
      payload({ ...ephemeral, container: { ...interaction.container, is_ephemeral: true } }),
    );
    expect(
      parsed.ok && [
        parsed.value.channelId,
        parsed.value.messageTs,
        parsed.value.container.isEphemeral,
      ],
    ).toEqual(["C8PSS9T3V", "1732500000.000100", true]);
  });

  it.each<[string, string, string]>([
    ["a body without payload", "foo=bar", "payload"],
    ["a payload that is not JSON", "payload=%7Bnot-json", "payload"],
    ["a view_submission", payload({ ...interaction, type: "view_submission" }), "type"],
    ["a missing user", payload({ ...interaction, user: undefined }), "user"],
    ["a user without an ID", payload({ ...interaction, user: { name: "ada" } }), "user.id"],
    ["no actions", payload({ ...interaction, actions: [] }), "actions"],
    [
      "an action without action_id",
      payload({ ...interaction, actions: [{ type: "button", value: "x" }] }),
      "actions[0].action_id",
    ],
    [
      "an http response_url",
      payload({ ...interaction, response_url: "http://hooks.slack.com/actions/x" }),
      "response_url",
    ],
    [
      "no channel anywhere",
      payload({
        ...interaction,
        channel: undefined,
        container: { type: "message", message_ts: "1.2" },
      }),
      "channel.id",
    ],
    [
      "no message ts anywhere",
      payload({ ...interaction, message: undefined, container: { type: "message" } }),
      "message.ts",
    ],
    ["a JSON array", payload([interaction]), "body"],
  ])("names the field for %s", (_sentence, body, field) => {
    const parsed = parseInteraction(body);
    expect(parsed.ok ? null : parsed.error).toMatchObject({ code: "Malformed", field });
  });

  it("refuses a payload over 16 KiB", () => {
    const parsed = parseInteraction(
      payload({ ...interaction, padding: "x".repeat(MAX_BODY_BYTES) }),
    );
    expect(parsed.ok ? null : parsed.error.code).toBe("TooLarge");
  });
});

describe("isSslCheck", () => {
  it("recognises Slack's ssl_check probe and nothing else", () => {
    expect(isSslCheck("ssl_check=1&token=abc")).toBe(true);
    expect(isSslCheck(form(command))).toBe(false);
  });
});
