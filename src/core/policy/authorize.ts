/**
 * @module Who may act on a cluster from Slack (SPEC §10): `slack.admins` anywhere; otherwise the
 * group's `allow` lists — users, members of user groups, or anyone in an allowed channel.
 * Protected groups are never acted on, by anyone.
 */

export interface SlackAllow {
  readonly users: readonly string[];
  readonly usergroups: readonly string[];
  readonly channels: readonly string[];
}

export interface Actor {
  readonly userId: string;
  readonly channelId: string;
}

export type Authorization =
  | { readonly allowed: true; readonly as: "admin" | "user" | "usergroup" | "channel" }
  | { readonly allowed: false; readonly reason: string };

/**
 * @param members members of the group's allowed user groups (resolved and cached by the caller)
 */
export function authorize(
  actor: Actor,
  group: { readonly name: string; readonly protected: boolean; readonly allow: SlackAllow },
  admins: readonly string[],
  members: ReadonlyMap<string, readonly string[]>,
): Authorization {
  if (group.protected) {
    return {
      allowed: false,
      reason: `group ${group.name} is protected: gpu-warden never changes its clusters`,
    };
  }
  if (admins.includes(actor.userId)) return { allowed: true, as: "admin" };
  if (group.allow.users.includes(actor.userId)) return { allowed: true, as: "user" };
  if (group.allow.usergroups.some((id) => members.get(id)?.includes(actor.userId) ?? false)) {
    return { allowed: true, as: "usergroup" };
  }
  if (group.allow.channels.includes(actor.channelId)) return { allowed: true, as: "channel" };
  const who = describeAllowed(group.allow, admins);
  return { allowed: false, reason: `you may not act on group ${group.name}'s clusters (${who})` };
}

function describeAllowed(allow: SlackAllow, admins: readonly string[]): string {
  const parts = [
    ...(admins.length > 0 ? [`admins ${admins.map((u) => `<@${u}>`).join(", ")}`] : []),
    ...(allow.users.length > 0 ? [`users ${allow.users.map((u) => `<@${u}>`).join(", ")}`] : []),
    ...(allow.usergroups.length > 0
      ? [`members of ${allow.usergroups.map((g) => `<!subteam^${g}>`).join(", ")}`]
      : []),
    ...(allow.channels.length > 0
      ? [`anyone in ${allow.channels.map((c) => `<#${c}>`).join(", ")}`]
      : []),
  ];
  return parts.length > 0 ? `allowed: ${parts.join("; ")}` : "nobody is allowed";
}
