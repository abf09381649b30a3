/** @module Which `response_url`s the adapter will POST to, and the body it sends. */
import { describe, expect, it } from "vitest";
import { SlackError } from "../ports/slack.js";
import { checkResponseUrl, responseBody } from "./response-url.js";
import { responseHosts } from "./web-api.js";

const SLACK = ["hooks.slack.com"];

describe("checkResponseUrl", () => {
  it("accepts Slack's host and a configured host:port", () => {
    const url = "https://hooks.slack.com/commands/T1/397700885554/96rGlfmibIGlgcZRskXaIFfN";
    expect(checkResponseUrl(url, SLACK).href).toBe(url);
    expect(checkResponseUrl("https://HOOKS.slack.com/actions/x", SLACK).host).toBe(
      "hooks.slack.com",
    );
    expect(
      checkResponseUrl("https://127.0.0.1:8443/slack/response/R1", ["127.0.0.1:8443"]).port,
    ).toBe("8443");
  });

  it.each([
    "http://hooks.slack.com/commands/x",
    "https://hooks.slack.com.evil.example/commands/x",
    "https://evil.example/?hooks.slack.com",
    "https://hooks.slack.com:8443/commands/x",
    "https://user:pw@hooks.slack.com/commands/x",
    "https://127.0.0.1:9999/slack/response/R1",
    "file:///etc/passwd",
    "not a url",
  ])("refuses %s with NotAuthorized", (url) => {
    let error: unknown;
    try {
      checkResponseUrl(url, [...SLACK, "127.0.0.1:8443"]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SlackError);
    expect((error as SlackError).code).toBe("NotAuthorized");
  });
});

describe("responseHosts", () => {
  it("is hooks.slack.com, plus the host of a non-Slack API URL", () => {
    expect(responseHosts({ token: "t" })).toEqual(["hooks.slack.com"]);
    expect(responseHosts({ token: "t", apiUrl: "https://slack.com/api/" })).toEqual([
      "hooks.slack.com",
    ]);
    expect(responseHosts({ token: "t", apiUrl: "https://127.0.0.1:8443/slack/api/" })).toEqual([
      "hooks.slack.com",
      "127.0.0.1:8443",
    ]);
    expect(responseHosts({ token: "t", allowedResponseHosts: ["x.example"] })).toEqual([
      "x.example",
    ]);
  });
});

describe("responseBody", () => {
  it("states response_type and replace_original explicitly; blocks only when given", () => {
    expect(responseBody({ text: "hi" })).toEqual({
      response_type: "ephemeral",
      replace_original: false,
      text: "hi",
    });
    const blocks = [{ type: "divider" }];
    expect(
      responseBody({ text: "hi", blocks, responseType: "in_channel", replaceOriginal: true }),
    ).toEqual({ response_type: "in_channel", replace_original: true, text: "hi", blocks });
  });
});
