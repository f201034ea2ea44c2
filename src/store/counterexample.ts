// The "Find a counterexample" search, seen from the app: it starts a Web Worker that fuzzes
// seeds of the current broken variant (src/check/search.ts), mirrors its progress, and when a
// shrunk failing run comes back, loads it into the simulator through the ordinary scenario
// loader, paused 1 ms before the violation, with the violated property highlighted in the
// Safety tab. Cancelling terminates the worker. The search never runs on the main thread.

import { create } from 'zustand';
import { OFFLINE_LEFT_OUT } from '../offline/data.ts';
import type { FoundViolation, SearchMessage, SearchRequest } from '../check/search.ts';
import type { Scenario } from '../check/fuzz.ts';
import { VARIANTS, type ResolvedOptions } from '../sim/index.ts';
import { shareUrl } from '../scenario/url.ts';
import { useApp } from './app.ts';
import { pause, seek } from './playback.ts';
import { restartScenario } from './actions.ts';
import { setSideTab, toast } from './ui.ts';
import { session } from './session.ts';
import { loadScenario } from './share.ts';
import { exhaustiveHighlight, useExhaustive } from './exhaustive.ts';

export const SEARCH_BUDGET = 500;
/** The fuzzer runs clusters of at most 15 servers. */
const MAX_NODES = 15;

export type SearchPhase = 'idle' | 'searching' | 'shrinking' | 'found' | 'exhausted' | 'cancelled' | 'error';

export interface SearchProgress {
  seedsDone: number;
  budget: number;
  seed: number;
  seedsPerSecond: number;
  elapsedMs: number;
}

export interface ShrinkProgress {
  seed: number;
  attempts: number;
  maxAttempts: number;
  actions: number;
  nodes: number;
  until: number;
}

export interface Counterexample {
  variant: string;
  seed: number;
  seedsDone: number;
  elapsedMs: number;
  scenario: Scenario;
  until: number;
  violation: FoundViolation;
  original: { actions: number; nodes: number; until: number };
  /** Where the simulator was paused: 1 ms before the violation. */
  pausedAt: number;
  /** A link that opens this run paused there. */
  link: string;
}

export interface CounterexampleState {
  phase: SearchPhase;
  variant: string;
  /** The first seed of the current (or last) search. */
  startSeed: number;
  progress: SearchProgress | null;
  shrink: ShrinkProgress | null;
  result: Counterexample | null;
  error: string | null;
  /** The options object of the session the counterexample was loaded into: the highlight lasts while it is current. */
  loadedOptions: ResolvedOptions | null;
}

const initial: CounterexampleState = {
  phase: 'idle',
  variant: 'none',
  startSeed: 1,
  progress: null,
  shrink: null,
  result: null,
  error: null,
  loadedOptions: null,
};

export const useCounterexample = create<CounterexampleState>()(() => ({ ...initial }));

const get = useCounterexample.getState;
const set = useCounterexample.setState;

// ------------------------------------------------------------------ the worker

export interface SearchWorker {
  postMessage(req: SearchRequest): void;
  terminate(): void;
  onmessage: ((e: MessageEvent<SearchMessage>) => void) | null;
  onerror: ((e: ErrorEvent) => void) | null;
}

function defaultWorker(): SearchWorker {
  if (__RAFTLAB_OFFLINE__) throw new Error(`the counterexample search is ${OFFLINE_LEFT_OUT}`);
  return new Worker(new URL('../check/search.worker.ts', import.meta.url), { type: 'module', name: 'raftlab-counterexample' });
}

let makeWorker: () => SearchWorker = defaultWorker;
let forcedWorkerCount: number | null = null;

/**
 * The search in progress: its workers (each takes every n-th seed) and what each reported, so
 * the panel shows one search. The first worker to find a violation keeps the machine to itself
 * while it shrinks it; the others stop.
 */
interface Running {
  workers: SearchWorker[];
  done: number[];
  rate: number[];
  skipped: number[];
  exhausted: boolean[];
  elapsedMs: number;
  /** The worker shrinking (or done shrinking) a violation, once one is found. */
  winner: number | null;
}
let running: Running | null = null;

/** Tests replace the Web Worker with a fake. */
export function setSearchWorkerFactory(factory: (() => SearchWorker) | null): void {
  makeWorker = factory ?? defaultWorker;
}

/** Tests fix the number of workers (else: the cores but one, 1 to 4). */
export function setSearchWorkerCount(n: number | null): void {
  forcedWorkerCount = n;
}

export function searchWorkerCount(): number {
  if (forcedWorkerCount !== null) return forcedWorkerCount;
  const cores = typeof navigator === 'undefined' ? 1 : (navigator.hardwareConcurrency ?? 1);
  return Math.max(1, Math.min(4, cores - 1));
}

function stopWorker(): void {
  if (running === null) return;
  for (const w of running.workers) {
    w.onmessage = null;
    w.onerror = null;
    w.terminate();
  }
  running = null;
}

export function isBrokenVariant(v: string): boolean {
  return (VARIANTS as readonly string[]).includes(v);
}

/** The search request for the current scenario: its variant, server count and timing. */
export function searchRequest(options: ResolvedOptions, startSeed = 1, budget = SEARCH_BUDGET): SearchRequest {
  return {
    type: 'start',
    variant: options.features.variant,
    nodes: Math.max(1, Math.min(MAX_NODES, options.nodes.length)),
    timing: { ...options.timing },
    budget,
    startSeed,
  };
}

/** Starts searching seeds of the current scenario's broken variant (from `startSeed`). */
export function startCounterexampleSearch(startSeed = 1): void {
  const options = useApp.getState().options;
  const variant = options.features.variant;
  if (!isBrokenVariant(variant)) {
    set({ ...initial, phase: 'error', error: 'Choose a broken variant first: correct Raft has no counterexample to find.' });
    return;
  }
  stopWorker();
  const count = searchWorkerCount();
  const workers: SearchWorker[] = [];
  try {
    for (let k = 0; k < count; k++) workers.push(makeWorker());
  } catch (err) {
    for (const w of workers) w.terminate();
    set({ ...initial, phase: 'error', error: `The search could not start: ${err instanceof Error ? err.message : String(err)}` });
    return;
  }
  const run: Running = {
    workers,
    done: workers.map(() => 0),
    rate: workers.map(() => 0),
    skipped: workers.map(() => 0),
    exhausted: workers.map(() => false),
    elapsedMs: 0,
    winner: null,
  };
  running = run;
  workers.forEach((w, k) => {
    w.onmessage = (e) => {
      if (running === run) fromWorker(run, k, e.data);
    };
    w.onerror = (e) => {
      if (running !== run) return;
      e.preventDefault?.();
      stopWorker();
      set({ phase: 'error', error: `The search stopped: ${e.message || 'the worker failed'}` });
    };
  });
  set({
    ...initial,
    phase: 'searching',
    variant,
    startSeed,
    progress: { seedsDone: 0, budget: SEARCH_BUDGET, seed: startSeed, seedsPerSecond: 0, elapsedMs: 0 },
  });
  // worker k tries seeds startSeed + k, + k + n, …: together the budget's seeds, each once
  workers.forEach((w, k) => {
    const budget = Math.floor(SEARCH_BUDGET / count) + (k < SEARCH_BUDGET % count ? 1 : 0);
    w.postMessage({ ...searchRequest(options, startSeed + k, budget), stride: count });
  });
}

/** One worker's message, folded into the one search the panel shows. */
function fromWorker(run: Running, k: number, m: SearchMessage): void {
  const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  if (run.winner !== null && run.winner !== k) return;
  switch (m.type) {
    case 'progress':
      run.done[k] = m.seedsDone;
      run.rate[k] = m.seedsPerSecond;
      run.skipped[k] = m.skipped;
      run.elapsedMs = Math.max(run.elapsedMs, m.elapsedMs);
      handleSearchMessage({ ...m, seedsDone: total(run.done), budget: SEARCH_BUDGET, seedsPerSecond: total(run.rate), elapsedMs: run.elapsedMs, skipped: total(run.skipped) });
      return;
    case 'shrinking':
      if (run.winner === null) {
        run.winner = k;
        // the shrinker gets the machine: the other workers stop
        run.workers.forEach((w, j) => {
          if (j === k) return;
          w.onmessage = null;
          w.onerror = null;
          w.terminate();
        });
      }
      handleSearchMessage(m);
      return;
    case 'found':
      run.done[k] = m.seedsDone;
      handleSearchMessage({ ...m, seedsDone: total(run.done) });
      return;
    case 'exhausted':
      run.done[k] = m.seedsDone;
      run.skipped[k] = m.skipped;
      run.exhausted[k] = true;
      run.elapsedMs = Math.max(run.elapsedMs, m.elapsedMs);
      if (run.exhausted.every(Boolean)) {
        handleSearchMessage({ type: 'exhausted', seedsDone: total(run.done), elapsedMs: run.elapsedMs, skipped: total(run.skipped) });
      }
      return;
    case 'cancelled':
    case 'error':
      handleSearchMessage(m);
      return;
  }
}

export function cancelCounterexampleSearch(): void {
  if (running === null) return;
  stopWorker();
  set({ phase: 'cancelled' });
}

/** Forgets the result (and its highlight). */
export function dismissCounterexample(): void {
  stopWorker();
  set({ ...initial });
}

/** Applies one message of the worker's protocol. Exported for tests. */
export function handleSearchMessage(m: SearchMessage): void {
  switch (m.type) {
    case 'progress':
      set({
        phase: 'searching',
        progress: { seedsDone: m.seedsDone, budget: m.budget, seed: m.seed, seedsPerSecond: m.seedsPerSecond, elapsedMs: m.elapsedMs },
      });
      return;
    case 'shrinking':
      set({
        phase: 'shrinking',
        shrink: { seed: m.seed, attempts: m.attempts, maxAttempts: m.maxAttempts, actions: m.actions, nodes: m.nodes, until: m.until },
      });
      return;
    case 'found': {
      stopWorker();
      const pausedAt = Math.max(0, m.violation.at - 1);
      const result: Counterexample = {
        variant: get().variant,
        seed: m.seed,
        seedsDone: m.seedsDone,
        elapsedMs: m.elapsedMs,
        scenario: m.scenario,
        until: m.until,
        violation: m.violation,
        original: m.original,
        pausedAt,
        link: linkFor(m.scenario, pausedAt),
      };
      set({ phase: 'found', result, shrink: null, error: null });
      showCounterexample();
      return;
    }
    case 'exhausted':
      stopWorker();
      set((s) => ({
        phase: 'exhausted',
        progress: s.progress !== null ? { ...s.progress, seedsDone: m.seedsDone, elapsedMs: m.elapsedMs } : null,
      }));
      return;
    case 'cancelled':
      stopWorker();
      set({ phase: 'cancelled' });
      return;
    case 'error':
      stopWorker();
      set({ phase: 'error', error: m.message });
      return;
  }
}

function linkFor(scenario: Scenario, t: number): string {
  const href = typeof location === 'undefined' ? 'http://localhost/' : location.href;
  try {
    return shareUrl(href, scenario, t);
  } catch {
    return '';
  }
}

/** Loads the counterexample into the simulator, paused 1 ms before the violation, Safety tab open. */
export function showCounterexample(): boolean {
  const r = get().result;
  if (r === null) return false;
  pause();
  const loaded = loadScenario(r.scenario);
  if (!loaded.ok) {
    set({ phase: 'error', error: loaded.error, loadedOptions: null });
    return false;
  }
  seek(r.pausedAt);
  pause();
  setSideTab('safety');
  set({ loadedOptions: useApp.getState().options });
  return true;
}

/** Shows the moment of the violation itself (the checker flags it there). */
export function stepToViolation(): void {
  const r = get().result;
  if (r === null) return;
  if (get().loadedOptions !== useApp.getState().options && !showCounterexample()) return;
  pause();
  seek(r.violation.at);
}

/** The property to highlight in the Safety tab: the counterexample's, while its run is shown. */
export function useHighlightedProperty(): string | null {
  const options = useApp((s) => s.options);
  const random = useCounterexample((s) => (s.result !== null && s.loadedOptions === options ? s.result.violation.property : null));
  // the exhaustive search's counterexample, once its walk-through reaches the violating event
  useExhaustive((e) => e.loadedOptions);
  const exhaustive = useApp((s) => exhaustiveHighlight(useExhaustive.getState(), s.options, s.displayedTime));
  return random ?? exhaustive;
}

/** Switches the simulator to another variant (same options and actions otherwise). */
export function chooseVariant(variant: string): void {
  if (variant !== 'none' && !isBrokenVariant(variant)) return;
  const o = useApp.getState().options;
  if (o.features.variant === variant) return;
  const next: ResolvedOptions = { ...o, features: { ...o.features, variant: variant as ResolvedOptions['features']['variant'] } };
  if (restartScenario(next, [...session().tm.actions])) {
    toast(variant === 'none' ? 'Correct Raft again (the run restarted).' : `Broken variant “${variant}” on: the run restarted.`);
  }
}
