import { describe, expect, it } from 'vitest';
import { cdf, quantile, summarize } from './stats.ts';

describe('experiment statistics', () => {
  it('nearest-rank quantiles of 1..100 are the textbook ones', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i + 1);
    const s = summarize(xs.slice().reverse());
    expect([s.min, s.median, s.p90, s.p99, s.max, s.mean]).toEqual([1, 50, 90, 99, 100, 50.5]);
    expect(s.never).toBe(0);
  });

  it('trials that never got there count as larger than any: a quantile that lands on them is null', () => {
    // 10 trials, 2 never elected: the median is measured, p90 falls on a "never", max is unknown
    const s = summarize([5, null, 1, 9, 3, 7, null, 2, 8, 4]);
    expect(s.trials).toBe(10);
    expect(s.never).toBe(2);
    expect(s.measured).toBe(8);
    expect(s.median).toBe(5); // rank ⌈0.5 × 10⌉ = 5 of 1,2,3,4,5,7,8,9
    expect(s.p90).toBeNull();
    expect(s.max).toBeNull();
    expect(s.mean).toBe(4.88);
  });

  it('no trial: every statistic is null', () => {
    expect(summarize([])).toEqual({ trials: 0, measured: 0, never: 0, min: null, median: null, mean: null, p90: null, p99: null, max: null });
    expect(quantile([], 0, 0.5)).toBeNull();
  });

  it('the CDF rises to the fraction measured, never past it', () => {
    expect(cdf([3, 1, 3, null])).toEqual([
      { x: 1, p: 0.25 },
      { x: 3, p: 0.75 },
    ]);
  });
});
