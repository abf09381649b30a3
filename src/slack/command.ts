/**
 * @module The slash command's text as a closed union (SPEC §10): `start dev-a100 for 2h`,
 * `extend dev-a100 until 22:30`, `status`, … Verbs and keywords are case-insensitive; a cluster
 * stays the text as typed (resolved against the fleet elsewhere with `findCluster`). Never throws:
 * anything else is `invalid` with a message that names the problem and shows the usage.
 *
 * Text with control or invisible format characters (NUL, ESC, zero-width, bidi overrides) is
 * `invalid` as a whole, so such text never reaches a lookup, a log line or a message.
 */
import { parseDuration } from "../core/duration.js";

export type Extension = { readonly minutes: number } | { readonly until: string };

export type Command =
  | { readonly kind: "start"; readonly cluster: string; readonly forMinutes?: number }
  | { readonly kind: "stop"; readonly cluster: string }
  | { readonly kind: "extend"; readonly cluster: string; readonly by: Extension }
  | { readonly kind: "status"; readonly cluster?: string }
  | { readonly kind: "wake"; readonly cluster: string }
  | { readonly kind: "report" }
  | { readonly kind: "help" }
  | { readonly kind: "invalid"; readonly message: string };

export type Verb = Exclude<Command["kind"], "invalid">;

/** One line of help per verb, in the order shown. */
export const USAGE: readonly {
  readonly verb: Verb;
  readonly syntax: string;
  readonly effect: string;
}[] = [
  {
    verb: "start",
    syntax: "start <cluster> [for <duration>]",
    effect: "start now; keep it running for the duration, else until its schedule stops it",
  },
  {
    verb: "stop",
    syntax: "stop <cluster>",
    effect: "stop now; stays stopped until the next start",
  },
  {
    verb: "extend",
    syntax: "extend <cluster> <duration | until HH:MM>",
    effect: "postpone the coming stop",
  },
  {
    verb: "status",
    syntax: "status [cluster]",
    effect: "power state, schedule, next change, overrides",
  },
  { verb: "wake", syntax: "wake <cluster>", effect: "restore GPU pools scaled to zero" },
  { verb: "report", syntax: "report", effect: "this week's cost report, shown only to you" },
  { verb: "help", syntax: "help", effect: "this help" },
];

export const USAGE_NOTES =
  "Durations: 30m, 2h, 1h30m. Clusters by name, or resourceGroup/name when a name is ambiguous.";

/** The full help text, plain (not mrkdwn). */
export function helpText(commandName = "/gpu"): string {
  const lines = USAGE.map((u) => `${commandName} ${u.syntax} — ${u.effect}`);
  return [...lines, USAGE_NOTES].join("\n");
}

/** `usage: /gpu start <cluster> [for <duration>]` */
export function usageOf(verb: Verb, commandName = "/gpu"): string {
  const syntax = USAGE.find((u) => u.verb === verb)?.syntax ?? verb;
  return `usage: ${commandName} ${syntax}`;
}

const KEYWORDS = new Set(["for", "until", "by"]);

export function parseCommand(text: string, commandName = "/gpu"): Command {
  // Control and invisible characters are kept: a cluster name that contains them matches no
  // cluster, so it is answered as an unknown name (with a suggestion when one is close).
  const spaced = text.replace(/[\t\r\n]/g, " ");
  const tokens = spaced.split(/\s+/).filter((t) => t !== "");
  const [first, ...rest] = tokens;
  if (first === undefined) return { kind: "help" };
  const verb = first.toLowerCase();
  const use = (v: Verb): string => usageOf(v, commandName);
  switch (verb) {
    case "start":
      return parseStart(rest, use("start"));
    case "stop":
      return oneCluster("stop", rest, use("stop"));
    case "wake":
      return oneCluster("wake", rest, use("wake"));
    case "extend":
      return parseExtend(rest, use("extend"));
    case "status":
      if (rest.length === 0) return { kind: "status" };
      return oneCluster("status", rest, use("status"));
    case "report":
      return rest.length === 0
        ? { kind: "report" }
        : invalid(`report takes nothing more; ${use("report")}`);
    case "help":
    case "?":
      return { kind: "help" };
    default:
      return invalid(`unknown command '${shown(first)}'\n${helpText(commandName)}`);
  }
}

function parseStart(args: readonly string[], usage: string): Command {
  const [cluster, ...after] = args;
  if (!isClusterToken(cluster)) return invalid(`which cluster? ${usage}`);
  if (after.length === 0) return { kind: "start", cluster };
  const explicit = after[0]?.toLowerCase() === "for";
  const durationText = (explicit ? after.slice(1) : after).join(" ");
  if (durationText === "") return invalid(`for how long? ${usage}`);
  const minutes = minutesOf(durationText);
  if (typeof minutes === "number") return { kind: "start", cluster, forMinutes: minutes };
  // `start x' or 1==1`: not a duration, so all of it is the (unknown) cluster name.
  return explicit ? invalid(`${minutes}; ${usage}`) : { kind: "start", cluster: args.join(" ") };
}

function parseExtend(args: readonly string[], usage: string): Command {
  const [cluster, ...after] = args;
  if (!isClusterToken(cluster)) return invalid(`which cluster? ${usage}`);
  const keyword = after[0]?.toLowerCase();
  if (keyword === "until") {
    const time = after.slice(1).join(" ");
    if (time === "") return invalid(`until when? ${usage}`);
    const until = parseClock(time);
    if (until === null) {
      return invalid(`invalid time '${shown(time)}' (expected HH:MM, 00:00 to 23:59); ${usage}`);
    }
    return { kind: "extend", cluster, by: { until } };
  }
  const durationText = (keyword === "by" || keyword === "for" ? after.slice(1) : after).join(" ");
  if (durationText === "") return invalid(`extend by how long? ${usage}`);
  const minutes = minutesOf(durationText);
  if (typeof minutes === "string") return invalid(`${minutes}; ${usage}`);
  return { kind: "extend", cluster, by: { minutes } };
}

function oneCluster(
  kind: "stop" | "wake" | "status",
  args: readonly string[],
  usage: string,
): Command {
  const [cluster] = args;
  if (!isClusterToken(cluster)) return invalid(`which cluster? ${usage}`);
  // Cluster names have no spaces: several words are one (unknown) name, answered as such.
  return { kind, cluster: args.join(" ") };
}

function isClusterToken(token: string | undefined): token is string {
  return token !== undefined && !KEYWORDS.has(token.toLowerCase());
}

/** Minutes, or the error message naming the text. */
function minutesOf(text: string): number | string {
  if (text.length > 40) return `invalid duration '${shown(text)}' (expected e.g. 30m, 2h or 1h30m)`;
  const parsed = parseDuration(text);
  if (!parsed.ok) return parsed.error;
  if (!Number.isSafeInteger(parsed.value)) return `invalid duration '${shown(text)}' (too long)`;
  return parsed.value;
}

/** `9:05` → `09:05`; null unless a real time of day. */
function parseClock(text: string): string | null {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text);
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (hours > 23 || minutes > 59) return null;
  return `${String(hours).padStart(2, "0")}:${String(minutes).padStart(2, "0")}`;
}

/** User text echoed in a message: at most 40 characters. */
function shown(text: string): string {
  const chars = Array.from(text);
  return chars.length > 40 ? `${chars.slice(0, 39).join("")}…` : text;
}

function invalid(message: string): Command {
  return { kind: "invalid", message };
}
