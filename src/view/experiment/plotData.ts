// What the experiment plots draw, from the trials so far: per value its trials sorted by metric
// (the CDF's points, each one trial), the x scale (log when the spread asks for it), histogram
// bins. Pure, so it is tested without a DOM.

import { bin } from 'd3-array';
import { scaleLinear, scaleLog, type ScaleContinuousNumeric } from 'd3-scale';
import type { TrialResult } from '../../experiment/types.ts';

/** Line colours, distinguishable for colour-blind readers (Okabe–Ito, then greys). */
export const LINE_COLOURS = ['#0072b2', '#e69f00', '#009e73', '#d55e00', '#cc79a7', '#56b4e9', '#7a6a00', '#000000', '#888888'];

export function colourOf(value: number): string {
  return LINE_COLOURS[value % LINE_COLOURS.length];
}

export interface CdfPoint {
  value: number;
  seed: number;
  x: number;
  /** Fraction of the value's trials at or below this one (its rank / trials). */
  p: number;
}

/** Per value, its measured trials as CDF points (ascending; ties by seed). */
export function cdfPoints(trials: readonly TrialResult[], values: number): CdfPoint[][] {
  const by: TrialResult[][] = Array.from({ length: values }, () => []);
  for (const t of trials) by[t.value]?.push(t);
  return by.map((list) => {
    const n = list.length;
    return list
      .filter((t): t is TrialResult & { metric: number } => t.metric !== null)
      .sort((a, b) => a.metric - b.metric || a.seed - b.seed)
      .map((t, i) => ({ value: t.value, seed: t.seed, x: t.metric, p: (i + 1) / n }));
  });
}

/** A log axis when the measured values are positive and span more than 20×. */
export function wantsLog(points: readonly CdfPoint[][]): boolean {
  let lo = Infinity;
  let hi = -Infinity;
  for (const line of points) for (const q of line) {
    lo = Math.min(lo, q.x);
    hi = Math.max(hi, q.x);
  }
  return lo > 0 && hi / lo > 20;
}

export function xScale(points: readonly CdfPoint[][], log: boolean, range: [number, number]): ScaleContinuousNumeric<number, number> {
  let lo = Infinity;
  let hi = -Infinity;
  for (const line of points) for (const q of line) {
    lo = Math.min(lo, q.x);
    hi = Math.max(hi, q.x);
  }
  if (!Number.isFinite(lo)) return scaleLinear().domain([0, 1]).range(range);
  if (log && lo > 0) return scaleLog().domain([lo, Math.max(hi, lo * 1.5)]).range(range).nice();
  return scaleLinear().domain([Math.min(0, lo), hi > 0 ? hi : 1]).range(range).nice();
}

export interface HistBin {
  x0: number;
  x1: number;
  /** Per value: its trials in this bin. */
  counts: number[];
  /** Per value: the seed of the bin's middle trial (what a click opens), or null. */
  seeds: (number | null)[];
}

/** Bins over the x scale's domain (geometric on a log axis), the same for every value. */
export function histogram(points: readonly CdfPoint[][], x: ScaleContinuousNumeric<number, number>, log: boolean, count = 30): HistBin[] {
  const [lo, hi] = x.domain();
  const edges: number[] = [];
  for (let i = 0; i <= count; i++) edges.push(log ? lo * Math.pow(hi / lo, i / count) : lo + ((hi - lo) * i) / count);
  const make = bin<CdfPoint, number>()
    .value((q) => q.x)
    .domain([lo, hi])
    .thresholds(edges.slice(1, -1));
  const per = points.map((line) => make(line));
  return per[0] === undefined
    ? []
    : per[0].map((b, i) => ({
        x0: b.x0 ?? lo,
        x1: b.x1 ?? hi,
        counts: per.map((bins) => bins[i]?.length ?? 0),
        seeds: per.map((bins) => {
          const inBin = bins[i] ?? [];
          return inBin.length === 0 ? null : inBin[(inBin.length - 1) >> 1].seed;
        }),
      }));
}
