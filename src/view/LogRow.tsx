// One server's row of entries in the log grid (LogGrid.tsx), for the columns in view. Drawn to
// stay cheap at 10× under heavy load, when every row grows every frame: the row is one
// positioned box whose cells are laid out in a row by flexbox (a positioned box per cell made
// the browser paint and layer hundreds of boxes anew each frame), the sizes come from CSS
// variables on the grid, and each cell is memoised on what it shows, so a frame re-renders only
// the cells that changed (new entries, newly committed or applied ones). Clicks are handled by
// the grid for all cells (cellAt).

import { memo } from 'react';
import type { LogEntryView, NodeView } from '../sim/index.ts';
import { describeCommand } from '../store/describe.ts';
import { columnX, type GridCell, type GridMetrics } from './logGridLayout.ts';
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
 * Cells are keyed by their column modulo this (more than ever fit in view), not by their index:
 * when the grid follows the tail at 10× the whole window shows new entries every frame, and a
 * cell that keeps its element is updated in place instead of being removed and made anew.
 */
const SLOTS = 1024;

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
}

export const LogRow = memo(function LogRow({ n, y, first, last, m, whyIndex, activeIndex }: RowProps) {
  const snapEnd = n.snapshotIndex;
  const start = Math.max(first, snapEnd + 1);
  const end = Math.min(last, snapEnd + n.log.length);
  const snapFrom = Math.max(first, 1);
  const snapTo = Math.min(snapEnd, last);
  const snap = snapEnd >= first && snapFrom <= snapTo;
  if (!snap && start > end) return null;
  const items: React.ReactNode[] = [];
  if (snap) {
    items.push(
      <div
        key="snap"
        className="lg-cell snap"
        style={{ width: columnX(snapTo, m) - columnX(snapFrom, m) + m.cell, fontSize: m.indexFont }}
        title={`${n.id}: entries 1–${snapEnd} are compacted into a snapshot (last term ${n.snapshotTerm})`}
      >
        snapshot ≤{snapEnd}
      </div>,
    );
  }
  for (let i = start; i <= end; i++) {
    const e = n.log[i - snapEnd - 1] as LogEntryView | undefined;
    items.push(
      e === undefined ? (
        <div key={i % SLOTS} className="lg-gap" aria-hidden="true" />
      ) : (
        <Cell
          // the keyboard's cell keeps its element by index: focus never moves to another entry
          key={activeIndex === i ? `active-${i}` : i % SLOTS}
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
    <div className="lg-row" style={{ left: columnX(snap ? snapFrom : start, m), top: y }}>
      {items}
    </div>
  );
});

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
  const label = e.kind === 'noop' ? `${e.term}·` : e.kind === 'config' ? `${e.term}⚙` : String(e.term);
  // cells do not clip (see panels.css): a long term (a long run's) is set smaller to fit instead
  const fit = label.length >= 5 ? ' fit-5' : label.length === 4 ? ' fit-4' : '';
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
