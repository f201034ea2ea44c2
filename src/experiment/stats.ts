// Statistics of one value's trials. Quantiles are nearest-rank over every trial, a trial that
// never reached the metric within its limit counting as larger than any measured one: a quantile
// that lands on such a trial is null ("never"). Exact and order-free, so any number of workers
// gives the same numbers.

import type { Summary } from './types.ts';

/** Nearest-rank q-quantile (0 < q ≤ 1) of `sorted` measured values among `n` trials; null when it falls on a "never". */
export function quantile(sorted: readonly number[], n: number, q: number): number | null {
  if (n === 0) return null;
  const rank = Math.max(1, Math.ceil(q * n));
  return rank <= sorted.length ? sorted[rank - 1] : null;
}

export function summarize(metrics: readonly (number | null)[]): Summary {
  const measured = metrics.filter((m): m is number => m !== null).sort((a, b) => a - b);
  const n = metrics.length;
  const sum = measured.reduce((a, b) => a + b, 0);
  return {
    trials: n,
    measured: measured.length,
    never: n - measured.length,
    min: measured.length > 0 ? measured[0] : null,
    median: quantile(measured, n, 0.5),
    mean: measured.length > 0 ? Math.round((sum / measured.length) * 100) / 100 : null,
    p90: quantile(measured, n, 0.9),
    p99: quantile(measured, n, 0.99),
    max: measured.length === n && n > 0 ? measured[n - 1] : null,
  };
}

/** The empirical CDF: for each measured value (ascending), the fraction of all trials at or below it. */
export function cdf(metrics: readonly (number | null)[]): { x: number; p: number }[] {
  const measured = metrics.filter((m): m is number => m !== null).sort((a, b) => a - b);
  const n = metrics.length;
  const out: { x: number; p: number }[] = [];
  for (let i = 0; i < measured.length; i++) {
    if (i + 1 < measured.length && measured[i + 1] === measured[i]) continue;
    out.push({ x: measured[i], p: (i + 1) / n });
  }
  return out;
}
