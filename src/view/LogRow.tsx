// One server's row of entries in the log grid (LogGrid.tsx) as elements, for the columns in view.
// The grid paints its entries on a canvas (LogCanvas.tsx); the elements drawn here lie over the
// painted cells, transparent but for their outlines (the explained entry, the keyboard's focus, a
// tour's highlight): every cell while the run is paused — for titles, clicks, tests and assistive
// technology — and while it plays only the cells that need an element (`keep`). The cells are
// grouped in chunks of CHUNK columns, each one positioned box at a fixed place, memoised on what
// its cells show. Clicks are handled by the grid for all cells (cellAt, cellAtPoint).

import { memo } from 'react';
import type { LogEntryView, NodeView } from '../sim/index.ts';
import { describeCommand } from '../store/describe.ts';
import { columnX, type GridCell, type GridMetrics } from './logGridLayout.ts';
import { cellLabel, labelScale } from './logPaint.ts';
import { termClass } from './visuals.ts';

/** A cell's data-cell attribute: the server (URI-encoded, so ':' in a name is safe) and the index. */
export function cellKey(c: GridCell): string {
  return `${encodeURIComponent(c.node)}:${c.index}`;
}

/** The cell an element belongs to (a click's target), from its data-cell attribute; null if none. */
export function cellAt(target: EventTarget | null): GridCell | null {
  if (!(target instanceof Element)) return null;
  const el = target.closest<HTMLElement>('[data-cell]');
  const key = el?.dataset.cell;
  if (key === undefined) return null;
  const colon = key.lastIndexOf(':');
  const index = Number(key.slice(colon + 1));
  if (colon < 0 || !Number.isInteger(index)) return null;
  try {
    return { node: decodeURIComponent(key.slice(0, colon)), index };
  } catch {
    return null;
  }
}

/**
 * A row's elements are grouped in chunks of this many columns, each chunk one positioned box at a
 * fixed place (columns k·CHUNK … k·CHUNK + CHUNK − 1): a chunk whose cells did not change is
 * left alone by React and by the browser.
 */
const CHUNK = 16;

interface RowProps {
  n: NodeView;
  /** Top of the row's cells in the grid's content. */
  y: number;
  /** The columns in view (visibleColumns). */
  first: number;
  last: number;
  m: GridMetrics;
  whyIndex: number | undefined;
  /** The keyboard's cell when it is on this row (it is the row's one Tab stop), else null. */
  activeIndex: number | null;
  /** Every cell as an element (the run is paused), or only those that need one. */
  allCells: boolean;
  /** Indexes of this row a tour step highlights (they keep their elements while the run plays). */
  highlighted: readonly number[];
}

export const LogRow = memo(function LogRow({ n, y, first, last, m, whyIndex, activeIndex, allCells, highlighted }: RowProps) {
  const snapEnd = n.snapshotIndex;
  const start = snapEnd + 1;
  const end = snapEnd + n.log.length;
  const snapFrom = Math.max(first, 1);
  const snapTo = Math.min(snapEnd, last);
  const snap = snapEnd >= first && snapFrom <= snapTo;
  const items: React.ReactNode[] = [];
  if (snap) {
    items.push(
      <div key="snap" className="lg-row" style={{ left: columnX(snapFrom, m), top: y }}>
        <div
          className="lg-cell snap"
          style={{ width: columnX(snapTo, m) - columnX(snapFrom, m) + m.cell, fontSize: m.indexFont }}
          title={`${n.id}: entries 1–${snapEnd} are compacted into a snapshot (last term ${n.snapshotTerm})`}
        >
          snapshot ≤{snapEnd}
        </div>
      </div>,
    );
  }
  const chunk = (lo: number, hi: number, key: string) => (
    <Chunk
      key={key}
      n={n}
      lo={lo}
      hi={hi}
      y={y}
      m={m}
      whyIndex={whyIndex !== undefined && whyIndex >= lo && whyIndex <= hi ? whyIndex : undefined}
      activeIndex={activeIndex !== null && activeIndex >= lo && activeIndex <= hi ? activeIndex : null}
    />
  );
  if (allCells) {
    // whole chunks, even where they reach out of view: a chunk changes only when its entries do
    for (let k = Math.floor(Math.max(first, start) / CHUNK); k <= Math.floor(Math.min(last, end) / CHUNK); k++) {
      const lo = Math.max(k * CHUNK, start);
      const hi = Math.min(k * CHUNK + CHUNK - 1, end);
      if (lo <= hi) items.push(chunk(lo, hi, String(k)));
    }
  } else {
    const keep = new Set(highlighted);
    if (whyIndex !== undefined) keep.add(whyIndex);
    if (activeIndex !== null) keep.add(activeIndex);
    for (const i of [...keep].sort((a, b) => a - b)) if (i >= start && i <= end) items.push(chunk(i, i, `one-${i}`));
  }
  return items.length === 0 ? null : <>{items}</>;
});

interface ChunkProps {
  n: NodeView;
  /** The indexes of the chunk's cells (within the log). */
  lo: number;
  hi: number;
  y: number;
  m: GridMetrics;
  whyIndex: number | undefined;
  activeIndex: number | null;
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo - 1, x));

/** Whether a chunk would draw the same: its entries, and where commitIndex and lastApplied fall in it. */
function sameChunk(a: ChunkProps, b: ChunkProps): boolean {
  if (a.lo !== b.lo || a.hi !== b.hi || a.y !== b.y || a.m !== b.m || a.whyIndex !== b.whyIndex || a.activeIndex !== b.activeIndex) return false;
  const p = a.n;
  const q = b.n;
  if (p === q) return true;
  if (p.id !== q.id || p.alive !== q.alive) return false;
  if (clamp(p.commitIndex, a.lo, a.hi) !== clamp(q.commitIndex, b.lo, b.hi)) return false;
  if (clamp(p.lastApplied, a.lo, a.hi) !== clamp(q.lastApplied, b.lo, b.hi)) return false;
  for (let i = a.lo; i <= a.hi; i++) if (p.log[i - p.snapshotIndex - 1] !== q.log[i - q.snapshotIndex - 1]) return false;
  return true;
}

const Chunk = memo(function Chunk({ n, lo, hi, y, m, whyIndex, activeIndex }: ChunkProps) {
  const cells: React.ReactNode[] = [];
  for (let i = lo; i <= hi; i++) {
    const e = n.log[i - n.snapshotIndex - 1] as LogEntryView | undefined;
    cells.push(
      e === undefined ? (
        <div key={i} className="lg-gap" aria-hidden="true" />
      ) : (
        <Cell
          // the keyboard's cell keeps its element by index: focus never moves to another entry
          key={activeIndex === i ? `active-${i}` : i}
          node={n.id}
          index={i}
          e={e}
          committed={i <= n.commitIndex}
          applied={i <= n.lastApplied}
          alive={n.alive}
          why={whyIndex === i}
          tabbable={activeIndex === i}
        />
      ),
    );
  }
  return (
    <div className="lg-row" style={{ left: columnX(lo, m), top: y }}>
      {cells}
    </div>
  );
}, sameChunk);

interface CellProps {
  node: string;
  index: number;
  e: LogEntryView;
  committed: boolean;
  applied: boolean;
  alive: boolean;
  why: boolean;
  tabbable: boolean;
}

const Cell = memo(function Cell({ node, index, e, committed, applied, alive, why, tabbable }: CellProps) {
  const what = describeCommand(e.command, e.kind);
  const label = cellLabel(e);
  // cells do not clip (see panels.css): a long term (a long run's) is set smaller to fit instead
  const scale = labelScale(label).scale;
  const fit = scale < 0.7 ? ' fit-5' : scale < 1 ? ' fit-4' : '';
  return (
    <div
      role="gridcell"
      data-cell={cellKey({ node, index })}
      tabIndex={tabbable ? 0 : -1}
      className={`lg-cell ${termClass(e.term)}${fit}${committed ? '' : ' uncommitted'}${e.kind === 'noop' ? ' noop' : ''}${why ? ' why' : ''}${alive ? '' : ' down'}`}
      title={`${node} #${index}: term ${e.term}, ${what}${committed ? ', committed' : ', not committed'}${applied ? ', applied' : ''}${committed ? ' — click: why committed?' : ''}`}
      aria-label={`${node} entry ${index}, term ${e.term}, ${what}, ${committed ? 'committed' : 'not committed'}`}
    >
      {label}
    </div>
  );
});
