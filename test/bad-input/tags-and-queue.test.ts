/**
 * @module Bad input that arrives without a person typing it (SPEC §3, §11, §16): schedule tags on
 * clusters that do not parse (the cluster is skipped and reported once — audit and Slack — the
 * run goes on for the others, and no ARM call is made), and operations-queue messages that are
 * malformed or name an unknown cluster (logged with the reason and dropped: the handler returns,
 * so the queue does not retry, and nothing changes).
 */
import { describe, expect, it } from "vitest";
import { runTick } from "../../src/app/tick.js";
import { tickDepsOf } from "../../src/composition.js";
import { makeOperationsHandler } from "../../src/functions/operations.js";
import { cluster } from "../fixtures/fleet.js";
import { context, FLEET, NOW, world } from "./harness.js";

const DAYS = "(days are Mon, Tue, Wed, Thu, Fri, Sat, Sun, or 'daily')";
const TAGS: [string, Record<string, string>, string][] = [
  [
    "a bad day",
    { "gpu-warden.schedule": "Mon-Thur 08:00-20:00" },
    `tag gpu-warden.schedule='Mon-Thur 08:00-20:00': unknown day 'Thur' in 'Mon-Thur' ${DAYS}`,
  ],
  [
    "a bad time",
    { "gpu-warden.schedule": "daily 26:00-27:00" },
    "tag gpu-warden.schedule='daily 26:00-27:00': invalid time '26:00' in '26:00-27:00' (expected HH:MM from 00:00 to 23:59, or 24:00 as an end)",
  ],
  [
    "an empty schedule",
    { "gpu-warden.schedule": "" },
    "tag gpu-warden.schedule='': empty schedule (say 'always', 'never' or e.g. 'Mon-Fri 08:00-20:00')",
  ],
  [
    "a bad zone",
    { "gpu-warden.schedule": "daily 08:00-20:00 Invalid/Zone" },
    "tag gpu-warden.schedule='daily 08:00-20:00 Invalid/Zone': unknown time zone 'Invalid/Zone' (expected an IANA name such as Europe/Berlin, or UTC)",
  ],
  [
    "an injection attempt",
    { "gpu-warden.schedule": "x' or 1==1" },
    `tag gpu-warden.schedule='x' or 1==1': unknown day 'x'' ${DAYS}`,
  ],
  [
    "an exclude tag that is not a boolean",
    { "gpu-warden.exclude": "maybe" },
    "tag gpu-warden.exclude='maybe' is not 'true' or 'false'",
  ],
];

describe("cluster tags that do not parse", () => {
  const fleet = [
    ...FLEET,
    ...TAGS.map(([, tags], i) =>
      cluster(`tagged-${String(i)}`, { resourceGroup: "team-a", tags: { env: "dev", ...tags } }),
    ),
  ];

  it("skip their cluster with the reason, report each once, call nothing, and let the run go on", async () => {
    const w = await world(undefined, fleet);
    const deps = tickDepsOf(w.rt);
    const report = await runTick(deps, { now: NOW, apply: true });
    const skipped = new Map(report.plan.skipped.map((s) => [s.target.name, s.reason]));
    const alerts = (
      await w.rt.store.audit.list({ from: "2026-01-01T00:00:00Z", to: "2027-01-01T00:00:00Z" })
    )
      .filter((e) => e.kind === "alert" && e.target.includes("/tagged-"))
      .map((e) => e.reason);
    TAGS.forEach(([, , reason], i) => {
      expect(skipped.get(`tagged-${String(i)}`)).toBe(reason);
      expect(alerts.filter((a) => a.includes(reason))).toHaveLength(1);
    });
    expect(report.findings.filter((f) => f.kind === "invalid-tag")).toHaveLength(TAGS.length);
    const posts = w.slack.calls.flatMap((c) => (c.kind === "post" ? [c.message.text] : []));
    expect(
      posts.filter((t) => t.includes("skips this cluster until the tag is fixed")),
    ).toHaveLength(TAGS.length);
    expect(report.plan.actions.filter((a) => a.target.name.startsWith("tagged-"))).toEqual([]);
    expect(w.azure.calls).toEqual([]);
    // The others were planned as usual: dev-a100 gets its pre-stop warning.
    expect(
      report.findings.some((f) => f.kind === "pre-stop-warning" && f.target.name === "dev-a100"),
    ).toBe(true);

    const again = await runTick(deps, { now: new Date(NOW.getTime() + 300_000), apply: true });
    expect(again.findings.filter((f) => f.kind === "invalid-tag")).toEqual([]);
    expect(w.azure.calls).toEqual([]);
  });
});

const DEV_A100 = FLEET[0]?.id ?? "";
const GHOST =
  "/subscriptions/x/resourceGroups/y/providers/Microsoft.ContainerService/managedClusters/ghost";
const malformed = (problem: string) => `error: malformed operation message: ${problem}`;

const MESSAGES: [string, unknown, string][] = [
  [
    "plain text",
    "start dev-a100",
    malformed("message: Invalid input: expected object, received string"),
  ],
  ["a number", 42, malformed("message: Invalid input: expected object, received number")],
  ["null", null, malformed("message: Invalid input: expected object, received null")],
  [
    "no type",
    {},
    malformed("type: Invalid discriminator value. Expected 'cluster-action' | 'restore-pools'"),
  ],
  [
    "missing fields",
    { type: "cluster-action" },
    malformed(
      'action: Invalid option: expected one of "start"|"stop"; clusterId: Invalid input: expected string, received undefined; requestedBy: Invalid input: expected string, received undefined',
    ),
  ],
  [
    "an unknown action",
    { type: "cluster-action", action: "explode", clusterId: DEV_A100, requestedBy: "U1" },
    malformed('action: Invalid option: expected one of "start"|"stop"'),
  ],
  [
    "wrong types",
    { type: "restore-pools", clusterId: 5 },
    malformed(
      "clusterId: Invalid input: expected string, received number; requestedBy: Invalid input: expected string, received undefined",
    ),
  ],
  [
    "a cluster not in the fleet",
    { type: "cluster-action", action: "start", clusterId: GHOST, requestedBy: "U1" },
    `error: cluster ${GHOST} is not in the last discovered fleet`,
  ],
];

describe("operations-queue messages that cannot be done", () => {
  it.each(MESSAGES)("%s → logged and dropped, nothing changes", async (_what, message, logged) => {
    const w = await world();
    const before = await w.state();
    const { ctx, logs } = context("operations");
    await makeOperationsHandler(
      () => Promise.resolve(w.rt),
      () => NOW,
    )(message, ctx);
    expect(logs).toEqual([logged]);
    expect(await w.state()).toEqual(before);
  });
});
