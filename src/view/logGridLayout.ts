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
