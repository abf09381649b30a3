/**
 * @module The pure comparisons behind the least-privilege checks: what the code uses against what
 * infra/ and the Slack manifest grant. Each returns every problem, so a test failure names the
 * operation or the scope to add or remove.
 */

export interface RoleDiff {
  /** Performed by an adapter, not granted by the role: the app would get 403s. */
  readonly missing: readonly string[];
  /** Granted, performed by no adapter: broader than needed. */
  readonly extra: readonly string[];
  /** Any action with a wildcard: never allowed in the custom role. */
  readonly wildcards: readonly string[];
}

/** RBAC action names are case-insensitive. */
export function compareRoleActions(
  performed: readonly string[],
  granted: readonly string[],
): RoleDiff {
  const lower = (list: readonly string[]) => new Set(list.map((a) => a.toLowerCase()));
  const grantedSet = lower(granted);
  const performedSet = lower(performed);
  return {
    missing: performed.filter((a) => !grantedSet.has(a.toLowerCase())),
    extra: granted.filter((a) => !performedSet.has(a.toLowerCase())),
    wildcards: granted.filter((a) => a.includes("*")),
  };
}

/**
 * The bot scope each Slack Web API method needs (api.slack.com/methods). A method missing here
 * is reported as unmapped, so adding a call without deciding its scope fails the check.
 */
export const SLACK_METHOD_SCOPES: Readonly<Record<string, string>> = {
  "chat.postMessage": "chat:write",
  "chat.update": "chat:write",
  "usergroups.users.list": "usergroups:read",
  "files.getUploadURLExternal": "files:write",
  "files.completeUploadExternal": "files:write",
};

/** A slash command needs `commands`. */
export const SLASH_COMMAND_SCOPE = "commands";

export interface ScopeDiff {
  /** Needed by a method the code calls (or the slash command), not in the manifest. */
  readonly missing: readonly string[];
  /** In the manifest, needed by nothing the code does. */
  readonly extra: readonly string[];
  /** Called by the code, with no known scope in {@link SLACK_METHOD_SCOPES}. */
  readonly unmapped: readonly string[];
}

export function compareSlackScopes(
  methods: readonly string[],
  hasSlashCommand: boolean,
  manifestScopes: readonly string[],
): ScopeDiff {
  const unmapped = methods.filter((m) => SLACK_METHOD_SCOPES[m] === undefined);
  const needed = new Set(methods.flatMap((m) => SLACK_METHOD_SCOPES[m] ?? []));
  if (hasSlashCommand) needed.add(SLASH_COMMAND_SCOPE);
  return {
    missing: [...needed].filter((s) => !manifestScopes.includes(s)).sort(),
    extra: manifestScopes.filter((s) => !needed.has(s)),
    unmapped,
  };
}
