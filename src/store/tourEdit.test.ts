import { describe, expect, it } from 'vitest';
import type { Action } from '../sim/index.ts';
import type { TourStep } from '../scenario/format.ts';
import {
  carryDraftAcrossRestart,
  describeCarriedDraft,
  hasEntry,
  nodesAt,
  toggleEntry,
  toggleMessage,
  toggleNode,
  unknownNodeRefs,
  withoutUnknownNodes,
} from './tourEdit.ts';

const ORDER = ['S1', 'S2', 'S3'];
const bare: TourStep = { at: 100, text: 'hi' };

describe('highlight picking', () => {
  it('toggles servers in screen order and removes the empty list', () => {
    const a = toggleNode(toggleNode(bare, 'S3', ORDER), 'S1', ORDER);
    expect(a.highlights).toEqual({ nodes: ['S1', 'S3'] });
    const b = toggleNode(toggleNode(a, 'S1', ORDER), 'S3', ORDER);
    expect(b).toEqual(bare);
    expect('highlights' in b).toBe(false);
  });
  it('keeps servers that are no longer on screen', () => {
    const s: TourStep = { ...bare, highlights: { nodes: ['S9'] } };
    expect(toggleNode(s, 'S2', ORDER).highlights?.nodes).toEqual(['S2', 'S9']);
  });
  it('toggles messages, kept in ascending order, without touching other highlights', () => {
    const s: TourStep = { ...bare, highlights: { nodes: ['S1'] } };
    const a = toggleMessage(toggleMessage(s, 12), 5);
    expect(a.highlights).toEqual({ nodes: ['S1'], messages: [5, 12] });
    expect(toggleMessage(a, 12).highlights).toEqual({ nodes: ['S1'], messages: [5] });
    expect(toggleMessage(toggleMessage(a, 12), 5)).toEqual(s);
  });
  it('toggles log entries by server and index, sorted by server then index', () => {
    let s = toggleEntry(bare, { node: 'S2', index: 3 }, ORDER);
    s = toggleEntry(s, { node: 'S1', index: 4 }, ORDER);
    s = toggleEntry(s, { node: 'S2', index: 1 }, ORDER);
    expect(s.highlights?.entries).toEqual([
      { node: 'S1', index: 4 },
      { node: 'S2', index: 1 },
      { node: 'S2', index: 3 },
    ]);
    expect(hasEntry(s, { node: 'S2', index: 1 })).toBe(true);
    s = toggleEntry(s, { node: 'S2', index: 1 }, ORDER);
    expect(hasEntry(s, { node: 'S2', index: 1 })).toBe(false);
    expect(s.highlights?.entries).toHaveLength(2);
  });
  it('refuses entry indexes that are not 1-based integers', () => {
    expect(toggleEntry(bare, { node: 'S1', index: 0 }, ORDER)).toBe(bare);
    expect(toggleEntry(bare, { node: 'S1', index: 1.5 }, ORDER)).toBe(bare);
  });
});

describe('servers a step may name', () => {
  const actions: Action[] = [{ at: 500, type: 'addServer', node: 'S4' }];
  it('counts servers added by the step time', () => {
    expect([...nodesAt(ORDER, actions, 499)]).toEqual(ORDER);
    expect(nodesAt(ORDER, actions, 500).has('S4')).toBe(true);
  });
  it('finds and strips highlights of unknown servers (for links), keeping the rest', () => {
    const tour: TourStep[] = [
      { at: 100, text: 'a', highlights: { nodes: ['S1', 'S4'], messages: [3] } },
      { at: 600, text: 'b', highlights: { nodes: ['S4'], entries: [{ node: 'S5', index: 2 }] } },
    ];
    expect(unknownNodeRefs(tour, ORDER, actions)).toEqual([
      { step: 0, nodes: ['S4'] },
      { step: 1, nodes: ['S5'] },
    ]);
    const clean = withoutUnknownNodes(tour, ORDER, actions);
    expect(clean[0].highlights).toEqual({ nodes: ['S1'], messages: [3] });
    expect(clean[1].highlights).toEqual({ nodes: ['S4'] });
    expect(withoutUnknownNodes(clean, ORDER, actions)[1]).toBe(clean[1]);
  });
});

describe('a draft across a restart with other settings', () => {
  const tour: TourStep[] = [
    { at: 100, text: 'one', highlights: { nodes: ['S1', 'S5'], messages: [4, 9] }, question: { prompt: 'q', choices: ['a', 'b'], answer: 1 } },
    { at: 300, text: 'two', highlights: { entries: [{ node: 'S2', index: 1 }] } },
  ];
  it('keeps steps, texts, questions and server/entry highlights; drops message ids; names the missing servers', () => {
    const d = carryDraftAcrossRestart(tour, ORDER, []);
    expect(d.tour.map((s) => s.text)).toEqual(['one', 'two']);
    expect(d.tour[0].question).toEqual(tour[0].question);
    expect(d.tour[0].highlights).toEqual({ nodes: ['S1', 'S5'] });
    expect(d.tour[1]).toBe(tour[1]);
    expect(d.droppedMessages).toBe(2);
    expect(d.unknown).toEqual([{ step: 0, nodes: ['S5'] }]);
    const text = describeCarriedDraft(d) ?? '';
    expect(text).toContain('Step 1 highlights S5');
    expect(text).toContain('2 message highlights were removed');
  });
  it('says nothing when the draft fits the new run as it is', () => {
    const d = carryDraftAcrossRestart([tour[1]], ['S1', 'S2', 'S3', 'S4', 'S5'], []);
    expect(describeCarriedDraft(d)).toBeNull();
  });
});
