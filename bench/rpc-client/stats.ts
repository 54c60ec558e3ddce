// Medians and spreads of interleaved benchmark rounds. On a shared, loaded machine single rates swing a lot, so
// the benches report the median over rounds, the spread (min–max), and the median of per-round ratios: both
// sides of a ratio ran back to back in the same round and saw the same load.

/** The median of `xs` (the mean of the two middle values for an even count); 0 for none. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** `min–max` of `xs`, rounded, for the table. */
export function spread(xs: readonly number[], digits = 0): string {
  if (xs.length === 0) return '-';
  const f = (x: number): string => x.toFixed(digits);
  return `${f(Math.min(...xs))}–${f(Math.max(...xs))}`;
}

/** Per-round ratios `a[i] / b[i]`. */
export function pairedRatios(a: readonly number[], b: readonly number[]): number[] {
  return a.map((x, i) => x / (b[i] ?? Number.NaN)).filter((r) => Number.isFinite(r));
}

/** Rounds to 3 decimals for the JSON line. */
export function round3(x: number): number {
  return Number(x.toFixed(3));
}
