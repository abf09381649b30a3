/**
 * @module Warming an instance's Slack caches before it takes traffic: the fleet snapshot and the
 * members of every user group the policy allows. Run by the `warmup` function when Azure adds an
 * instance, and by `gpu-warden serve` at start, so the first burst of commands on a new instance
 * does not wait for the snapshot read.
 */
import type { SlackDeps } from "./context.js";

export interface Warmed {
  readonly clusters: number;
  readonly usergroups: number;
}

export async function warmSlackCaches(
  deps: Pick<SlackDeps, "fleet" | "members" | "policy">,
): Promise<Warmed> {
  const usergroups = [
    ...new Set(deps.policy.groups.flatMap((g) => g.policy.slack.allow.usergroups)),
  ];
  const [fleet] = await Promise.all([deps.fleet(), deps.members(usergroups)]);
  return { clusters: fleet.length, usergroups: usergroups.length };
}
