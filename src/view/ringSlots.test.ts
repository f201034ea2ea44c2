// Servers keep their place on the ring when others join or leave (issue 14).
import { describe, expect, it } from 'vitest';
import { ringLayout, ringSlots, waitingSpots } from './geometry.ts';
import { stageLayout } from './stageLayout.ts';

describe('ringSlots', () => {
  it('spaces the servers and those the script will add evenly from 12 o’clock', () => {
    const s = ringSlots(null, ['S1', 'S2', 'S3'], ['S4', 'S5']);
    expect([...s.entries()]).toEqual([
      ['S1', 0],
      ['S2', 0.2],
      ['S3', 0.4],
      ['S4', 0.6],
      ['S5', 0.8],
    ]);
  });

  it('keeps every slot when a planned server joins (the same map back: nothing to redraw)', () => {
    const s = ringSlots(null, ['S1', 'S2', 'S3'], ['S4']);
    expect(ringSlots(s, ['S1', 'S2', 'S3', 'S4'], [])).toBe(s);
  });

  it('puts an unplanned server in the widest gap, moving nobody', () => {
    const s3 = ringSlots(null, ['S1', 'S2', 'S3']);
    const s4 = ringSlots(s3, ['S1', 'S2', 'S3', 'S4']);
    for (const id of ['S1', 'S2', 'S3']) expect(s4.get(id)).toBe(s3.get(id));
    expect(s4.get('S4')).toBeCloseTo(1 / 6); // between S1 (0) and S2 (1/3)
    const s5 = ringSlots(s4, ['S1', 'S2', 'S3', 'S4', 'S5']);
    expect(s5.get('S5')).toBeCloseTo(0.5); // the widest gap left: S2–S3
    expect(new Set(s5.values()).size).toBe(5);
  });

  it('lays out afresh for another set of servers (a new scenario)', () => {
    const s = ringSlots(null, ['S1', 'S2', 'S3', 'S4']);
    const other = ringSlots(s, ['A', 'B']);
    expect([...other.keys()]).toEqual(['A', 'B']);
  });

  it('keeps a server that is seeked out of the run while the script still adds it', () => {
    const s = ringSlots(null, ['S1', 'S2', 'S3', 'S4']);
    expect(ringSlots(s, ['S1', 'S2', 'S3'], ['S4'])).toBe(s);
  });
});

describe('the stage with slots', () => {
  it('draws the servers where they were when one joins: no position moves', () => {
    const ids = ['S1', 'S2', 'S3'];
    const before = ringSlots(null, ids, ['S4', 'S5']);
    const a = stageLayout([...ids, 'S4', 'S5'], [], 1000, 600, false, before);
    const after = ringSlots(before, [...ids, 'S4'], ['S5']);
    const b = stageLayout([...ids, 'S4', 'S5'], [], 1000, 600, false, after);
    for (const id of [...ids, 'S4', 'S5']) expect(b.nodes.get(id)).toEqual(a.nodes.get(id));
  });

  it('without slots the ring is unchanged: evenly by order', () => {
    const plain = ringLayout(['a', 'b', 'c', 'd'], 100);
    const slotted = ringLayout(['a', 'b', 'c', 'd'], 100, 0, 0, 100, false, ringSlots(null, ['a', 'b', 'c', 'd']));
    expect(slotted).toEqual(plain);
  });
});

describe('messages waiting at a busy sender (manual network)', () => {
  const extent = 8 * 1.45; // the largest glyph's reach from its centre
  it('the first waits clear of the sender, the next a glyph further', () => {
    const [a, b] = waitingSpots(2, 200, extent);
    expect(a * 200).toBeGreaterThanOrEqual(extent + 4);
    expect((b - a) * 200).toBeGreaterThanOrEqual(2 * extent);
  });
  it('however many wait, none covers the sender or passes the middle of the lane', () => {
    for (const count of [1, 5, 24, 64]) {
      for (const length of [60, 120, 400]) {
        const spots = waitingSpots(count, length, extent);
        expect(spots).toHaveLength(count);
        for (const f of spots) {
          expect(f * length).toBeGreaterThanOrEqual(Math.min(extent + 4, length / 2) - 1e-9);
          expect(f).toBeLessThanOrEqual(0.5 + 1e-9);
        }
      }
    }
  });
});
