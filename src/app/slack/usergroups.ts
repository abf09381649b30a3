/**
 * @module Slack user group members (`usergroups.users.list`), cached per process: authorization
 * must not wait on Slack for every command, and never longer than `waitMs` — the acknowledgement
 * has 3 seconds. A lookup that fails or is still running leaves the group empty this time
 * (nobody is authorized through it); a slow one still fills the cache for the next command.
 */
import type { SlackPort } from "../../ports/slack.js";
import { withinMs } from "./within.js";

export interface UsergroupCacheOptions {
  readonly ttlMs?: number;
  readonly waitMs?: number;
}

export function usergroupCache(
  slack: SlackPort,
  clock: () => number,
  options: UsergroupCacheOptions = {},
): (ids: readonly string[]) => Promise<ReadonlyMap<string, readonly string[]>> {
  const ttlMs = options.ttlMs ?? 10 * 60_000;
  const waitMs = options.waitMs ?? 1_000;
  const cache = new Map<string, { at: number; members: readonly string[] }>();
  const inFlight = new Map<string, Promise<readonly string[]>>();

  const fetch = (id: string): Promise<readonly string[]> => {
    let pending = inFlight.get(id);
    if (!pending) {
      pending = slack
        .usergroupMembers(id)
        .then((members) => {
          cache.set(id, { at: clock(), members });
          return members;
        })
        .catch(() => [] as readonly string[])
        .finally(() => inFlight.delete(id));
      inFlight.set(id, pending);
    }
    return pending;
  };

  return async (ids) => {
    const now = clock();
    const entries = await Promise.all(
      ids.map(async (id) => {
        const hit = cache.get(id);
        if (hit && now - hit.at < ttlMs) return [id, hit.members] as const;
        return [id, await withinMs(fetch(id), waitMs, [])] as const;
      }),
    );
    return new Map(entries);
  };
}
