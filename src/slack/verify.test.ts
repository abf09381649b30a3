/**
 * @module Signature verification against Slack's official example (notes/slack.md §1), the 5-minute
 * window both ways, malformed headers, and a property: any change to a signed body is refused.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  readSlackHeaders,
  signSlackRequest,
  verifySlackRequest,
  type VerifyInput,
} from "./verify.js";

const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const TIMESTAMP = "1531420618";
const BODY =
  "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V" +
  "&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=" +
  "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN" +
  "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
const SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
const NOW = Number(TIMESTAMP) + 60;

const official: VerifyInput = {
  signingSecret: SECRET,
  timestamp: TIMESTAMP,
  signature: SIGNATURE,
  rawBody: BODY,
  nowSeconds: NOW,
};

function codeOf(input: Partial<VerifyInput>): string {
  const result = verifySlackRequest({ ...official, ...input });
  return result.ok ? "ok" : result.error.code;
}

/** Changes the character at `index` to another one of the same kind. */
function changeAt(text: string, index: number): string {
  const c = text.charAt(index);
  const replacement = /\d/.test(c) ? String((Number(c) + 1) % 10) : c === "a" ? "b" : "a";
  return text.slice(0, index) + replacement + text.slice(index + 1);
}

describe("verifySlackRequest", () => {
  it("the official example body is 362 characters", () => {
    expect(BODY).toHaveLength(362);
  });

  it.each<[string, Partial<VerifyInput>, string]>([
    ["Slack's official example verifies a minute later", {}, "ok"],
    ["it verifies at its own timestamp", { nowSeconds: Number(TIMESTAMP) }, "ok"],
    ["a now with milliseconds is fine", { nowSeconds: Number(TIMESTAMP) + 0.75 }, "ok"],
    [
      "one changed byte in the body is a bad signature",
      { rawBody: changeAt(BODY, 100) },
      "BadSignature",
    ],
    ["a trailing newline in the body is a bad signature", { rawBody: `${BODY}\n` }, "BadSignature"],
    [
      "a changed signature digit is a bad signature",
      { signature: changeAt(SIGNATURE, 10) },
      "BadSignature",
    ],
    [
      "a timestamp changed by one second (still fresh) is a bad signature",
      { timestamp: changeAt(TIMESTAMP, 9) },
      "BadSignature",
    ],
    [
      "a timestamp changed in its first digit (years away) is stale",
      { timestamp: changeAt(TIMESTAMP, 0) },
      "StaleTimestamp",
    ],
    ["another signing secret is a bad signature", { signingSecret: `${SECRET}x` }, "BadSignature"],
    ["an empty signing secret refuses everything", { signingSecret: "" }, "BadSignature"],
    ["6 minutes in the past is stale", { nowSeconds: Number(TIMESTAMP) + 360 }, "StaleTimestamp"],
    ["6 minutes in the future is stale", { nowSeconds: Number(TIMESTAMP) - 360 }, "StaleTimestamp"],
    ["exactly 5 minutes old is accepted", { nowSeconds: Number(TIMESTAMP) + 300 }, "ok"],
    ["exactly 5 minutes ahead is accepted", { nowSeconds: Number(TIMESTAMP) - 300 }, "ok"],
    [
      "one second past 5 minutes is stale",
      { nowSeconds: Number(TIMESTAMP) + 301 },
      "StaleTimestamp",
    ],
    ["a missing timestamp header", { timestamp: undefined }, "MissingHeaders"],
    ["a null signature header", { signature: null }, "MissingHeaders"],
    ["an empty timestamp header", { timestamp: "" }, "MissingHeaders"],
    ["a blank signature header", { signature: "   " }, "MissingHeaders"],
    [
      "a fractional timestamp is not a Unix time",
      { timestamp: `${TIMESTAMP}.5` },
      "StaleTimestamp",
    ],
    ["a negative timestamp is not a Unix time", { timestamp: `-${TIMESTAMP}` }, "StaleTimestamp"],
    ["a hex timestamp is not a Unix time", { timestamp: "0x5b47f7ca" }, "StaleTimestamp"],
    [
      "an absurdly long timestamp is not a Unix time",
      { timestamp: "9".repeat(400) },
      "StaleTimestamp",
    ],
    ["a signature one digit short", { signature: SIGNATURE.slice(0, -1) }, "BadSignature"],
    ["a signature one digit long", { signature: `${SIGNATURE}0` }, "BadSignature"],
    ["a signature with non-hex digits", { signature: `v0=${"z".repeat(64)}` }, "BadSignature"],
    ["a signature in upper case", { signature: SIGNATURE.toUpperCase() }, "BadSignature"],
    [
      "a signature of another version",
      { signature: SIGNATURE.replace("v0=", "v1=") },
      "BadSignature",
    ],
    ["a signature that is just the prefix", { signature: "v0=" }, "BadSignature"],
    ["a 10 KB signature", { signature: `v0=${"a".repeat(10_000)}` }, "BadSignature"],
    [
      "a multibyte signature of the right length",
      { signature: `v0=${"é".repeat(64)}` },
      "BadSignature",
    ],
  ])("%s", (_sentence, change, expected) => {
    expect(codeOf(change)).toBe(expected);
  });

  it("explains a refusal in words", () => {
    const result = verifySlackRequest({ ...official, nowSeconds: NOW + 3600 });
    expect(result).toEqual({
      ok: false,
      error: {
        code: "StaleTimestamp",
        message: "X-Slack-Request-Timestamp is more than 5 minutes from now",
      },
    });
  });

  it("signs the official example exactly as Slack does", () => {
    expect(signSlackRequest({ signingSecret: SECRET, timestamp: TIMESTAMP, rawBody: BODY })).toBe(
      SIGNATURE,
    );
  });

  it("refuses any change to a signed body, and accepts the body itself", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "grapheme", maxLength: 300 }),
        fc.nat(),
        fc.string({ unit: "grapheme", minLength: 1, maxLength: 3 }),
        (body, at, insert) => {
          const signature = signSlackRequest({
            signingSecret: SECRET,
            timestamp: TIMESTAMP,
            rawBody: body,
          });
          const base = { ...official, rawBody: body, signature };
          expect(verifySlackRequest(base).ok).toBe(true);
          const index = body.length === 0 ? 0 : at % body.length;
          const mutations = [
            body.slice(0, index) + insert + body.slice(index),
            body.slice(0, index) + body.slice(index + 1),
            body.slice(0, index) + insert + body.slice(index + 1),
          ].filter((m) => m !== body);
          for (const rawBody of mutations) {
            const result = verifySlackRequest({ ...base, rawBody });
            expect(result.ok ? "ok" : result.error.code).toBe("BadSignature");
          }
        },
      ),
    );
  });

  it("never throws on arbitrary header values", () => {
    fc.assert(
      fc.property(fc.option(fc.string()), fc.option(fc.string()), fc.double(), (ts, sig, now) => {
        expect(() =>
          verifySlackRequest({ ...official, timestamp: ts, signature: sig, nowSeconds: now }),
        ).not.toThrow();
      }),
    );
  });
});

describe("readSlackHeaders", () => {
  it("reads a Fetch Headers object, whatever the case of the names", () => {
    const headers = new Headers({
      "X-Slack-Signature": SIGNATURE,
      "x-slack-request-timestamp": TIMESTAMP,
    });
    expect(readSlackHeaders(headers)).toEqual({ timestamp: TIMESTAMP, signature: SIGNATURE });
  });

  it("reads a plain record with names in any case", () => {
    expect(
      readSlackHeaders({ "X-SLACK-SIGNATURE": SIGNATURE, "X-Slack-Request-Timestamp": TIMESTAMP }),
    ).toEqual({ timestamp: TIMESTAMP, signature: SIGNATURE });
  });

  it("reports absent headers as undefined, which verification calls MissingHeaders", () => {
    const read = readSlackHeaders({ "content-type": "application/x-www-form-urlencoded" });
    expect(read).toEqual({ timestamp: undefined, signature: undefined });
    expect(codeOf(read)).toBe("MissingHeaders");
  });

  it("joins a repeated header, which then fails the format check", () => {
    const read = readSlackHeaders({
      "x-slack-signature": [SIGNATURE, SIGNATURE],
      "x-slack-request-timestamp": TIMESTAMP,
    });
    expect(codeOf(read)).toBe("BadSignature");
  });
});
