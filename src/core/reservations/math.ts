/**
 * @module Reservation arithmetic over an hourly series of running instances `u_h` (pure,
 * notes/finops.md §3). With pay-as-you-go `P` and reserved `R` per hour over `H` hours, reserving
 * `q` saves `S(q) = P·Σ min(u_h, q) − q·R·H`. The q-th instance adds `P·used(q) − R·H`, where
 * `used(q) = Σ clamp(u_h − (q − 1), 0, 1)` is the hours it would run; `used` only falls as q grows,
 * so S is concave and the best quantity is the largest q whose instance runs more than the
 * break-even share `R ÷ P` of the hours. Decided from those counts, not by comparing float sums.
 */

/** The series with negative and non-finite values read as 0. */
export function cleanSeries(counts: readonly number[]): number[] {
  return counts.map((u) => (Number.isFinite(u) && u > 0 ? u : 0));
}

/** Hours the q-th instance (q ≥ 1) would run: `Σ clamp(u_h − (q − 1), 0, 1)`. */
export function hoursUsedByUnit(counts: readonly number[], q: number): number {
  let hours = 0;
  for (const u of counts) hours += Math.min(1, Math.max(0, u - (q - 1)));
  return hours;
}

/** Share of hours the first instance ran (0 for an empty series). */
export function uptimeShare(counts: readonly number[]): number {
  return counts.length === 0 ? 0 : hoursUsedByUnit(counts, 1) / counts.length;
}

/** The most instances that ran in one hour (0 for an empty series). */
export function maxCount(counts: readonly number[]): number {
  return counts.reduce((m, u) => Math.max(m, u), 0);
}

/** Break-even uptime of one reserved instance: reserved hourly ÷ pay-as-you-go hourly. */
export function breakEvenUptime(paygPerHour: number, reservedPerHour: number): number {
  return reservedPerHour / paygPerHour;
}

/** `S(q)`: what reserving `q` saves against pay-as-you-go over the series (negative: a loss). */
export function seriesSavings(
  counts: readonly number[],
  q: number,
  paygPerHour: number,
  reservedPerHour: number,
): number {
  let covered = 0;
  for (const u of counts) covered += Math.min(u, q);
  return paygPerHour * covered - q * reservedPerHour * counts.length;
}

/**
 * The savings-maximizing quantity: the largest q whose q-th instance runs more than
 * `R ÷ P` of the hours (the smallest of equally good quantities; 0 when none saves).
 */
export function optimalQuantity(
  counts: readonly number[],
  paygPerHour: number,
  reservedPerHour: number,
): number {
  const threshold = reservedPerHour * counts.length;
  const top = Math.ceil(maxCount(counts));
  let q = 0;
  while (q < top && paygPerHour * hoursUsedByUnit(counts, q + 1) > threshold) q++;
  return q;
}

/** Share of `q` reserved instance-hours that would be used (0 when q is 0). */
export function utilization(counts: readonly number[], q: number): number {
  if (q <= 0 || counts.length === 0) return 0;
  let covered = 0;
  for (const u of counts) covered += Math.min(u, q);
  return covered / (q * counts.length);
}

/** Sums pools' series hour by hour, aligned at their newest hour. */
export function sumSeries(series: readonly (readonly number[])[]): number[] {
  const length = series.reduce((m, s) => Math.max(m, s.length), 0);
  const total = new Array<number>(length).fill(0);
  for (const s of series) {
    const clean = cleanSeries(s);
    const offset = length - clean.length;
    clean.forEach((u, i) => {
      total[offset + i] = (total[offset + i] ?? 0) + u;
    });
  }
  return total;
}
