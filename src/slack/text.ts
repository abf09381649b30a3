/**
 * @module Text helpers for Slack messages: mrkdwn escaping, length-safe clipping, mentions, local
 * clock times (`20:00 PST`), durations (`6m12s`) and money. Pure: every instant is an argument.
 */
import { formatDate, localTime, resolveZone, weekday, type Zone } from "../core/time/zone.js";

/** Escapes the three characters Slack's mrkdwn treats as control characters. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * Shortens text to at most `max` UTF-16 units, ending with `…`. Never splits a surrogate pair, an
 * escaped entity (`&amp;`) or a `<…>` mention/link.
 */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return "…".slice(0, Math.max(0, max));
  let cut = text.slice(0, max - 1);
  const last = cut.charCodeAt(cut.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut = cut.slice(0, -1);
  cut = cut.replace(/&[a-z]{0,4}$/, "").replace(/<[^>]*$/, "");
  return `${cut}…`;
}

/** User or Azure text shown inside mrkdwn: escaped, then clipped. */
export function safe(text: string, max: number): string {
  // An inline value never breaks the line it is quoted in (a name of "\n" would leave an empty line).
  return clip(escapeMrkdwn(text.replace(/\s+/g, " ")), max);
}

const USER_ID = /^[UW][A-Z0-9]{2,}$/;
const USERGROUP_ID = /^S[A-Z0-9]{2,}$/;
const CHANNEL_ID = /^[CGD][A-Z0-9]{2,}$/;

/** `<@U123>` for a Slack user ID; any other owner (a CLI user name) as escaped text. */
export function mentionUser(owner: string): string {
  return USER_ID.test(owner) ? `<@${owner}>` : safe(owner, 80);
}

export function mentionUsergroup(id: string): string {
  return USERGROUP_ID.test(id) ? `<!subteam^${id}>` : safe(id, 80);
}

export function mentionChannel(id: string): string {
  return CHANNEL_ID.test(id) ? `<#${id}>` : safe(id, 80);
}

const UTC_FALLBACK: Zone = { name: "UTC", offsetAt: () => 0, abbreviation: () => "UTC" };
const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;
const MONTHS = [
  "Jan",
  "Feb",
  "Mar",
  "Apr",
  "May",
  "Jun",
  "Jul",
  "Aug",
  "Sep",
  "Oct",
  "Nov",
  "Dec",
] as const;

/** A zone by IANA name; an unknown name falls back to UTC so a message is never lost over it. */
export function zoneOrUtc(name: string): Zone {
  return resolveZone(name) ?? UTC_FALLBACK;
}

/**
 * A local wall-clock time such as `20:00 PST`. With a `reference` instant on another local day, the
 * day is named: `tomorrow 08:00 PST`, `Mon 24 Nov 08:00 PST`. An unparseable instant is shown as
 * given (escaped).
 */
export function localClock(instant: string, zoneName: string, reference?: string): string {
  const ms = Date.parse(instant);
  if (!Number.isFinite(ms)) return safe(instant, 40);
  const zone = zoneOrUtc(zoneName);
  const { day, minute } = localTime(zone, ms);
  const clock = `${pad(Math.floor(minute / 60))}:${pad(minute % 60)} ${abbreviation(zone, ms)}`;
  const refMs = reference === undefined ? Number.NaN : Date.parse(reference);
  if (!Number.isFinite(refMs)) return clock;
  const refDay = localTime(zone, refMs).day;
  if (day === refDay) return clock;
  if (day === refDay + 1) return `tomorrow ${clock}`;
  return `${localDate(day)} ${clock}`;
}

const abbreviations = new Map<string, string>();

/**
 * The zone's short name (PST) at an instant. Asking Intl costs ~0.1 ms, and a fleet status prints
 * thousands of times, so names are remembered per zone and UTC offset (bounded, pure).
 */
function abbreviation(zone: Zone, ms: number): string {
  const key = `${zone.name}|${zone.offsetAt(ms)}`;
  let name = abbreviations.get(key);
  if (name === undefined) {
    name = zone.abbreviation(ms);
    if (abbreviations.size >= 1000) abbreviations.clear();
    abbreviations.set(key, name);
  }
  return name;
}

/** `Mon 24 Nov` for an epoch day. */
export function localDate(day: number): string {
  const [, month, date] = formatDate(day).split("-");
  const monthName = MONTHS[Number(month) - 1] ?? "";
  return `${WEEKDAYS[weekday(day)] ?? ""} ${Number(date)} ${monthName}`;
}

/** The local day of an instant, as `Mon 24 Nov`, or the text itself when it is not an instant. */
export function localDay(instant: string, zoneName: string): string {
  const ms = Date.parse(instant);
  if (!Number.isFinite(ms)) return safe(instant, 40);
  return localDate(localTime(zoneOrUtc(zoneName), ms).day);
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** `30m`, `2h`, `1h30m`: the same notation people type. */
export function formatMinutes(minutes: number): string {
  if (!Number.isFinite(minutes) || minutes < 0) return "?";
  const total = Math.round(minutes);
  const h = Math.floor(total / 60);
  const m = total % 60;
  if (h === 0) return `${m}m`;
  return m === 0 ? `${h}h` : `${h}h${m}m`;
}

/** `45s`, `6m12s`, `6m`, `1h2m`: how long an operation took. */
export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "?";
  const total = Math.round(seconds);
  if (total < 60) return `${total}s`;
  if (total >= 3600) return formatMinutes(Math.floor(total / 60));
  const m = Math.floor(total / 60);
  const s = total % 60;
  return s === 0 ? `${m}m` : `${m}m${s}s`;
}

/** `$1,234.50`; an unknown currency code is written after the number. */
export function formatMoney(amount: number, currency: string): string {
  if (!Number.isFinite(amount)) return "?";
  if (/^[A-Z]{3}$/.test(currency)) {
    try {
      return new Intl.NumberFormat("en-US", { style: "currency", currency }).format(amount);
    } catch {
      // fall through to the plain form
    }
  }
  return `${amount.toFixed(2)} ${safe(currency, 10)}`;
}

/** Whole-number percentage of `part` in `whole`, or `?` when `whole` is not positive. */
export function percent(part: number, whole: number): string {
  if (!(whole > 0) || !Number.isFinite(part)) return "?";
  return `${Math.round((part / whole) * 100)}%`;
}

/**
 * Packs lines into chunks of at most `maxChars` (joined by newlines), at most `maxChunks` chunks;
 * the lines that did not fit are counted, never silently dropped.
 */
export function packLines(
  lines: readonly string[],
  maxChars: number,
  maxChunks: number,
): { readonly chunks: readonly string[]; readonly omitted: number } {
  const chunks: string[] = [];
  let current = "";
  let used = 0;
  for (const raw of lines) {
    const line = clip(raw, maxChars);
    if (current !== "" && current.length + 1 + line.length <= maxChars) {
      current = `${current}\n${line}`;
      used += 1;
      continue;
    }
    if (current !== "") chunks.push(current);
    if (chunks.length >= maxChunks) return { chunks, omitted: lines.length - used };
    current = line;
    used += 1;
  }
  if (current !== "") chunks.push(current);
  return { chunks, omitted: 0 };
}

/** `… and 12 more`, or nothing. */
export function andMore(omitted: number, what = ""): string | null {
  if (omitted <= 0) return null;
  return `… and ${omitted} more${what === "" ? "" : ` ${what}`}`;
}

/** `1 cluster`, `3 clusters`. */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}
