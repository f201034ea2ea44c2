// Pure rules of guided-tour navigation (no store, no DOM), so they can be unit-tested:
// which step comes next, how to get to a step (play forward to it, or seek), when playback
// crosses the next step's time (pause there), and which answers are revealed.

import type { TourShow, TourStep } from '../scenario/format.ts';
import type { Action } from '../sim/index.ts';

/** Wall-clock time a "Next" should take at most when the step is far ahead, ms. */
export const MAX_TRAVEL_WALL_MS = 3000;

export type StepMove = { kind: 'seek'; at: number } | { kind: 'play'; at: number; speed: number };

/** How to show step `index` from displayed time `t` at playback speed `speed`. */
export function moveTo(tour: readonly TourStep[], index: number, t: number, speed: number, animate: boolean): StepMove | null {
  const step = tour[index];
  if (step === undefined) return null;
  if (!animate || step.at <= t) return { kind: 'seek', at: step.at };
  // play forward; speed up so the trip takes at most MAX_TRAVEL_WALL_MS of wall time
  const needed = (step.at - t) / MAX_TRAVEL_WALL_MS;
  return { kind: 'play', at: step.at, speed: Math.min(100, Math.max(speed, needed)) };
}

/**
 * While playing from `prev` to `now`, the tour pauses at the next step's time when it is
 * crossed. Returns that step's index, or null.
 */
export function crossedStep(tour: readonly TourStep[], current: number, prev: number, now: number): number | null {
  const next = tour[current + 1];
  if (next === undefined) return null;
  return prev < next.at && next.at <= now ? current + 1 : null;
}

/** The step for a time the user scrubbed to: the last whose time is ≤ t (−1: before the first). */
export function stepForTime(tour: readonly TourStep[], t: number): number {
  let found = -1;
  for (let i = 0; i < tour.length; i++) if (tour[i].at <= t + 1e-6) found = i;
  return found;
}

/** Clamp a step index into the tour (−1 is the intro card). */
export function clampStep(tour: readonly TourStep[], index: number): number {
  if (!Number.isFinite(index)) return -1;
  return Math.max(-1, Math.min(tour.length - 1, Math.trunc(index)));
}

/**
 * Whether the answer of step `index` is shown: after a choice was made, or once the tour has
 * moved on past it ("revealed by playing on").
 */
export function answerRevealed(index: number, current: number, chosen: ReadonlyMap<number, number>, passed: ReadonlySet<number>): boolean {
  return chosen.has(index) || passed.has(index) || current > index;
}

/**
 * The tour as it goes into a link or file: a question the editor left unfinished (no prompt,
 * fewer than two non-empty choices) is left out, empty choices are dropped (the answer
 * follows its choice), and empty highlight lists are removed.
 */
export function cleanTour(tour: readonly TourStep[]): TourStep[] {
  return tour.map((s) => {
    const out: TourStep = { at: s.at, text: s.text };
    const h = s.highlights;
    if (h !== undefined) {
      const hl: NonNullable<TourStep['highlights']> = {};
      if (h.nodes !== undefined && h.nodes.length > 0) hl.nodes = h.nodes.slice();
      if (h.messages !== undefined && h.messages.length > 0) hl.messages = h.messages.slice();
      if (h.entries !== undefined && h.entries.length > 0) hl.entries = h.entries.map((e) => ({ ...e }));
      if (Object.keys(hl).length > 0) out.highlights = hl;
    }
    const q = s.question;
    if (q !== undefined && q.prompt.trim() !== '') {
      const kept = q.choices.map((c, i) => ({ c, i })).filter((x) => x.c.trim() !== '');
      const answer = kept.findIndex((x) => x.i === q.answer);
      if (kept.length >= 2 && answer >= 0) out.question = { prompt: q.prompt, choices: kept.map((x) => x.c), answer };
    }
    const show = cleanShow(s.show);
    if (show !== undefined) out.show = show;
    return out;
  });
}

/** A step's screen without the parts left unset (false logsLarge is the default); undefined when nothing is left. */
export function cleanShow(show: TourShow | undefined): TourShow | undefined {
  if (show === undefined) return undefined;
  const out: TourShow = {};
  if (show.select !== undefined && show.select !== '') out.select = show.select;
  if (show.tab !== undefined) out.tab = show.tab;
  if (show.logsLarge === true) out.logsLarge = true;
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * Whether the run follows the tour's own script: the current branch's action script is the one
 * the scenario came with. Acting during a tour starts a new branch: the tour is then "off script"
 * (its text describes a future that is no longer the one on screen).
 */
export function onScript(current: readonly Action[], script: readonly Action[]): boolean {
  if (current === script) return true;
  if (current.length !== script.length) return false;
  for (let i = 0; i < current.length; i++) if (JSON.stringify(current[i]) !== JSON.stringify(script[i])) return false;
  return true;
}

/**
 * Whether Next may go on from step `index`: to the following step, or, on the last step, to reveal
 * its question's answer (the hint says "press Next to play on and see").
 */
export function canGoNext(tour: readonly TourStep[], index: number, revealed: boolean): boolean {
  if (index < tour.length - 1) return true;
  return index >= 0 && tour[index]?.question !== undefined && !revealed;
}
