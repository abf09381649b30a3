/**
 * @module Which policy applies to a cluster: the first group that matches, refined by the
 * cluster's own `gpu-warden.*` tags. A tag that does not parse never aborts a run: the cluster is
 * reported as `invalid-tag` and skipped.
 */
import type { Cluster } from "../fleet/types.js";
import { parseSchedule, type Schedule } from "../schedule/index.js";
import { matchesGlob } from "./glob.js";
import { TAGS, type GroupRules, type TickPolicy } from "./types.js";

export type ClusterPolicy =
  | { readonly kind: "unmanaged" }
  | { readonly kind: "excluded"; readonly group: GroupRules }
  | { readonly kind: "protected"; readonly group: GroupRules }
  | {
      readonly kind: "invalid-tag";
      readonly group: GroupRules;
      readonly tag: string;
      readonly reason: string;
    }
  | {
      readonly kind: "managed";
      readonly group: GroupRules;
      /** The tag's schedule when set, else the group's; `null`: no schedule in effect. */
      readonly schedule: Schedule | null;
      readonly scheduleSource: "tag" | "group" | "none";
    };

export function resolveClusterPolicy(cluster: Cluster, policy: TickPolicy): ClusterPolicy {
  const group = policy.groups.find((candidate) => groupMatches(candidate, cluster));
  if (!group) return { kind: "unmanaged" };

  const exclude = tagValue(cluster, TAGS.exclude);
  if (exclude !== undefined) {
    const normalized = exclude.trim().toLowerCase();
    if (normalized === "true") return { kind: "excluded", group };
    if (normalized !== "false") {
      const reason = `tag ${TAGS.exclude}='${exclude}' is not 'true' or 'false'`;
      return { kind: "invalid-tag", group, tag: TAGS.exclude, reason };
    }
  }
  if (group.protected) return { kind: "protected", group };

  const scheduleTag = tagValue(cluster, TAGS.schedule);
  if (scheduleTag !== undefined) {
    const parsed = parseSchedule(scheduleTag, { defaultZone: policy.timezone });
    if (!parsed.ok) {
      const reason = `tag ${TAGS.schedule}='${scheduleTag}': ${parsed.error.message}`;
      return { kind: "invalid-tag", group, tag: TAGS.schedule, reason };
    }
    return { kind: "managed", group, schedule: parsed.value, scheduleSource: "tag" };
  }
  const source = group.schedule ? "group" : "none";
  return { kind: "managed", group, schedule: group.schedule, scheduleSource: source };
}

function groupMatches(group: GroupRules, cluster: Cluster): boolean {
  const { tags, resourceGroups, names } = group.match;
  const tagsMatch = Object.entries(tags).every(([key, value]) => tagValue(cluster, key) === value);
  const rgMatch =
    resourceGroups.length === 0 ||
    resourceGroups.some((p) => matchesGlob(p, cluster.resourceGroup));
  const nameMatch = names.length === 0 || names.some((p) => matchesGlob(p, cluster.name));
  return tagsMatch && rgMatch && nameMatch;
}

/** Azure tag names are case-insensitive. */
function tagValue(cluster: Cluster, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(cluster.tags)) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}
