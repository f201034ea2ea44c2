import { describe, expect, it } from 'vitest';
import { cdfPoints, histogram, wantsLog, xScale } from './plotData.ts';

const trials = [
  { value: 0, seed: 1, metric: 200, crashAt: 10 },
  { value: 0, seed: 2, metric: null, crashAt: 10 },
  { value: 0, seed: 3, metric: 100, crashAt: 10 },
  { value: 1, seed: 1, metric: 5000, crashAt: 10 },
];

describe('experiment plot data', () => {
  it('every measured trial is one CDF point at its rank among all the value’s trials', () => {
    const pts = cdfPoints(trials, 2);
    expect(pts[0].map((p) => [p.seed, p.x, p.p])).toEqual([
      [3, 100, 1 / 3],
      [1, 200, 2 / 3],
    ]);
    expect(pts[1]).toEqual([{ value: 1, seed: 1, x: 5000, p: 1 }]);
  });

  it('a spread over 20× asks for a log axis; the histogram’s bins hold every measured trial once', () => {
    const pts = cdfPoints(trials, 2);
    expect(wantsLog(pts)).toBe(true);
    expect(wantsLog([pts[0]])).toBe(false);
    const x = xScale(pts, true, [0, 500]);
    const bins = histogram(pts, x, true, 10);
    expect(bins.reduce((a, b) => a + b.counts[0], 0)).toBe(2);
    expect(bins.reduce((a, b) => a + b.counts[1], 0)).toBe(1);
    const with5000 = bins.find((b) => b.counts[1] === 1);
    expect(with5000?.seeds[1]).toBe(1);
  });
});
