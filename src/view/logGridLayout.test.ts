import { describe, expect, it } from 'vitest';
import { cellAtPoint, columnX, followScrollLeft, gridMetrics, indexLabelStep, MIN_ROW } from './logGridLayout.ts';
import { presentationTypeScale } from './typeScale.ts';

describe('the log grid shows every server', () => {
  it('compresses rows so nine servers fit the bottom panel (S8 and S9 were off the bottom)', () => {
    const height = 170; // the Logs tab's view at 1366×768
    const m = gridMetrics({ rows: 9, fitHeight: height });
    expect(m.header + 9 * m.rowHeight + 4).toBeLessThanOrEqual(height);
    expect(m.cellHeight).toBeLessThanOrEqual(m.rowHeight - 4);
    expect(m.font).toBeGreaterThanOrEqual(9);
  });
  it('keeps the full row height when there is room, and scrolls below the smallest row', () => {
    expect(gridMetrics({ rows: 3, fitHeight: 1000 }).rowHeight).toBe(26);
    expect(gridMetrics({ rows: 50, fitHeight: 200 }).rowHeight).toBe(MIN_ROW);
  });
});

describe('log grid type grows with the presentation type', () => {
  it('scales cells, terms and indexes by the body type (24 px at 1920: 11 px cells became 19 px)', () => {
    const scale = presentationTypeScale(1920);
    expect(scale).toBeCloseTo(24 / 14);
    const normal = gridMetrics({ rows: 5 });
    const projected = gridMetrics({ rows: 5, scale });
    expect(normal.font).toBe(11);
    expect(projected.font).toBeGreaterThanOrEqual(18);
    expect(projected.indexFont).toBeGreaterThanOrEqual(16);
    expect(projected.cell / normal.cell).toBeCloseTo(scale, 1);
    expect(presentationTypeScale(1280)).toBeCloseTo(18.52 / 14, 2);
  });
  it('the enlarged logs draw larger cells still', () => {
    const m = gridMetrics({ rows: 5, large: true, fitHeight: 600 });
    expect(m.cell).toBeGreaterThan(gridMetrics({ rows: 5 }).cell * 1.5);
    expect(m.font).toBeGreaterThan(15);
  });
});

describe('index header', () => {
  it('prints every index while they fit, and every 2nd, 5th, 10th … when they would overlap', () => {
    const m = gridMetrics({ rows: 5 });
    expect(indexLabelStep(99, m)).toBe(1);
    for (const maxIndex of [999, 4004, 12_345, 1_000_000]) {
      const step = indexLabelStep(maxIndex, m);
      // two printed labels are step columns apart: wider than the label
      expect(step * m.pitch, `${maxIndex}`).toBeGreaterThanOrEqual(String(maxIndex).length * 0.62 * m.indexFont + 4);
      expect([1, 2, 5, 10, 20, 50].includes(step)).toBe(true);
    }
    expect(indexLabelStep(4004, m)).toBeGreaterThan(1);
  });
});

describe('following the tail', () => {
  const m = gridMetrics({ rows: 5 });
  it('scrolls when the newest entry leaves the view, leaving two fifths free', () => {
    expect(followScrollLeft(10, m, 0, 800)).toBeNull();
    const to = followScrollLeft(4004, m, 0, 800);
    expect(to).not.toBeNull();
    const right = columnX(4004, m) + m.cell;
    expect(right).toBeGreaterThan(to!);
    expect(right).toBeLessThanOrEqual(to! + 800);
    expect(to! + 800 - right).toBeGreaterThanOrEqual(((800 - m.nameWidth) * 2) / 5 - m.pitch);
  });
});

describe('a click on the painted cells finds its entry (cellAtPoint)', () => {
  const m = gridMetrics({ rows: 3 });
  const rowTop = (r: number) => m.header + r * m.rowHeight + 2;
  it('maps the inside of a cell to its row and index', () => {
    expect(cellAtPoint(columnX(1, m) + 1, rowTop(0) + 1, m)).toEqual({ row: 0, index: 1 });
    expect(cellAtPoint(columnX(7, m) + m.cell - 1, rowTop(2) + m.cellHeight - 1, m)).toEqual({ row: 2, index: 7 });
  });
  it('finds nothing in the gaps between cells, in the header or left of the first index', () => {
    expect(cellAtPoint(columnX(3, m) + m.cell + 1, rowTop(1) + 2, m)).toBeNull(); // between columns 3 and 4
    expect(cellAtPoint(columnX(3, m) + 2, rowTop(1) + m.cellHeight + 1, m)).toBeNull(); // between rows 1 and 2
    expect(cellAtPoint(columnX(3, m) + 2, m.header - 1, m)).toBeNull();
    expect(cellAtPoint(m.nameWidth - 2, rowTop(0) + 2, m)).toBeNull();
  });
});
