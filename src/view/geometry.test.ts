import { describe, expect, it } from 'vitest';
import {
  clientColumn,
  distanceToSegment,
  ellipsize,
  groupOutline,
  laneBetween,
  messagePosition,
  messageProgress,
  nodeRadiusFor,
  polygonPoints,
  ringLayout,
  timerArcPath,
  timerFraction,
} from './geometry.ts';

describe('ringLayout', () => {
  it('puts the first node at 12 o clock and goes clockwise', () => {
    const r = ringLayout(['S1', 'S2', 'S3', 'S4'], 100, 200, 200);
    expect(r.get('S1')).toMatchObject({ x: 200, y: 100 });
    const s2 = r.get('S2')!;
    expect(s2.x).toBeCloseTo(300);
    expect(s2.y).toBeCloseTo(200);
    const s3 = r.get('S3')!;
    expect(s3.x).toBeCloseTo(200);
    expect(s3.y).toBeCloseTo(300);
  });
  it('keeps every node at the ring radius, evenly spaced', () => {
    const ids = Array.from({ length: 25 }, (_, i) => `127.0.0.1:${8000 + i}`);
    const r = ringLayout(ids, 240);
    for (const p of r.values()) expect(Math.hypot(p.x, p.y)).toBeCloseTo(240);
    const a = r.get(ids[0])!;
    const b = r.get(ids[1])!;
    const c = r.get(ids[2])!;
    expect(Math.hypot(a.x - b.x, a.y - b.y)).toBeCloseTo(Math.hypot(b.x - c.x, b.y - c.y));
  });
  it('puts a single node in the centre', () => {
    expect(ringLayout(['solo'], 100, 5, 7).get('solo')).toEqual({ x: 5, y: 7, angle: 0, nx: 0, ny: -1 });
  });
  it('spaces servers evenly along an ellipse (equal angles would crowd its narrow ends)', () => {
    const ids = Array.from({ length: 25 }, (_, i) => `S${i + 1}`);
    const places = [...ringLayout(ids, 300, 0, 0, 120, true).values()];
    const gaps = places.map((p, i) => {
      const q = places[(i + 1) % places.length];
      return Math.hypot(p.x - q.x, p.y - q.y);
    });
    expect(Math.max(...gaps) / Math.min(...gaps)).toBeLessThan(1.1);
    for (const p of places) expect((p.x / 300) ** 2 + (p.y / 120) ** 2).toBeCloseTo(1, 6); // on the ellipse
    expect(places[0]).toMatchObject({ x: 0, y: -120 }); // the first at 12 o'clock
    expect(places[1].x).toBeGreaterThan(0); // clockwise
  });
  it('gives each place the outward unit normal', () => {
    for (const p of ringLayout(['a', 'b', 'c', 'd', 'e', 'f', 'g'], 300, 0, 0, 120).values()) {
      expect(Math.hypot(p.nx, p.ny)).toBeCloseTo(1);
      expect(p.nx * p.x + p.ny * p.y).toBeGreaterThan(0); // points away from the centre
    }
  });
});

describe('nodeRadiusFor', () => {
  it('shrinks nodes as the ring fills so neighbours never overlap', () => {
    for (const n of [2, 3, 5, 9, 25]) {
      const ring = 220;
      const r = nodeRadiusFor(n, ring);
      const chord = 2 * ring * Math.sin(Math.PI / n);
      expect(2 * r).toBeLessThan(chord);
    }
    expect(nodeRadiusFor(3, 220)).toBe(34);
  });
});

describe('messageProgress / messagePosition', () => {
  const lane = { from: { x: 0, y: 0 }, to: { x: 100, y: 0 } };
  it('is (t - sentAt) / (deliverAt - sentAt)', () => {
    const m = { sentAt: 100, deliverAt: 120 };
    expect(messageProgress(m, 100)).toBe(0);
    expect(messageProgress(m, 105)).toBe(0.25);
    expect(messageProgress(m, 110.5)).toBeCloseTo(0.525);
    expect(messagePosition(m, 115, lane)).toEqual({ x: 75, y: 0 });
  });
  it('clamps before sending and after delivery', () => {
    const m = { sentAt: 100, deliverAt: 120 };
    expect(messageProgress(m, 50)).toBe(0);
    expect(messageProgress(m, 500)).toBe(1);
  });
  it('draws a manual-mode message waiting near its sender', () => {
    expect(messageProgress({ sentAt: 3, deliverAt: null }, 1000)).toBe(0.25);
    expect(messagePosition({ sentAt: 3, deliverAt: null }, 1000, lane)).toEqual({ x: 25, y: 0 });
  });
  it('handles zero latency', () => {
    expect(messageProgress({ sentAt: 10, deliverAt: 10 }, 10)).toBe(1);
    expect(messageProgress({ sentAt: 10, deliverAt: 10 }, 9)).toBe(0);
  });
});

describe('laneBetween', () => {
  it('trims by the radii and shifts to the right of the direction of travel', () => {
    const s = laneBetween({ x: 0, y: 0 }, { x: 100, y: 0 }, 10, 20, 4);
    expect(s.from).toEqual({ x: 10, y: 4 });
    expect(s.to).toEqual({ x: 80, y: 4 });
    const back = laneBetween({ x: 100, y: 0 }, { x: 0, y: 0 }, 10, 20, 4);
    expect(back.from.y).toBe(-4); // the reply travels in the other lane
  });
  it('measures distance to a lane', () => {
    expect(distanceToSegment({ x: 50, y: 10 }, { from: { x: 0, y: 0 }, to: { x: 100, y: 0 } })).toBe(10);
    expect(distanceToSegment({ x: -30, y: 40 }, { from: { x: 0, y: 0 }, to: { x: 100, y: 0 } })).toBe(50);
  });
});

describe('timers', () => {
  it('drains from the deadline over the longest timeout', () => {
    expect(timerFraction(300, 0, 300)).toBe(1);
    expect(timerFraction(300, 150, 300)).toBe(0.5);
    expect(timerFraction(300, 400, 300)).toBe(0);
    expect(timerFraction(null, 0, 300)).toBe(0);
  });
  it('draws an arc path only when time is left', () => {
    expect(timerArcPath(0, 10, 12)).toBe('');
    expect(timerArcPath(0.5, 10, 12)).toMatch(/^M/);
  });
});

describe('shapes and labels', () => {
  it('makes polygons with the right number of vertices', () => {
    expect(polygonPoints(6, 10).split(' ')).toHaveLength(6);
    expect(polygonPoints(4, 10).split(' ')[0]).toBe('0,-10');
  });
  it('outlines groups of any size', () => {
    expect(groupOutline([])).toBe('');
    expect(groupOutline([{ x: 1, y: 2 }])).toBe('M1,2Z');
    expect(groupOutline([{ x: 0, y: 0 }, { x: 10, y: 0 }, { x: 5, y: 8 }])).toMatch(/^M.*C/);
  });
  it('ellipsizes long names', () => {
    expect(ellipsize('127.0.0.1:8000', 20)).toBe('127.0.0.1:8000');
    expect(ellipsize('a-very-long-server-name.example.org', 12)).toBe('a-very-long…');
  });
  it('stacks clients in a centred column', () => {
    const c = clientColumn(['C1', 'C2', 'C3'], 10, 100, 40);
    expect(c.get('C1')).toEqual({ x: 10, y: 60 });
    expect(c.get('C3')).toEqual({ x: 10, y: 140 });
  });
});
