// The challenge being played (issue 15; docs/challenges.md): small and eager. It opens a
// challenge's base scenario paused at its start and remembers the challenge for the goal card;
// the card, the grading and the built-in challenges are chunks of their own, loaded on first use.
// A challenge belongs to the run it was opened on: another scenario or new settings end it.

import { create } from 'zustand';
import type { Scenario } from '../scenario/format.ts';
import type { ChallengeSpec } from '../challenge/types.ts';
import type { ChallengeBase, Grade } from '../challenge/grade.ts';
import { session, type Session } from './session.ts';
import { useApp } from './app.ts';
import { openScenario } from './tour.ts';
import { pause } from './playback.ts';
import { toast } from './ui.ts';

export interface ActiveChallenge {
  /** A built-in challenge's id, else null (from a link, a file or the editor). */
  id: string | null;
  spec: ChallengeSpec;
  base: ChallengeBase;
  /** The base scenario (options, setup, the challenge), for Reset and links. */
  scenario: Scenario;
  /** The run it was opened on. */
  owner: Session;
}

export interface ChallengeState {
  active: ActiveChallenge | null;
  /** Hints shown so far. */
  hints: number;
  editorOpen: boolean;
}

export const useChallenge = create<ChallengeState>()(() => ({ active: null, hints: 0, editorOpen: false }));

interface Grader {
  grade(a: ActiveChallenge, tm: Session['tm'], t: number): Grade;
}
let live: Grader | null = null;

/** Loads the live grader (a chunk of its own, with the goal language's evaluation). */
export async function loadLiveGrader(): Promise<void> {
  const m = await import('./challengeLive.ts');
  live ??= new m.LiveGrader();
}

/** Hands over the live grader (the goal card, which loads it with itself). */
export function setLiveGrader(g: Grader): void {
  live ??= g;
}

/** The grade of the run on screen at the displayed time, or null (no challenge, or its grader not loaded yet). */
export function challengeGradeNow(): Grade | null {
  const a = activeChallenge();
  if (a === null || live === null) return null;
  return live.grade(a, session().tm, useApp.getState().displayedTime);
}

/** The challenge of the run on screen, or null (a challenge ends with its run). */
export function activeChallenge(): ActiveChallenge | null {
  const a = useChallenge.getState().active;
  return a !== null && a.owner === session() ? a : null;
}

/** The base of a challenge scenario: its options and its first `setup` actions, without the student's. */
export function baseScenario(s: Scenario & { challenge: ChallengeSpec }): Scenario {
  return { ...s, actions: s.actions.slice(0, s.challenge.setup) };
}

/**
 * Marks the run just opened from scenario `s` (which carries a challenge) as that challenge's
 * attempt. The scenario may hold more than the base: a shared solution replays the student's
 * actions too.
 */
export function adoptChallenge(s: Scenario, id: string | null = null): void {
  if (s.challenge === undefined) return;
  const base = baseScenario(s as Scenario & { challenge: ChallengeSpec });
  const active: ActiveChallenge = { id, spec: s.challenge, base: { options: s.options, setup: base.actions }, scenario: base, owner: session() };
  useChallenge.setState({ active, hints: 0 });
  void loadLiveGrader().catch(() => undefined); // the goal card loads it too; the console's status needs it
  if (id === null) identifying = identifyBuiltin(active);
}

let identifying: Promise<void> = Promise.resolve();

/** A built-in challenge opened from a link or a file carries no id: it is found by its base (a chunk with the built-ins). */
async function identifyBuiltin(a: ActiveChallenge): Promise<void> {
  const m = await import('../challenge/identify.ts').catch(() => null);
  const id = m?.builtinIdOf(a.scenario) ?? null;
  if (id !== null) useChallenge.setState((st) => (st.active === a ? { active: { ...a, id } } : st));
}

/** Resolves once the open challenge is known to be a built-in or not (the console's status waits for it). */
export function challengeIdentified(): Promise<void> {
  return identifying;
}

/** Opens a challenge's scenario paused at its start (a solution link: at `t`). */
export function openChallengeScenario(s: Scenario, id: string | null, opts: { push?: boolean; t?: number | null } = {}): boolean {
  if (s.challenge === undefined) return false;
  const t = opts.t ?? s.challenge.start;
  if (!openScenario(s, t, { push: opts.push })) return false;
  adoptChallenge(s, id);
  return true;
}

let latest = 0;

/** Opens a built-in challenge (loads its chunk). Resolves to false when it is unknown or could not load. */
export async function openBuiltinChallenge(id: string, opts: { push?: boolean } = {}): Promise<boolean> {
  const ticket = ++latest;
  const mods = await Promise.all([import('../challenge/builtins.ts'), import('../challenge/builtin.ts')]).catch(() => null);
  if (mods === null) {
    toast('Could not load the challenges. Check the connection and try again.', 'error');
    return false;
  }
  const [m, b] = mods;
  const found = m.BUILTIN_CHALLENGES.find((c) => c.id === id);
  if (found === undefined || ticket !== latest) return false;
  return openChallengeScenario(b.builtinScenario(found), id, opts);
}

/** Starts the open challenge again from its base, at its start. */
export function resetChallenge(): boolean {
  const a = activeChallenge();
  if (a === null) return false;
  useChallenge.setState({ hints: 0 });
  return openChallengeScenario(a.scenario, a.id);
}

/** Stops playing the challenge (the run stays on screen). */
export function closeChallenge(): void {
  useChallenge.setState({ active: null, hints: 0 });
}

export function showHint(): void {
  const a = activeChallenge();
  if (a === null) return;
  useChallenge.setState((s) => ({ hints: Math.min(s.hints + 1, a.spec.hints?.length ?? 0) }));
}

export function setChallengeEditorOpen(open: boolean): void {
  // the editor takes the displayed moment as the challenge's start: it must not move meanwhile
  if (open) pause();
  useChallenge.setState({ editorOpen: open });
}
