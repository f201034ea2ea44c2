// Pure layout and animation geometry for the cluster view. Everything drawn is a function of
// the displayed time t (DESIGN.md: "Animation is a pure function of the displayed time").

import { arc as d3arc, line as d3line, curveCatmullRomClosed, curveLinearClosed } from 'd3-shape';

export interface Point {
  x: number;
  y: number;
}

export interface NodePlace extends Point {
  /** Angle on the ring in radians (0 = 12 o'clock, clockwise). */
  angle: number;
  /** The ring's outward unit normal at this place (where a label can go clear of the ring). */
  nx: number;
  ny: number;
}

/**
 * Places ids evenly on a circle of `radius` around (cx, cy) — an ellipse when a different
 * vertical radius `ry` is given — the first at 12 o'clock, going clockwise: by angle, or with
 * `byLength` by distance along the ellipse (on a long, flat ellipse equal angles crowd the
 * servers at its narrow ends). A single node sits at the centre.
 */
export function ringLayout(
  ids: readonly string[],
  radius: number,
  cx = 0,
  cy = 0,
  ry = radius,
  byLength = false,
  slots?: ReadonlyMap<string, number>,
): Map<string, NodePlace> {
  const out = new Map<string, NodePlace>();
  const n = slots === undefined ? ids.length : slots.size;
  if (n === 1 && ids.length === 1) {
    out.set(ids[0], { x: cx, y: cy, angle: 0, nx: 0, ny: -1 });
    return out;
  }
  // each server's place as a fraction of the way round: its slot, or evenly by order
  const fractions = ids.map((id, i) => slots?.get(id) ?? i / n);
  const angles = byLength && radius !== ry ? anglesAtFractions(fractions, radius, ry) : fractions.map((f) => 2 * Math.PI * f);
  ids.forEach((id, i) => {
    const angle = angles[i];
    const sin = Math.sin(angle);
    const cos = Math.cos(angle);
    // the gradient of x²/rx² + y²/ry² points outwards
    const gx = sin / radius;
    const gy = -cos / ry;
    const g = Math.hypot(gx, gy) || 1;
    out.set(id, { x: cx + radius * sin, y: cy - ry * cos, angle, nx: gx / g, ny: gy / g });
  });
  return out;
}

/** Parameter angles of points at the given fractions of the ellipse's (rx, ry) length from 12 o'clock. */
function anglesAtFractions(fractions: readonly number[], rx: number, ry: number): number[] {
  const steps = 720;
  const length: number[] = [0];
  for (let k = 1; k <= steps; k++) {
    const a0 = (2 * Math.PI * (k - 1)) / steps;
    const a1 = (2 * Math.PI * k) / steps;
    const d = Math.hypot(rx * (Math.sin(a1) - Math.sin(a0)), ry * (Math.cos(a1) - Math.cos(a0)));
    length.push(length[k - 1] + d);
  }
  const total = length[steps];
  return fractions.map((f) => {
    const target = total * f;
    let k = 0;
    while (k < steps - 1 && length[k + 1] < target) k++;
    const span = length[k + 1] - length[k] || 1;
    return ((k + (target - length[k]) / span) * 2 * Math.PI) / steps;
  });
}

/**
 * Each server's slot on the ring, as a fraction of the way round from 12 o'clock, kept while
 * servers join and leave so nobody moves: the servers of the run and those its script will add
 * (`planned`) are spaced evenly at first; a server that joins unplanned goes into the middle of
 * the widest gap. Returns `prev` itself when nothing changes. A different set of servers (another
 * scenario: a server of `prev` neither present nor planned) is laid out afresh.
 */
export function ringSlots(prev: ReadonlyMap<string, number> | null, ids: readonly string[], planned: readonly string[] = []): ReadonlyMap<string, number> {
  const all = [...ids, ...planned.filter((p) => !ids.includes(p))];
  const keep = prev !== null && [...prev.keys()].every((id) => all.includes(id));
  if (!keep) {
    const fresh = new Map<string, number>();
    all.forEach((id, i) => fresh.set(id, i / Math.max(1, all.length)));
    return fresh;
  }
  const missing = all.filter((id) => !prev.has(id));
  if (missing.length === 0) return prev;
  const out = new Map(prev);
  for (const id of missing) {
    const taken = [...out.values()].sort((a, b) => a - b);
    if (taken.length === 0) {
      out.set(id, 0);
      continue;
    }
    let best = 0;
    let bestGap = -1;
    taken.forEach((f, i) => {
      const gap = (i + 1 < taken.length ? taken[i + 1] : taken[0] + 1) - f;
      if (gap > bestGap + 1e-9) {
        best = f + gap / 2;
        bestGap = gap;
      }
    });
    out.set(id, best % 1);
  }
  return out;
}

/** The radius of the circle as long as the ellipse (rx, ry) (Ramanujan's approximation). */
export function equivalentRadius(rx: number, ry: number): number {
  const h = ((rx - ry) / (rx + ry)) ** 2;
  return ((rx + ry) / 2) * (1 + (3 * h) / (10 + Math.sqrt(4 - 3 * h)));
}

/** A node radius that keeps neighbours on the ring apart: never more than `max`. */
export function nodeRadiusFor(count: number, ringRadius: number, max = 34, min = 12): number {
  if (count <= 1) return max;
  const chord = 2 * ringRadius * Math.sin(Math.PI / count);
  return Math.max(min, Math.min(max, chord * 0.36));
}

/**
 * How far along its path a message is at time t, in [0, 1]:
 * (t - sentAt) / (deliverAt - sentAt). A message held by the manual network (deliverAt null)
 * waits at `waitingAt` of its path.
 */
export function messageProgress(
  m: { sentAt: number; deliverAt: number | null },
  t: number,
  waitingAt = 0.25,
): number {
  if (m.deliverAt === null) return waitingAt;
  const span = m.deliverAt - m.sentAt;
  if (span <= 0) return t >= m.deliverAt ? 1 : 0;
  return clamp01((t - m.sentAt) / span);
}

/** A straight path between two node centres, trimmed by the node radii and shifted sideways. */
export interface Segment {
  from: Point;
  to: Point;
}

/**
 * The lane a message from `a` to `b` travels in: from the edge of a to the edge of b, shifted
 * `offset` to its right (so a request and its reply never overlap).
 */
export function laneBetween(a: Point, b: Point, trimFrom: number, trimTo: number, offset: number): Segment {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const len = Math.hypot(dx, dy);
  if (len === 0) return { from: { ...a }, to: { ...b } };
  const ux = dx / len;
  const uy = dy / len;
  // right-hand normal (screen coordinates, y down)
  const nx = -uy;
  const ny = ux;
  const trimA = Math.min(trimFrom, len / 2);
  const trimB = Math.min(trimTo, len / 2);
  return {
    from: { x: a.x + ux * trimA + nx * offset, y: a.y + uy * trimA + ny * offset },
    to: { x: b.x - ux * trimB + nx * offset, y: b.y - uy * trimB + ny * offset },
  };
}

export function pointAlong(s: Segment, f: number): Point {
  return { x: s.from.x + (s.to.x - s.from.x) * f, y: s.from.y + (s.to.y - s.from.y) * f };
}

/** The message's position at time t on the lane between its endpoints. */
export function messagePosition(
  m: { sentAt: number; deliverAt: number | null },
  t: number,
  lane: Segment,
): Point {
  return pointAlong(lane, messageProgress(m, t));
}

/**
 * How much of the election timer is left at time t, as a fraction of the longest possible
 * timeout (so randomised timeouts start at different lengths, as in RaftScope).
 */
export function timerFraction(deadline: number | null, t: number, fullSpan: number): number {
  if (deadline === null || fullSpan <= 0) return 0;
  return clamp01((deadline - t) / fullSpan);
}

const arcGen = d3arc<{ innerRadius: number; outerRadius: number; startAngle: number; endAngle: number }>();

/** SVG path of a ring sector from 12 o'clock clockwise covering `fraction` of the circle. */
export function timerArcPath(fraction: number, innerRadius: number, outerRadius: number): string {
  const f = clamp01(fraction);
  if (f <= 0) return '';
  return arcGen({ innerRadius, outerRadius, startAngle: 0, endAngle: 2 * Math.PI * f }) ?? '';
}

/** Vertices of a regular polygon (first vertex at 12 o'clock when rotation = 0). */
export function polygonPoints(sides: number, radius: number, rotation = 0): string {
  const pts: string[] = [];
  for (let i = 0; i < sides; i++) {
    const a = rotation + (2 * Math.PI * i) / sides;
    pts.push(`${round2(radius * Math.sin(a))},${round2(-radius * Math.cos(a))}`);
  }
  return pts.join(' ');
}

/** A star's points (for leaders' marks and TimeoutNow). */
export function starPoints(points: number, outer: number, inner: number): string {
  const pts: string[] = [];
  for (let i = 0; i < points * 2; i++) {
    const r = i % 2 === 0 ? outer : inner;
    const a = (Math.PI * i) / points;
    pts.push(`${round2(r * Math.sin(a))},${round2(-r * Math.cos(a))}`);
  }
  return pts.join(' ');
}

const blobLine = d3line<Point>()
  .x((p) => p.x)
  .y((p) => p.y)
  .curve(curveCatmullRomClosed.alpha(0.5));
const polyLine = d3line<Point>()
  .x((p) => p.x)
  .y((p) => p.y)
  .curve(curveLinearClosed);

/**
 * A closed outline through a group's node centres, drawn with a wide round stroke to shade the
 * group (a "bubble"). Points are sorted around their centroid so the outline never crosses.
 */
export function groupOutline(points: readonly Point[]): string {
  if (points.length === 0) return '';
  if (points.length === 1) {
    const p = points[0];
    return `M${round2(p.x)},${round2(p.y)}Z`;
  }
  const c = centroid(points);
  const sorted = points.slice().sort((a, b) => Math.atan2(a.y - c.y, a.x - c.x) - Math.atan2(b.y - c.y, b.x - c.x));
  if (points.length === 2) return polyLine(sorted) ?? '';
  return blobLine(sorted) ?? '';
}

export function centroid(points: readonly Point[]): Point {
  let x = 0;
  let y = 0;
  for (const p of points) {
    x += p.x;
    y += p.y;
  }
  return { x: x / Math.max(1, points.length), y: y / Math.max(1, points.length) };
}

/** Places client boxes in a column, centred vertically on cy. */
export function clientColumn(ids: readonly string[], x: number, cy: number, gap: number): Map<string, Point> {
  const out = new Map<string, Point>();
  const top = cy - ((ids.length - 1) * gap) / 2;
  ids.forEach((id, i) => out.set(id, { x, y: top + i * gap }));
  return out;
}

/** Shortens a label to at most `max` characters with an ellipsis. */
export function ellipsize(s: string, max: number): string {
  if (s.length <= max) return s;
  if (max <= 1) return '…';
  return s.slice(0, max - 1) + '…';
}

/** Distance from point p to segment s. */
export function distanceToSegment(p: Point, s: Segment): number {
  const dx = s.to.x - s.from.x;
  const dy = s.to.y - s.from.y;
  const len2 = dx * dx + dy * dy;
  if (len2 === 0) return Math.hypot(p.x - s.from.x, p.y - s.from.y);
  const f = clamp01(((p.x - s.from.x) * dx + (p.y - s.from.y) * dy) / len2);
  return Math.hypot(p.x - (s.from.x + f * dx), p.y - (s.from.y + f * dy));
}

export function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/**
 * Where `count` messages held by a manual network wait on a lane of `length` px, as fractions of
 * it from the sender: the first clear of the sender's shape (a glyph reaching `extent` px from
 * its centre, plus a gap), the others a glyph apart, all within the sender's half of the lane —
 * closer together when many wait, so none covers the sender or reaches the receiver.
 */
export function waitingSpots(count: number, length: number, extent: number): number[] {
  if (count <= 0) return [];
  if (length <= 0) return Array.from({ length: count }, () => 0.5);
  const first = Math.min(0.5, (extent + 4) / length);
  const room = Math.max(0, 0.5 - first);
  const step = count > 1 ? Math.min((2 * extent + 2) / length, room / (count - 1)) : 0;
  return Array.from({ length: count }, (_, k) => first + k * step);
}
