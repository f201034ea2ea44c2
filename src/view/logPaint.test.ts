import { describe, expect, it } from 'vitest';
import type { LogEntryView, NodeView } from '../sim/index.ts';
import { cellLabel, labelScale, rowSpan } from './logPaint.ts';

const entry = (term: number, kind: LogEntryView['kind'] = 'command'): LogEntryView => ({ term, kind, command: 1 }) as LogEntryView;

describe('what a painted log cell prints', () => {
  it('prints the term, a no-op with · and a configuration entry with ⚙', () => {
    expect(cellLabel(entry(3))).toBe('3');
    expect(cellLabel(entry(12, 'noop'))).toBe('12·');
    expect(cellLabel(entry(4, 'config'))).toBe('4⚙');
  });
  it('sets a long term smaller so that it fits its cell (a long run: terms in the hundreds)', () => {
    expect(labelScale('7').scale).toBe(1);
    expect(labelScale('641').scale).toBe(1);
    expect(labelScale('641·').scale).toBeLessThan(1);
    expect(labelScale('1641·').scale).toBeLessThan(labelScale('641·').scale);
  });
});

describe('which of a row’s entries lie in the columns in view (rowSpan)', () => {
  const node = (snapshotIndex: number, length: number) => ({ snapshotIndex, log: Array.from({ length }, () => entry(1)) }) as unknown as NodeView;
  it('clips to the log and to the columns', () => {
    expect(rowSpan(node(0, 10), 1, 40)).toEqual([1, 10]);
    expect(rowSpan(node(0, 100), 20, 40)).toEqual([20, 40]);
  });
  it('starts after the snapshot, and is empty for a log that ends before the columns', () => {
    expect(rowSpan(node(30, 20), 1, 40)).toEqual([31, 40]);
    const [a, b] = rowSpan(node(0, 5), 20, 40);
    expect(a).toBeGreaterThan(b);
  });
});
