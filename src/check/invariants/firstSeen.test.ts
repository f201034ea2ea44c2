import { describe, expect, it } from 'vitest';
import { FirstSeenTable, type FirstSeen } from './firstSeen.ts';

const entry = (term: number, hash: number, node: string): FirstSeen => ({ term, hash, node, command: { x: term }, kind: 'command' });

describe('FirstSeenTable', () => {
  it('gives the first entry seen for each (index, term), whatever the order and the gaps', () => {
    const t = new FirstSeenTable();
    expect(t.get(1, 1)).toBeUndefined();
    t.add(1, entry(1, 11, 'S1'));
    t.add(5, entry(2, 52, 'S2')); // a gap: indexes 2–4 never seen with a known prefix
    t.add(5, entry(3, 53, 'S3')); // a later term at the same index
    t.add(5, entry(4, 54, 'S4'));
    expect(t.get(1, 1)).toEqual(entry(1, 11, 'S1'));
    expect(t.get(1, 2)).toBeUndefined();
    expect(t.get(3, 1)).toBeUndefined();
    expect(t.get(5, 2)).toEqual(entry(2, 52, 'S2'));
    expect(t.get(5, 3)).toEqual(entry(3, 53, 'S3'));
    expect(t.get(5, 4)).toEqual(entry(4, 54, 'S4'));
    expect(t.get(5, 5)).toBeUndefined();
    // the first of any term
    expect(t.first(5)).toEqual(entry(2, 52, 'S2'));
    expect(t.first(1)).toEqual(entry(1, 11, 'S1'));
    expect(t.first(2)).toBeUndefined();
    expect(t.first(99)).toBeUndefined();
  });
});
