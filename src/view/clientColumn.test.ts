// The client column fits the stage: however many clients, every box is inside the stage's
// height and no two overlap; past what fits, the rest fold into one "+ n more" box.
import { describe, expect, it } from 'vitest';
import { clientColumnLayout } from './clientColumn.ts';

const names = (n: number) => Array.from({ length: n }, (_, i) => `C${i + 1}`);

function check(n: number, height: number) {
  const c = clientColumnLayout(names(n), 57, height / 2, height);
  const drawn = names(n).filter((id) => !c.folded.includes(id));
  const ys = drawn.map((id) => c.places.get(id)!.y);
  if (c.more !== null) ys.push(c.more.y);
  for (const y of ys) {
    expect(y - c.size.h / 2).toBeGreaterThanOrEqual(0);
    expect(y + c.size.h / 2).toBeLessThanOrEqual(height);
  }
  const sorted = [...ys].sort((a, b) => a - b);
  for (let i = 1; i < sorted.length; i++) expect(sorted[i] - sorted[i - 1]).toBeGreaterThanOrEqual(c.size.h + 2);
  // every client has a place (a folded one: the "+ n more" box, where its messages go)
  for (const id of names(n)) expect(c.places.has(id)).toBe(true);
  return c;
}

describe('clientColumnLayout', () => {
  it.each([1, 3, 8])('%d clients on a 500 px stage: tall boxes, none folded', (n) => {
    const c = check(n, 500);
    expect(c.compact).toBe(false);
    expect(c.folded).toEqual([]);
  });

  it('20 clients on a 500 px stage (20 quick requests with no leader): one-line boxes, all on the stage', () => {
    const c = check(20, 500);
    expect(c.compact).toBe(true);
    expect(c.folded).toEqual([]);
  });

  it('40 clients on a 500 px stage: the first shown, the rest folded into "+ n more" at the bottom', () => {
    const c = check(40, 500);
    expect(c.folded.length).toBeGreaterThan(0);
    expect(c.folded[c.folded.length - 1]).toBe('C40');
    expect(c.more).not.toBeNull();
    expect(c.places.get('C40')).toEqual(c.more);
    expect(c.places.get('C1')!.y).toBeLessThan(c.more!.y);
  });

  it.each([
    [5, 300],
    [30, 700],
    [100, 1000],
    [2, 60],
  ])('%d clients on a %d px stage stay inside it', (n, h) => {
    check(n, h);
  });

  it('a column that fits is centred on the ring’s centre', () => {
    const c = clientColumnLayout(['C1', 'C2'], 57, 240, 600);
    const mid = (c.places.get('C1')!.y + c.places.get('C2')!.y) / 2;
    expect(mid).toBeCloseTo(240);
  });
});
