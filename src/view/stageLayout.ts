// Where everything sits on the stage: the ring of servers, the column of clients, the lanes
// messages travel in, and where each node's label goes. Pure, so it is tested.

import { clientColumnLayout, type ClientColumn } from './clientColumn.ts';
import { equivalentRadius, laneBetween, nodeRadiusFor, ringLayout, type NodePlace, type Point, type Segment } from './geometry.ts';

export interface StageLayout {
  width: number;
  height: number;
  center: Point;
  /** Horizontal and vertical radius of the ring (an ellipse for larger clusters). */
  ringRadius: number;
  ringRadiusY: number;
  /** Many servers: labels show the name only, and only cut links are drawn. */
  compact: boolean;
  /** Labels show the name only (many servers, or a narrow stage such as a compare pane). */
  namesOnly: boolean;
  /** A narrow stage: names go above and below servers, never beside them, to stay inside it. */
  labelsStacked: boolean;
  nodeRadius: number;
  nodes: Map<string, NodePlace>;
  clients: Map<string, Point>;
  clientSize: { w: number; h: number };
  /** The client column: one-line boxes, clients folded into "+ n more" (clientColumn.ts). */
  clientColumn: ClientColumn;
  /** Font scale for labels (grows in presentation mode, shrinks with many nodes). */
  fontScale: number;
}

export const CLIENT_COLUMN = 120;

/** How much wider than tall the ring may be in presentation mode (where the stage allows). */
export const PRESENTATION_STRETCH = 1.3;

/**
 * Presentation mode: servers and labels grow with the stage, from the size they have on a
 * 1280×720 screen up to 1.35× (a 1920×1080 projector), so the ring reads from the back row.
 */
export function presentationGrowth(width: number, height: number, presentation: boolean): number {
  if (!presentation) return 1;
  return Math.min(1.35, Math.max(1, Math.min(width / 900, height / 420)));
}

export function stageLayout(
  ids: readonly string[],
  clientIds: readonly string[],
  width: number,
  height: number,
  presentation = false,
  /** Each server's slot on the ring (geometry.ts ringSlots), so servers stay put as others join; default: evenly by order. */
  slots?: ReadonlyMap<string, number>,
): StageLayout {
  const left = clientIds.length > 0 ? CLIENT_COLUMN : 0;
  const n = Math.max(ids.length, slots?.size ?? 0);
  const compact = n > 12;
  // a compare pane on a small screen: no room beside the servers for "follower · voted S1"
  const labelsStacked = n > 1 && width - left < 480;
  const namesOnly = compact || labelsStacked;
  const grow = presentationGrowth(width, height, presentation);
  const fontScale = (presentation ? 1.3 * grow : 1) * (compact ? 0.85 : 1);
  const labelWidth = (labelsStacked ? 24 : compact ? 70 : 120) * fontScale;
  const maxNode = 34 * (presentation ? 1.15 * grow : 1);
  // a server at 12 o'clock (and, with an even count, at 6) has its label above (below) it
  const topLabel = n > 1 ? 30 * fontScale : 0;
  const cx = left + (width - left) / 2;
  // an odd count has no server at 6 o'clock: the lowest pair sits at cos(π/n) of the radius,
  // so the ring may reach further down; an even count has one there, with its label below
  const bottomReach = n > 1 && n % 2 === 1 ? Math.cos(Math.PI / n) : 1;
  const bottomLabel = n > 1 && (n % 2 === 0 || labelsStacked) ? topLabel : 0;
  // room for the timer ring below; above, for the stage's top strip: the one-line hint (not in
  // presentation mode) and the corner buttons (Legend, + Server), larger in presentation mode
  const bottomMargin = 14;
  const topMargin = presentation ? 38 : 32;
  const fullRadiusY = Math.max(40, (height - 2 * maxNode - topMargin - bottomMargin - topLabel - bottomLabel) / (1 + bottomReach));
  const maxX = Math.max(40, (width - left) / 2 - labelWidth - maxNode - 20);
  // larger clusters spread into an ellipse using the stage's width; on a projector small ones
  // do too, so the ring fills the wide stage and messages get longer paths to be seen on
  // (many servers — 13 to 25 — take all the width there is: they are spaced evenly along it)
  const stretch = Math.max(presentation ? PRESENTATION_STRETCH : 1, n <= 6 ? 1 : Math.min(compact ? 3 : 1.8, 1 + (n - 6) * 0.1));
  const ringRadius = Math.min(maxX, fullRadiusY * stretch);
  // never taller than wide: a stage narrower than it is tall keeps the ring round, centred
  const ringRadiusY = Math.min(fullRadiusY, ringRadius);
  const spare = (fullRadiusY - ringRadiusY) * (1 + bottomReach);
  const cy = n > 1 ? topMargin + topLabel + maxNode + ringRadiusY + spare / 2 : height / 2;
  const nodeRadius = nodeRadiusFor(n, compact ? equivalentRadius(ringRadius, ringRadiusY) : Math.min(ringRadius, ringRadiusY * 1.15), maxNode);
  const nodes = ringLayout(ids, ringRadius, cx, cy, ringRadiusY, compact, slots);
  const column = clientColumnLayout(clientIds, 14 + 86 / 2, cy, height);
  const clients = column.places;
  const clientSize = column.size;
  return { width, height, center: { x: cx, y: cy }, ringRadius, ringRadiusY, compact, namesOnly, labelsStacked, nodeRadius, nodes, clients, clientSize, clientColumn: column, fontScale };
}

/**
 * Where a node's label (name, role and vote) goes: beside the node, away from the ring's
 * centre (right of nodes on the right half, left of the others), vertically centred; above
 * the server at 12 o'clock and below one at 6 o'clock, where neighbours sit close on both sides.
 * With many servers (compact: the name only) the label goes straight out from the ring, along
 * its normal, so it never lands on a neighbour spaced closely along a flat stretch of the ring.
 * `stacked` (a narrow stage): the name goes above a server of the upper half, below the others.
 */
export function labelPlacement(
  place: Point & { angle: number; nx?: number; ny?: number },
  radius: number,
  single: boolean,
  compact = false,
  stacked = false,
): { x: number; y: number; anchor: 'start' | 'middle' | 'end'; position: 'side' | 'above' | 'below' } {
  if (stacked && !single) {
    const above = Math.cos(place.angle) > 0;
    return { x: place.x, y: above ? place.y - radius - 8 : place.y + radius + 10, anchor: 'middle', position: above ? 'above' : 'below' };
  }
  if (compact && !single && place.nx !== undefined && place.ny !== undefined) {
    const { nx, ny } = place;
    const gap = radius + 8;
    const x = place.x + nx * gap;
    const y = place.y + ny * gap;
    if (Math.abs(nx) < 0.6) return { x, y: ny < 0 ? y : y + 2, anchor: 'middle', position: ny < 0 ? 'above' : 'below' };
    return { x, y, anchor: nx > 0 ? 'start' : 'end', position: 'side' };
  }
  const sx = single ? 1 : Math.sin(place.angle);
  const cy = single ? 0 : Math.cos(place.angle);
  if (Math.abs(sx) < 0.05 && cy > 0) return { x: place.x, y: place.y - radius - 12, anchor: 'middle', position: 'above' };
  if (Math.abs(sx) < 0.05 && cy < 0) return { x: place.x, y: place.y + radius + 12, anchor: 'middle', position: 'below' };
  const anchor = sx < 0 ? 'end' : 'start';
  const gap = radius + 14;
  return { x: place.x + (anchor === 'start' ? gap : -gap), y: place.y, anchor, position: 'side' };
}

/** The lane a message travels from `from` to `to` (null when an endpoint is not on stage). */
export function laneFor(layout: StageLayout, from: string, to: string): Segment | null {
  const a = layout.nodes.get(from) ?? layout.clients.get(from);
  const b = layout.nodes.get(to) ?? layout.clients.get(to);
  if (a === undefined || b === undefined) return null;
  const ra = layout.nodes.has(from) ? layout.nodeRadius + 6 : layout.clientSize.w / 2;
  const rb = layout.nodes.has(to) ? layout.nodeRadius + 8 : layout.clientSize.w / 2 + 2;
  return laneBetween(a, b, ra, rb, Math.min(7, layout.nodeRadius * 0.28));
}
