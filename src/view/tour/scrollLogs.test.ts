import { describe, expect, it } from 'vitest';
import { scrollSpan } from './scrollLogs.ts';

describe('scrolling the log grid to a step’s highlighted entries', () => {
  const view = { scrollLeft: 0, clientWidth: 600, nameWidth: 100 };
  it('leaves the grid alone when the entries are in view', () => {
    expect(scrollSpan({ from: 120, to: 300, cell: 25 }, view)).toBeNull();
  });
  it('centres entries that are off to the right (the grid follows the tail elsewhere)', () => {
    // room 500, span 2000..2053 (width 53): starts at 2000 - (500 - 53) / 2, minus the names column
    expect(scrollSpan({ from: 2000, to: 2028, cell: 25 }, view)).toBe(Math.round(2000 - (500 - 53) / 2 - 100));
  });
  it('brings back entries hidden under the names column or scrolled past on the left', () => {
    expect(scrollSpan({ from: 150, to: 150, cell: 25 }, { ...view, scrollLeft: 400 })).toBe(0);
  });
  it('a span wider than the view starts at its first entry', () => {
    expect(scrollSpan({ from: 1000, to: 3000, cell: 25 }, view)).toBe(900);
  });
});
