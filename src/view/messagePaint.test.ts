import { describe, expect, it } from 'vitest';
import type { MessageView } from '../sim/index.ts';
import { hitTest, hoverLabel, messagePoint, shapePath, type MessageDraw } from './messagePaint.ts';

const lane = { from: { x: 0, y: 0 }, to: { x: 100, y: 0 } };
const msg = (id: number, sentAt: number, deliverAt: number | null) =>
  ({ id, type: 'RequestVote', from: 'S1', to: 'S2', term: 2, sentAt, deliverAt }) as unknown as MessageView;
const draw = (m: MessageView, waiting: number | null = null): MessageDraw => ({ m, lane, waiting, selected: false, why: false, doomed: false, highlighted: false });

describe('painting messages', () => {
  it('puts a message at (t - sentAt) / (deliverAt - sentAt) of its lane, a held one where it waits', () => {
    expect(messagePoint(draw(msg(1, 100, 120)), 100)).toEqual({ x: 0, y: 0 });
    expect(messagePoint(draw(msg(1, 100, 120)), 105)).toEqual({ x: 25, y: 0 });
    expect(messagePoint(draw(msg(1, 100, null), 0.3), 105).x).toBeCloseTo(30);
  });
  it('outlines every shape as one closed path around the centre, as large as asked', () => {
    for (const shape of ['circle', 'square', 'triangle', 'diamond', 'hexagon', 'star'] as const) {
      const d = shapePath(shape, 8);
      expect(d).toMatch(/^M-?[\d.]+,-?[\d.]+/);
      expect(d.endsWith('Z')).toBe(true);
      const coords = [...d.matchAll(/-?\d+(\.\d+)?/g)].map((x) => Math.abs(Number(x[0])));
      expect(Math.max(...coords)).toBeGreaterThanOrEqual(8);
      expect(Math.max(...coords)).toBeLessThanOrEqual(8 * 2 * 1.45);
    }
    expect(shapePath('circle', 8)).toBe('M-8,0a8,8 0 1,0 16,0a8,8 0 1,0 -16,0Z');
  });
  it('finds the message under the pointer at the displayed time, the one drawn on top first', () => {
    const a = draw(msg(1, 100, 120));
    const b = draw(msg(2, 100, 140));
    expect(hitTest([a, b], 110, 50, 2, 1)).toBe(a); // a is halfway at 110; b a quarter
    expect(hitTest([a, b], 110, 25, -3, 1)).toBe(b);
    expect(hitTest([a, b], 100, 0, 0, 1)).toBe(b); // both at the sender: the later drawn is on top
    expect(hitTest([a, b], 110, 50, 40, 1)).toBeNull();
  });
  it('labels a message on hover with its id, type, route and fate', () => {
    expect(hoverLabel({ m: msg(7, 0, 10), waiting: null, doomed: false })).toMatch(/^#7 .*: S1 → S2$/);
    expect(hoverLabel({ m: msg(7, 0, null), waiting: 0.2, doomed: true })).toMatch(/waiting for you to deliver it\) — will not get through$/);
  });
});
