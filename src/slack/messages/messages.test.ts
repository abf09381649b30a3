/**
 * @module What each message says, read as sentences: acknowledgements, refusals, help, status,
 * progress, warnings and their outcomes, alerts and the nightly summary. No snapshots: each test
 * names the words that matter.
 */
import { describe, expect, it } from "vitest";
import type { Block, SlackMessage } from "../../ports/slack.js";
import { parseWarningAction } from "../actions.js";
import { checkBlockKit } from "../limits.js";
import {
  ackMessage,
  driftWarning,
  failureAlert,
  helpMessage,
  nightlySummary,
  planRefusedAlert,
  preStopWarning,
  progressMessage,
  refusalMessage,
  statusMessage,
  warningOutcome,
  type ClusterStatusView,
} from "../messages.js";

const LA = "America/Los_Angeles";
const NOW = "2026-11-24T20:00:00Z"; // Tue 24 Nov, 12:00 PST
const STOP = "2026-11-25T04:00:00Z"; // 20:00 PST
const ID =
  "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/ml-dev-rg/providers/" +
  "Microsoft.ContainerService/managedClusters/dev-a100";

/** Every text a person could read in the blocks, in order. */
function blockTexts(message: SlackMessage): string[] {
  const out: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (typeof value === "object" && value !== null) {
      for (const [key, v] of Object.entries(value)) {
        if (key === "text" && typeof v === "string") out.push(v);
        else walk(v);
      }
    }
  };
  walk(message.blocks ?? []);
  return out;
}

function readable(message: SlackMessage): string {
  return [message.text, ...blockTexts(message)].join("\n");
}

function buttons(message: SlackMessage): Block[] {
  const actions = (message.blocks ?? []).filter((b) => b.type === "actions");
  return actions.flatMap((b) => b.elements as Block[]);
}

describe("acknowledgements", () => {
  it.each([
    [
      "a start for 2h says so and promises a report",
      ackMessage({ action: "start", cluster: "dev-a100", forMinutes: 120, zone: LA }),
      "Starting dev-a100 for 2h — I'll report here when it is Running",
    ],
    [
      "a start for 2h with its end names the local time",
      ackMessage({ action: "start", cluster: "dev-a100", forMinutes: 120, until: STOP, zone: LA }),
      "Starting dev-a100 for 2h (until 20:00 PST) — I'll report here when it is Running",
    ],
    [
      "a start without a duration runs until the schedule stops it",
      ackMessage({ action: "start", cluster: "dev-a100", until: STOP, zone: LA }),
      "Starting dev-a100 until its schedule stops it at 20:00 PST",
    ],
    [
      "a stop says it stays stopped",
      ackMessage({ action: "stop", cluster: "dev-a100" }),
      "Stopping dev-a100; it stays stopped until its next scheduled start",
    ],
    [
      "an extension names the new stop",
      ackMessage({
        action: "extend",
        cluster: "dev-a100",
        until: "2026-11-25T06:30:00Z",
        zone: LA,
      }),
      "Keeping dev-a100 running until 22:30 PST",
    ],
    [
      "a wake restores pools",
      ackMessage({ action: "wake", cluster: "dev-a100" }),
      "Restoring the GPU pools of dev-a100 that were scaled to zero",
    ],
    [
      "a report is on its way",
      ackMessage({ action: "report" }),
      "Preparing this week's cost report",
    ],
  ])("%s", (_sentence, message, words) => {
    expect(message.text).toContain(words);
    expect(blockTexts(message).join("\n")).toContain(words);
    expect(checkBlockKit(message)).toEqual([]);
  });
});

describe("refusals", () => {
  it("a user who may not act learns who may", () => {
    const message = refusalMessage({
      kind: "not-allowed",
      action: "start",
      cluster: "dev-a100",
      allowed: {
        admins: ["U0ADMIN"],
        users: ["U0ALICE"],
        usergroups: ["S0MLENG"],
        channels: ["C0MLINFRA"],
      },
    });
    expect(message.text).toBe(
      "You may not start dev-a100. Who may: <@U0ADMIN> (admins); <@U0ALICE>; members of " +
        "<!subteam^S0MLENG>; anyone in <#C0MLINFRA>.",
    );
  });

  it("nobody listed means nobody may act from Slack", () => {
    const message = refusalMessage({
      kind: "not-allowed",
      action: "stop-now",
      cluster: "dev-a100",
      allowed: { admins: [], users: [], usergroups: [], channels: [] },
    });
    expect(message.text).toBe("You may not stop dev-a100. Nobody may act on it from Slack.");
  });

  it("an unknown cluster gets 'did you mean'", () => {
    const message = refusalMessage({
      kind: "unknown-cluster",
      typed: "dev-a10",
      suggestions: ["dev-a100", "dev-h100"],
    });
    expect(message.text).toBe("No cluster named 'dev-a10' — did you mean dev-a100 or dev-h100?");
  });

  it("an unknown cluster without near-misses just says so, escaping what was typed", () => {
    const message = refusalMessage({
      kind: "unknown-cluster",
      typed: "<!channel>",
      suggestions: [],
    });
    expect(message.text).toBe("No cluster named '&lt;!channel&gt;'");
  });

  it("an ambiguous name lists the candidates", () => {
    const message = refusalMessage({
      kind: "ambiguous-cluster",
      typed: "shared",
      candidates: ["team-a/shared", "team-b/shared"],
    });
    expect(message.text).toBe(
      "'shared' matches several clusters; say which: `team-a/shared`, `team-b/shared`",
    );
  });

  it("a budget block shows spend against budget and who may still start", () => {
    const message = refusalMessage({
      kind: "budget-blocks-starts",
      cluster: "dev-a100",
      budget: "ml-dev-monthly",
      spend: 10_420,
      amount: 10_000,
      currency: "USD",
      approvers: ["U0FINOPS"],
    });
    expect(message.text).toBe(
      "Starts are blocked: budget ml-dev-monthly has spent $10,420.00 of $10,000.00 (104%) this " +
        "period, so dev-a100 cannot be started or kept running. An approver can start it: <@U0FINOPS>.",
    );
  });

  it.each([
    [
      "a protected cluster is left alone",
      refusalMessage({ kind: "not-managed", cluster: "prod-infer", why: "protected" }),
      "prod-infer is in a protected group, so gpu-warden leaves it alone.",
    ],
    [
      "a busy cluster says what is in progress since when",
      refusalMessage({
        kind: "busy",
        cluster: "dev-a100",
        operation: "start",
        since: "2026-11-25T03:58:00Z",
        zone: LA,
      }),
      "dev-a100 is busy: a start has been in progress since 19:58 PST. Try again when it is done.",
    ],
    [
      "an override over the cap names the cap",
      refusalMessage({
        kind: "override-cap",
        cluster: "dev-a100",
        requestedMinutes: 1200,
        maxHours: 12,
      }),
      "20h is longer than overrides may last (12h, overrides.maxHours)",
    ],
    [
      "an invalid command shows the parser's message",
      refusalMessage({
        kind: "invalid-command",
        message: "which cluster? usage: /gpu stop <cluster>",
      }),
      "which cluster? usage: /gpu stop &lt;cluster&gt;",
    ],
  ])("%s", (_sentence, message, words) => {
    expect(readable(message)).toContain(words);
    expect(checkBlockKit(message)).toEqual([]);
  });
});

describe("help", () => {
  it("lists every command under the configured name", () => {
    const text = readable(helpMessage("/gpu"));
    for (const words of [
      "`/gpu start &lt;cluster&gt; [for &lt;duration&gt;]`",
      "`/gpu stop &lt;cluster&gt;`",
      "`/gpu extend &lt;cluster&gt; &lt;duration | until HH:MM&gt;`",
      "`/gpu status [cluster]`",
      "`/gpu wake &lt;cluster&gt;`",
      "`/gpu report`",
      "`/gpu help`",
      "Durations: 30m, 2h, 1h30m",
    ]) {
      expect(text).toContain(words);
    }
  });
});

const devA100: ClusterStatusView = {
  cluster: "dev-a100",
  group: "ml-dev",
  zone: LA,
  powerState: "Running",
  provisioningState: "Succeeded",
  schedule: "Mon-Fri 08:00-20:00",
  nextChange: { at: STOP, state: "stopped" },
  override: {
    state: "running",
    until: "2026-11-25T05:00:00Z",
    owner: "U123",
    reason: "training run",
  },
  pending: null,
  idlePools: ["gpu"],
  costToday: { amount: 182.4, currency: "USD" },
};

describe("status", () => {
  it("one cluster: power state, schedule, next change, override and pending operation", () => {
    const text = readable(statusMessage({ clusters: [devA100], now: NOW }));
    expect(text).toContain("dev-a100 is Running; stops 20:00 PST");
    expect(text).toContain("*Schedule*\nMon-Fri 08:00-20:00");
    expect(text).toContain("*Override*\nkept running by <@U123> until 21:00 PST (training run)");
    expect(text).toContain("*Pending operation*\nnone");
    expect(text).toContain("*Pools scaled to zero*\ngpu");
    expect(text).toContain("*Today's cost (estimate)*\n$182.40");
  });

  it("a cluster in transition shows its provisioning state and the pending operation", () => {
    const starting: ClusterStatusView = {
      ...devA100,
      powerState: "Stopped",
      provisioningState: "Starting",
      override: null,
      pending: { kind: "start", since: "2026-11-24T19:58:00Z" },
      nextChange: { at: "2026-11-25T16:00:00Z", state: "running" },
    };
    const text = readable(statusMessage({ clusters: [starting], now: NOW }));
    expect(text).toContain("dev-a100 is Stopped (Starting); starts tomorrow 08:00 PST");
    expect(text).toContain("*Pending operation*\nstart pending since 11:58 PST");
  });

  it("a list groups clusters and counts them", () => {
    const message = statusMessage({
      clusters: [
        devA100,
        {
          ...devA100,
          cluster: "dev-h100",
          powerState: "Stopped",
          override: null,
          idlePools: [],
          nextChange: null,
        },
        { ...devA100, cluster: "batch-1", group: "batch", override: null, idlePools: [] },
      ],
      now: NOW,
    });
    expect(message.text).toBe("3 GPU clusters: 2 running, 1 stopped");
    const text = readable(message);
    expect(text).toContain(
      "*ml-dev* (2)\n• *dev-a100* — Running · stops 20:00 PST · kept running by <@U123>",
    );
    expect(text).toContain("• *dev-h100* — Stopped");
    expect(text).toContain("*batch* (1)\n• *batch-1* — Running · stops 20:00 PST");
  });

  it("no clusters says so", () => {
    expect(statusMessage({ clusters: [], now: NOW }).text).toBe("No clusters to show.");
  });
});

describe("progress and results", () => {
  it.each([
    [
      "a finished start says how long it took",
      progressMessage({
        kind: "start",
        cluster: "dev-a100",
        outcome: "succeeded",
        tookSeconds: 372,
      }),
      "dev-a100 is Running — took 6m12s",
    ],
    [
      "a finished stop",
      progressMessage({
        kind: "stop",
        cluster: "dev-a100",
        outcome: "succeeded",
        tookSeconds: 125,
      }),
      "dev-a100 is Stopped — took 2m5s",
    ],
    [
      "a wake that is done",
      progressMessage({
        kind: "wake",
        cluster: "dev-a100",
        outcome: "succeeded",
        tookSeconds: 190,
      }),
      "The GPU pools of dev-a100 are back — took 3m10s",
    ],
    [
      "an operation still running",
      progressMessage({
        kind: "start",
        cluster: "dev-a100",
        outcome: "in-progress",
        elapsedSeconds: 240,
      }),
      "Starting dev-a100 — 4m so far",
    ],
    [
      "a failure with its error",
      progressMessage({
        kind: "start",
        cluster: "dev-a100",
        outcome: "failed",
        error: { code: "OperationNotAllowed", message: "Another operation is in progress" },
      }),
      "Starting dev-a100 failed — OperationNotAllowed: Another operation is in progress",
    ],
  ])("%s", (_sentence, message, words) => {
    expect(message.text).toBe(words);
    expect(checkBlockKit(message)).toEqual([]);
  });
});

describe("the pre-stop warning", () => {
  const warning = preStopWarning({ clusterId: ID, cluster: "dev-a100", stopAt: STOP, zone: LA });

  it("names the stop in local time", () => {
    expect(warning.text).toBe("dev-a100 stops at 20:00 PST — keep it running?");
    expect(blockTexts(warning)[0]).toBe(":alarm_clock: *dev-a100 stops at 20:00 PST*");
  });

  it("offers Keep 1h, Keep 2h and Stop now with stable action ids", () => {
    expect(
      buttons(warning).map((b) => [blockTexts({ text: "", blocks: [b] })[0], b.action_id]),
    ).toEqual([
      ["Keep 1h", "keep-1h"],
      ["Keep 2h", "keep-2h"],
      ["Stop now", "stop-now"],
    ]);
  });

  it("asks for confirmation before Stop now, in red", () => {
    const stopNow = buttons(warning).at(-1);
    expect(stopNow?.style).toBe("danger");
    expect(blockTexts({ text: "", blocks: stopNow ? [stopNow] : [] })).toContain(
      "Stop dev-a100 now? Anything running on it is interrupted.",
    );
  });

  it("carries {clusterId, stopAt} in every button, which the click handler reads back", () => {
    for (const b of buttons(warning)) {
      const parsed = parseWarningAction({ actionId: String(b.action_id), value: String(b.value) });
      expect(parsed.ok && parsed.value.target).toEqual({ clusterId: ID, stopAt: STOP });
    }
  });

  it("can offer other keep durations", () => {
    const custom = preStopWarning({
      clusterId: ID,
      cluster: "dev-a100",
      stopAt: STOP,
      zone: LA,
      keepMinutes: [30, 240],
    });
    expect(buttons(custom).map((b) => b.action_id)).toEqual(["keep-30m", "keep-4h", "stop-now"]);
  });
});

describe("the off-hours drift warning", () => {
  it("says when it stops unless kept, with the same buttons", () => {
    const message = driftWarning({
      clusterId: ID,
      cluster: "dev-a100",
      zone: LA,
      since: "2026-11-25T06:40:00Z",
      stopAt: "2026-11-25T07:10:00Z",
    });
    expect(message.text).toBe(
      "dev-a100 was started outside its schedule; it stops at 23:10 PST unless kept",
    );
    expect(readable(message)).toContain("running since 22:40 PST");
    expect(buttons(message).map((b) => b.action_id)).toEqual(["keep-1h", "keep-2h", "stop-now"]);
  });

  it("in warn-only mode offers just Stop now", () => {
    const message = driftWarning({ clusterId: ID, cluster: "dev-a100", zone: LA, stopAt: null });
    expect(message.text).toBe("dev-a100 was started outside its schedule and is still running");
    expect(buttons(message).map((b) => b.action_id)).toEqual(["stop-now"]);
  });
});

describe("the outcome that replaces a clicked warning", () => {
  it.each([
    [
      "kept running, by whom and until when",
      warningOutcome({
        kind: "kept",
        cluster: "dev-a100",
        until: "2026-11-25T05:00:00Z",
        by: "U123",
        zone: LA,
      }),
      "dev-a100 — Kept running until 21:00 PST by <@U123>",
    ],
    [
      "stopped, by whom",
      warningOutcome({ kind: "stopped", cluster: "dev-a100", by: "U123" }),
      "dev-a100 — Stopped by <@U123>",
    ],
    [
      "an out-of-date warning changes nothing",
      warningOutcome({ kind: "expired", cluster: "dev-a100" }),
      "dev-a100 — this warning is out of date; nothing was changed",
    ],
  ])("%s, with the buttons gone", (_sentence, message, text) => {
    expect(message.text).toBe(text);
    expect(buttons(message)).toEqual([]);
  });
});

describe("alerts", () => {
  it("a failure alert names the operation, the error and when", () => {
    const message = failureAlert({
      kind: "stop",
      cluster: "dev-a100",
      group: "ml-dev",
      error: { code: "Timeout", message: "not confirmed within 30 minutes" },
      at: STOP,
      zone: LA,
    });
    expect(message.text).toBe(
      ":rotating_light: Stopping dev-a100 failed — Timeout: not confirmed within 30 minutes",
    );
    expect(readable(message)).toContain("*Timeout*\n```not confirmed within 30 minutes```");
    expect(readable(message)).toContain("at 20:00 PST · group ml-dev");
  });

  it("a refused plan says nothing was changed", () => {
    const message = planRefusedAlert({
      actions: 240,
      limit: 50,
      targets: ["stop dev-a100", "stop dev-h100"],
      at: STOP,
      zone: LA,
    });
    expect(message.text).toBe(
      ":rotating_light: Refused a plan of 240 actions (limit 50, limits.maxActionsPerTick) — nothing was changed",
    );
    expect(readable(message)).toContain("• stop dev-a100\n• stop dev-h100");
  });
});

describe("the nightly summary", () => {
  const message = nightlySummary({
    at: STOP,
    zone: LA,
    stopped: [{ cluster: "dev-h100" }, { cluster: "dev-t4" }],
    keptRunning: [
      { cluster: "dev-a100", owner: "U123", until: "2026-11-25T06:00:00Z", reason: "training run" },
    ],
    failed: [
      {
        cluster: "dev-a10",
        action: "stop",
        error: "OperationNotAllowed: an upgrade is in progress",
      },
    ],
    savings: { amount: 412.5, currency: "USD", basis: "pay-as-you-go list prices until 08:00" },
  });
  const text = readable(message);

  it("dates itself in local time", () => {
    expect(text).toContain("Nightly GPU summary — Tue 24 Nov");
  });

  it("lists what was stopped, what kept running with owner and expiry, and what failed", () => {
    expect(text).toContain(":zzz: *Stopped (2)*\ndev-h100, dev-t4");
    expect(text).toContain(
      ":runner: *Kept running (1)*\n• dev-a100 — by <@U123> until 22:00 PST — training run",
    );
    expect(text).toContain(
      ":x: *Failed (1)*\n• dev-a10 — stop: OperationNotAllowed: an upgrade is in progress",
    );
  });

  it("estimates tonight's savings and says on what basis", () => {
    expect(text).toContain(
      "Estimated savings in the last 24 hours: $412.50 (pay-as-you-go list prices until 08:00). Estimates, not billed amounts.",
    );
  });

  it("has a one-line fallback", () => {
    expect(message.text).toBe(
      "Nightly GPU summary: 2 stopped, 1 kept running, 1 failed; saved about $412.50 in the last 24 h",
    );
  });

  it("says so when nothing was stopped and prices are unknown", () => {
    const quiet = nightlySummary({
      at: STOP,
      zone: LA,
      stopped: [],
      keptRunning: [],
      failed: [],
      savings: null,
    });
    expect(readable(quiet)).toContain("nothing was stopped tonight");
    expect(readable(quiet)).toContain(
      "Estimated savings in the last 24 hours: unknown (no prices)",
    );
  });

  it("collapses 300 stopped clusters into names plus '… and N more'", () => {
    const many = nightlySummary({
      at: STOP,
      zone: LA,
      stopped: Array.from({ length: 300 }, (_, i) => ({
        cluster: `dev-cluster-${String(i).padStart(3, "0")}`,
      })),
      keptRunning: [],
      failed: [],
      savings: null,
    });
    expect(readable(many)).toMatch(/dev-cluster-000, dev-cluster-001, .* … and \d+ more/);
    expect(checkBlockKit(many)).toEqual([]);
  });
});
