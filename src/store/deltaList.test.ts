import { describe, expect, it } from 'vitest';
import { DeltaList } from './deltaList.ts';

/** Non-decreasing values with small steps, repeats, and steps too wide for 16 bits. */
function values(n: number): number[] {
  const out: number[] = [];
  let x = 5;
  for (let i = 0; i < n; i++) {
    x += i % 997 === 0 ? 70_000 + i : i % 5 === 0 ? 0 : (i * 7919) % 300;
    out.push(x);
  }
  return out;
}

describe('DeltaList', () => {
  it('reads back every element, across pages and wide steps', () => {
    const want = values(5000);
    const l = new DeltaList();
    for (const x of want) l.push(x);
    expect(l.length).toBe(5000);
    for (let i = 0; i < want.length; i += 13) expect(l.get(i)).toBe(want[i]);
    expect(l.get(4999)).toBe(want[4999]);
    const seen: number[] = [];
    l.forEach(0, 5000, (x, i) => {
      expect(i).toBe(seen.length);
      seen.push(x);
    });
    expect(seen).toEqual(want);
    const part: [number, number][] = [];
    l.forEach(1020, 1030, (x, i) => part.push([i, x]));
    expect(part).toEqual(want.slice(1020, 1030).map((x, k) => [1020 + k, x]));
  });

  it('finds the first position at or after a value, like a binary search on the array', () => {
    const want = values(3000);
    const l = new DeltaList();
    for (const x of want) l.push(x);
    const lower = (x: number) => {
      const i = want.findIndex((v) => v >= x);
      return i < 0 ? want.length : i;
    };
    for (const x of [0, 5, want[0], want[1023], want[1024], want[1024] + 1, want[2999], want[2999] + 1, ...want.filter((_, i) => i % 37 === 0).map((v) => v - 1)]) {
      expect(l.lowerBound(x)).toBe(lower(x));
    }
    expect(new DeltaList().lowerBound(3)).toBe(0);
  });

  it('replaces the last element, at a page start, after a wide step or not', () => {
    const l = new DeltaList();
    const want: number[] = [];
    for (let i = 0; i < 2100; i++) {
      const x = i === 0 ? 3 : want[i - 1] + (i % 400 === 0 ? 100_000 : i % 3);
      l.push(x);
      want.push(x);
      if (i % 7 === 0 || i === 1024 || i === 2048) {
        const y = x + (i % 2 === 0 ? 5 : 80_000);
        l.setLast(y);
        want[i] = y;
      }
      expect(l.lastValue).toBe(want[i]);
    }
    const got: number[] = [];
    l.forEach(0, l.length, (x) => got.push(x));
    expect(got).toEqual(want);
  });

  it('keeps a value smaller than the last (never expected, still exact)', () => {
    const l = new DeltaList();
    [10, 20, 15, 16].forEach((x) => l.push(x));
    expect([0, 1, 2, 3].map((i) => l.get(i))).toEqual([10, 20, 15, 16]);
  });
});
