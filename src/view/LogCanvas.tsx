// The log grid's entries, painted (logPaint.ts) on one canvas as wide as the grid's view, held at
// the view's left edge while the content scrolls under it (position: sticky). Painted again after
// every render of the grid (the logs changed) and, by the grid, on every scroll of the grid, in
// the frame that scrolled (a render would paint the scrolled cells a frame late). One
// canvas, not one per strip of columns: the browser copies each changed canvas for the
// compositor, and each copy costs far more than painting a canvas anew from cached cell images.

import { useLayoutEffect } from 'react';
import type { NodeView } from '../sim/index.ts';
import { columnX, visibleColumns, type GridMetrics } from './logGridLayout.ts';
import { CellSprites, paintLogColumns, paintLogMarkers, type LogPalette } from './logPaint.ts';

interface Props {
  /** The servers' rows, in the grid's order (undefined: a server the frame has no view of). */
  rows: readonly (NodeView | undefined)[];
  m: GridMetrics;
  palette: LogPalette | null;
  /** Height of the grid's content. */
  height: number;
  /** The grid's view (its clientWidth). */
  width: number;
  /** The canvas (the grid paints it when it scrolls). */
  canvas: React.RefObject<HTMLCanvasElement | null>;
  /** The grid's painter (the grid tells it where it scrolled to). */
  painter: LogPainter;
  /** Paint the rows' marks too (commit bar, lastApplied, the leader's nextIndex and matchIndex): while the run plays. */
  markers: boolean;
  /** The leader whose view of each follower is marked. */
  leader: NodeView | undefined;
}

export function LogCanvas({ rows, m, palette, height, width, canvas, painter, markers, leader }: Props) {
  // after every render (the logs, the sizes or the theme changed), with what it rendered
  useLayoutEffect(() => {
    painter.paint(canvas.current, { rows, m, palette, height, width, markers, leader });
  });
  return <canvas ref={canvas} className="lg-canvas" aria-hidden="true" style={{ width, height, marginBottom: -height }} />;
}

type PaintProps = Pick<Props, 'rows' | 'm' | 'palette' | 'height' | 'width' | 'markers' | 'leader'>;

/**
 * Paints the grid's canvas for the latest props and scroll position, once for each. It is told
 * the scroll position (by scroll events, and by the grid when it scrolls itself to follow the
 * tail) rather than reading it after React changed the page: that read would make the browser
 * lay the page out in the middle of the frame, and again at its end.
 */
export class LogPainter {
  private props: PaintProps | null = null;
  private left = 0;
  private sprites: CellSprites | null = null;
  /** What the canvas shows now: the props and scroll position it was painted for. */
  private painted: { props: PaintProps | null; left: number } = { props: null, left: -1 };

  /** The grid scrolled to `left`: paint the canvas for it now. */
  scrolled(left: number, canvas: HTMLCanvasElement | null): void {
    this.left = left;
    this.paint(canvas);
  }

  /** Paints with these props (the latest render's), or with the last ones given. */
  paint(canvas: HTMLCanvasElement | null, props?: PaintProps): void {
    if (props !== undefined) this.props = props;
    const ctx = canvas?.getContext('2d');
    if (canvas === null || ctx === null || ctx === undefined || this.props === null || this.props.palette === null) return;
    const { rows, m, palette, height, width: view, markers, leader } = this.props;
    const left = this.left;
    const p = this.painted;
    const q = p.props;
    const same = q !== null && q.rows === rows && q.m === m && q.palette === palette && q.height === height && q.width === view && q.markers === markers && q.leader === leader;
    if (same && p.left === left) return;
    this.painted = { props: this.props, left };
    const dpr = window.devicePixelRatio || 1;
    const w = Math.ceil(view * dpr);
    const h = Math.ceil(height * dpr);
    if (canvas.width !== w || canvas.height !== h) {
      canvas.width = w;
      canvas.height = h;
    }
    if (this.sprites === null || !this.sprites.fits(m, palette, dpr)) this.sprites = new CellSprites(m, palette, dpr);
    const [first, last] = visibleColumns(left, view, m, Number.MAX_SAFE_INTEGER, 1);
    paintLogColumns(ctx, rows, first, last, left, m, this.sprites, dpr);
    if (markers) paintLogMarkers(ctx, rows, leader, first, last, left, m, palette, dpr);
    // the newest entry painted wholly in view, for tests and tools that drive the page (the
    // entries have no elements while the run plays)
    const whole = Math.floor((left + view - m.cell - columnX(1, m)) / m.pitch) + 1;
    let shown = 0;
    for (const n of rows) if (n !== undefined && n.snapshotIndex + n.log.length >= first) shown = Math.max(shown, Math.min(whole, n.snapshotIndex + n.log.length));
    canvas.dataset.shownLast = String(shown);
  }
}
