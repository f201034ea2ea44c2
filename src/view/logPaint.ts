// Painting the log grid's entries on a canvas (LogCanvas.tsx). Under heavy load every row grows
// every frame; as elements, the cells in view cost the browser more to style, lay out and paint
// than everything else on the page together (issue 14's frame budget); painted, each cell is one
// drawImage of a cached image. The look is the one the cells had as elements
// (panels.css, .lg-cell): the term's colour with the term printed in it, a dashed border and
// white hatching while not committed, the term in italics for a leader's no-op, faded while its
// server is down. The rows' marks are painted while the run plays (paintLogMarkers). What is not
// painted stays an element: the snapshot box, the cells that need one (the keyboard's, the
// explained one, a tour's highlighted ones), and every cell and mark while the run is paused —
// for the pointer's titles, tests and assistive technology.

import type { LogEntryView, NodeView } from '../sim/index.ts';
import { columnX, type GridMetrics } from './logGridLayout.ts';
import { TERM_CLASSES, termIndex } from './visuals.ts';

export interface LogPalette {
  /** --term-0 … --term-9. */
  terms: string[];
  termFg: string;
  /** An uncommitted entry's dashed border. */
  fg: string;
  /** A committed entry's border. */
  border: string;
  /** The commit bar and lastApplied mark (--ok), the leader's nextIndex and matchIndex (--accent). */
  ok: string;
  accent: string;
  font: string;
}

/** The theme's colours for the cells, from the CSS variables in effect at `el`. */
export function readLogPalette(el: Element): LogPalette {
  const cs = getComputedStyle(el);
  const v = (name: string, fallback: string) => cs.getPropertyValue(name).trim() || fallback;
  return {
    terms: Array.from({ length: TERM_CLASSES }, (_, i) => v(`--term-${i}`, '#dddddd')),
    termFg: v('--term-fg', '#000000'),
    fg: v('--fg', '#000000'),
    border: 'rgba(0, 0, 0, 0.25)',
    ok: v('--ok', '#1a7f37'),
    accent: v('--accent', '#0969da'),
    font: cs.fontFamily || 'sans-serif',
  };
}

/** The text a cell prints: the term, with · for a no-op and ⚙ for a configuration entry. */
export function cellLabel(e: LogEntryView): string {
  return e.kind === 'noop' ? `${e.term}·` : e.kind === 'config' ? `${e.term}⚙` : String(e.term);
}

/** A long label is set smaller to fit its cell (as .fit-4 / .fit-5 do for the elements). */
export function labelScale(label: string): { scale: number; letterSpacing: number } {
  if (label.length >= 5) return { scale: 0.62, letterSpacing: -0.05 };
  if (label.length === 4) return { scale: 0.78, letterSpacing: -0.03 };
  return { scale: 1, letterSpacing: 0 };
}

/** The first and last index of a row that lie in columns lo…hi (empty when first > last). */
export function rowSpan(n: NodeView, lo: number, hi: number): [number, number] {
  return [Math.max(lo, n.snapshotIndex + 1, 1), Math.min(hi, n.snapshotIndex + n.log.length)];
}

let hatchTile: HTMLCanvasElement | null = null;
/** The uncommitted entries' white diagonal hatching, as a repeating tile. */
function hatch(ctx: CanvasRenderingContext2D): CanvasPattern | null {
  if (hatchTile === null) {
    hatchTile = document.createElement('canvas');
    hatchTile.width = 8;
    hatchTile.height = 8;
    const t = hatchTile.getContext('2d');
    if (t !== null) {
      t.strokeStyle = 'rgba(255, 255, 255, 0.45)';
      t.lineWidth = 3;
      t.beginPath();
      for (const c of [0, 8, 16]) {
        t.moveTo(c + 1, -1);
        t.lineTo(c - 9, 9);
      }
      t.stroke();
    }
  }
  return ctx.createPattern(hatchTile, 'repeat');
}

/** Room around a cell's image for its border. */
const PAD = 1;

/**
 * Cells as images, painted once each: a frame draws each cell with one drawImage instead of a
 * path, a fill, a stroke and a text (at 10× the grid paints hundreds of cells a frame). A cell's
 * look depends only on its label, its kind, whether it is committed, the sizes and the theme.
 */
export class CellSprites {
  private readonly images = new Map<string, HTMLCanvasElement>();
  constructor(
    private readonly m: GridMetrics,
    private readonly p: LogPalette,
    private readonly dpr: number,
  ) {}

  /** Whether these sprites were made for these sizes, colours and pixel ratio. */
  fits(m: GridMetrics, p: LogPalette, dpr: number): boolean {
    return m === this.m && p === this.p && dpr === this.dpr;
  }

  get(e: LogEntryView, committed: boolean): HTMLCanvasElement {
    const label = cellLabel(e);
    const key = `${label}|${e.kind === 'noop' ? 'n' : ''}|${committed ? 'c' : 'u'}`;
    let img = this.images.get(key);
    if (img === undefined) {
      // a long run's terms are many: keep the cache small (each image is a few KB)
      if (this.images.size > 400) this.images.clear();
      img = this.paint(e, label, committed);
      this.images.set(key, img);
    }
    return img;
  }

  private paint(e: LogEntryView, label: string, committed: boolean): HTMLCanvasElement {
    const { m, p, dpr } = this;
    const img = document.createElement('canvas');
    img.width = Math.ceil((m.cell + 2 * PAD) * dpr);
    img.height = Math.ceil((m.cellHeight + 2 * PAD) * dpr);
    const ctx = img.getContext('2d');
    if (ctx === null) return img;
    ctx.setTransform(dpr, 0, 0, dpr, PAD * dpr, PAD * dpr);
    const w = m.cell;
    const h = m.cellHeight;
    ctx.beginPath();
    ctx.roundRect(0.5, 0.5, w - 1, h - 1, 2.5);
    ctx.fillStyle = p.terms[termIndex(e.term)];
    ctx.fill();
    const pattern = committed ? null : hatch(ctx);
    if (pattern !== null) {
      ctx.fillStyle = pattern;
      ctx.fill();
    }
    ctx.setLineDash(committed ? [] : [3, 2]);
    ctx.lineWidth = 1;
    ctx.strokeStyle = committed ? p.border : p.fg;
    ctx.stroke();
    const fit = labelScale(label);
    ctx.font = `${e.kind === 'noop' ? 'italic ' : ''}${Math.round(m.font * fit.scale * 100) / 100}px ${p.font}`;
    ctx.letterSpacing = `${fit.letterSpacing}em`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillStyle = p.termFg;
    ctx.fillText(label, w / 2, h / 2);
    return img;
  }
}

/**
 * Paints the cells of columns first…last of every row (rows[r] drawn at the grid's row r) onto a
 * canvas whose left edge is at content x `x0` (its CSS pixels; `dpr` its device-pixel ratio).
 */
export function paintLogColumns(ctx: CanvasRenderingContext2D, rows: readonly (NodeView | undefined)[], first: number, last: number, x0: number, m: GridMetrics, sprites: CellSprites, dpr: number): void {
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  const pitch = m.pitch * dpr;
  rows.forEach((n, r) => {
    if (n === undefined) return;
    const [from, to] = rowSpan(n, first, last);
    if (from > to) return;
    const y = Math.round((m.header + r * m.rowHeight + 2 - PAD) * dpr);
    ctx.globalAlpha = n.alive ? 1 : 0.6;
    let x = Math.round((columnX(from, m) - x0 - PAD) * dpr);
    for (let i = from; i <= to; i++, x += pitch) {
      const e = n.log[i - n.snapshotIndex - 1] as LogEntryView | undefined;
      if (e !== undefined) ctx.drawImage(sprites.get(e, i <= n.commitIndex), x, y);
    }
  });
  ctx.globalAlpha = 1;
}

/**
 * Paints what the grid marks on each row (as its elements do, LogGrid.tsx, when the run is
 * paused): the commit bar after commitIndex, ▲ under lastApplied, and on each follower's row the
 * leader's view of it — ▸ at nextIndex and an underline up to matchIndex. While the run plays they
 * move every frame, and as elements each move cost the browser a style, layout and paint.
 */
export function paintLogMarkers(ctx: CanvasRenderingContext2D, rows: readonly (NodeView | undefined)[], leader: NodeView | undefined, first: number, last: number, x0: number, m: GridMetrics, p: LogPalette, dpr: number): void {
  ctx.setTransform(dpr, 0, 0, dpr, -x0 * dpr, 0);
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  rows.forEach((n, r) => {
    if (n === undefined) return;
    const y = m.header + r * m.rowHeight + 2;
    ctx.fillStyle = p.ok;
    if (n.commitIndex > 0 && n.commitIndex >= first - 1 && n.commitIndex <= last) ctx.fillRect(columnX(n.commitIndex, m) + m.cell + 1, y - 1, 2, m.cellHeight + 2);
    if (n.lastApplied > 0 && n.lastApplied >= first && n.lastApplied <= last) {
      const size = m.indexFont * 0.8;
      ctx.font = `${size}px ${p.font}`;
      ctx.fillText('▲', columnX(n.lastApplied, m) + m.cell / 2 - m.indexFont * 0.4, y + m.cellHeight - m.indexFont * 0.7 + size / 2);
    }
    if (leader === undefined || leader.id === n.id || leader.nextIndex === undefined || leader.matchIndex === undefined) return;
    ctx.fillStyle = p.accent;
    const next = leader.nextIndex[n.id];
    const match = leader.matchIndex[n.id];
    if (next !== undefined && next >= first && next <= last) {
      ctx.font = `700 ${m.indexFont * 1.2}px ${p.font}`;
      ctx.fillText('▸', columnX(next, m) - m.indexFont * 0.5, y + m.cellHeight / 2 - m.indexFont * 0.7 + (m.indexFont * 1.4) / 2);
    }
    if (match !== undefined && match > 0 && match >= first) {
      const a = Math.max(first, 1);
      const b = Math.min(match, last);
      ctx.fillRect(columnX(a, m), y + m.cellHeight + 1, columnX(b, m) - columnX(a, m) + m.cell, 2);
    }
  });
  ctx.setTransform(1, 0, 0, 1, 0, 0);
}
