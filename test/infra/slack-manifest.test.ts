/**
 * @module slack/manifest.yaml: its bot scopes cover every Slack Web API method the adapter calls
 * (src/slack/web-api.ts SLACK_METHODS) and the slash command, and nothing more; its URLs are the
 * routes the functions register. The comparison fails for a method without its scope.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { SLACK_METHODS } from "../../src/slack/web-api.js";
import { REPO } from "./bicep.js";
import { compareSlackScopes } from "./checks.js";

interface Manifest {
  features: {
    slash_commands?: { command: string; url: string; should_escape?: boolean }[];
  };
  oauth_config: { scopes: { bot: string[]; user?: string[] } };
  settings: { interactivity?: { is_enabled: boolean; request_url: string } };
}

const manifest = parse(readFileSync(join(REPO, "slack/manifest.yaml"), "utf8")) as Manifest;
const commands = manifest.features.slash_commands ?? [];

/** The route a function file registers (`route: "slack/command"`). */
function route(functionFile: string): string {
  const text = readFileSync(join(REPO, "src/functions", functionFile), "utf8");
  const match = /route:\s*"([^"]+)"/.exec(text);
  if (!match?.[1]) throw new Error(`${functionFile}: no route`);
  return `/api/${match[1]}`;
}

/** Parses a manifest URL, whose host is the `<app>` placeholder until deployment. */
function url(text: string | undefined): URL {
  return new URL((text ?? "").replace("<app>", "app"));
}

describe("slack/manifest.yaml", () => {
  it("asks for exactly the bot scopes the code needs", () => {
    const diff = compareSlackScopes(
      SLACK_METHODS,
      commands.length > 0,
      manifest.oauth_config.scopes.bot,
    );
    expect(diff).toEqual({ missing: [], extra: [], unmapped: [] });
    expect(manifest.oauth_config.scopes.user ?? []).toEqual([]);
  });

  it("reports a method called without its scope, and one with no known scope", () => {
    // As if files.completeUploadExternal had been added to the code before its scope.
    const withoutFiles = manifest.oauth_config.scopes.bot.filter((s) => s !== "files:write");
    const methods = [...SLACK_METHODS, "reactions.add"];
    const diff = compareSlackScopes(methods, true, withoutFiles);
    expect(diff.missing).toEqual(["files:write"]);
    expect(diff.unmapped).toEqual(["reactions.add"]);
  });

  it("reports a scope nothing needs", () => {
    const diff = compareSlackScopes(SLACK_METHODS, true, [
      ...manifest.oauth_config.scopes.bot,
      "channels:history",
    ]);
    expect(diff.extra).toEqual(["channels:history"]);
  });

  it("sends the slash command and the button clicks to the routes the functions register", () => {
    expect(commands.map((c) => c.command)).toEqual(["/gpu"]);
    expect(url(commands[0]?.url).pathname).toBe(route("slack-command.ts"));
    expect(commands[0]?.should_escape).toBe(false);
    expect(manifest.settings.interactivity?.is_enabled).toBe(true);
    const interaction = url(manifest.settings.interactivity?.request_url);
    expect(interaction.pathname).toBe(route("slack-interaction.ts"));
    expect(interaction.protocol).toBe("https:");
  });
});
