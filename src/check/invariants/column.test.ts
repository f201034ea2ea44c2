import { describe, expect, it } from 'vitest';
import { Float64Column, Int32Column } from './column.ts';

describe('Int32Column', () => {
  it('keeps what is pushed, in order, across growth', () => {
    const c = new Int32Column(0, 1);
    const want: number[] = [];
    for (let i = 0; i < 1000; i++) {
      const x = ((i * 7919) % 100_003) - 50_000;
      c.push(x);
      want.push(x);
    }
    expect(c.length).toBe(1000);
    expect(Array.from({ length: c.length }, (_, i) => c.get(i))).toEqual(want);
  });

  it('set past the end grows the column, the slots skipped holding the fill value', () => {
    const c = new Int32Column(-1, 2);
    c.push(7);
    c.set(5, 42);
    expect(c.length).toBe(6);
    expect([0, 1, 2, 3, 4, 5].map((i) => c.get(i))).toEqual([7, -1, -1, -1, -1, 42]);
    c.set(2, 3); // within: only that slot changes
    expect(c.length).toBe(6);
    expect(c.get(2)).toBe(3);
    c.set(100, 1);
    expect(c.length).toBe(101);
    expect(c.get(99)).toBe(-1);
  });

  it('truncates, and what is pushed after a truncation replaces what was cut (no stale values reappear)', () => {
    const c = new Int32Column(-1);
    for (let i = 0; i < 10; i++) c.push(i);
    c.truncate(4);
    expect(c.length).toBe(4);
    c.truncate(8); // longer: nothing changes
    expect(c.length).toBe(4);
    c.push(99);
    expect(c.get(4)).toBe(99);
    c.set(7, 5);
    expect([5, 6, 7].map((i) => c.get(i))).toEqual([-1, -1, 5]);
    c.truncate(0);
    expect(c.length).toBe(0);
  });
});

describe('Float64Column', () => {
  it('holds 53-bit hashes and −1 exactly', () => {
    const c = new Float64Column();
    const big = 2 ** 53 - 1;
    c.push(big);
    c.push(-1);
    for (let i = 0; i < 100; i++) c.push(big - i);
    expect(c.get(0)).toBe(big);
    expect(c.get(1)).toBe(-1);
    expect(c.get(101)).toBe(big - 99);
    expect(c.length).toBe(102);
  });
});
