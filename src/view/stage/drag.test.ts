// The drag maths of the stage, table-driven: four servers of radius 20 (join within 36 px,
// isolate beyond 44 px from home).
import { describe, expect, it } from 'vitest';
import type { Point } from '../geometry.ts';
import { dragHint, dragTo, drawOrder, dropTarget, hintPoint, release, type Drag } from './drag.ts';

const R = 20;
const HOMES: ReadonlyMap<string, Point> = new Map([
  ['S1', { x: 100, y: 100 }],
  ['S2', { x: 200, y: 100 }],
  ['S3', { x: 150, y: 200 }],
  ['S4', { x: 200, y: 150 }],
]);

function drag(at: Point, moved = true, id = 'S1'): Drag {
  return { id, pointerId: 1, start: HOMES.get(id) ?? { x: 0, y: 0 }, at, moved };
}

describe('dragTo', () => {
  it.each([
    { what: 'a small move stays a click', at: { x: 104, y: 104 }, moved: false, want: false },
    { what: 'past 6 px it is a drag', at: { x: 107, y: 100 }, moved: false, want: true },
    { what: 'once a drag, back at the start it stays one', at: { x: 100, y: 100 }, moved: true, want: true },
  ])('$what', ({ at, moved, want }) => {
    const next = dragTo(drag({ x: 100, y: 100 }, moved), at);
    expect(next.moved).toBe(want);
    expect(next.at).toEqual(at);
  });
});

describe('dropTarget, release and the hint', () => {
  it.each([
    { what: 'not moved: a click', d: drag({ x: 101, y: 100 }, false), target: null, outcome: { kind: 'click' }, hint: null },
    { what: 'over S2: join its group', d: drag({ x: 195, y: 105 }), target: 'S2', outcome: { kind: 'join', target: 'S2' }, hint: null },
    { what: 'within 1.8 r of S3', d: drag({ x: 150, y: 165 }), target: 'S3', outcome: { kind: 'join', target: 'S3' }, hint: null },
    { what: 'just outside 1.8 r of S2', d: drag({ x: 200, y: 64 }), target: null, outcome: { kind: 'isolate' }, hint: 'release to isolate' },
    { what: 'within 2.2 r of home: back home', d: drag({ x: 140, y: 100 }), target: null, outcome: { kind: 'none' }, hint: 'drop on a server to join its group' },
    { what: 'just beyond 2.2 r of home: isolate', d: drag({ x: 145, y: 100 }), target: null, outcome: { kind: 'isolate' }, hint: 'release to isolate' },
    { what: 'far from every server: isolate', d: drag({ x: 40, y: 20 }), target: null, outcome: { kind: 'isolate' }, hint: 'release to isolate' },
    { what: 'the nearest of two in reach wins', d: drag({ x: 200, y: 130 }), target: 'S4', outcome: { kind: 'join', target: 'S4' }, hint: null },
    { what: 'never onto itself', d: drag({ x: 100, y: 100 }), target: null, outcome: { kind: 'none' }, hint: 'drop on a server to join its group' },
  ])('$what', ({ d, target, outcome, hint }) => {
    expect(dropTarget(d, HOMES, R)).toBe(target);
    expect(release(d, HOMES, R)).toEqual(outcome);
    expect(dragHint(d, HOMES, R)).toBe(hint);
  });

  it('no drag: no target, no hint', () => {
    expect(dropTarget(null, HOMES, R)).toBeNull();
    expect(dragHint(null, HOMES, R)).toBeNull();
  });
});

describe('drawOrder', () => {
  const ids = ['S1', 'S2', 'S3'];
  it.each([
    { what: 'no drag', d: null, want: ids },
    { what: 'a press that has not moved', d: drag({ x: 100, y: 100 }, false), want: ids },
    { what: 'the dragged server last (on top)', d: drag({ x: 150, y: 150 }), want: ['S2', 'S3', 'S1'] },
  ])('$what', ({ d, want }) => {
    expect(drawOrder(ids, d)).toEqual(want);
  });
});

describe('hintPoint', () => {
  it.each([
    { what: 'above the server', labelAbove: false, want: { x: 50, y: 50 - R - 12 } },
    { what: 'below it when its label is above it', labelAbove: true, want: { x: 50, y: 50 + R + 20 } },
  ])('$what', ({ labelAbove, want }) => {
    expect(hintPoint({ x: 50, y: 50 }, R, labelAbove)).toEqual(want);
  });
});
