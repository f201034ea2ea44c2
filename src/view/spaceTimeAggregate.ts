// The space-time diagram under heavy load (issue 14): 9 servers with 10 clients send over a
// thousand messages a second, and one arrow each makes a hairball nobody can read (and an SVG
// too big to redraw every frame). When the window holds more arrows than its width can show
// apart, arrows of one kind between the same two lanes in the same slice of time are drawn as
// one bundle — from their mean send to their mean end, as thick as their number says, titled
// with the count. A message the user selected or a "why" points at is always drawn alone.

export interface ArrowLike {
  id: number;
  from: string;
  to: string;
  /** Kind for grouping (message type, heartbeats apart). */
  kind: string;
  sentAt: number;
  endAt: number;
  arrived: boolean;
  dropped: boolean;
}

export interface Bundle {
  key: string;
  from: string;
  to: string;
  kind: string;
  count: number;
  dropped: number;
  /** Mean send and end times. */
  sentAt: number;
  endAt: number;
  /** Whether all of them arrived (draw a head). */
  arrived: boolean;
  firstSent: number;
  lastSent: number;
}

/**
 * Pixels of width per arrow for arrows to be told apart: they cross the lanes between their
 * ends, so the lanes do not add room (the screenshot of 9 servers under load at one per 6 px
 * per 4 lanes was still a hairball).
 */
export const PX_PER_ARROW = 12;

/** How many separate arrows (or bundles) a plot `plotWidth` px wide can show legibly. */
export function arrowBudget(plotWidth: number): number {
  return Math.max(40, Math.floor(plotWidth / PX_PER_ARROW));
}

/**
 * Splits arrows into those drawn alone and bundles: all alone when they fit the budget; else
 * bundled by (from, to, kind, time slice), the slice the smallest of a few widths that brings
 * the drawn count within the budget. `keep(id)`: arrows never bundled.
 */
export function aggregateArrows<T extends ArrowLike>(
  arrows: readonly T[],
  budget: number,
  windowMs: number,
  keep: (id: number) => boolean,
): { single: T[]; bundles: Bundle[] } {
  if (arrows.length <= budget) return { single: arrows.slice(), bundles: [] };
  const single: T[] = [];
  const rest: T[] = [];
  for (const a of arrows) (keep(a.id) ? single : rest).push(a);
  // each arrow's group (two lanes and a kind) once, as a number; then how many bundles each slice
  // width makes is a count of distinct numbers (this runs every frame under heavy load)
  const groups = new Map<string, number>();
  const group = new Int32Array(rest.length);
  rest.forEach((a, i) => {
    const key = `${lane(a.from)}\u0000${lane(a.to)}\u0000${a.kind}`;
    let g = groups.get(key);
    if (g === undefined) {
      g = groups.size;
      groups.set(key, g);
    }
    group[i] = g;
  });
  const seen = new Set<number>();
  let sliceMs = windowMs;
  for (const slices of [40, 20, 10, 5, 2, 1]) {
    sliceMs = Math.max(1, windowMs / slices);
    seen.clear();
    for (let i = 0; i < rest.length; i++) seen.add(Math.floor(rest[i].sentAt / sliceMs) * groups.size + group[i]);
    if (seen.size + single.length <= budget) break;
  }
  return { single, bundles: bundle(rest, sliceMs) };
}

const laneCache = new Map<string, string>();
function lane(id: string): string {
  let l = laneCache.get(id);
  if (l === undefined) {
    l = /^C\d+$/.test(id) ? 'clients' : id;
    if (laneCache.size > 1000) laneCache.clear();
    laneCache.set(id, l);
  }
  return l;
}

function bundle(arrows: readonly ArrowLike[], sliceMs: number): Bundle[] {
  const groups = new Map<string, Bundle & { sumSent: number; sumEnd: number }>();
  for (const a of arrows) {
    const slice = Math.floor(a.sentAt / sliceMs);
    // the clients share one lane: their messages bundle together
    const key = `${lane(a.from)}\u0000${lane(a.to)}\u0000${a.kind}\u0000${slice}`;
    let g = groups.get(key);
    if (g === undefined) {
      g = { key, from: lane(a.from), to: lane(a.to), kind: a.kind, count: 0, dropped: 0, sentAt: 0, endAt: 0, arrived: true, firstSent: a.sentAt, lastSent: a.sentAt, sumSent: 0, sumEnd: 0 };
      groups.set(key, g);
    }
    g.count++;
    g.sumSent += a.sentAt;
    g.sumEnd += a.endAt;
    if (a.dropped) g.dropped++;
    if (!a.arrived) g.arrived = false;
    g.firstSent = Math.min(g.firstSent, a.sentAt);
    g.lastSent = Math.max(g.lastSent, a.sentAt);
  }
  const out: Bundle[] = [];
  for (const g of groups.values()) {
    const { sumSent, sumEnd, ...b } = g;
    out.push({ ...b, sentAt: sumSent / g.count, endAt: sumEnd / g.count });
  }
  return out;
}
