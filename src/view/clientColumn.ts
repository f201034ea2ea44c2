// The column of simulated clients at the left of the stage, fitted to the stage's height: boxes
// a comfortable gap apart; with many clients, one-line boxes packed closer; with more than even
// that fits, the first ones shown and the rest folded into one "+ n more" box at the bottom
// (their messages go to and from it). Twenty quick requests while there is no leader make twenty
// clients (a busy client is never reused), and the column used to run off the stage.

import type { Point } from './geometry.ts';

export interface ClientColumn {
  places: Map<string, Point>;
  size: { w: number; h: number };
  /** One line per client (name and status side by side). */
  compact: boolean;
  /** Clients drawn as the "+ n more" box (each placed at it). */
  folded: string[];
  /** Where the "+ n more" box is, when clients are folded. */
  more: Point | null;
}

const WIDTH = 86;
const TALL = { h: 30, gap: 36, ideal: 56 };
const SHORT = { h: 18, gap: 22 };
const MARGIN = 8;

/** The clients `ids` (in drawing order) in a column at `x`, centred on `cy` where it fits, within 0…height. */
export function clientColumnLayout(ids: readonly string[], x: number, cy: number, height: number): ClientColumn {
  const n = ids.length;
  const room = Math.max(0, height - 2 * MARGIN);
  const places = new Map<string, Point>();
  const column = (count: number, gap: number): number => {
    // centred on the ring's centre, moved in so that the whole column stays on the stage
    const span = (count - 1) * gap;
    const top = Math.min(Math.max(MARGIN + gap / 2, cy - span / 2), height - MARGIN - gap / 2 - span);
    return Math.max(MARGIN + gap / 2, top);
  };
  if (n * TALL.gap <= room) {
    const gap = Math.min(TALL.ideal, room / Math.max(1, n));
    const top = column(n, gap);
    ids.forEach((id, i) => places.set(id, { x, y: top + i * gap }));
    return { places, size: { w: WIDTH, h: TALL.h }, compact: false, folded: [], more: null };
  }
  const size = { w: WIDTH, h: SHORT.h };
  if (n * SHORT.gap <= room) {
    const gap = Math.min(TALL.gap, room / n);
    const top = column(n, gap);
    ids.forEach((id, i) => places.set(id, { x, y: top + i * gap }));
    return { places, size, compact: true, folded: [], more: null };
  }
  const rows = Math.max(1, Math.floor(room / SHORT.gap));
  const shown = ids.slice(0, rows - 1);
  const folded = ids.slice(rows - 1);
  const top = column(rows, SHORT.gap);
  shown.forEach((id, i) => places.set(id, { x, y: top + i * SHORT.gap }));
  const more = { x, y: top + (rows - 1) * SHORT.gap };
  for (const id of folded) places.set(id, more);
  return { places, size, compact: true, folded, more };
}
