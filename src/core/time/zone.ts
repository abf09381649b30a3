/**
 * @module Time-zone arithmetic for the pure core: local calendar days, wall-clock minutes and the
 * DST rules gpu-warden promises (SPEC §4). A wall time in a spring-forward gap maps to the first
 * valid instant after the gap; a wall time that occurs twice maps to its earlier occurrence.
 *
 * Days are "epoch days" (days since 1970-01-01 in the local calendar), so date arithmetic is
 * integer arithmetic. Offsets come from the IANA database through Luxon.
 */
import { IANAZone } from "luxon";

const MS_PER_MINUTE = 60_000;
export const MS_PER_DAY = 86_400_000;
export const MINUTES_PER_DAY = 1440;

/** A validated IANA zone with cached offset lookups. */
export interface Zone {
  readonly name: string;
  /** Minutes east of UTC at an instant. */
  offsetAt(instantMs: number): number;
  /** Short display name at an instant (PST, CET, GMT+1). */
  abbreviation(instantMs: number): string;
}

const zones = new Map<string, Zone | null>();

/**
 * Resolves an IANA zone name (case-insensitive) to its canonical zone, or `null` when unknown.
 * Only region/city names and UTC are accepted: abbreviations such as `EST` or `PST` are ambiguous
 * across tools and rejected.
 */
export function resolveZone(name: string): Zone | null {
  const cached = zones.get(name);
  if (cached !== undefined) return cached;
  const zone = createZone(name);
  zones.set(name, zone);
  return zone;
}

function createZone(name: string): Zone | null {
  const upper = name.toUpperCase();
  const allowed = name.includes("/") || upper === "UTC";
  if (!allowed || !IANAZone.isValidZone(name)) return null;
  const canonical = upper === "UTC" ? "UTC" : canonicalName(name);
  const iana = IANAZone.create(canonical);
  return {
    name: canonical,
    offsetAt: (instantMs) => iana.offset(instantMs),
    abbreviation: (instantMs) => abbreviate(iana, instantMs) ?? canonical,
  };
}

/** US English names US zones (PST); British English names European ones (CET); else GMT+1. */
function abbreviate(iana: IANAZone, instantMs: number): string | null {
  const us = iana.offsetName(instantMs, { format: "short", locale: "en-US" });
  if (us && !us.startsWith("GMT")) return us;
  return iana.offsetName(instantMs, { format: "short", locale: "en-GB" }) ?? us;
}

function canonicalName(name: string): string {
  return new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone;
}

/** The local calendar day and minute-of-day of an instant in a zone. */
export function localTime(zone: Zone, instantMs: number): { day: number; minute: number } {
  const localMs = instantMs + zone.offsetAt(instantMs) * MS_PER_MINUTE;
  const day = Math.floor(localMs / MS_PER_DAY);
  const minute = Math.floor((localMs - day * MS_PER_DAY) / MS_PER_MINUTE);
  return { day, minute };
}

/**
 * The instant at which a wall-clock time happens in a zone. `minute` may be 1440 (24:00, the
 * next day's midnight). Gap → first valid instant after the gap; overlap → earlier occurrence.
 */
export function wallToInstant(zone: Zone, day: number, minute: number): number {
  const wallMs = day * MS_PER_DAY + minute * MS_PER_MINUTE;
  const before = zone.offsetAt(wallMs - MS_PER_DAY);
  const after = zone.offsetAt(wallMs + MS_PER_DAY);
  const candidates = [wallMs - before * MS_PER_MINUTE, wallMs - after * MS_PER_MINUTE]
    .filter((u) => u + zone.offsetAt(u) * MS_PER_MINUTE === wallMs)
    .sort((a, b) => a - b);
  const earliest = candidates[0];
  if (earliest !== undefined) return earliest;
  return firstInstantWithOffset(zone, wallMs - before * MS_PER_MINUTE, after);
}

/**
 * In a spring-forward gap, the wall time never happens: the transition instant is the first
 * instant whose offset is the post-gap offset. Binary search to the minute between the two
 * candidate interpretations (a gap spans at most a few hours).
 */
function firstInstantWithOffset(zone: Zone, lateMs: number, offsetAfter: number): number {
  let hi = lateMs; // interpreted with the pre-gap offset: already past the transition
  let lo = hi - MS_PER_DAY;
  while (hi - lo > MS_PER_MINUTE) {
    const mid = lo + Math.floor((hi - lo) / 2 / MS_PER_MINUTE) * MS_PER_MINUTE;
    if (zone.offsetAt(mid) === offsetAfter) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** Day of week of an epoch day: 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday). */
export function weekday(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

/** Parses `YYYY-MM-DD` into an epoch day, or `null` when it is not a real calendar date. */
export function parseDate(text: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return null;
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, date);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1) return null;
  if (check.getUTCDate() !== date) return null;
  return ms / MS_PER_DAY;
}

/** Formats an epoch day as `YYYY-MM-DD`. */
export function formatDate(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Formats an instant as ISO-8601 UTC with a `Z` suffix and no milliseconds. */
export function formatInstant(instantMs: number): string {
  return new Date(instantMs).toISOString().replace(/\.\d{3}Z$/, "Z");
}
