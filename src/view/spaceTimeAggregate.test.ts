// The space-time diagram bundles what it cannot draw apart (issue 14).

import { describe, expect, it } from 'vitest';
import { aggregateArrows, arrowBudget, type ArrowLike } from './spaceTimeAggregate.ts';

function arrows(n: number, windowMs = 500): ArrowLike[] {
  // a leader S1 sending to 8 followers and their replies, evenly over the window
  const out: ArrowLike[] = [];
  for (let i = 0; i < n; i++) {
    const follower = `S${2 + (i % 8)}`;
    const reply = i % 2 === 1;
    const sentAt = (i * windowMs) / n;
    out.push({ id: i + 1, from: reply ? follower : 'S1', to: reply ? 'S1' : follower, kind: reply ? 'AppendEntriesReply' : 'AppendEntries', sentAt, endAt: sentAt + 20, arrived: true, dropped: i % 50 === 0 });
  }
  return out;
}

describe('aggregateArrows', () => {
  it('draws every arrow alone when they fit', () => {
    const a = arrows(100);
    const r = aggregateArrows(a, 150, 500, () => false);
    expect(r.single).toHaveLength(100);
    expect(r.bundles).toHaveLength(0);
  });

  it('bundles a hairball within the budget, keeping every message counted once', () => {
    const a = arrows(2000);
    const budget = arrowBudget(1800);
    const r = aggregateArrows(a, budget, 500, () => false);
    expect(r.single.length + r.bundles.length).toBeLessThanOrEqual(budget);
    expect(r.bundles.reduce((s, b) => s + b.count, 0) + r.single.length).toBe(2000);
    expect(r.bundles.reduce((s, b) => s + b.dropped, 0)).toBe(a.filter((x) => x.dropped).length);
    for (const b of r.bundles) {
      expect(b.firstSent).toBeLessThanOrEqual(b.sentAt);
      expect(b.sentAt).toBeLessThanOrEqual(b.lastSent);
      expect(b.endAt).toBeGreaterThan(b.sentAt);
    }
    // one kind between two lanes per bundle
    expect(r.bundles.every((b) => (b.kind === 'AppendEntries' ? b.from === 'S1' : b.to === 'S1'))).toBe(true);
  });

  it('never bundles the selected message or one a "why" points at', () => {
    const a = arrows(2000);
    const r = aggregateArrows(a, 100, 500, (id) => id === 7 || id === 1500);
    expect(r.single.map((x) => x.id).sort((p, q) => p - q)).toEqual([7, 1500]);
    expect(r.bundles.reduce((s, b) => s + b.count, 0)).toBe(1998);
  });

  it('bundles the clients, who share one lane, together', () => {
    const a: ArrowLike[] = Array.from({ length: 300 }, (_, i) => ({ id: i + 1, from: `C${1 + (i % 10)}`, to: 'S1', kind: 'ClientRequest', sentAt: i, endAt: i + 20, arrived: true, dropped: false }));
    const r = aggregateArrows(a, 40, 500, () => false);
    expect(new Set(r.bundles.map((b) => `${b.from}>${b.to}`))).toEqual(new Set(['clients>S1']));
  });
});
