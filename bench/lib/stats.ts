/**
 * @module Small statistics and table helpers for the benchmarks.
 */

/** The q-quantile (0..1) of `values` by the nearest-rank method. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1] ?? Number.NaN;
}

export const median = (values: readonly number[]): number => quantile(values, 0.5);

export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return "-";
  return ms < 1
    ? `${(ms * 1000).toFixed(0)} µs`
    : ms < 10
      ? `${ms.toFixed(2)} ms`
      : `${ms.toFixed(1)} ms`;
}

export const ratio = (value: number, of: number): string => (value / of).toFixed(2);

/** A plain text table; the first row is the header. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths = rows.reduce<number[]>(
    (w, row) => row.map((cell, i) => Math.max(w[i] ?? 0, cell.length)),
    [],
  );
  const line = (row: readonly string[]) =>
    row
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join("  ");
  const [head, ...body] = rows;
  return [line(head ?? []), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line)].join(
    "\n",
  );
}
