/**
 * @module The Block Kit checker finds each kind of problem, and passes a message within limits.
 */
import { describe, expect, it } from "vitest";
import type { Block, SlackMessage } from "../ports/slack.js";
import { checkBlockKit } from "./limits.js";

const mrkdwn = (text: string) => ({ type: "mrkdwn", text });
const plain = (text: string) => ({ type: "plain_text", text });
const button = (text: string, action_id: string, value?: string): Block => ({
  type: "button",
  text: plain(text),
  action_id,
  ...(value === undefined ? {} : { value }),
});
const msg = (...blocks: Block[]): SlackMessage => ({ text: "fallback", blocks });

describe("checkBlockKit", () => {
  it("passes a message within every limit", () => {
    const ok = msg(
      { type: "header", text: plain("h".repeat(150)) },
      { type: "section", text: mrkdwn("s".repeat(3000)) },
      { type: "section", fields: Array.from({ length: 10 }, () => mrkdwn("f".repeat(2000))) },
      { type: "context", elements: Array.from({ length: 10 }, () => mrkdwn("c")) },
      { type: "divider" },
      {
        type: "actions",
        elements: Array.from({ length: 25 }, (_, i) =>
          button("b".repeat(75), `a${i}`, "v".repeat(2000)),
        ),
      },
    );
    expect(checkBlockKit(ok)).toEqual([]);
  });

  it.each<[string, SlackMessage, string]>([
    ["a missing fallback text", { text: "", blocks: [] }, "text: the fallback text is missing"],
    [
      "a fallback over 40,000 characters",
      { text: "x".repeat(40_001) },
      "text: 40001 characters (max 40000)",
    ],
    [
      "51 blocks",
      msg(...Array.from({ length: 51 }, (): Block => ({ type: "divider" }))),
      "blocks: 51 blocks (max 50)",
    ],
    [
      "a section over 3000 characters",
      msg({ type: "section", text: mrkdwn("s".repeat(3001)) }),
      "blocks[0].text.text: 3001 characters (max 3000)",
    ],
    ["an empty section", msg({ type: "section", text: mrkdwn(" ") }), "blocks[0].text.text: empty"],
    [
      "a section with neither text nor fields",
      msg({ type: "section" }),
      "blocks[0]: a section needs text or fields",
    ],
    [
      "a header over 150 characters",
      msg({ type: "header", text: plain("h".repeat(151)) }),
      "blocks[0].text.text: 151 characters (max 150)",
    ],
    [
      "a mrkdwn header",
      msg({ type: "header", text: mrkdwn("h") }),
      "blocks[0].text.type: must be plain_text",
    ],
    [
      "11 fields",
      msg({ type: "section", fields: Array.from({ length: 11 }, () => mrkdwn("f")) }),
      "blocks[0].fields: 11 fields (max 10)",
    ],
    [
      "a field over 2000 characters",
      msg({ type: "section", fields: [mrkdwn("f".repeat(2001))] }),
      "blocks[0].fields[0].text: 2001 characters (max 2000)",
    ],
    [
      "11 context elements",
      msg({ type: "context", elements: Array.from({ length: 11 }, () => mrkdwn("c")) }),
      "blocks[0].elements: 11 elements (max 10)",
    ],
    [
      "26 buttons",
      msg({
        type: "actions",
        elements: Array.from({ length: 26 }, (_, i) => button("b", `a${i}`)),
      }),
      "blocks[0].elements: 26 elements (max 25)",
    ],
    [
      "button text over 75 characters",
      msg({ type: "actions", elements: [button("b".repeat(76), "a")] }),
      "blocks[0].elements[0].text.text: 76 characters (max 75)",
    ],
    [
      "an action_id over 255 characters",
      msg({ type: "actions", elements: [button("b", "a".repeat(256))] }),
      "blocks[0].elements[0].action_id: 256 characters (max 255)",
    ],
    [
      "a button value over 2000 characters",
      msg({ type: "actions", elements: [button("b", "a", "v".repeat(2001))] }),
      "blocks[0].elements[0].value: 2001 characters (max 2000)",
    ],
    [
      "a repeated action_id",
      msg({ type: "actions", elements: [button("b", "a"), button("c", "a")] }),
      "blocks[0].elements[1].action_id: 'a' is repeated in the block",
    ],
    [
      "a repeated block_id",
      msg({ type: "divider", block_id: "x" }, { type: "divider", block_id: "x" }),
      "blocks[1].block_id: 'x' is repeated",
    ],
    [
      "a confirm dialog with a long title",
      msg({
        type: "actions",
        elements: [
          {
            ...button("b", "a"),
            confirm: {
              title: plain("t".repeat(101)),
              text: plain("x"),
              confirm: plain("y"),
              deny: plain("n"),
            },
          },
        ],
      }),
      "blocks[0].elements[0].confirm.title.text: 101 characters (max 100)",
    ],
    ["an unknown block type", msg({ type: "video" }), 'blocks[0]: unsupported block type "video"'],
  ])("reports %s", (_sentence, message, problem) => {
    expect(checkBlockKit(message)).toContain(problem);
  });
});
