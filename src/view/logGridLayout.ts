// Windowing for the log grid: which columns (log indexes) are visible for a scroll position,
// so a log of 30,000 entries renders only the few dozen cells on screen.

export interface GridMetrics {
  nameWidth: number;
  pitch: number;
  /** Width of an entry's cell. */
  cell: number;
  /** Height of an entry's cell (a row compressed to fit the view is shorter than the cell is wide). */
  cellHeight: number;
  rowHeight: number;
  header: number;
  /** Font sizes (px) of an entry's term, of the index header, of a server's name. */
  font: number;
  indexFont: number;
  nameFont: number;
}

export interface GridSizing {
  rows: number;
  /** The type's scale: 1 at the normal 14 px body; presentation mode's body size / 14 (typeScale.ts). */
  scale?: number;
  /** Characters in the longest server name. */
  longestName?: number;
  /** The grid's visible height: rows are compressed so every server's row fits in it. */
  fitHeight?: number;
  /** The enlarged logs (ui.ts, setLogsLarge): larger cells and type. */
  large?: boolean;
}

/** The smallest row a compressed grid draws (below it the rows scroll instead). */
export const MIN_ROW = 14;

export function gridMetrics({ rows, scale = 1, longestName = 3, fitHeight = Infinity, large = false }: GridSizing): GridMetrics {
  const k = scale * (large ? 1.6 : 1);
  const header = Math.round(20 * k);
  const ideal = Math.round((rows > 6 && !large ? 21 : 26) * k);
  const fit = Math.floor((fitHeight - header - 4) / Math.max(1, rows));
  const rowHeight = Math.max(MIN_ROW, Math.min(ideal, fit));
  const cell = Math.round(25 * k);
  const cellHeight = Math.min(cell, rowHeight - 4);
  const font = Math.max(9, Math.min(Math.round(11 * k), Math.round(cellHeight * 0.72)));
  const nameFont = Math.max(10, Math.min(Math.round(14 * k), rowHeight - 3));
  return {
    // the names column: as wide as a long name needs, up to a cap; longer names are shortened (names.ts)
    // (a character of the bold name is ~0.62 em; three more for the leader's ★ or a crash's ✕)
    nameWidth: Math.round(Math.min(170 * k, Math.max(96 * k, (longestName + 3) * 0.62 * nameFont + 14))),
    pitch: Math.round(28 * k),
    cell,
    cellHeight,
    rowHeight,
    header,
    font,
    indexFont: Math.max(9, Math.round(10 * k)),
    nameFont,
  };
}

/**
 * Every how many columns the header prints an index, so that indexes up to `maxIndex` never
 * touch (4-digit ones need more than a column): 1, 2, 5, 10, 20, 50, …
 */
export function indexLabelStep(maxIndex: number, m: Pick<GridMetrics, 'pitch' | 'indexFont'>): number {
  const digits = String(Math.max(1, Math.floor(maxIndex))).length;
  // a tabular digit is at most 0.62 em wide; keep 4 px between labels
  const need = digits * 0.62 * m.indexFont + 4;
  for (let step = 1; ; step *= 10) {
    for (const s of [step, 2 * step, 5 * step]) if (s * m.pitch >= need) return s;
  }
}

/** The first and last log index (1-based, inclusive) whose cells intersect the viewport. */
export function visibleColumns(scrollLeft: number, viewportWidth: number, m: GridMetrics, maxIndex: number, overscan = 4): [number, number] {
  const left = Math.max(0, scrollLeft);
  const first = Math.max(1, Math.floor(left / m.pitch) + 1 - overscan);
  const last = Math.min(maxIndex, Math.ceil((left + Math.max(0, viewportWidth - m.nameWidth)) / m.pitch) + overscan);
  return [first, Math.max(first - 1, last)];
}

/** x of the left edge of index i's cell (inside the scrolled content). */
export function columnX(i: number, m: GridMetrics): number {
  return m.nameWidth + (i - 1) * m.pitch + 2;
}

/**
 * The grid row and log index of the cell at a point of the grid's content (x, y), or null
 * between cells: where a click on the painted cells (LogCanvas.tsx) lands.
 */
export function cellAtPoint(x: number, y: number, m: GridMetrics): { row: number; index: number } | null {
  const index = Math.floor((x - m.nameWidth - 2) / m.pitch) + 1;
  if (index < 1 || x - columnX(index, m) >= m.cell) return null;
  const row = Math.floor((y - m.header - 2) / m.rowHeight);
  if (row < 0 || y - (m.header + row * m.rowHeight + 2) >= m.cellHeight) return null;
  return { row, index };
}

/** Total content width for logs up to maxIndex (with room for a few more entries). */
export function contentWidth(maxIndex: number, m: GridMetrics): number {
  return m.nameWidth + (maxIndex + 4) * m.pitch;
}

/** A row of the grid for keyboard moves: its server and the log indexes it holds (first > last: none). */
export interface GridRow {
  id: string;
  first: number;
  last: number;
}

export interface GridCell {
  node: string;
  index: number;
}

/**
 * Where a key moves the keyboard's cell in the log grid: ←/→ one entry, ↑/↓ the same index on
 * the next server that holds it (else that server's nearest entry), Home/End the row's first
 * and last entry. From no cell, any of them starts at the newest entry of the first row that
 * has one. Null when the key is not a move or no server holds an entry.
 */
export function nextCell(rows: readonly GridRow[], at: GridCell | null, key: string): GridCell | null {
  const filled = rows.filter((r) => r.first <= r.last);
  if (filled.length === 0 || !['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End'].includes(key)) return null;
  const row = at === null ? -1 : filled.findIndex((r) => r.id === at.node);
  if (row < 0 || at === null) return { node: filled[0].id, index: filled[0].last };
  const r = filled[row];
  const clamp = (x: GridRow, i: number) => Math.min(x.last, Math.max(x.first, i));
  switch (key) {
    case 'ArrowLeft':
      return { node: r.id, index: clamp(r, at.index - 1) };
    case 'ArrowRight':
      return { node: r.id, index: clamp(r, at.index + 1) };
    case 'Home':
      return { node: r.id, index: r.first };
    case 'End':
      return { node: r.id, index: r.last };
    default: {
      const next = filled[Math.min(filled.length - 1, Math.max(0, row + (key === 'ArrowDown' ? 1 : -1)))];
      return { node: next.id, index: clamp(next, at.index) };
    }
  }
}

/**
 * Following the tail: where to scroll so the newest entry (index `maxIndex`) is in view, with two
 * fifths of the view left free for the entries to come (scrolling forces a layout, so it jumps a
 * page rather than an entry); null while the newest entry is already in view.
 */
export function followScrollLeft(maxIndex: number, m: GridMetrics, scrollLeft: number, viewportWidth: number): number | null {
  const tailRight = columnX(maxIndex, m) + m.cell + m.pitch;
  if (tailRight <= scrollLeft + viewportWidth) return null;
  const free = Math.floor(((viewportWidth - m.nameWidth) * 2) / 5);
  return Math.max(0, tailRight - viewportWidth + free);
}
