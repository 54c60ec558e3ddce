// Tables and JSON of interleaved sequential-ping rounds, shared by bench/rpc-client and bench/rpc.
import type { NodePingStats } from './sequential.js';
import { median, pairedRatios, round3, spread } from './stats.js';

/** One side's figures over all rounds; ratios are medians of per-round ratios to the reference side. */
export interface SideSummary {
  readonly name: string;
  readonly rate: number;
  readonly rateSpread: string;
  readonly p50Us: number;
  readonly cpuUs: number;
  /** Median over rounds of (this side's rate / the reference's rate in the same round). */
  readonly rateRatio: number;
  readonly rateRatioSpread: string;
  /** Median over rounds of (the reference's median round trip / this side's), i.e. a ratio of rates at p50. */
  readonly p50Ratio: number;
}

/** Summarizes every side against `reference`. */
export function summarize(stats: Record<string, NodePingStats[]>, reference: string): SideSummary[] {
  const ref = stats[reference] ?? [];
  return Object.entries(stats).map(([name, runs]) => {
    const rates = runs.map((r) => r.rate);
    const rateRatios = pairedRatios(
      rates,
      ref.map((r) => r.rate),
    );
    const p50Ratios = pairedRatios(
      ref.map((r) => r.p50Us),
      runs.map((r) => r.p50Us),
    );
    return {
      name,
      rate: median(rates),
      rateSpread: spread(rates),
      p50Us: median(runs.map((r) => r.p50Us)),
      cpuUs: median(runs.map((r) => r.cpuUs)),
      rateRatio: median(rateRatios),
      rateRatioSpread: spread(rateRatios, 2),
      p50Ratio: median(p50Ratios),
    };
  });
}

/** Prints one row per side. */
export function printSummary(summary: readonly SideSummary[], labels: Record<string, string>): void {
  const head = ['calls/s', 'spread', 'p50 µs', 'cpu µs', 'rate x', 'x spread', 'p50 x'];
  const widths = [9, 12, 7, 7, 7, 11, 7];
  const row = (label: string, cells: string[]): string =>
    `${label.padEnd(50)} ${cells.map((c, i) => c.padStart(widths[i]!)).join(' ')}`;
  console.log(row('side', head));
  for (const s of summary) {
    const cpu = Number.isNaN(s.cpuUs) ? '-' : s.cpuUs.toFixed(0);
    console.log(
      row(labels[s.name] ?? s.name, [
        s.rate.toFixed(0),
        s.rateSpread,
        s.p50Us.toFixed(0),
        cpu,
        s.rateRatio.toFixed(2),
        s.rateRatioSpread,
        s.p50Ratio.toFixed(2),
      ]),
    );
  }
}

/** The summary as JSON fields: rates, p50s, CPU, ratios to the reference. */
export function jsonOf(summary: readonly SideSummary[]): Record<string, unknown> {
  const pick = (f: (s: SideSummary) => number): Record<string, number> =>
    Object.fromEntries(summary.map((s) => [s.name, round3(f(s))]));
  return {
    rates: pick((s) => Math.round(s.rate)),
    p50Us: pick((s) => Math.round(s.p50Us)),
    cpuUsPerCall: Object.fromEntries(
      summary.filter((s) => !Number.isNaN(s.cpuUs)).map((s) => [s.name, Math.round(s.cpuUs)]),
    ),
    rateRatios: pick((s) => s.rateRatio),
    rateRatioSpreads: Object.fromEntries(summary.map((s) => [s.name, s.rateRatioSpread])),
    p50Ratios: pick((s) => s.p50Ratio),
  };
}
