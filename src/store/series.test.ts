import { describe, expect, it } from 'vitest';
import { Series } from './series.ts';

/** The plain model: [time, value] steps, an equal value dropped, a second value at one time replacing the first. */
function model(adds: [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  for (const [at, v] of adds) {
    const last = out[out.length - 1];
    if (last !== undefined && last[1] === v) continue;
    if (last !== undefined && last[0] === at) last[1] = v;
    else out.push([at, v]);
  }
  return out;
}

describe('Series', () => {
  it('draws the same steps as a plain array of points, over long runs with falls, repeats and far jumps', () => {
    const adds: [number, number][] = [];
    let at = 0;
    let v = 0;
    for (let i = 0; i < 6000; i++) {
      at += i % 5 === 0 ? 0 : i % 1001 === 0 ? 4_000_000_000 : (i * 31) % 90; // same instant, huge gaps (30-day runs)
      v = i % 97 === 0 ? 0 : i % 4 === 0 ? v : v + ((i * 7) % 3); // a restart's commit index falls to 0
      adds.push([at, v]);
    }
    const s = new Series();
    for (const [a, x] of adds) s.add(a, x);
    const want = model(adds);
    expect(s.length).toBe(want.length);
    expect(s.points).toEqual(want);
  });

  it('starts empty', () => {
    expect(new Series().points).toEqual([]);
  });
});
