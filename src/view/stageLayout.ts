// Where everything sits on the stage: the ring of servers, the column of clients, the lanes
// messages travel in, and where each node's label goes. Pure, so it is tested.

import { clientColumn, laneBetween, nodeRadiusFor, ringLayout, type NodePlace, type Point, type Segment } from './geometry.ts';

export interface StageLayout {
  width: number;
  height: number;
  center: Point;
  ringRadius: number;
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
  const fontScale = (presentation ? 1.3 : 1) * (ids.length > 12 ? 0.85 : 1);
  const labelWidth = 120 * fontScale;
  const maxNode = 34 * (presentation ? 1.15 : 1);
  const cx = left + (width - left) / 2;
  const cy = height / 2 + 4;
  const ringRadius = Math.max(40, Math.min((width - left) / 2 - labelWidth - maxNode - 20, height / 2 - maxNode - 16));
  const nodeRadius = nodeRadiusFor(ids.length, ringRadius, maxNode);
  const nodes = ringLayout(ids, ringRadius, cx, cy);
  const clientSize = { w: 86, h: 30 };
  const gap = Math.min(56, Math.max(36, (height - 40) / Math.max(1, clientIds.length)));
  const clients = clientColumn(clientIds, 14 + clientSize.w / 2, cy, gap);
  return { width, height, center: { x: cx, y: cy }, ringRadius, nodeRadius, nodes, clients, clientSize, fontScale };
}

/**
 * Where a node's label (name, role and vote) goes: beside the node, away from the ring's
 * centre — right of nodes on the right half and of the top and bottom nodes, left of the
 * others — vertically centred, so labels never need room above or below the ring.
 */
export function labelPlacement(place: NodePlace, radius: number, single: boolean): { x: number; y: number; anchor: 'start' | 'end' } {
  const sx = single ? 1 : Math.sin(place.angle);
  const anchor = sx < -0.05 ? 'end' : 'start';
  const gap = radius + 14;
  return { x: place.x + (anchor === 'start' ? gap : -gap), y: place.y, anchor };
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
