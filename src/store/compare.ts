// Compare side by side: pane B is a second time machine on pane A's seed and action script
// with options that differ (usually in one field), kept in lockstep with pane A.
//
// - Lockstep: whenever the app store's displayed time or frame changes (play, seek, step,
//   an action, undo, a branch switch), pane B takes A's current script and is shown at the same
//   simulated time. The user acts on pane A only (its script is the one recorded and shared);
//   pane B replays each action at its time. An action B cannot apply (a message id B never
//   sent, a client busy in B) is skipped in B and listed, never thrown.
// - Divergence: a scout (divergence.ts) runs both configurations ahead of the display, a few
//   milliseconds of wall time per frame, and reports the first event that differs.
// - Pane A's session changing (new settings, another scenario) ends the comparison.

import { create } from 'zustand';
import { createStore } from 'zustand/vanilla';
import { paneTitles } from '../scenario/compare.ts';
import { LIMITS } from '../scenario/format.ts';
import { resolveOptions } from '../sim/index.ts';
import type { Action, Cluster, ClusterOptions, ResolvedOptions } from '../sim/index.ts';
import { useApp } from './app.ts';
import { buildFrame, nextFrame } from './frame.ts';
import { toast } from './ui.ts';
import { describeEvent, formatTime } from './describe.ts';
import { DivergenceScout, type Divergence } from './divergence.ts';
import type { OutcomeDifference } from './outcome.ts';
import type { PaneData, PaneStore } from './panes.ts';
import { createSession, session, type Session } from './session.ts';
import { skippedActions, type SkippedAction } from './skipped.ts';

/** How far past the script's last action (or the displayed time) the scout looks for a divergence. */
export const LOOKAHEAD_MS = 10_000;
/** Wall time the scout may use per animation frame. */
export const SCOUT_BUDGET_MS = 4;

/** An action of the script pane B skipped (the panes list them: SkippedActions.tsx). */
export type RefusedAction = SkippedAction;

export interface DivergenceText {
  a: string;
  b: string;
}

export interface CompareState {
  active: boolean;
  /** Pane B's options (resolved). */
  optionsB: ResolvedOptions | null;
  /** Each pane's difference, e.g. { a: 'PreVote off', b: 'PreVote on' }. */
  titles: { a: string; b: string };
  /** Pane B's drawing data, for the cluster view (null when not comparing). */
  pane: PaneStore | null;
  divergence: Divergence | null;
  /** Where the outcomes first differ (leader, term, committed entries, safety), each once, earliest first. */
  outcomes: readonly OutcomeDifference[];
  /** What each run did at the divergence, in words. */
  divergenceText: DivergenceText | null;
  /** No divergence up to this simulated time (the scout's progress; rounded to 100 ms). */
  comparedTo: number;
  /** The scout gave up (could not run a configuration); no mark is shown. */
  scoutFailed: boolean;
  /** Actions of the script up to the displayed time that pane B skipped. */
  refused: readonly RefusedAction[];
  dialogOpen: boolean;
}

const initial = {
  active: false,
  optionsB: null,
  titles: { a: '', b: '' },
  pane: null,
  divergence: null,
  outcomes: [],
  divergenceText: null,
  comparedTo: 0,
  scoutFailed: false,
  refused: [],
} satisfies Omit<CompareState, 'dialogOpen'>;

export const useCompare = create<CompareState>()(() => ({ ...initial, dialogOpen: false }));

const set = useCompare.setState;

interface Running {
  /** Pane A's session when the comparison started. */
  owner: Session;
  b: Session;
  pane: PaneStore;
  /** Pane A's script as last handed to B (by identity: the time machine replaces it on change). */
  script: readonly Action[];
  scout: DivergenceScout | null;
  lastCluster: Cluster | null;
  refusedSeen: ReadonlyMap<number, string>;
  appliedSeen: number;
}

let running: Running | null = null;

function clock(): number {
  return typeof performance === 'undefined' ? Date.now() : performance.now();
}

function newScout(a: ResolvedOptions, b: ResolvedOptions, script: readonly Action[]): DivergenceScout | null {
  try {
    return new DivergenceScout(a, b, script);
  } catch {
    return null; // the panes still run; only the mark is missing (scoutFailed says so)
  }
}

/**
 * Opens compare mode: pane B on the current run's seed and script with `optionsB`. Pane B must
 * have the same servers. Returns false (with a notice) when the options are refused.
 */
export function enterCompare(optionsB: ClusterOptions | ResolvedOptions): boolean {
  const a = session();
  let resolved: ResolvedOptions;
  let b: Session;
  try {
    resolved = resolveOptions(optionsB);
    const nodesA = a.tm.options.nodes;
    if (resolved.nodes.length !== nodesA.length || resolved.nodes.some((id, i) => id !== nodesA[i])) {
      throw new Error(`Compare: pane B must have the same servers as pane A (${nodesA.join(', ')}): both replay one action script.`);
    }
    b = createSession(resolved, [...a.tm.actions]);
  } catch (err) {
    toast(err instanceof Error ? err.message : String(err), 'error');
    return false;
  }
  stopRunning();
  const pane = createStore<PaneData>(() => ({ id: 'b', frame: buildFrame(null, null, b), options: b.tm.options, session: b }));
  const scout = newScout(a.tm.options, resolved, a.tm.actions);
  running = { owner: a, b, pane, script: a.tm.actions, scout, lastCluster: b.tm.cluster, refusedSeen: new Map(), appliedSeen: 0 };
  set({
    ...initial,
    active: true,
    optionsB: resolved,
    titles: paneTitles(a.tm.options, resolved),
    pane,
    scoutFailed: scout === null,
    dialogOpen: false,
  });
  align();
  return true;
}

function stopRunning(): void {
  running?.b.dispose();
  running = null;
}

/** Back to one pane. */
export function exitCompare(): void {
  if (running === null && !useCompare.getState().active) return;
  stopRunning();
  set({ ...initial });
}

/** Pane B's options while comparing (for share links and raftlab.scenario()), else null. */
export function compareOptions(): ResolvedOptions | null {
  return running === null ? null : running.b.tm.options;
}

/** Pane B's session while comparing (tests, the console). */
export function compareSession(): Session | null {
  return running?.b ?? null;
}

/** The dialog that chooses what pane B changes. */
export function openCompareDialog(): void {
  set({ dialogOpen: true });
}

export function closeCompareDialog(): void {
  set({ dialogOpen: false });
}

/** Brings pane B to pane A's script and displayed time, and refreshes what B draws. */
export function align(): void {
  const r = running;
  if (r === null) return;
  const a = session();
  if (a !== r.owner) {
    exitCompare();
    return;
  }
  const t = Math.max(0, Math.floor(useApp.getState().displayedTime));
  const tm = r.b.tm;
  if (a.tm.actions !== r.script) {
    // an action, undo/redo or branch switch in A: B keeps the common past and recomputes the rest
    r.script = a.tm.actions;
    tm.setScript([...r.script], t);
    r.scout = newScout(a.tm.options, tm.options, r.script);
    set({ divergence: null, outcomes: [], divergenceText: null, comparedTo: 0, scoutFailed: r.scout === null });
  }
  tm.seek(t);
  const prev = r.pane.getState().frame;
  const frame = nextFrame(prev, r.lastCluster, r.b);
  r.lastCluster = tm.cluster;
  if (frame !== prev) r.pane.setState({ frame });
  if (tm.refused !== r.refusedSeen || tm.appliedActions !== r.appliedSeen) {
    r.refusedSeen = tm.refused;
    r.appliedSeen = tm.appliedActions;
    const old = useCompare.getState().refused;
    const refused = skippedActions(tm, old);
    if (refused !== old) set({ refused });
  }
}

/** The simulated time the scout looks ahead to: past the script's end and the displayed time. */
function lookaheadTarget(): number {
  const a = session().tm;
  const last = a.actions.length > 0 ? a.actions[a.actions.length - 1].at : 0;
  return Math.min(LIMITS.time, Math.max(last, a.horizon, useApp.getState().displayedTime) + LOOKAHEAD_MS);
}

/**
 * Lets the scout look for the divergence for at most `budgetMs` of wall time (called once per
 * animation frame while comparing; tests pass Infinity).
 */
export function advanceDivergence(budgetMs: number = SCOUT_BUDGET_MS): void {
  const scout = running?.scout;
  if (scout === undefined || scout === null || scout.done) return;
  const target = lookaheadTarget();
  if (scout.reached >= target) return;
  scout.advance(target, budgetMs, clock);
  const now = useCompare.getState();
  const patch: Partial<CompareState> = {};
  const d = scout.divergence;
  if (d !== null && now.divergence === null) {
    patch.divergence = d;
    patch.divergenceText = divergenceText(d);
  }
  const outcomes = scout.outcomes;
  if (outcomes.length !== now.outcomes.length) patch.outcomes = outcomes;
  // after the divergence the scout goes on comparing outcomes
  const comparedTo = d !== null && d.at > scout.reached ? d.at : Math.floor(scout.reached / 100) * 100;
  if (comparedTo !== now.comparedTo) patch.comparedTo = comparedTo;
  if (Object.keys(patch).length > 0) set(patch);
}

function divergenceText(d: Divergence): DivergenceText {
  const say = (e: Divergence['a']) =>
    e === null ? 'nothing more happens' : `${describeEvent(e)}${e.at !== d.at ? ` (at ${formatTime(e.at)})` : ''}`;
  return { a: say(d.a), b: say(d.b) };
}

// Lockstep: B follows every change of A's displayed time or state.
useApp.subscribe((s, prev) => {
  if (running !== null && (s.displayedTime !== prev.displayedTime || s.frame !== prev.frame)) align();
});
