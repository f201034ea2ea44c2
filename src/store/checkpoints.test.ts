// Bounded checkpoints (issue 14): dense near the displayed time and the horizon, sparse
// elsewhere, and seeking anywhere still shows exactly the state of the run there.

import { describe, expect, it } from 'vitest';
import { createCluster, stateFingerprint } from '../sim/index.ts';
import { checkpointsToKeep, DENSE_MS, FAR_MS, FAR_SPARSE_MS, insertionPoint, lastWhere, SPARSE_MS } from './checkpoints.ts';
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
    // beyond FAR_MS of both foci, one per FAR_SPARSE_MS
    expect(kept).toBeLessThanOrEqual(3_600_000 / FAR_SPARSE_MS + (4 * FAR_MS) / SPARSE_MS + 2 * ((2 * DENSE_MS) / 250 + 1) + 4);
  });
  it('keeps one per sparse interval near a focus and one per far interval beyond', () => {
    const ats = Array.from({ length: 1200 }, (_, i) => i * 250); // 0 … 299,750 ms
    const keep = checkpointsToKeep(ats, [200_000], 1_000, 5_000, 30_000, 20_000).map((i) => ats[i]);
    // far before: 0, 20 s, …, 160 s; then every 5 s from 170 s; dense 199–201 s; every 5 s to 230 s; far after: 240 s, 260 s, 280 s
    expect(keep.filter((at) => at < 170_000)).toEqual([0, 20_000, 40_000, 60_000, 80_000, 100_000, 120_000, 140_000, 160_000]);
    expect(keep.filter((at) => at >= 170_000 && at < 199_000)).toEqual([170_000, 175_000, 180_000, 185_000, 190_000, 195_000]);
    expect(keep.filter((at) => at >= 199_000 && at <= 201_000)).toEqual([199_000, 199_250, 199_500, 199_750, 200_000, 200_250, 200_500, 200_750, 201_000]);
    expect(keep.filter((at) => at > 201_000)).toEqual([205_000, 210_000, 215_000, 220_000, 225_000, 230_000, 230_250, 240_000, 260_000, 280_000]);
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
