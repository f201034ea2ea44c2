import { describe, expect, it } from 'vitest';
import { EntryTable, SENTINEL, UNKNOWN_ENTRY } from './entries.ts';
import { UNKNOWN } from './hash.ts';
import { firstDifference, MirrorLog } from './mirror.ts';

describe('MirrorLog', () => {
  it('gives back the entry ids pushed, whatever their place among the entries of their index', () => {
    const t = new EntryTable();
    const log = new MirrorLog(t);
    const want = [SENTINEL];
    for (let i = 1; i <= 600; i++) {
      // index i sees i % 4 + 1 entries; the log holds the last of them, or knows nothing (every 50th)
      let id = SENTINEL;
      for (let k = 0; k <= i % 4; k++) id = t.add(i, k + 1, i * 10 + k, SENTINEL, 'S1', k, 'command');
      if (i % 50 === 0) id = UNKNOWN_ENTRY;
      log.push(id);
      want.push(id);
    }
    expect(log.length).toBe(601);
    expect(Array.from({ length: log.length }, (_, i) => log.get(i))).toEqual(want);
  });

  it('keeps an entry past the 253rd seen at its index, and truncation forgets it', () => {
    const t = new EntryTable();
    let last = SENTINEL;
    for (let k = 0; k < 300; k++) last = t.add(1, k + 1, 1000 + k, SENTINEL, 'S1', k, 'command');
    const first = t.nth(1, 0);
    const log = new MirrorLog(t);
    log.push(last);
    expect(log.get(1)).toBe(last);
    log.truncate(1);
    expect(log.length).toBe(1);
    log.push(first);
    expect(log.get(1)).toBe(first);
    expect(t.rank(1, last)).toBe(299);
    expect(t.nth(1, 299)).toBe(last);
  });

  it('finds where two logs part by their prefix hashes, an unknown prefix counting as a difference', () => {
    const t = new EntryTable();
    const a = new MirrorLog(t);
    const b = new MirrorLog(t);
    let pa = SENTINEL;
    for (let i = 1; i <= 40; i++) {
      const shared = t.add(i, 1, i, pa, 'S1', i, 'command');
      a.push(shared);
      b.push(i < 25 ? shared : t.add(i, 2, 1000 + i, SENTINEL, 'S2', i, 'command'));
      pa = shared;
    }
    expect(firstDifference(t, a, b, 40)).toBe(25);
    expect(firstDifference(t, a, a, 40)).toBe(40);
    const c = new MirrorLog(t);
    c.push(UNKNOWN_ENTRY);
    expect(t.hash(c.get(1))).toBe(UNKNOWN);
    expect(firstDifference(t, c, c, 2)).toBe(1);
  });
});
