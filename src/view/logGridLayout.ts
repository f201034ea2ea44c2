// Windowing for the log grid: which columns (log indexes) are visible for a scroll position,
// so a log of 30,000 entries renders only the few dozen cells on screen.

export interface GridMetrics {
  nameWidth: number;
  pitch: number;
  cell: number;
  rowHeight: number;
  header: number;
}

export const GRID: GridMetrics = { nameWidth: 96, pitch: 28, cell: 25, rowHeight: 26, header: 20 };

export function gridMetrics(rows: number, presentation: boolean, longestName = 3): GridMetrics {
  const scale = presentation ? 1.2 : 1;
  const rowHeight = Math.round((rows > 6 ? 21 : 26) * scale);
  return {
    nameWidth: Math.round(Math.min(170, Math.max(96, longestName * 7.6 + 34)) * scale),
    pitch: Math.round(28 * scale),
    cell: Math.round(25 * scale),
    rowHeight,
    header: Math.round(20 * scale),
  };
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
