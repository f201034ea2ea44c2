import { describe, expect, it } from 'vitest';
import type { TourStep } from '../scenario/format.ts';
import { answerRevealed, clampStep, cleanTour, crossedStep, moveTo, stepForTime, MAX_TRAVEL_WALL_MS } from './tourNav.ts';

const tour: TourStep[] = [
  { at: 100, text: 'a' },
  { at: 300, text: 'b' },
  { at: 300, text: 'c' },
  { at: 9100, text: 'd' },
];

describe('tour navigation', () => {
  it('plays forward to a later step (sped up for long trips) and seeks to an earlier one', () => {
    expect(moveTo(tour, 0, 0, 1, true)).toEqual({ kind: 'play', at: 100, speed: 1 });
    expect(moveTo(tour, 3, 100, 0.1, true)).toEqual({ kind: 'play', at: 9100, speed: 9000 / MAX_TRAVEL_WALL_MS });
    expect(moveTo(tour, 0, 500, 1, true)).toEqual({ kind: 'seek', at: 100 });
    expect(moveTo(tour, 2, 300, 1, true)).toEqual({ kind: 'seek', at: 300 });
    expect(moveTo(tour, 3, 0, 1, false)).toEqual({ kind: 'seek', at: 9100 });
    expect(moveTo(tour, 9, 0, 1, true)).toBeNull();
  });

  it('pauses when playback crosses the next step', () => {
    expect(crossedStep(tour, -1, 0, 99.9)).toBeNull();
    expect(crossedStep(tour, -1, 99, 100)).toBe(0);
    expect(crossedStep(tour, -1, 99, 180.4)).toBe(0);
    expect(crossedStep(tour, 0, 100, 400)).toBe(1);
    expect(crossedStep(tour, 3, 9000, 99999)).toBeNull();
    expect(crossedStep(tour, 0, 100, 100)).toBeNull();
  });

  it('finds the step of a moment, clamps indexes', () => {
    expect(stepForTime(tour, 0)).toBe(-1);
    expect(stepForTime(tour, 100)).toBe(0);
    expect(stepForTime(tour, 300)).toBe(2);
    expect(stepForTime(tour, 1e9)).toBe(3);
    expect(clampStep(tour, 17)).toBe(3);
    expect(clampStep(tour, -5)).toBe(-1);
    expect(clampStep(tour, Number.NaN)).toBe(-1);
    expect(clampStep([], 0)).toBe(-1);
  });

  it('reveals an answer after a choice or once the tour moved on', () => {
    expect(answerRevealed(1, 1, new Map(), new Set())).toBe(false);
    expect(answerRevealed(1, 1, new Map([[1, 0]]), new Set())).toBe(true);
    expect(answerRevealed(1, 2, new Map(), new Set())).toBe(true);
    expect(answerRevealed(1, 0, new Map(), new Set([1]))).toBe(true);
  });

  it('cleans unfinished questions and empty highlights before sharing', () => {
    expect(
      cleanTour([
        { at: 1, text: 'x', highlights: { nodes: [], messages: [3] }, question: { prompt: 'Q', choices: ['a', '', 'b'], answer: 2 } },
        { at: 2, text: 'y', highlights: { nodes: [] }, question: { prompt: '', choices: ['a', 'b'], answer: 0 } },
        { at: 3, text: 'z', question: { prompt: 'Q', choices: ['a', ''], answer: 0 } },
        { at: 4, text: 'w', question: { prompt: 'Q', choices: ['a', 'b', ''], answer: 2 } },
      ]),
    ).toEqual([
      { at: 1, text: 'x', highlights: { messages: [3] }, question: { prompt: 'Q', choices: ['a', 'b'], answer: 1 } },
      { at: 2, text: 'y' },
      { at: 3, text: 'z' },
      { at: 4, text: 'w' },
    ]);
  });
});
