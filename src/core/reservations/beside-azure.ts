/**
 * @module Our advice and Azure's own recommendations (Consumption `reservationRecommendations`)
 * side by side, per VM size and region: Azure stays silent on pools that stop regularly and does
 * not say why, so a report shows both — ours with reasons, Azure's as it came.
 */
import type { AzureReservationRecommendation, ReservationAdvice } from "./types.js";

export interface AdviceBesideAzure {
  readonly vmSize: string;
  readonly region: string;
  /** Absent when only Azure recommends this size and region. */
  readonly ours?: ReservationAdvice;
  /** Azure's recommendations for the same size and region (any term, scope, look-back). */
  readonly azure: readonly AzureReservationRecommendation[];
}

const keyOf = (vmSize: string, region: string): string =>
  `${vmSize.toLowerCase()}|${region.toLowerCase()}`;

/** Pairs by size and region (case-insensitive): ours in their order, then Azure-only ones. */
export function besideAzure(
  ours: readonly ReservationAdvice[],
  azure: readonly AzureReservationRecommendation[],
): AdviceBesideAzure[] {
  const byKey = new Map<string, AzureReservationRecommendation[]>();
  for (const rec of azure) {
    const key = keyOf(rec.vmSize, rec.region);
    byKey.set(key, [...(byKey.get(key) ?? []), rec]);
  }
  const paired: AdviceBesideAzure[] = ours.map((advice) => {
    const key = keyOf(advice.vmSize, advice.region);
    const theirs = byKey.get(key) ?? [];
    byKey.delete(key);
    return { vmSize: advice.vmSize, region: advice.region, ours: advice, azure: theirs };
  });
  for (const theirs of byKey.values()) {
    const first = theirs[0];
    if (first !== undefined) {
      paired.push({ vmSize: first.vmSize, region: first.region.toLowerCase(), azure: theirs });
    }
  }
  return paired;
}
