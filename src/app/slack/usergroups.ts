/**
 * @module Slack user group members (`usergroups.users.list`), cached per process: authorization
 * must not wait on Slack for every command. A lookup that fails leaves the group empty (nobody is
 * authorized through it) and is retried on the next call.
 */
import type { SlackPort } from "../../ports/slack.js";

export function usergroupCache(
  slack: SlackPort,
  clock: () => number,
  ttlMs = 10 * 60_000,
): (ids: readonly string[]) => Promise<ReadonlyMap<string, readonly string[]>> {
  const cache = new Map<string, { at: number; members: readonly string[] }>();
  return async (ids) => {
    const now = clock();
    const entries = await Promise.all(
      ids.map(async (id) => {
        const hit = cache.get(id);
        if (hit && now - hit.at < ttlMs) return [id, hit.members] as const;
        try {
          const members = await slack.usergroupMembers(id);
          cache.set(id, { at: now, members });
          return [id, members] as const;
        } catch {
          return [id, [] as readonly string[]] as const;
        }
      }),
    );
    return new Map(entries);
  };
}
