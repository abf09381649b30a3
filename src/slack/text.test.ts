/**
 * @module Text helpers: escaping, clipping that never breaks an entity, mention or surrogate pair,
 * local clock times in the group's zone, durations and money.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  clip,
  escapeMrkdwn,
  formatMinutes,
  formatMoney,
  formatSeconds,
  localClock,
  mentionUser,
  packLines,
  safe,
} from "./text.js";

describe("escaping and clipping", () => {
  it("escapes the characters that would make a mention or a link", () => {
    expect(escapeMrkdwn("<!channel> & <@U1|x>")).toBe("&lt;!channel&gt; &amp; &lt;@U1|x&gt;");
  });

  it("clips to the limit with an ellipsis", () => {
    expect(clip("abcdef", 4)).toBe("abc…");
    expect(clip("abc", 4)).toBe("abc");
  });

  it("keeps an inline value on one line: newlines and tabs become spaces", () => {
    expect(safe("dev\n\tcluster", 80)).toBe("dev cluster");
    expect(safe("\n", 80)).toBe(" ");
  });

  it("never leaves half an entity, half a mention or half a surrogate pair", () => {
    expect(safe("ab&cd", 5)).toBe("ab…");
    expect(clip("see <@U123ABC> now", 10)).toBe("see …");
    expect(clip("ab😀cd", 4)).toBe("ab…");
  });

  it("always fits the limit", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "binary", maxLength: 400 }),
        fc.integer({ min: 1, max: 300 }),
        (s, max) => {
          expect(safe(s, max).length).toBeLessThanOrEqual(max);
        },
      ),
    );
  });

  it("mentions Slack user IDs and escapes anything else", () => {
    expect(mentionUser("U123ABC")).toBe("<@U123ABC>");
    expect(mentionUser("alice")).toBe("alice");
    expect(mentionUser("<!here>")).toBe("&lt;!here&gt;");
  });
});

describe("localClock", () => {
  const stop = "2026-11-25T04:00:00Z"; // 20:00 on Tue 24 Nov in Los Angeles

  it.each([
    ["a stop in Los Angeles reads in PST", stop, "America/Los_Angeles", undefined, "20:00 PST"],
    ["the same instant in Berlin reads in CET", stop, "Europe/Berlin", undefined, "05:00 CET"],
    [
      "summer time reads in PDT",
      "2026-07-01T03:00:00Z",
      "America/Los_Angeles",
      undefined,
      "20:00 PDT",
    ],
    ["UTC is UTC", stop, "UTC", undefined, "04:00 UTC"],
    ["an unknown zone falls back to UTC", stop, "Mars/Olympus", undefined, "04:00 UTC"],
    [
      "the same local day needs no date",
      stop,
      "America/Los_Angeles",
      "2026-11-24T20:00:00Z",
      "20:00 PST",
    ],
    [
      "the next day says tomorrow",
      "2026-11-25T16:00:00Z",
      "America/Los_Angeles",
      "2026-11-24T20:00:00Z",
      "tomorrow 08:00 PST",
    ],
    [
      "later days say which",
      "2026-11-30T16:00:00Z",
      "America/Los_Angeles",
      "2026-11-24T20:00:00Z",
      "Mon 30 Nov 08:00 PST",
    ],
    [
      "text that is not an instant is shown as given",
      "soon<script>",
      "UTC",
      undefined,
      "soon&lt;script&gt;",
    ],
  ])("%s", (_sentence, at, zone, reference, expected) => {
    expect(localClock(at, zone, reference)).toBe(expected);
  });
});

describe("durations and money", () => {
  it.each([
    [30, "30m"],
    [120, "2h"],
    [90, "1h30m"],
    [0, "0m"],
  ])("%i minutes read as %s", (minutes, text) => {
    expect(formatMinutes(minutes)).toBe(text);
  });

  it.each([
    [372, "6m12s"],
    [360, "6m"],
    [45, "45s"],
    [3725, "1h2m"],
    [-1, "?"],
  ])("%i seconds read as %s", (seconds, text) => {
    expect(formatSeconds(seconds)).toBe(text);
  });

  it("formats known currencies and survives unknown ones", () => {
    expect(formatMoney(1234.5, "USD")).toBe("$1,234.50");
    expect(formatMoney(12, "EUR")).toBe("€12.00");
    expect(formatMoney(12, "usd")).toBe("12.00 usd");
    expect(formatMoney(12, "<$>")).toBe("12.00 &lt;$&gt;");
    expect(formatMoney(Number.NaN, "USD")).toBe("?");
  });
});

describe("packLines", () => {
  it("packs lines into chunks and counts what did not fit", () => {
    const lines = Array.from({ length: 10 }, (_, i) => `line ${i}`);
    const { chunks, omitted } = packLines(lines, 13, 3);
    expect(chunks).toEqual(["line 0\nline 1", "line 2\nline 3", "line 4\nline 5"]);
    expect(omitted).toBe(4);
  });

  it("loses no line: shown plus omitted is everything, and every chunk fits", () => {
    const line = fc.stringMatching(/^[^\n]{1,50}$/);
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 60 }),
        fc.integer({ min: 10, max: 200 }),
        fc.integer({ min: 1, max: 6 }),
        (lines, maxChars, maxChunks) => {
          const { chunks, omitted } = packLines(lines, maxChars, maxChunks);
          const shown = chunks.reduce((n, c) => n + c.split("\n").length, 0);
          expect(shown + omitted).toBe(lines.length);
          expect(chunks.length).toBeLessThanOrEqual(maxChunks);
          for (const c of chunks) expect(c.length).toBeLessThanOrEqual(maxChars);
        },
      ),
    );
  });
});
