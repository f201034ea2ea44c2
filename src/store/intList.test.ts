import { describe, expect, it } from 'vitest';
import { IntList } from './intList.ts';

describe('IntList', () => {
  it('keeps what is pushed, in order, across growth', () => {
    const l = new IntList(2);
    const want: number[] = [];
    for (let i = 0; i < 1000; i++) {
      const x = (i * 7919) % 100_003;
      l.push(x);
      want.push(x);
    }
    expect(l.length).toBe(1000);
    expect(l.get(0)).toBe(0);
    expect(l.get(999)).toBe(want[999]);
    expect([...l.view()]).toEqual(want);
  });
  it('holds trace indexes of long runs (up to 2^31 − 1)', () => {
    const l = new IntList();
    l.push(2_147_483_647);
    expect(l.view()[0]).toBe(2_147_483_647);
  });
});
