/**
 * @module Pacing of Cost Management queries, per process. Cost Management charges query
 * processing units against a per-tenant quota (12 per 10 s, 60 per minute, 600 per hour; notes
 * azure-apis.md §4) that every other tool in the tenant shares. gpu-warden keeps well inside it:
 * before each query request (a POST to `…/Microsoft.CostManagement/query`, first page or
 * `nextLink`) it takes a slot from sliding windows — by default 4 per 10 s and 20 per minute —
 * and waits for one when they are full. A wait longer than the bound gives up at once with a
 * `Throttled` {@link CostError} (the next hourly evaluation tries again), so a Function never
 * sleeps for minutes. Each request counts as one unit (a query over one month of data is 1 QPU).
 */
import type { PipelinePolicy } from "@azure/core-rest-pipeline";
import { setTimeout as sleep } from "node:timers/promises";
import { CostError } from "../ports/costs.js";

export interface PaceWindow {
  readonly requests: number;
  readonly seconds: number;
}

export interface PaceOptions {
  /** Default {@link DEFAULT_PACE}; empty: no pacing (the emulator, which has no quota). */
  readonly windows?: readonly PaceWindow[];
  /** Longest wait for a slot before giving up. Default 60 s. */
  readonly maxWaitSeconds?: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_PACE: readonly PaceWindow[] = [
  { requests: 4, seconds: 10 },
  { requests: 20, seconds: 60 },
];

const QUERY_PATH = /\/providers\/Microsoft\.CostManagement\/query\/?$/i;

/** A sliding-window pacer: `take()` resolves when a request may be sent now. */
export function pacer(options: PaceOptions = {}): { take(what: string): Promise<void> } {
  const windows = options.windows ?? DEFAULT_PACE;
  if (windows.length === 0) return { take: () => Promise.resolve() }; // pacing off
  const longest = Math.max(...windows.map((w) => w.seconds)) * 1000;
  const maxWaitMs = (options.maxWaitSeconds ?? 60) * 1000;
  const now = options.now ?? Date.now;
  const wait = options.sleep ?? ((ms: number) => sleep(ms));
  const sent: number[] = [];
  let queue = Promise.resolve();

  /** Milliseconds until every window has a free slot at `t`. */
  const delayAt = (t: number): number => {
    let delay = 0;
    for (const w of windows) {
      const inWindow = sent.filter((s) => s > t - w.seconds * 1000);
      const oldest = inWindow[inWindow.length - w.requests];
      if (inWindow.length >= w.requests && oldest !== undefined)
        delay = Math.max(delay, oldest + w.seconds * 1000 - t);
    }
    return delay;
  };

  const takeNow = async (what: string): Promise<void> => {
    const delay = delayAt(now());
    if (delay > maxWaitMs) {
      throw new CostError(
        "Throttled",
        `${what}: gpu-warden's own Cost Management pace is used up for the next ${String(Math.ceil(delay / 1000))}s (${windows.map((w) => `${String(w.requests)} per ${String(w.seconds)}s`).join(", ")})`,
        429,
        { retryAfterSeconds: Math.ceil(delay / 1000) },
      );
    }
    if (delay > 0) await wait(delay);
    const t = now();
    sent.push(t);
    while (sent.length > 0 && (sent[0] ?? t) <= t - longest) sent.shift();
  };

  return {
    // One at a time, in arrival order: concurrent callers queue for slots.
    take(what) {
      const turn = queue.then(() => takeNow(what));
      queue = turn.catch(() => undefined);
      return turn;
    },
  };
}

/** A pipeline policy that paces Cost Management query requests and lets everything else through. */
export function costPacePolicy(options: PaceOptions = {}): PipelinePolicy {
  const pace = pacer(options);
  return {
    name: "gpuWardenCostPace",
    async sendRequest(request, next) {
      const path = new URL(request.url).pathname;
      if (request.method === "POST" && QUERY_PATH.test(path))
        await pace.take(`Cost Management query at ${path}`);
      return next(request);
    },
  };
}
