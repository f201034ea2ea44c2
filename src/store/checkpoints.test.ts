// Bounded checkpoints (issue 14): dense near the displayed time and the horizon, sparse
// elsewhere, and seeking anywhere still shows exactly the state of the run there.

import { describe, expect, it } from 'vitest';
import { createCluster, stateFingerprint } from '../sim/index.ts';
import { checkpointsToKeep, DENSE_MS, insertionPoint, lastWhere, SPARSE_MS } from './checkpoints.ts';
import { TimeMachine } from './timeMachine.ts';

describe('checkpointsToKeep', () => {
  it('keeps the first, every one near a focus, and one per sparse bucket elsewhere', () => {
    const ats = Array.from({ length: 200 }, (_, i) => i * 250); // 0 … 49,750 ms
    const keep = checkpointsToKeep(ats, [30_000], 2_000, 10_000).map((i) => ats[i]);
    expect(keep).toEqual([0, 10_000, 20_000, 28_000, 28_250, 28_500, 28_750, 29_000, 29_250, 29_500, 29_750, 30_000, 30_250, 30_500, 30_750, 31_000, 31_250, 31_500, 31_750, 32_000, 40_000]);
  });
  it('keeps a number that grows with the run length divided by the sparse interval only', () => {
    const hour = Array.from({ length: (3_600_000 / 250) | 0 }, (_, i) => i * 250);
    const kept = checkpointsToKeep(hour, [1_800_000, 3_599_750]).length;
    expect(kept).toBeLessThanOrEqual(3_600_000 / SPARSE_MS + 2 * ((2 * DENSE_MS) / 250 + 1));
  });
});

describe('insertionPoint', () => {
  const list = [
    { at: 0, steps: 0 },
    { at: 250, steps: 40 },
    { at: 5_000, steps: 900 },
  ];
  it('appends past the last one by an interval, fills a gap, refuses a crowded place', () => {
    expect(insertionPoint(list, 5_300, 950, 250)).toBe(3);
    expect(insertionPoint(list, 5_100, 930, 250)).toBe(-1);
    expect(insertionPoint(list, 2_000, 400, 250)).toBe(2);
    expect(insertionPoint(list, 4_900, 880, 250)).toBe(-1);
  });
});

describe('lastWhere', () => {
  it('finds the last checkpoint at or before a time, the first when none is', () => {
    const ats = [0, 250, 500, 5_000, 10_000];
    expect(lastWhere(ats, (at) => at <= 4_999)).toBe(500);
    expect(lastWhere(ats, (at) => at <= 5_000)).toBe(5_000);
    expect(lastWhere(ats, (at) => at <= 99_999)).toBe(10_000);
    expect(lastWhere(ats, (at) => at < 0)).toBe(0);
    expect(lastWhere([7], () => true)).toBe(7);
  });
});

describe('the time machine under load keeps few checkpoints and exact seeks', () => {
  const options = { nodes: 5, workload: { clients: 3, opsPerSecond: 40 } };
  it('thins checkpoints far from the displayed time and the horizon, and seeks there exactly', () => {
    const tm = new TimeMachine(options);
    tm.runTo(40_000);
    // all kept would be 160
    expect(tm.checkpointCount).toBeLessThan(40_000 / SPARSE_MS + (2 * DENSE_MS) / 250 + 34);
    for (const t of [7_777, 31_234, 100, 39_999, 23_456]) {
      tm.seek(t);
      const reference = createCluster(options);
      reference.runFor(t);
      expect(stateFingerprint(tm.cluster)).toBe(stateFingerprint(reference));
      expect(tm.cluster.history()).toEqual(reference.history());
    }
  });
});
