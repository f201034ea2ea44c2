// The experiment in the Experiments dialog: its spec, the run in progress (workers, progress,
// partial trials as they come), cancel, exports, and opening one trial's run in the simulator,
// paused 1 ms before its crash, through an ordinary share link. Loaded with the dialog.

import { create } from 'zustand';
import type { BroadcastTime } from '../experiment/broadcast.ts';
import { experimentWorkerCount, startExperiment, type RunningExperiment } from '../experiment/pool.ts';
import { assemble, linkOfTrial, workItems, type ExperimentResult } from '../experiment/run.ts';
import { valuePoints } from '../experiment/spec.ts';
import type { ExperimentSpec, TrialResult } from '../experiment/types.ts';
import { closeExperiments } from './experimentsOpen.ts';
import { toast } from './ui.ts';
import { currentScenarioOf } from './share.ts';
import { shareUrl } from '../scenario/url.ts';
import { pause } from './playback.ts';

export type ExperimentPhase = 'idle' | 'running' | 'done' | 'cancelled' | 'error';

export interface ExperimentState {
  spec: ExperimentSpec | null;
  phase: ExperimentPhase;
  trials: TrialResult[];
  total: number;
  workers: number;
  startedAt: number;
  elapsedMs: number;
  broadcast: (BroadcastTime | undefined)[];
  error: string | null;
}

const initial: ExperimentState = { spec: null, phase: 'idle', trials: [], total: 0, workers: 0, startedAt: 0, elapsedMs: 0, broadcast: [], error: null };

export const useExperiment = create<ExperimentState>()(() => ({ ...initial }));
const set = useExperiment.setState;
const get = useExperiment.getState;

let running: RunningExperiment | null = null;

/** Shows an experiment (not run yet). */
export function setExperiment(spec: ExperimentSpec): void {
  if (running !== null) cancelExperiment();
  set({ ...initial, spec });
}

export function runExperimentInPage(spec: ExperimentSpec, workers = experimentWorkerCount()): void {
  if (running !== null) cancelExperiment();
  // the simulator behind the dialog stops animating: the workers get the cores
  pause();
  const startedAt = performance.now();
  set({ ...initial, spec, phase: 'running', total: workItems(spec).length, startedAt });
  let pending: TrialResult[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  // batches from several workers are drawn together, at most every 150 ms
  const flush = () => {
    timer = null;
    if (pending.length === 0) return;
    const add = pending;
    pending = [];
    set((s) => ({ trials: s.trials.concat(add), elapsedMs: performance.now() - startedAt }));
  };
  const run = startExperiment(spec, {
    workers,
    onTrials: (trials) => {
      if (running !== run) return;
      pending.push(...trials);
      timer ??= setTimeout(flush, 150);
    },
    onBroadcast: (broadcast) => {
      if (running === run) set({ broadcast });
    },
  });
  running = run;
  set({ workers: run.workers });
  run.result.then(
    () => {
      if (running !== run) return;
      running = null;
      if (timer !== null) clearTimeout(timer);
      flush();
      set({ phase: 'done', elapsedMs: performance.now() - startedAt });
    },
    (e: unknown) => {
      if (running !== run) return;
      running = null;
      if (timer !== null) clearTimeout(timer);
      flush();
      set({ phase: 'error', error: e instanceof Error ? e.message : String(e), elapsedMs: performance.now() - startedAt });
    },
  );
}

export function cancelExperiment(): void {
  const run = running;
  if (run === null) return;
  running = null;
  run.cancel();
  set({ phase: 'cancelled', elapsedMs: performance.now() - get().startedAt });
}

/** The result so far (every trial that came back). */
export function currentResult(): ExperimentResult | null {
  const { spec, trials, broadcast } = get();
  return spec === null ? null : assemble(spec, trials, broadcast);
}

/**
 * Opens one trial's run in the simulator: the trial is run again here (a few ms: it is a pure
 * function of the experiment, the value and the seed) and its share link opened, paused 1 ms
 * before the crash.
 */
export function openTrial(value: number, seed: number): void {
  const spec = get().spec;
  if (spec === null) return;
  let link: string;
  try {
    link = linkOfTrial(spec, value, seed);
  } catch (e) {
    toast(`This trial could not be opened: ${e instanceof Error ? e.message : String(e)}`, 'error');
    return;
  }
  closeExperiments();
  location.hash = link.slice(1);
}

// ------------------------------------------------------------------ exports

/** One row per trial: value, its parameters, seed, metric (empty: never within the limit). */
export function trialsCsv(spec: ExperimentSpec, trials: readonly TrialResult[]): string {
  const points = valuePoints(spec);
  const params = spec.sweep.map((s) => s.param);
  const cell = (x: unknown) => {
    const s = Array.isArray(x) ? x.join('-') : String(x);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const rows = [['value', ...params, 'seed', spec.metric].join(',')];
  const sorted = trials.slice().sort((a, b) => a.value - b.value || a.seed - b.seed);
  for (const t of sorted) {
    const p = points[t.value];
    rows.push([cell(p.label), ...p.values.map((v) => cell(v.value)), String(t.seed), t.metric === null ? '' : String(t.metric)].join(','));
  }
  return rows.join('\n') + '\n';
}

export function download(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Copies a link that opens the current run with this experiment in the Experiments dialog. */
export async function copyExperimentLink(): Promise<void> {
  const spec = get().spec;
  if (spec === null) return;
  let url: string;
  try {
    url = shareUrl(location.href, { ...currentScenarioOf(), experiment: spec });
  } catch (e) {
    toast(`This experiment cannot be shared: ${e instanceof Error ? e.message : String(e)}`, 'error');
    return;
  }
  try {
    await navigator.clipboard.writeText(url);
    toast('Link to this experiment copied.');
  } catch {
    toast('Copy the experiment’s link from the address bar.');
  }
  history.replaceState(null, '', url);
}
