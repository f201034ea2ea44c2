// A tour step that highlights log entries scrolls the log grid to them: the grid draws only the
// columns in view (LogGrid.tsx), so entries far from the tail would be highlighted off screen.
// `scrollSpan` is the pure rule (unit-tested); `scrollLogsTo` reads the grid's geometry from
// the page (its header cells and row names) and scrolls it.

export interface Span {
  /** Content x of the first and of the last highlighted cell's left edge, and a cell's width. */
  from: number;
  to: number;
  cell: number;
}

export interface View {
  scrollLeft: number;
  clientWidth: number;
  /** Width of the sticky names column on the left (cells under it are hidden). */
  nameWidth: number;
}

/** The scrollLeft that shows the span (centred when it fits), or null when it is already in view. */
export function scrollSpan(span: Span, view: View): number | null {
  const visibleFrom = view.scrollLeft + view.nameWidth;
  const visibleTo = view.scrollLeft + view.clientWidth;
  if (span.from >= visibleFrom && span.to + span.cell <= visibleTo) return null;
  const room = view.clientWidth - view.nameWidth;
  const width = span.to + span.cell - span.from;
  // fits: centre it; too wide: start at its first cell
  const start = width <= room ? span.from - (room - width) / 2 : span.from;
  return Math.max(0, Math.round(start - view.nameWidth));
}

/** Scrolls the log grid on the page so that these entries are in view (rows too). */
export function scrollLogsTo(entries: readonly { node: string; index: number }[]): void {
  if (typeof document === 'undefined' || entries.length === 0) return;
  const grid = document.querySelector<HTMLElement>('[data-testid="log-grid"]');
  const heads = grid === null ? [] : [...grid.querySelectorAll<HTMLElement>('.lg-idx')];
  if (grid === null || heads.length === 0) return;
  const first = Number(heads[0].textContent);
  if (!Number.isInteger(first)) return;
  const pitch = heads.length >= 2 ? heads[1].offsetLeft - heads[0].offsetLeft : heads[0].offsetWidth + 3;
  const x = (index: number) => heads[0].offsetLeft + (index - first) * pitch;
  const indexes = entries.map((e) => e.index);
  const name = grid.querySelector<HTMLElement>('[data-testid^="log-row-"]');
  const left = scrollSpan(
    { from: x(Math.min(...indexes)), to: x(Math.max(...indexes)), cell: heads[0].offsetWidth },
    { scrollLeft: grid.scrollLeft, clientWidth: grid.clientWidth, nameWidth: name?.offsetWidth ?? 0 },
  );
  if (left !== null) grid.scrollLeft = left;
  // rows: the first highlighted server's row in view
  const row = [...grid.querySelectorAll<HTMLElement>('[data-testid^="log-row-"]')].find((el) => entries.some((e) => el.dataset.testid === `log-row-${e.node}`));
  if (row !== undefined && (row.offsetTop < grid.scrollTop || row.offsetTop + row.offsetHeight > grid.scrollTop + grid.clientHeight)) {
    grid.scrollTop = Math.max(0, row.offsetTop - grid.clientHeight / 3);
  }
}
