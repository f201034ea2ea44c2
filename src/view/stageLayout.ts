// Where everything sits on the stage: the ring of servers, the column of clients, the lanes
// messages travel in, and where each node's label goes. Pure, so it is tested.

import { clientColumn, laneBetween, nodeRadiusFor, ringLayout, type NodePlace, type Point, type Segment } from './geometry.ts';

export interface StageLayout {
  width: number;
  height: number;
  center: Point;
  /** Horizontal and vertical radius of the ring (an ellipse for larger clusters). */
  ringRadius: number;
  ringRadiusY: number;
  /** Many servers: labels show the name only, and only cut links are drawn. */
  compact: boolean;
  nodeRadius: number;
  nodes: Map<string, NodePlace>;
  clients: Map<string, Point>;
  clientSize: { w: number; h: number };
  /** Font scale for labels (grows in presentation mode, shrinks with many nodes). */
  fontScale: number;
}

export const CLIENT_COLUMN = 120;

export function stageLayout(
  ids: readonly string[],
  clientIds: readonly string[],
  width: number,
  height: number,
  presentation = false,
): StageLayout {
  const left = clientIds.length > 0 ? CLIENT_COLUMN : 0;
  const n = ids.length;
  const compact = n > 12;
  const fontScale = (presentation ? 1.3 : 1) * (compact ? 0.85 : 1);
  const labelWidth = (compact ? 70 : 120) * fontScale;
  const maxNode = 34 * (presentation ? 1.15 : 1);
  // a server at 12 o'clock (and, with an even count, at 6) has its label above (below) it
  const topLabel = n > 1 ? 30 * fontScale : 0;
  const cx = left + (width - left) / 2;
  const cy = height / 2 + (n % 2 === 1 ? topLabel / 2 : 0) + 4;
  const ringRadiusY = Math.max(40, height / 2 - maxNode - 10 - topLabel);
  const maxX = Math.max(40, (width - left) / 2 - labelWidth - maxNode - 20);
  // larger clusters spread into an ellipse using the stage's width
  const stretch = n <= 6 ? 1 : Math.min(1.8, 1 + (n - 6) * 0.1);
  const ringRadius = Math.min(maxX, ringRadiusY * stretch);
  const nodeRadius = nodeRadiusFor(n, Math.min(ringRadius, ringRadiusY * 1.15), maxNode);
  const nodes = ringLayout(ids, ringRadius, cx, cy, ringRadiusY);
  const clientSize = { w: 86, h: 30 };
  const gap = Math.min(56, Math.max(36, (height - 40) / Math.max(1, clientIds.length)));
  const clients = clientColumn(clientIds, 14 + clientSize.w / 2, cy, gap);
  return { width, height, center: { x: cx, y: cy }, ringRadius, ringRadiusY, compact, nodeRadius, nodes, clients, clientSize, fontScale };
}

/**
 * Where a node's label (name, role and vote) goes: beside the node, away from the ring's
 * centre (right of nodes on the right half, left of the others), vertically centred; above
 * the server at 12 o'clock and below one at 6 o'clock, where neighbours sit close on both sides.
 */
export function labelPlacement(
  place: NodePlace,
  radius: number,
  single: boolean,
): { x: number; y: number; anchor: 'start' | 'middle' | 'end'; position: 'side' | 'above' | 'below' } {
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
