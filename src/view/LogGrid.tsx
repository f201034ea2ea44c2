// The log grid (RaftScope style): one row per server, one column per log index, entries
// coloured by term with the term printed in them; committed entries solid, uncommitted ones
// hatched with a dashed border; each row's commit index (green bar) and lastApplied (▲);
// the snapshot boundary; and, on every follower's row, the leader's nextIndex (▸n) and
// matchIndex (m). Windowed: only visible columns are rendered, each row by LogRow.tsx.

import { useEffect, useMemo, useRef, useState } from 'react';
import type { NodeView } from '../sim/index.ts';
import { useApp } from '../store/app.ts';
import type { Frame } from '../store/frame.ts';
import { memberStatus } from '../store/membership.ts';
import { pause } from '../store/playback.ts';
import { selectNode, setWhy } from '../store/ui.ts';
import { session, type Session } from '../store/session.ts';
import { usePane, usePaneStore } from './pane.ts';
import { currentHighlights, pickEntry, useTour } from '../store/tour.ts';
import { whyCommitted } from '../store/why.ts';
import { useCssColours, useScrollBox } from './hooks.ts';
import { LogCanvas, LogPainter } from './LogCanvas.tsx';
import { cellAtPoint, columnX, contentWidth, followScrollLeft, gridMetrics, indexLabelStep, nextCell, visibleColumns, type GridCell, type GridMetrics } from './logGridLayout.ts';
import { readLogPalette } from './logPaint.ts';
import { cellAt, cellKey, LogRow } from './LogRow.tsx';
import { shortNameFor } from './names.ts';
import { useTypeScale } from './useTypeScale.ts';
import { STATUS_BADGE, STATUS_LABEL } from './visuals.ts';

export function LogGrid() {
  const ref = useRef<HTMLDivElement>(null);
  const box = useScrollBox(ref);
  // Re-render when what the grid shows changes (not on every frame of playback). The pane: the
  // main run, or compare pane B (CompareLogs draws both).
  const pane = usePaneStore();
  const paneId = usePane((p) => p.id);
  const key = usePane((p) => logKey(p.frame));
  const frame = useMemo(() => pane.getState().frame, [key, pane]); // eslint-disable-line react-hooks/exhaustive-deps
  const selectedNode = useApp((s) => s.selectedNode);
  const large = useApp((s) => s.logsLarge);
  const scale = useTypeScale();
  const why = useApp((s) => s.why);
  // while the run plays the entries are only painted; paused, every cell is an element too (LogRow.tsx)
  const playing = useApp((s) => s.playing);
  const highlights = useTour((s) => currentHighlights(s)?.entries);
  const highlighted = useMemo(() => {
    const by = new Map<string, number[]>();
    for (const e of highlights ?? []) if (Number.isInteger(e.index)) by.set(e.node, [...(by.get(e.node) ?? []), e.index]);
    return by;
  }, [highlights]);
  // the theme's colours for the painted cells, read again when the theme changes
  const palette = useCssColours(ref, readLogPalette);
  const [painter] = useState(() => new LogPainter());
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [follow, setFollow] = useState(true);
  // where the grid last scrolled itself to follow the tail (a scroll event there is not the
  // user's), and when the user last wheeled, pressed or touched it (only then does a scroll say
  // where they want to look; other scrolls come from the logs growing or shrinking)
  const followedTo = useRef<number | null>(null);
  const userAt = useRef(-Infinity);
  const userActs = () => {
    userAt.current = performance.now();
  };
  // the cell the keyboard is on (arrow keys move it; Enter acts as a click)
  const [active, setActive] = useState<GridCell | null>(null);
  const focusActive = useRef(false);
  const longest = Math.max(...frame.ids.map((id) => id.length));
  // every server's row in view: rows compress to the grid's height (down to MIN_ROW, then it scrolls)
  const rows = frame.ids.length;
  const m = useMemo(() => gridMetrics({ rows, scale, longestName: longest, fitHeight: box.height, large }), [rows, scale, longest, box.height, large]);

  let maxIndex = 0;
  for (const n of frame.nodes.values()) maxIndex = Math.max(maxIndex, n.snapshotIndex + n.log.length);
  // wide enough for the follow scroll's free space after the tail, so that scroll is never clamped
  const free = ((box.width - m.nameWidth) * 2) / 5;
  const width = Math.max(contentWidth(maxIndex, m) + free, box.left + box.width + free);
  const height = m.header + frame.ids.length * m.rowHeight + 4;
  const [first, last] = visibleColumns(box.left, box.width, m, maxIndex + 3);
  const leader = frame.leader !== null ? frame.nodes.get(frame.leader) : undefined;
  const rowViews = useMemo(() => frame.ids.map((id) => frame.nodes.get(id)), [frame]);

  // Follow the end of the logs as they grow, unless the user scrolled back. (Uses the tracked
  // viewport size: reading layout here would force a layout on every frame.) Done at the start of
  // the next frame, when layout is clean, not in the middle of a commit — by one pending frame
  // callback that scrolls to the latest target: at 3× and faster the logs change every frame, and
  // cancelling the callback on each change starved it (the grid stopped following).
  const followTarget = useRef<number | null>(null);
  const followFrame = useRef<number | null>(null);
  useEffect(() => {
    const el = ref.current;
    followTarget.current = el === null || !follow ? null : followScrollLeft(maxIndex, m, box.left, box.width);
    if (el === null || followTarget.current === null || followFrame.current !== null) return;
    followFrame.current = requestAnimationFrame(() => {
      followFrame.current = null;
      const to = followTarget.current;
      if (to === null) return;
      el.scrollLeft = to;
      // (the scroll is never clamped: the content is wide enough; reading it back would lay the page out)
      followedTo.current = to;
      painter.scrolled(to, canvasRef.current);
    });
  }, [maxIndex, follow, box.width, box.left, m, painter]);
  useEffect(
    () => () => {
      if (followFrame.current !== null) cancelAnimationFrame(followFrame.current);
    },
    [],
  );

  const onScroll = () => {
    const el = ref.current;
    if (el === null) return;
    // the painted entries move with the scroll in this frame (a scroll event comes at the start
    // of a frame, when reading the scroll position costs nothing)
    painter.scrolled(el.scrollLeft, canvasRef.current);
    // The grid's own scroll is not the user's: at 3× and faster the logs have grown again by the
    // time its scroll event arrives, so "is the tail in view?" would say no and stop following.
    const own = followedTo.current;
    if (own !== null && Math.abs(el.scrollLeft - own) < 2) return;
    if (performance.now() - userAt.current > 1500) return;
    followedTo.current = null;
    // the user's scroll: follow again once they bring the newest entry into view
    const tailRight = columnX(maxIndex, m) + m.cell;
    const inView = tailRight <= el.scrollLeft + el.clientWidth + m.pitch;
    if (inView !== follow) setFollow(inView);
  };

  // Keyboard: the grid is one Tab stop; arrow keys, Home and End move between entries (and keep
  // them from stepping the simulation), Enter or Space does what a click does.
  const onKeyDown = (e: React.KeyboardEvent) => {
    if ((e.key === 'Enter' || e.key === ' ') && active !== null && (e.target as HTMLElement).dataset.cell !== undefined) {
      e.preventDefault();
      e.stopPropagation();
      activateCell(frame, active, pane.getState().session);
      return;
    }
    const rows = frame.ids.flatMap((id) => {
      const n = frame.nodes.get(id);
      return n === undefined ? [] : [{ id, first: n.snapshotIndex + 1, last: n.snapshotIndex + n.log.length }];
    });
    const next = nextCell(rows, active, e.key);
    if (next === null) return;
    e.preventDefault();
    e.stopPropagation();
    setFollow(false);
    setActive(next);
    focusActive.current = true;
  };
  // bring the keyboard's cell into view (the grid draws only visible columns), then focus it
  useEffect(() => {
    const el = ref.current;
    if (el === null || active === null || !focusActive.current) return;
    const x = columnX(active.index, m);
    if (x < el.scrollLeft + m.nameWidth || x + m.cell > el.scrollLeft + el.clientWidth) {
      el.scrollLeft = Math.max(0, x - m.nameWidth - (el.clientWidth - m.nameWidth) / 2);
      return; // the scroll re-renders the grid with the cell in it; this runs again
    }
    const cell = el.querySelector<HTMLElement>(`[data-cell="${cellKey(active)}"]`);
    if (cell !== null) {
      focusActive.current = false;
      cell.focus({ preventScroll: true });
    }
  }, [active, first, last, m]);

  const cells: React.ReactNode[] = [];
  const header: React.ReactNode[] = [];
  // long indexes are printed every few columns, so that they never overlap
  const step = indexLabelStep(last, m);
  for (let i = first; i <= last; i++) {
    if (i % step !== 0) continue;
    header.push(
      <div
        key={i}
        className="lg-idx"
        style={{ left: columnX(i, m) + m.cell / 2 - (step * m.pitch) / 2, width: step * m.pitch, lineHeight: `${m.header}px`, fontSize: m.indexFont }}
      >
        {i}
      </div>,
    );
  }

  frame.ids.forEach((id, row) => {
    const n = frame.nodes.get(id);
    if (n === undefined) return;
    const y = m.header + row * m.rowHeight + 2;
    cells.push(
      <LogRow
        key={`r-${id}`}
        n={n}
        y={y}
        first={first}
        last={last}
        m={m}
        whyIndex={why?.logIndex}
        activeIndex={active !== null && active.node === id ? active.index : null}
        allCells={!playing}
        highlighted={highlighted.get(id) ?? NONE}
      />,
    );
    // the rows' marks: painted while the run plays (LogCanvas.tsx), elements when it is paused
    if (playing) return;
    // commit index bar and lastApplied marker
    if (n.commitIndex > 0 && n.commitIndex >= first - 1 && n.commitIndex <= last) {
      cells.push(
        <div
          key={`c-${id}`}
          className="lg-commit"
          style={{ left: columnX(n.commitIndex, m) + m.cell + 1, top: y - 1, height: m.cellHeight + 2 }}
          title={`${id} commitIndex ${n.commitIndex}`}
        />,
      );
    }
    if (n.lastApplied > 0 && n.lastApplied >= first && n.lastApplied <= last) {
      cells.push(
        <div
          key={`a-${id}`}
          className="lg-applied"
          style={{ left: columnX(n.lastApplied, m) + m.cell / 2 - m.indexFont * 0.4, top: y + m.cellHeight - m.indexFont * 0.7, fontSize: m.indexFont * 0.8 }}
        >
          ▲
        </div>,
      );
    }
    // leader's view of this follower
    if (leader !== undefined && leader.id !== id && leader.nextIndex !== undefined && leader.matchIndex !== undefined) {
      const next = leader.nextIndex[id];
      const match = leader.matchIndex[id];
      if (next !== undefined && next >= first && next <= last) {
        cells.push(
          <div
            key={`n-${id}`}
            className="lg-next"
            style={{ left: columnX(next, m) - m.indexFont * 0.5, top: y + m.cellHeight / 2 - m.indexFont * 0.7, fontSize: m.indexFont * 1.2, lineHeight: `${m.indexFont * 1.4}px` }}
            title={`${leader.id}'s nextIndex for ${id}: ${next}`}
          >
            ▸
          </div>,
        );
      }
      if (match !== undefined && match > 0 && match >= first) {
        const a = Math.max(first, 1);
        const b = Math.min(match, last);
        cells.push(
          <div
            key={`m-${id}`}
            className="lg-matchbar"
            style={{ left: columnX(a, m), width: columnX(b, m) - columnX(a, m) + m.cell, top: y + m.cellHeight + 1 }}
            title={`${leader.id}'s matchIndex for ${id}: ${match}`}
          />,
        );
      }
    }
  });

  return (
    <div
      className="loggrid"
      ref={ref}
      onScroll={onScroll}
      onClick={(e) => {
        // a click on an entry (the cells leave it to the grid, so that they can be memoised), or
        // on its painted cell while the run plays
        const c = cellAt(e.target) ?? paintedCellAt(e, frame, m);
        if (c !== null) activateCell(frame, c, paneId === 'a' ? undefined : pane.getState().session);
      }}
      onWheel={userActs}
      onPointerDown={userActs}
      onTouchStart={userActs}
      onKeyDown={(e) => {
        userActs();
        onKeyDown(e);
      }}
      role="region"
      aria-label="Logs of every server: arrow keys move between entries, Enter explains a committed one"
      tabIndex={0}
      data-testid={paneId === 'a' ? 'log-grid' : `log-grid-${paneId}`}
    >
      <div className="loggrid-inner" style={{ width, height, ...cellVars(m) }}>
        <LogCanvas rows={rowViews} m={m} palette={palette} height={height} width={box.width} canvas={canvasRef} painter={painter} markers={playing} leader={leader} />
        <div className="lg-header" style={{ position: 'sticky', top: 0, height: m.header, width }}>
          <div className="lg-name" style={{ width: m.nameWidth, height: m.header, lineHeight: `${m.header}px`, fontWeight: 400, fontSize: m.indexFont }}>
            index →
          </div>
          {header}
        </div>
        {frame.ids.map((id) => {
          const n = frame.nodes.get(id);
          const lastIndex = n === undefined ? 0 : n.snapshotIndex + n.log.length;
          const leads = n?.role === 'leader' && n.alive;
          const crashed = n?.alive === false;
          // learners, removed servers and servers not yet added are marked as on the stage (membership.ts)
          const status = memberStatus(frame, id);
          // the marks take room from the name; the name is shortened from the side the names share
          const room = m.nameWidth - 14 - (leads ? 1.6 : 0) * m.nameFont - (crashed ? 1.6 : 0) * m.nameFont - (status !== 'voter' ? 1.8 : 0) * m.nameFont;
          return (
            <div
              key={id}
              className={`lg-name${selectedNode === id ? ' selected' : ''}${status === 'voter' ? '' : ` member-${status}`}`}
              style={{ width: m.nameWidth, height: m.rowHeight, lineHeight: `${m.rowHeight}px`, fontSize: m.nameFont, opacity: crashed ? 0.55 : 1 }}
              onClick={() => selectNode(id)}
              title={`${id}${status === 'voter' ? '' : ` (${STATUS_LABEL[status]})`}: ${lastIndex} entries, commitIndex ${n?.commitIndex ?? 0}, lastApplied ${n?.lastApplied ?? 0}`}
              data-member={status}
              data-testid={`log-row-${id}`}
              data-last-index={lastIndex}
              data-commit-index={n?.commitIndex ?? 0}
            >
              {leads ? '★ ' : ''}
              {status !== 'voter' && (
                <span className="lg-member" aria-label={`${STATUS_LABEL[status]}: `}>
                  {STATUS_BADGE[status]}
                </span>
              )}
              {shortNameFor(id, frame.ids, room, m.nameFont)}
              {crashed ? ' ✕' : ''}
            </div>
          );
        })}
        <div style={{ position: 'absolute', left: 0, top: 0 }}>{cells}</div>
      </div>
    </div>
  );
}

const NONE: readonly number[] = [];

/** The entry under a click on the painted cells (LogCanvas.tsx), if any. */
function paintedCellAt(e: React.MouseEvent<HTMLDivElement>, frame: Frame, m: GridMetrics): GridCell | null {
  if (!(e.target instanceof HTMLCanvasElement) || !e.target.classList.contains('lg-canvas')) return null;
  const grid = e.currentTarget;
  const r = grid.getBoundingClientRect();
  const at = cellAtPoint(e.clientX - r.left - grid.clientLeft + grid.scrollLeft, e.clientY - r.top - grid.clientTop + grid.scrollTop, m);
  if (at === null) return null;
  const id = frame.ids[at.row];
  const n = id === undefined ? undefined : frame.nodes.get(id);
  if (n === undefined || at.index <= n.snapshotIndex || at.index > n.snapshotIndex + n.log.length) return null;
  return { node: n.id, index: at.index };
}

/** The cells' sizes, as CSS variables for the rows' cells (panels.css, .lg-row). */
function cellVars(m: GridMetrics): React.CSSProperties {
  return {
    '--lg-cell': `${m.cell}px`,
    '--lg-cell-h': `${m.cellHeight}px`,
    '--lg-gap': `${m.pitch - m.cell}px`,
    '--lg-font': `${m.font}px`,
  } as React.CSSProperties;
}

/** A click on an entry (or Enter on it): picked for a tour step, or, committed, why it was. */
function activateEntry(n: NodeView, index: number, of: Session = session()): void {
  if (pickEntry({ node: n.id, index })) return; // the tour editor's pick mode
  if (index > n.commitIndex) return;
  const { tm } = of;
  const w = whyCommitted(tm.trace, tm.traceLength, index, of.index.milestones);
  if (w !== null) {
    pause();
    setWhy(w);
  }
}

function activateCell(frame: Frame, c: GridCell, of?: Session): void {
  const n = frame.nodes.get(c.node);
  if (n !== undefined) activateEntry(n, c.index, of);
}

/** Everything the grid draws, as a string: it changes only when a log, commit or progress does. */
export function logKey(frame: Frame): string {
  let k = frame.leader ?? '-';
  for (const id of frame.ids) {
    const n = frame.nodes.get(id);
    if (n === undefined) continue;
    const last = n.log[n.log.length - 1];
    k += `|${n.snapshotIndex}:${n.log.length}:${last?.term ?? 0}:${n.commitIndex}:${n.lastApplied}:${n.alive ? 1 : 0}:${n.role[0]}`;
    if (n.nextIndex !== undefined && n.matchIndex !== undefined) {
      for (const p of Object.keys(n.nextIndex)) k += `,${n.nextIndex[p]}/${n.matchIndex[p]}`;
    }
  }
  return k;
}
