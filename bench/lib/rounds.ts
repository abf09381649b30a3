/**
 * @module Rounds of the Slack acknowledgement bench: 100 concurrent requests through
 * `handleSlackCommand`, each one timed from call to reply, each reply checked to have taken the
 * path its kind is meant to measure. Rounds cycle through three instances, after one discarded
 * warm-up round: `cold` (fresh `slackDepsOf` caches: the burst waits for the fleet snapshot and
 * user groups, as on an instance restarted without the warmup trigger), `warmed` (fresh caches
 * filled by `warmSlackCaches` before the burst, untimed: an instance Azure added and warmed up)
 * and `warm` (the caches of earlier rounds: the steady state).
 */
import { performance } from "node:perf_hooks";
import { handleSlackCommand } from "../../src/app/slack/command.js";
import type { SlackReply } from "../../src/app/slack/context.js";
import { warmSlackCaches } from "../../src/app/slack/warm.js";
import { slackDepsOf, type Runtime } from "../../src/composition.js";
import { roundRequests, type Kind, type Pools } from "./requests.js";

export const INSTANCES = ["cold", "warmed", "warm"] as const;
export type Instance = (typeof INSTANCES)[number];

export interface Round {
  readonly cache: Instance;
  readonly latencies: number[];
  readonly byKind: Map<Kind, number[]>;
}

export interface RoundSettings {
  readonly secret: string;
  readonly now: Date;
  /** Rounds of each instance kind. */
  readonly each: number;
  /** Offsets round numbers, so two series act on different clusters. */
  readonly firstRound?: number;
}

export async function runRounds(
  runtime: Runtime,
  pools: Pools,
  settings: RoundSettings,
): Promise<Round[]> {
  const first = settings.firstRound ?? 0;
  let deps = slackDepsOf(runtime);
  await runRound(first, deps, pools, settings, "warm"); // warm-up: JIT, connections, caches
  const rounds: Round[] = [];
  for (let r = 1; r <= settings.each * INSTANCES.length; r += 1) {
    const instance = INSTANCES[(r - 1) % INSTANCES.length] ?? "warm";
    if (instance !== "warm") deps = slackDepsOf(runtime);
    if (instance === "warmed") await warmSlackCaches(deps);
    rounds.push(await runRound(first + r, deps, pools, settings, instance));
  }
  return rounds;
}

async function runRound(
  round: number,
  deps: ReturnType<typeof slackDepsOf>,
  pools: Pools,
  settings: RoundSettings,
  cache: Round["cache"],
): Promise<Round> {
  const requests = roundRequests(round, pools, settings.secret, settings.now);
  const results = await Promise.all(
    requests.map(async ({ kind, request }) => {
      const started = performance.now();
      const reply = await handleSlackCommand(request, deps, settings.now);
      const ms = performance.now() - started;
      check(kind, reply);
      return { kind, ms };
    }),
  );
  const byKind = new Map<Kind, number[]>();
  for (const { kind, ms } of results) byKind.set(kind, [...(byKind.get(kind) ?? []), ms]);
  return { cache, latencies: results.map((r) => r.ms), byKind };
}

const EXPECTED: Readonly<Record<Kind, RegExp>> = {
  status: /is (Running|Stopped)/,
  start: /^Starting /,
  extend: /until/,
  unauthorized: /^You may not /,
  unknown: /No cluster named/,
};

/** Each kind must take the path it is meant to measure. */
export function check(kind: Kind, reply: SlackReply): void {
  const text = typeof reply.body === "object" ? reply.body.text : String(reply.body);
  if (reply.status !== 200 || !EXPECTED[kind].test(text))
    throw new Error(`${kind}: unexpected reply ${reply.status} ${text.slice(0, 200)}`);
}
