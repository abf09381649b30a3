/**
 * @module The request mix of the Slack acknowledgement bench: 100 correctly signed `/gpu`
 * commands — status of one cluster, `start … for 1h` (override + enqueue), `extend … 1h`, a start
 * by someone not allowed (refused, audited), and an unknown cluster ("did you mean …").
 * Each round acts on clusters no earlier round touched.
 */
import type { SlackRequest } from "../../src/app/slack/verify-request.js";
import { signingHeaders, slashCommandBody } from "../../src/cli/slack-request.js";
import type { Cluster } from "../../src/core/fleet/types.js";

export type Kind = "status" | "start" | "extend" | "unauthorized" | "unknown";

export const MIX: Readonly<Record<Kind, number>> = {
  status: 40,
  start: 25,
  extend: 15,
  unauthorized: 10,
  unknown: 10,
};

export interface BenchRequest {
  readonly kind: Kind;
  readonly request: SlackRequest;
}

export interface Pools {
  readonly all: readonly Cluster[];
  /** ml-dev clusters (U0ADMIN may act on them; U0NOBODY may not). */
  readonly stopped: readonly Cluster[];
  readonly running: readonly Cluster[];
}

export function pools(clusters: readonly Cluster[]): Pools {
  const mlDev = clusters.filter((c) => c.resourceGroup === "ml-dev");
  return {
    all: clusters,
    stopped: mlDev.filter((c) => c.powerState === "Stopped"),
    running: mlDev.filter((c) => c.powerState === "Running"),
  };
}

export function signed(text: string, user: string, secret: string, now: Date): SlackRequest {
  const rawBody = slashCommandBody({
    command: "/gpu",
    text,
    user,
    channel: user === "U0ADMIN" ? "C0123ABCD" : "C0NOWHERE",
    team: "T0BENCH01",
    responseUrl: "https://hooks.slack.com/commands/T0BENCH01/1/bench",
  });
  return { rawBody, headers: signingHeaders(secret, rawBody, now.getTime() / 1000) };
}

export function roundRequests(round: number, p: Pools, secret: string, now: Date): BenchRequest[] {
  const pick = (list: readonly Cluster[], i: number): string => {
    const cluster = list[i % list.length];
    if (!cluster) throw new Error("empty cluster list");
    return cluster.name;
  };
  const texts: [Kind, string, string][] = [];
  for (let j = 0; j < MIX.status; j += 1)
    texts.push(["status", `status ${pick(p.all, round * 997 + j * 131)}`, "U0ADMIN"]);
  for (let j = 0; j < MIX.start; j += 1)
    texts.push(["start", `start ${pick(p.stopped, round * MIX.start + j)} for 1h`, "U0ADMIN"]);
  for (let j = 0; j < MIX.extend; j += 1)
    texts.push(["extend", `extend ${pick(p.running, round * MIX.extend + j)} 1h`, "U0ADMIN"]);
  for (let j = 0; j < MIX.unauthorized; j += 1)
    texts.push(["unauthorized", `start ${pick(p.stopped, 1000 + round * 10 + j)}`, "U0NOBODY"]);
  for (let j = 0; j < MIX.unknown; j += 1)
    texts.push(["unknown", `start dev-nope-${round}-${j}`, "U0ADMIN"]);
  // Interleave the kinds, as real traffic would.
  const order = texts.map((t, i) => ({ t, key: (i * 7919) % texts.length }));
  order.sort((a, b) => a.key - b.key);
  return order.map(({ t: [kind, text, user] }) => ({
    kind,
    request: signed(text, user, secret, now),
  }));
}
