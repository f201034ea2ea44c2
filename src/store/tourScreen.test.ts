// The pure rules behind "tours drive the screen" (issue 14): what a step shows, times as tours
// read them, when the tour is off its script, when Next may reveal the last step's answer.

import { describe, expect, it } from 'vitest';
import type { Action } from '../sim/index.ts';
import type { TourStep } from '../scenario/format.ts';
import { canGoNext, cleanShow, cleanTour, onScript } from './tourNav.ts';
import { screenFor, showTabOf } from './tourShow.ts';
import { formatTourTime } from './tourTime.ts';

describe('times in tours', () => {
  it('whole seconds without decimals, milliseconds only when they matter', () => {
    expect(formatTourTime(20_000)).toBe('20 s');
    expect(formatTourTime(1100)).toBe('1.1 s');
    expect(formatTourTime(2608)).toBe('2.608 s');
    expect(formatTourTime(2335)).toBe('2.335 s');
    expect(formatTourTime(1000)).toBe('1 s');
    expect(formatTourTime(1050)).toBe('1.05 s');
    expect(formatTourTime(250)).toBe('250 ms');
    expect(formatTourTime(0)).toBe('0 ms');
    expect(formatTourTime(999.6)).toBe('1 s');
    expect(formatTourTime(Number.NaN)).toBe('—');
  });
});

describe('what a step shows', () => {
  const ids = ['S1', 'S2', 'S3'];
  it('selects a server, opens a side-panel tab, enlarges the logs', () => {
    const step: TourStep = { at: 5, text: 'x', show: { select: 'S2', tab: 'safety', logsLarge: true } };
    expect(screenFor(step, ids)).toEqual({ select: 'S2', sideTab: 'safety', logsLarge: true, logsTab: false });
  });
  it('a step highlighting log entries brings the Logs tab forward; one without a screen leaves it alone', () => {
    expect(screenFor({ at: 5, text: 'x', highlights: { entries: [{ node: 'S1', index: 2 }] } }, ids)).toEqual({ logsLarge: false, logsTab: true });
    expect(screenFor({ at: 5, text: 'x', highlights: { nodes: ['S1'] } }, ids)).toEqual({ logsLarge: false, logsTab: false });
    expect(screenFor(undefined, ids)).toEqual({ logsLarge: false, logsTab: false });
  });
  it('does not select a server that is not on screen', () => {
    expect(screenFor({ at: 5, text: 'x', show: { select: 'S9' } }, ids).select).toBeUndefined();
  });
  it('names the side tabs as a scenario does (server, not node)', () => {
    expect(screenFor({ at: 5, text: 'x', show: { tab: 'server' } }, ids).sideTab).toBe('node');
    expect(showTabOf('node')).toBe('server');
    expect(showTabOf('history')).toBe('history');
  });
  it('a link or file keeps only what is set', () => {
    expect(cleanShow({ logsLarge: false, select: '' })).toBeUndefined();
    expect(cleanShow({ tab: 'safety', logsLarge: false })).toEqual({ tab: 'safety' });
    const [step] = cleanTour([{ at: 1, text: 't', show: { select: 'S1', logsLarge: true } }]);
    expect(step.show).toEqual({ select: 'S1', logsLarge: true });
    expect('show' in cleanTour([{ at: 1, text: 't', show: {} }])[0]).toBe(false);
  });
});

describe('off script', () => {
  const script: Action[] = [
    { at: 100, type: 'timeout', node: 'S1' },
    { at: 300, type: 'crash', node: 'S1' },
  ];
  it('the run follows the tour while its action script is the tour’s', () => {
    expect(onScript(script, script)).toBe(true);
    expect(onScript(structuredClone(script), script)).toBe(true);
  });
  it('acting (a new branch, an extra or a changed action) leaves the script', () => {
    expect(onScript([script[0]], script)).toBe(false);
    expect(onScript([...script, { at: 400, type: 'restart', node: 'S1' }], script)).toBe(false);
    expect(onScript([script[0], { at: 300, type: 'crash', node: 'S2' }], script)).toBe(false);
  });
});

describe('Next', () => {
  const tour: TourStep[] = [
    { at: 1, text: 'a' },
    { at: 2, text: 'b', question: { prompt: 'q', choices: ['x', 'y'], answer: 1 } },
  ];
  it('goes on to the next step, and on a last step with a question reveals its answer once', () => {
    expect(canGoNext(tour, -1, false)).toBe(true);
    expect(canGoNext(tour, 0, false)).toBe(true);
    expect(canGoNext(tour, 1, false)).toBe(true);
    expect(canGoNext(tour, 1, true)).toBe(false);
    expect(canGoNext([{ at: 1, text: 'a' }], 0, false)).toBe(false);
  });
});
