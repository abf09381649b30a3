/**
 * @module The people in the demo's week, talking to gpu-warden through the emulated Slack with
 * signed requests: Ana extends dev-a100 on Tuesday evening and keeps it on Wednesday with the
 * warning's button; Eve, who is not allowed, tries to stop production. Also the transcript
 * (out/demo/slack.md) and the counts for `--json`.
 */
import { handleSlackCommand } from "../app/slack/command.js";
import type { SlackDeps, SlackReply } from "../app/slack/context.js";
import { handleInteraction } from "../app/slack/interaction.js";
import type { Emulator } from "../emulator/index.js";
import type { SlackCall } from "../emulator/slack-state.js";
import { buttonClickRequest, slashCommandRequest } from "./slack-requests.js";

interface Step {
  readonly at: string;
  readonly user: string;
  readonly run: (ctx: StepContext) => Promise<string>;
}

interface StepContext {
  readonly deps: SlackDeps;
  readonly emulator: Emulator;
  readonly now: Date;
  readonly user: string;
}

export interface DemoSlackCounts {
  readonly messages: number;
  readonly commands: number;
  readonly refused: number;
}

const CHANNEL = "C0123ABCD";

/** Virtual instants are UTC; the comments give Los Angeles time (PST). */
const SCRIPT: readonly Step[] = [
  // Monday 10:00 PST: Eve is not in @ml-eng and production is protected anyway.
  { at: "2026-11-23T18:00:00Z", user: "U0EVE0001", run: (c) => command(c, "stop inference-prod") },
  { at: "2026-11-23T18:01:00Z", user: "U0EVE0001", run: (c) => command(c, "stop dev-a100") },
  // Tuesday 19:30 PST: Ana's training run needs another hour.
  { at: "2026-11-25T03:30:00Z", user: "U0ANA0001", run: (c) => command(c, "extend dev-a100 1h") },
  { at: "2026-11-25T03:31:00Z", user: "U0ANA0001", run: (c) => command(c, "status dev-a100") },
  // Wednesday 19:50 PST: the 19:45 warning is in the channel; Ana clicks Keep 1h.
  {
    at: "2026-11-26T03:50:00Z",
    user: "U0ANA0001",
    run: (c) => click(c, "dev-a100 stops at", "keep-1h"),
  },
];

export class DemoSlack {
  private readonly done = new Set<Step>();
  private readonly log: { at: string; line: string }[] = [];
  private commands = 0;

  constructor(
    private readonly deps: SlackDeps,
    private readonly emulator: Emulator,
  ) {}

  /** Runs the steps due by `now` (call before each tick). */
  async before(now: Date): Promise<void> {
    for (const step of SCRIPT) {
      if (this.done.has(step) || Date.parse(step.at) > now.getTime()) continue;
      this.done.add(step);
      this.commands += 1;
      const line = await step.run({
        deps: this.deps,
        emulator: this.emulator,
        now: new Date(step.at),
        user: step.user,
      });
      this.log.push({ at: step.at, line });
    }
  }

  counts(refused: number): DemoSlackCounts {
    const messages = this.appMessages().length;
    return { messages, commands: this.commands, refused };
  }

  /** Markdown: what people sent and what gpu-warden said, in virtual time order. */
  transcript(): string {
    const said = this.appMessages().map((call) => ({
      at: call.virtualAt,
      line: describeCall(call),
    }));
    const lines = [...this.log, ...said].sort((a, b) => a.at.localeCompare(b.at));
    return [
      "# Slack transcript of the demo week",
      "",
      "Virtual times in UTC. `→` a person, `←` gpu-warden.",
      "",
      ...lines.map((l) => `- **${l.at.replace(/:\d\d(\.\d+)?Z$/, "Z")}** ${l.line}`),
      "",
    ].join("\n");
  }

  private appMessages(): SlackCall[] {
    return this.emulator.slack
      .calls()
      .filter(
        (c) =>
          c.ok &&
          (c.method === "chat.postMessage" ||
            c.method === "chat.update" ||
            c.method === "response_url"),
      );
  }
}

async function command(c: StepContext, text: string): Promise<string> {
  const responseUrl = c.emulator.slack.mintResponseUrl({ channel: CHANNEL, user: c.user }).url;
  const request = slashCommandRequest(
    { text, user: c.user, channel: CHANNEL, responseUrl },
    { signingSecret: c.deps.signingSecret, now: c.now },
  );
  const reply = await handleSlackCommand(request, c.deps, c.now);
  return `→ <@${c.user}> \`/gpu ${text}\`\n  - ← (only visible to them) ${replyText(reply)}`;
}

async function click(c: StepContext, textStart: string, actionId: string): Promise<string> {
  const warning = c.emulator.slack
    .calls()
    .filter(
      (call) => call.method === "chat.postMessage" && call.ok && call.text?.startsWith(textStart),
    )
    .at(-1);
  const value = warning ? buttonValue(warning, actionId) : undefined;
  if (!warning?.ts || !warning.channel || value === undefined)
    return `→ <@${c.user}> wanted to click ${actionId}, but no warning was posted`;
  const responseUrl = c.emulator.slack.mintResponseUrl({
    channel: warning.channel,
    user: c.user,
    messageTs: warning.ts,
  }).url;
  const request = buttonClickRequest(
    { user: c.user, channel: warning.channel, messageTs: warning.ts, actionId, value, responseUrl },
    { signingSecret: c.deps.signingSecret, now: c.now },
  );
  const reply = await handleInteraction(request, c.deps, c.now);
  return `→ <@${c.user}> clicks **${actionId}** on "${warning.text ?? ""}" (HTTP ${reply.status})`;
}

function buttonValue(call: SlackCall, actionId: string): string | undefined {
  for (const block of call.blocks ?? []) {
    const elements =
      (block as { elements?: { action_id?: string; value?: string }[] }).elements ?? [];
    const button = elements.find((e) => e.action_id === actionId);
    if (button?.value !== undefined) return button.value;
  }
  return undefined;
}

function replyText(reply: SlackReply): string {
  if (reply.body === undefined) return `HTTP ${reply.status}`;
  return typeof reply.body === "string" ? `HTTP ${reply.status}: ${reply.body}` : reply.body.text;
}

function describeCall(call: SlackCall): string {
  const where =
    call.method === "response_url"
      ? "(reply to the person who asked)"
      : `in <#${call.channel ?? "?"}>`;
  const verb =
    call.method === "chat.update" || call.replaceOriginal ? "replaces the message with" : "says";
  return `← ${where} ${verb}: ${call.text ?? ""}`;
}
