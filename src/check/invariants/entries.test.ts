import { describe, expect, it } from 'vitest';
import { EntryTable, NONE, SENTINEL, UNKNOWN_ENTRY } from './entries.ts';
import { UNKNOWN } from './hash.ts';

describe('EntryTable', () => {
  it('starts with the empty log sentinel and the unknown entry', () => {
    const t = new EntryTable();
    expect([t.term(SENTINEL), t.hash(SENTINEL), t.command(SENTINEL)]).toEqual([0, 0, null]);
    expect([t.term(UNKNOWN_ENTRY), t.hash(UNKNOWN_ENTRY), t.command(UNKNOWN_ENTRY)]).toEqual([UNKNOWN, UNKNOWN, undefined]);
    expect(t.firstSeen(1, 1)).toBe(NONE);
  });

  it('gives the first entry seen for each (index, term) with a known prefix, whatever the order and the gaps', () => {
    const t = new EntryTable();
    const a = t.add(1, 1, 11, SENTINEL, 'S1', { x: 1 }, 'command');
    t.add(5, 2, UNKNOWN, UNKNOWN_ENTRY, 'S9', { y: 0 }, 'command'); // unknown prefix: never "first seen"
    const b = t.add(5, 2, 52, UNKNOWN_ENTRY, 'S2', { y: 1 }, 'command'); // a gap: indexes 2–4 never seen
    const c = t.add(5, 3, 53, UNKNOWN_ENTRY, 'S3', { y: 2 }, 'noop'); // a later term at the same index
    const d = t.add(5, 2, 54, UNKNOWN_ENTRY, 'S4', { y: 3 }, 'command'); // a second entry of term 2 at index 5
    expect(t.firstSeen(1, 1)).toBe(a);
    expect(t.firstSeen(1, 2)).toBe(NONE);
    expect(t.firstSeen(3, 1)).toBe(NONE);
    expect(t.firstSeen(5, 2)).toBe(b);
    expect(t.firstSeen(5, 3)).toBe(c);
    expect(t.firstSeen(5, 4)).toBe(NONE);
    expect(t.firstSeen(99, 1)).toBe(NONE);
    expect([t.term(d), t.hash(d), t.holder(d), t.command(d), t.kind(d)]).toEqual([2, 54, 'S4', { y: 3 }, 'command']);
    expect([t.holder(c), t.kind(c), t.parent(c)]).toEqual(['S3', 'noop', UNKNOWN_ENTRY]);
  });

  it('finds an entry by its hash, by the same command object after the same prefix, or by what a predicate accepts', () => {
    const t = new EntryTable();
    const cmd = { type: 'put', key: 'x', value: '1' };
    const a = t.add(1, 1, 11, SENTINEL, 'S1', cmd, 'command');
    const b = t.add(1, 2, 21, SENTINEL, 'S2', cmd, 'command');
    expect(t.findHash(1, 1, 11)).toBe(a);
    expect(t.findHash(1, 2, 11)).toBe(NONE); // same hash, other term
    expect(t.findHash(1, 2, 21)).toBe(b);
    expect(t.findSame(1, 1, SENTINEL, cmd, 'command')).toBe(a);
    expect(t.findSame(1, 1, SENTINEL, { ...cmd }, 'command')).toBe(NONE); // an equal copy is not the same object
    expect(t.findSame(1, 1, UNKNOWN_ENTRY, cmd, 'command')).toBe(NONE); // another prefix
    expect(t.findSame(1, 1, SENTINEL, cmd, 'noop')).toBe(NONE); // another kind
    expect(t.findSame(2, 1, SENTINEL, cmd, 'command')).toBe(NONE); // another index
    expect(t.find(1, 2, () => true)).toBe(b);
    expect(t.find(1, 1, (id) => id !== a)).toBe(NONE);
  });

  it('names nodes by code, NONE as no one', () => {
    const t = new EntryTable();
    const s1 = t.nodeCode('S1');
    expect(t.nodeCode('S2')).not.toBe(s1);
    expect(t.nodeCode('S1')).toBe(s1);
    expect(t.nodeName(s1)).toBe('S1');
    expect(t.nodeName(NONE)).toBe('');
  });

  it('keeps thousands of indexes with several entries each', () => {
    const t = new EntryTable();
    const ids: number[][] = [];
    for (let i = 1; i <= 3000; i++) {
      ids.push([1, 2, 3].map((term) => t.add(i, term, i * 10 + term, SENTINEL, `S${term}`, i, 'command')));
    }
    expect(t.firstSeen(1500, 2)).toBe(ids[1499][1]);
    expect(t.findHash(3000, 3, 30003)).toBe(ids[2999][2]);
    expect(t.command(ids[2999][2])).toBe(3000);
  });
});
