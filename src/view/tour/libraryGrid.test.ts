import { describe, expect, it } from 'vitest';
import { LECTURES } from '../../scenario/library/index.ts';
import { byTopic, challengeEntries, countText, experimentEntries, lectureEntries, moveInGrid, searchLibrary, type CardBox } from './libraryGrid.ts';
import { EXPERIMENT_CATALOG } from '../../experiment/catalog.ts';
import { CHALLENGE_CATALOG } from '../../challenge/catalog.ts';

const entries = lectureEntries(LECTURES);

describe('the library’s entries', () => {
  it('lists every lecture, as a lecture, with its size', () => {
    expect(entries.map((e) => e.id)).toEqual(LECTURES.map((l) => l.id));
    expect(entries.every((e) => e.kind === 'lecture')).toBe(true);
    expect(entries.find((e) => e.id === 'lab')?.meta).toMatch(/^3 servers · \d+ steps/);
  });
  it('groups by topic in the index’s order, every entry once', () => {
    const groups = byTopic(entries);
    expect(groups.flatMap((g) => g.entries)).toHaveLength(entries.length);
    expect(groups[0].topic).toBe(LECTURES[0].topic);
    expect(new Set(groups.map((g) => g.topic)).size).toBe(groups.length);
  });
});

describe('search', () => {
  it('finds by any words of title, topic or description, in any case and order', () => {
    expect(searchLibrary(entries, 'FIGURE 8').map((e) => e.id)).toEqual(expect.arrayContaining(['figure-8', 'figure-8-broken']));
    expect(searchLibrary(entries, 'classic lab').map((e) => e.id)).toEqual(['lab']);
    expect(searchLibrary(entries, 'lab classic').map((e) => e.id)).toEqual(['lab']);
    expect(searchLibrary(entries, '   ')).toHaveLength(entries.length);
    expect(searchLibrary(entries, 'no such lecture anywhere')).toEqual([]);
  });
});

describe('experiments and challenges beside the lectures', () => {
  const ch0 = () => challengeEntries(CHALLENGE_CATALOG)[0];
  const all = [...entries, ...experimentEntries(EXPERIMENT_CATALOG), ...challengeEntries(CHALLENGE_CATALOG, (id) => id === 'split-vote')];
  it('the count names every kind, not only lectures', () => {
    expect(countText(all, all)).toBe(`${LECTURES.length} lectures, ${EXPERIMENT_CATALOG.length} experiments and ${CHALLENGE_CATALOG.length} challenges`);
    const found = searchLibrary(all, 'split vote');
    expect(found.map((e) => e.kind)).toContain('challenge');
    expect(countText(found, all)).toMatch(new RegExp(`^${found.length} of ${all.length} match: `));
    expect(countText(searchLibrary(all, 'figure 16 bottom'), all)).toBe(`1 of ${all.length} match: 1 experiment`);
  });
  it('challenges are found by their subject and say when solved', () => {
    const ch = challengeEntries(CHALLENGE_CATALOG, (id) => id === 'split-vote');
    expect(ch.find((e) => e.id === 'split-vote')?.meta).toMatch(/^✓ solved · 4 servers/);
    expect(ch.find((e) => e.id === 'elect-s3')?.meta).toMatch(/^5 servers/);
    expect(searchLibrary(ch, 'snapshots').map((e) => e.id)).toEqual(['snapshot']);
    expect(searchLibrary(all, 'challenges').map((e) => e.id)).toEqual(CHALLENGE_CATALOG.map((c) => c.id));
  });
  it('challenges are grouped by their topic under the heading Challenges, after the lectures and experiments', () => {
    const groups = byTopic(all);
    const first = groups.findIndex((g) => g.group === 'Challenges');
    expect(groups.slice(0, first).map((g) => g.topic).at(-1)).toBe('Experiments');
    const challengeGroups = groups.slice(first);
    expect(challengeGroups.every((g) => g.group === 'Challenges' && g.entries.every((e) => e.kind === 'challenge' && e.topic === g.topic))).toBe(true);
    // one sub-heading per topic, in the catalog's order, every challenge once
    expect(challengeGroups.map((g) => g.topic)).toEqual([...new Set(CHALLENGE_CATALOG.map((c) => c.topic))]);
    expect(challengeGroups.flatMap((g) => g.entries.map((e) => e.id)).sort()).toEqual(CHALLENGE_CATALOG.map((c) => c.id).sort());
    expect(challengeGroups.find((g) => g.topic === 'Broken Raft')?.entries.map((e) => e.id)).toEqual(['forget-vote', 'vote-without-log-check', 'truncate-always']);
    // a lecture topic and a challenge topic of the same name stay apart
    const lecture = entries[0];
    const twin = { ...ch0(), topic: lecture.topic };
    expect(byTopic([lecture, twin]).map((g) => [g.group, g.topic])).toEqual([
      [undefined, lecture.topic],
      ['Challenges', lecture.topic],
    ]);
  });
});

describe('moving between cards with the arrow keys', () => {
  // two topics: three cards on a row, then a row of one; the next topic starts a row of two
  const box = (x: number, y: number): CardBox => ({ x, y, width: 100, height: 60 });
  const boxes = [box(0, 0), box(110, 0), box(220, 0), box(0, 70), box(0, 170), box(110, 170)];
  it('← → go to the previous and next card, stopping at the ends', () => {
    expect(moveInGrid(boxes, 1, 'ArrowRight')).toBe(2);
    expect(moveInGrid(boxes, 2, 'ArrowRight')).toBe(3); // reading order wraps to the next row
    expect(moveInGrid(boxes, 0, 'ArrowLeft')).toBeNull();
    expect(moveInGrid(boxes, 5, 'ArrowRight')).toBeNull();
  });
  it('↑ ↓ go to the nearest card above or below in the column, else the nearest of the next row', () => {
    expect(moveInGrid(boxes, 1, 'ArrowDown')).toBe(5); // the next card in its column, past the short row
    expect(moveInGrid(boxes, 3, 'ArrowDown')).toBe(4);
    expect(moveInGrid(boxes, 5, 'ArrowUp')).toBe(1);
    expect(moveInGrid([box(0, 0), box(110, 0), box(220, 0), box(0, 70)], 2, 'ArrowDown')).toBe(3); // no card below: the next row's nearest
    expect(moveInGrid(boxes, 2, 'ArrowUp')).toBeNull();
    expect(moveInGrid(boxes, 4, 'ArrowDown')).toBeNull();
  });
  it('↑ ↓ stay in a column when topics flow in columns of different lengths', () => {
    // column 1: cards at y 0, 80, 200; column 2 starts lower: 40, 150
    const cols = [box(0, 0), box(0, 80), box(0, 200), box(110, 40), box(110, 150)];
    expect(moveInGrid(cols, 0, 'ArrowDown')).toBe(1); // not the closer card of column 2
    expect(moveInGrid(cols, 3, 'ArrowDown')).toBe(4);
    expect(moveInGrid(cols, 4, 'ArrowUp')).toBe(3);
    expect(moveInGrid(cols, 2, 'ArrowDown')).toBeNull();
  });
  it('Home and End, and other keys', () => {
    expect(moveInGrid(boxes, 3, 'Home')).toBe(0);
    expect(moveInGrid(boxes, 3, 'End')).toBe(5);
    expect(moveInGrid(boxes, 3, 'Enter')).toBeNull();
  });
});
