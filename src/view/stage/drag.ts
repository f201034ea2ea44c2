// Dragging servers into partition groups, pure: when a press becomes a drag, which server it
// would join if released here, what releasing does, and the hint shown meanwhile. The gesture
// itself (pointer capture, state) is useServerDrag.ts; the groups it makes, store/partition.ts.

import type { Point } from '../geometry.ts';

/** A server being pressed or dragged (coordinates in the stage's SVG). */
export interface Drag {
  id: string;
  pointerId: number;
  start: Point;
  at: Point;
  /** Moved past DRAG_THRESHOLD since the press: a drag, not a click. */
  moved: boolean;
}

/** Pixels a press must move before it is a drag (less is a click). */
export const DRAG_THRESHOLD = 6;
/** A server within this many radii of the pointer is the drop target (the nearest one). */
export const JOIN_RADII = 1.8;
/** Released farther than this many radii from its home, a server is isolated. */
export const ISOLATE_RADII = 2.2;

const dist = (a: Point, b: Point) => Math.hypot(a.x - b.x, a.y - b.y);

/** The drag after the pointer moved to `at`: once moved, it stays a drag. */
export function dragTo(drag: Drag, at: Point): Drag {
  return { ...drag, at, moved: drag.moved || dist(at, drag.start) > DRAG_THRESHOLD };
}

/** The server the dragged one would join if released now: the nearest within JOIN_RADII, or null. */
export function dropTarget(drag: Drag | null, homes: ReadonlyMap<string, Point>, radius: number): string | null {
  if (drag === null || !drag.moved) return null;
  let best: string | null = null;
  let bestD = radius * JOIN_RADII;
  for (const [id, p] of homes) {
    if (id === drag.id) continue;
    const d = dist(p, drag.at);
    if (d < bestD) {
      best = id;
      bestD = d;
    }
  }
  return best;
}

/** Whether the dragged server is far enough from its home that releasing isolates it. */
export function farFromHome(drag: Drag, homes: ReadonlyMap<string, Point>, radius: number): boolean {
  const home = homes.get(drag.id);
  return home !== undefined && dist(home, drag.at) > radius * ISOLATE_RADII;
}

/** What releasing does: a click (select), join a server's group, isolate, or nothing (it snaps back). */
export type Release = { kind: 'click' } | { kind: 'join'; target: string } | { kind: 'isolate' } | { kind: 'none' };

export function release(drag: Drag, homes: ReadonlyMap<string, Point>, radius: number): Release {
  if (!drag.moved) return { kind: 'click' };
  const target = dropTarget(drag, homes, radius);
  if (target !== null) return { kind: 'join', target };
  return farFromHome(drag, homes, radius) ? { kind: 'isolate' } : { kind: 'none' };
}

/** The hint beside a dragged server (null: none — not dragging, or over a drop target that is highlighted instead). */
export function dragHint(drag: Drag | null, homes: ReadonlyMap<string, Point>, radius: number): string | null {
  if (drag === null || !drag.moved || dropTarget(drag, homes, radius) !== null) return null;
  return farFromHome(drag, homes, radius) ? 'release to isolate' : 'drop on a server to join its group';
}

/**
 * Where the hint goes: above the dragged server, or below it when the server's own label is
 * above it (the top server of a ring), so the two never overlap.
 */
export function hintPoint(at: Point, radius: number, labelAbove: boolean): Point {
  return labelAbove ? { x: at.x, y: at.y + radius + 20 } : { x: at.x, y: at.y - radius - 12 };
}

/** The servers in drawing order: the dragged one last, so it is drawn on top. */
export function drawOrder(ids: readonly string[], drag: Drag | null): readonly string[] {
  return drag?.moved === true ? [...ids.filter((x) => x !== drag.id), drag.id] : ids;
}
