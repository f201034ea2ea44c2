// The exhaustive "Find a counterexample" (issue 12, beside the random search of counterexample.ts):
// every run of a small cluster (2–4 servers) within bounds, breadth-first, in a Web Worker
// (src/check/explore.worker.ts, loaded only when a search starts), with its progress, a cancel,
// and the bound it reached. A counterexample opens as an ordinary scenario scheduled by hand (a
// manual network, frozen timers: the scheduler mode), paused at the start: the student advances
// it one event at a time and sees the violated property at the end.

import { create } from 'zustand';
import { OFFLINE_LEFT_OUT } from '../offline/data.ts';
import { DEFAULT_EXPLORE, type ExploreConfig, type ExploreCoverage } from '../check/explore/types.ts';
import { VARIANT_BOUNDS } from '../check/explore/config.ts';
import type { ExploreCounterexample, ExploreMessage, ExploreRequest } from '../check/exploreSearch.ts';
import type { ResolvedOptions } from '../sim/index.ts';
import { useApp } from './app.ts';
import { pause, seek } from './playback.ts';
import { loadScenario } from './share.ts';
import { setSideTab } from './ui.ts';

export type SearchMode = 'random' | 'exhaustive';
export type ExhaustivePhase = 'idle' | 'running' | 'found' | 'clean' | 'cancelled' | 'error';

export const MIN_SERVERS = 2;
export const MAX_SERVERS = 4;
/** The browser's cap on distinct states (memory): the search stops there and says so. */
export const BROWSER_MAX_STATES = 1_000_000;

export interface ExhaustiveProgress {
  states: number;
  distinct: number;
  depth: number;
  elapsedMs: number;
}

export interface ExhaustiveDone extends ExhaustiveProgress {
  finished: 'exhausted' | 'max-states' | 'violation';
  coverage: ExploreCoverage;
  config: ExploreConfig;
}

export interface ExhaustiveState {
  mode: SearchMode;
  phase: ExhaustivePhase;
  servers: number;
  /** Longest path; null: the variant's own default (VARIANT_BOUNDS, else DEFAULT_EXPLORE). */
  depth: number | null;
  variant: string;
  startedAt: number;
  progress: ExhaustiveProgress | null;
  done: ExhaustiveDone | null;
  counterexample: ExploreCounterexample | null;
  error: string | null;
  /** The options object of the session it was opened in: the walk-through lasts while it is current. */
  loadedOptions: ResolvedOptions | null;
}

const initial: Omit<ExhaustiveState, 'mode' | 'servers' | 'depth'> = {
  phase: 'idle',
  variant: 'none',
  startedAt: 0,
  progress: null,
  done: null,
  counterexample: null,
  error: null,
  loadedOptions: null,
};

export const useExhaustive = create<ExhaustiveState>()(() => ({ ...initial, mode: 'random', servers: 3, depth: null }));

const get = useExhaustive.getState;
const set = useExhaustive.setState;

/** The default depth for a variant (what the CLI uses). */
export function defaultDepth(variant: string): number {
  return VARIANT_BOUNDS[variant]?.depth ?? DEFAULT_EXPLORE.depth;
}

export function setSearchMode(mode: SearchMode): void {
  set({ mode });
}

export function setExhaustiveServers(n: number): void {
  if (Number.isInteger(n) && n >= MIN_SERVERS && n <= MAX_SERVERS) set({ servers: n });
}

export function setExhaustiveDepth(depth: number | null): void {
  if (depth === null || (Number.isInteger(depth) && depth >= 1 && depth <= 200)) set({ depth });
}

// ------------------------------------------------------------------ the worker

export interface ExploreWorker {
  postMessage(req: ExploreRequest): void;
  terminate(): void;
  onmessage: ((e: MessageEvent<ExploreMessage>) => void) | null;
  onerror: ((e: ErrorEvent) => void) | null;
}

function defaultWorker(): ExploreWorker {
  if (__RAFTLAB_OFFLINE__) throw new Error(`the exhaustive search is ${OFFLINE_LEFT_OUT}`);
  return new Worker(new URL('../check/explore.worker.ts', import.meta.url), { type: 'module', name: 'raftlab-explore' });
}

let makeWorker: () => ExploreWorker = defaultWorker;
let worker: ExploreWorker | null = null;

/** Tests replace the Web Worker with a fake. */
export function setExploreWorkerFactory(factory: (() => ExploreWorker) | null): void {
  makeWorker = factory ?? defaultWorker;
}

function stopWorker(): void {
  if (worker === null) return;
  worker.onmessage = null;
  worker.onerror = null;
  worker.terminate();
  worker = null;
}

/** The bounds of a search of `variant` as the panel sets them. */
export function exhaustiveConfig(variant: string, servers: number, depth: number | null): Partial<ExploreConfig> {
  return {
    variant: variant as ExploreConfig['variant'],
    servers,
    depth: depth ?? defaultDepth(variant),
    maxStates: BROWSER_MAX_STATES,
  };
}

/** Starts exploring every run of the current variant within bounds (correct Raft too: to see it hold). */
export function startExhaustiveSearch(now: number = typeof performance === 'undefined' ? 0 : performance.now()): void {
  const variant = useApp.getState().options.features.variant;
  stopWorker();
  const { servers, depth } = get();
  try {
    worker = makeWorker();
  } catch (err) {
    set({ ...initial, phase: 'error', error: `The search could not start: ${err instanceof Error ? err.message : String(err)}` });
    return;
  }
  const w = worker;
  w.onmessage = (e) => {
    if (worker === w) handleExploreMessage(e.data);
  };
  w.onerror = (e) => {
    if (worker !== w) return;
    e.preventDefault?.();
    stopWorker();
    set({ phase: 'error', error: `The search stopped: ${e.message || 'the worker failed'}` });
  };
  set({ ...initial, phase: 'running', variant, startedAt: now, progress: { states: 0, distinct: 0, depth: 0, elapsedMs: 0 } });
  w.postMessage({ type: 'start', config: exhaustiveConfig(variant, servers, depth) });
}

export function cancelExhaustiveSearch(): void {
  if (worker === null) return;
  stopWorker();
  set({ phase: 'cancelled' });
}

export function dismissExhaustive(): void {
  stopWorker();
  set({ ...initial });
}

/** Applies one message of the worker's protocol. Exported for tests. */
export function handleExploreMessage(m: ExploreMessage): void {
  switch (m.type) {
    case 'progress':
      set({ phase: 'running', progress: { states: m.states, distinct: m.distinct, depth: m.depth, elapsedMs: m.elapsedMs } });
      return;
    case 'done': {
      stopWorker();
      const done: ExhaustiveDone = {
        finished: m.finished,
        states: m.states,
        distinct: m.distinct,
        depth: m.depth,
        elapsedMs: m.elapsedMs,
        coverage: m.coverage,
        config: m.config,
      };
      set({ phase: m.counterexample !== null ? 'found' : 'clean', done, progress: done, counterexample: m.counterexample });
      if (m.counterexample !== null) openExhaustiveCounterexample();
      return;
    }
    case 'error':
      stopWorker();
      set({ phase: 'error', error: m.message });
      return;
  }
}

// ------------------------------------------------------------------ the walk-through

/** Whether the counterexample is the run shown now. */
export function isWalkthroughShown(s: ExhaustiveState, options: ResolvedOptions): boolean {
  return s.counterexample !== null && s.loadedOptions === options;
}

/** Opens the counterexample paused at its start (no event yet), Safety tab open. */
export function openExhaustiveCounterexample(): boolean {
  const cx = get().counterexample;
  if (cx === null) return false;
  pause();
  const loaded = loadScenario(cx.scenario);
  if (!loaded.ok) {
    set({ phase: 'error', error: loaded.error, loadedOptions: null });
    return false;
  }
  seek(0);
  pause();
  setSideTab('safety');
  set({ loadedOptions: useApp.getState().options });
  return true;
}

/** How many of the counterexample's events have happened at displayed time `t` (0 … its length). */
export function stepAt(cx: ExploreCounterexample, t: number): number {
  return Math.max(0, Math.min(cx.steps.length, Math.floor(t / cx.stepMs)));
}

/** Shows the counterexample after `k` of its events (0 … its length), paused. */
export function showExhaustiveStep(k: number): void {
  const s = get();
  const cx = s.counterexample;
  if (cx === null) return;
  if (!isWalkthroughShown(s, useApp.getState().options) && !openExhaustiveCounterexample()) return;
  const step = Math.max(0, Math.min(cx.steps.length, k));
  pause();
  // step k acts at k × stepMs; the last is shown just after it, where the checker has flagged it
  seek(step === cx.steps.length ? cx.until : step * cx.stepMs);
}

/** The step shown now (from the displayed time: playing or stepping the timeline moves it too). */
function currentStep(): number {
  const cx = get().counterexample;
  return cx === null ? 0 : stepAt(cx, useApp.getState().displayedTime);
}

export function nextExhaustiveStep(): void {
  showExhaustiveStep(currentStep() + 1);
}

export function previousExhaustiveStep(): void {
  showExhaustiveStep(currentStep() - 1);
}

/** The property to highlight: the counterexample's, once the walk-through has reached its end. */
export function exhaustiveHighlight(s: ExhaustiveState, options: ResolvedOptions, t: number): string | null {
  if (!isWalkthroughShown(s, options) || s.counterexample === null) return null;
  return stepAt(s.counterexample, t) === s.counterexample.steps.length ? s.counterexample.property : null;
}
