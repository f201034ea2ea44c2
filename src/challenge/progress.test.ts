// Progress in localStorage: versioned, the best solution kept, bad stored data ignored.

import { describe, expect, it } from 'vitest';
import { loadProgress, PROGRESS_KEY, recordSolved, resetProgress } from './progress.ts';

function memory(initial?: string) {
  const m = new Map<string, string>();
  if (initial !== undefined) m.set(PROGRESS_KEY, initial);
  return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v), removeItem: (k: string) => void m.delete(k), m };
}

describe('challenge progress', () => {
  it('records solved challenges, keeps the best, and resets one or all', () => {
    const s = memory();
    expect(loadProgress(s)).toEqual({});
    recordSolved('split-vote', { actions: 3, timeMs: 300 }, s);
    recordSolved('split-vote', { actions: 4, timeMs: 100 }, s);
    expect(loadProgress(s)['split-vote']).toEqual({ actions: 3, timeMs: 300 });
    recordSolved('split-vote', { actions: 2, timeMs: 900 }, s);
    recordSolved('elect-s3', { actions: 1, timeMs: 39 }, s);
    expect(loadProgress(s)).toEqual({ 'split-vote': { actions: 2, timeMs: 900 }, 'elect-s3': { actions: 1, timeMs: 39 } });
    expect(JSON.parse(s.m.get(PROGRESS_KEY)!).v).toBe(1);
    resetProgress('split-vote', s);
    expect(Object.keys(loadProgress(s))).toEqual(['elect-s3']);
    resetProgress(undefined, s);
    expect(loadProgress(s)).toEqual({});
  });

  it('ignores bad stored data without an error, keeping the good entries', () => {
    for (const bad of ['not json', '[]', 'null', '{"v":2,"solved":{"a":{"actions":1,"timeMs":1}}}', '{"v":1,"solved":[1]}', '{"v":1}']) {
      expect(loadProgress(memory(bad))).toEqual({});
    }
    const mixed = memory(JSON.stringify({ v: 1, solved: { good: { actions: 1, timeMs: 5 }, bad: { actions: -1, timeMs: 5 }, worse: 'x', __proto__: { actions: 1 } } }));
    expect(loadProgress(mixed)).toEqual({ good: { actions: 1, timeMs: 5 } });
    const broken = memory('{');
    expect(recordSolved('elect-s3', { actions: 1, timeMs: 39 }, broken)).toEqual({ 'elect-s3': { actions: 1, timeMs: 39 } });
  });

  it('a storage that throws (disabled) loses progress quietly', () => {
    const throwing = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('denied');
      },
      removeItem: () => {
        throw new Error('denied');
      },
    };
    expect(loadProgress(throwing)).toEqual({});
    expect(recordSolved('x', { actions: 1, timeMs: 1 }, throwing)).toEqual({ x: { actions: 1, timeMs: 1 } });
    expect(resetProgress(undefined, throwing)).toEqual({});
  });
});
