/**
 * @module Every builder stays within Slack's Block Kit limits: with ordinary inputs, with extreme
 * ones (300 clusters, 500-character names, long errors, 5,000-cluster fleets) and, property-based,
 * with any strings fast-check can think of.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { SlackMessage } from "../../ports/slack.js";
import { checkBlockKit } from "../limits.js";
import {
  ackMessage,
  driftWarning,
  clusterProblem,
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
  type NightlySummaryInput,
} from "../messages.js";

const LA = "America/Los_Angeles";
const AT = "2026-11-25T04:00:00Z";
const LONG = "n".repeat(500);
const HOSTILE = "<!channel> & `x' or 1==1` *bold* _it_ ~s~ 😀".repeat(20);
const ERROR = "The operation failed: ".concat(
  "Quota exceeded for Standard_NC24ads_A100_v4. ".repeat(400),
);

function status(name: string, i = 0): ClusterStatusView {
  return {
    cluster: name,
    group: i % 3 === 0 ? null : `group-${i % 7}-${name.slice(0, 200)}`,
    zone: LA,
    powerState: i % 2 === 0 ? "Running" : "Stopped",
    provisioningState: i % 5 === 0 ? "Starting" : "Succeeded",
    schedule: `Mon-Fri 08:00-20:00 ${name}`,
    nextChange: { at: AT, state: "stopped" },
    override: { state: "running", until: AT, owner: i % 2 === 0 ? "U123" : name, reason: name },
    pending: { kind: "start", since: AT },
    idlePools: Array.from({ length: 12 }, (_, p) => `${name}-pool-${p}`),
    costToday: { amount: 1e12, currency: "USD" },
    note: name,
  };
}

function summary(n: number, name: (i: number) => string, error = ERROR): NightlySummaryInput {
  return {
    at: AT,
    zone: LA,
    stopped: Array.from({ length: n }, (_, i) => ({ cluster: name(i) })),
    keptRunning: Array.from({ length: n }, (_, i) => ({
      cluster: name(i),
      owner: `U${i}ABC`,
      until: AT,
      reason: name(i),
    })),
    failed: Array.from({ length: n }, (_, i) => ({ cluster: name(i), action: "stop", error })),
    savings: { amount: 123456.78, currency: "EUR", basis: name(0) },
  };
}

/** The fallback and every mrkdwn text: where Slack would turn `<!channel>` into a mention. */
function mrkdwnTexts(message: SlackMessage): string[] {
  const out = [message.text];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (typeof value === "object" && value !== null) {
      const record = value as Record<string, unknown>;
      if (record.type === "mrkdwn" && typeof record.text === "string") out.push(record.text);
      Object.values(record).forEach(walk);
    }
  };
  walk(message.blocks);
  return out;
}

/** Every builder with the given names and texts. */
function everyBuilder(name: string, text: string, n: number): [string, SlackMessage][] {
  const names = Array.from({ length: n }, (_, i) => `${name}-${i}`);
  const error = { code: text, message: text };
  return [
    [
      "ack start",
      ackMessage({ action: "start", cluster: name, forMinutes: 1e9, until: AT, zone: LA }),
    ],
    ["ack stop", ackMessage({ action: "stop", cluster: name })],
    ["ack extend", ackMessage({ action: "extend", cluster: name, until: text, zone: text })],
    ["ack wake", ackMessage({ action: "wake", cluster: name })],
    ["ack report", ackMessage({ action: "report" })],
    ["help", helpMessage(name)],
    [
      "refusal not-allowed",
      refusalMessage({
        kind: "not-allowed",
        action: "extend",
        cluster: name,
        allowed: { admins: names, users: names, usergroups: names, channels: names },
      }),
    ],
    [
      "refusal unknown",
      refusalMessage({ kind: "unknown-cluster", typed: text, suggestions: names }),
    ],
    [
      "refusal ambiguous",
      refusalMessage({ kind: "ambiguous-cluster", typed: text, candidates: names }),
    ],
    [
      "refusal budget",
      refusalMessage({
        kind: "budget-blocks-starts",
        cluster: name,
        budget: text,
        spend: 1e15,
        amount: 0,
        currency: text,
        approvers: names,
      }),
    ],
    [
      "refusal not-managed",
      refusalMessage({ kind: "not-managed", cluster: name, why: "excluded", detail: text }),
    ],
    [
      "refusal busy",
      refusalMessage({ kind: "busy", cluster: name, operation: text, since: text, zone: text }),
    ],
    [
      "refusal override-cap",
      refusalMessage({ kind: "override-cap", cluster: name, requestedMinutes: 1e9, maxHours: 12 }),
    ],
    ["refusal invalid", refusalMessage({ kind: "invalid-command", message: text })],
    ["status none", statusMessage({ clusters: [], now: AT })],
    ["status one", statusMessage({ clusters: [status(name)], now: AT })],
    ["status list", statusMessage({ clusters: names.map(status), now: AT })],
    [
      "progress running",
      progressMessage({
        kind: "start",
        cluster: name,
        outcome: "in-progress",
        elapsedSeconds: 1e9,
      }),
    ],
    [
      "progress done",
      progressMessage({
        kind: "restore-pool",
        cluster: name,
        pool: name,
        outcome: "succeeded",
        tookSeconds: 5,
      }),
    ],
    [
      "progress failed",
      progressMessage({ kind: "scale-pool", cluster: name, pool: name, outcome: "failed", error }),
    ],
    ["pre-stop warning", preStopWarning({ clusterId: name, cluster: name, stopAt: AT, zone: LA })],
    [
      "pre-stop warning, 40 keep options",
      preStopWarning({
        clusterId: name,
        cluster: name,
        stopAt: AT,
        zone: text,
        keepMinutes: Array.from({ length: 40 }, (_, i) => (i + 1) * 15),
      }),
    ],
    [
      "drift warning",
      driftWarning({ clusterId: name, cluster: name, zone: LA, since: AT, stopAt: AT }),
    ],
    ["drift warn-only", driftWarning({ clusterId: name, cluster: name, zone: LA, stopAt: null })],
    [
      "outcome kept",
      warningOutcome({ kind: "kept", cluster: name, until: AT, by: text, zone: LA }),
    ],
    ["outcome stopped", warningOutcome({ kind: "stopped", cluster: name, by: name })],
    ["outcome expired", warningOutcome({ kind: "expired", cluster: name })],
    [
      "failure alert",
      failureAlert({ kind: "wake", cluster: name, group: name, error, at: AT, zone: LA }),
    ],
    [
      "cluster problem",
      clusterProblem({ cluster: name, group: name, problem: text, consequence: text }),
    ],
    [
      "plan refused",
      planRefusedAlert({
        actions: n,
        limit: 50,
        targets: names.map((x) => `stop ${x}`),
        at: AT,
        zone: LA,
      }),
    ],
    ["nightly summary", nightlySummary(summary(n, (i) => names[i] ?? name, text))],
  ];
}

describe("every builder passes checkBlockKit", () => {
  it.each(everyBuilder("dev-a100", "OperationNotAllowed", 3))(
    "with ordinary input: %s",
    (_n, message) => {
      expect(checkBlockKit(message)).toEqual([]);
    },
  );

  it.each(everyBuilder(LONG, ERROR, 300))(
    "with 300 clusters of 500-character names: %s",
    (_n, message) => {
      expect(checkBlockKit(message)).toEqual([]);
    },
  );

  it.each(everyBuilder(HOSTILE, HOSTILE, 50))("with hostile text: %s", (_n, message) => {
    expect(checkBlockKit(message)).toEqual([]);
    for (const shown of mrkdwnTexts(message)) expect(shown).not.toContain("<!channel>");
  });

  it("a status list of 5,000 clusters is paged with '… and N more'", () => {
    const message = statusMessage({
      clusters: Array.from({ length: 5000 }, (_, i) => status(`dev-${i}`, i)),
      now: AT,
    });
    expect(checkBlockKit(message)).toEqual([]);
    expect(JSON.stringify(message)).toMatch(/… and \d+ more lines/);
  });

  it("a nightly summary over 300 clusters collapses into counts plus '… and N more'", () => {
    const message = nightlySummary(summary(300, (i) => `dev-cluster-${i}`));
    expect(checkBlockKit(message)).toEqual([]);
    expect(message.text).toBe(
      "Nightly GPU summary: 300 stopped, 300 kept running, 300 failed; saved about €123,456.78 in the last 24 h",
    );
    const texts = JSON.stringify(message.blocks);
    expect(texts).toContain("*Kept running (300)*");
    expect(texts).toContain("*Failed (300)*");
    expect(texts).toMatch(/… and \d+ more/);
  });

  it("a button value too long for Slack drops the buttons instead of breaking the message", () => {
    const message = preStopWarning({
      clusterId: "x".repeat(3000),
      cluster: "dev-a100",
      stopAt: AT,
      zone: LA,
    });
    expect(checkBlockKit(message)).toEqual([]);
    expect(JSON.stringify(message)).toContain("buttons unavailable");
  });

  it("holds for any names, texts and list sizes", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "binary", maxLength: 700 }),
        fc.string({ unit: "binary", maxLength: 5000 }),
        fc.integer({ min: 0, max: 400 }),
        (name, text, n) => {
          for (const [builder, message] of everyBuilder(name, text, n)) {
            expect(checkBlockKit(message), builder).toEqual([]);
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});
