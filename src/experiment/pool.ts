// An experiment in the page: its trials shared between Web Workers (each takes every n-th work
// item, run.ts), partial results handed on as they come, one cancel for all. The numbers do not
// depend on the number of workers: the result is assembled from trials sorted by value and seed.

import type { BroadcastTime } from './broadcast.ts';
import { OFFLINE_LEFT_OUT } from '../offline/data.ts';
import type { ShardRequest, WorkerMessage } from './protocol.ts';
import { assemble, workItems, type ExperimentResult } from './run.ts';
import type { ExperimentSpec, TrialResult } from './types.ts';

export interface ExperimentWorker {
  postMessage(req: ShardRequest): void;
  terminate(): void;
  onmessage: ((e: MessageEvent<WorkerMessage>) => void) | null;
  onerror: ((e: ErrorEvent) => void) | null;
}

function defaultWorker(): ExperimentWorker {
  if (__RAFTLAB_OFFLINE__) throw new Error(`Experiments are ${OFFLINE_LEFT_OUT}`);
  return new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'raftlab-experiment' });
}

let makeWorker: () => ExperimentWorker = defaultWorker;

/** Tests replace the Web Worker. */
export function setExperimentWorkerFactory(factory: (() => ExperimentWorker) | null): void {
  makeWorker = factory ?? defaultWorker;
}

/**
 * Workers for an experiment: the counterexample search's policy (the cores but one, 1 to 4),
 * except that a 2-core machine gets 2 — trials are independent and the page stays responsive
 * (bench/experiment.ts measured 1 against 2 workers on 2 cores: docs/experiments.md).
 */
export function experimentWorkerCount(cores = typeof navigator === 'undefined' ? 1 : (navigator.hardwareConcurrency ?? 1)): number {
  if (cores === 2) return 2;
  return Math.max(1, Math.min(4, cores - 1));
}

export interface PoolHandlers {
  /** Every batch of trials as it comes (any order). */
  onTrials?: (trials: TrialResult[], done: number, total: number) => void;
  onBroadcast?: (times: (BroadcastTime | undefined)[]) => void;
}

export interface RunningExperiment {
  /** Resolves to the whole result; rejects on an error or a cancel. */
  result: Promise<ExperimentResult>;
  cancel(): void;
  workers: number;
}

export function startExperiment(spec: ExperimentSpec, opts: { workers?: number; links?: boolean } & PoolHandlers = {}): RunningExperiment {
  const total = workItems(spec).length;
  const count = Math.max(1, Math.min(opts.workers ?? experimentWorkerCount(), 16, total));
  const workers: ExperimentWorker[] = [];
  const trials: TrialResult[] = [];
  const links = new Map<string, string>();
  let broadcast: (BroadcastTime | undefined)[] = [];
  let finished = 0;
  let settled = false;
  let reject: (e: Error) => void = () => {};
  const stop = () => {
    for (const w of workers) {
      w.onmessage = null;
      w.onerror = null;
      w.terminate();
    }
  };
  const result = new Promise<ExperimentResult>((resolve, rej) => {
    reject = rej;
    const fail = (message: string) => {
      if (settled) return;
      settled = true;
      stop();
      rej(new Error(message));
    };
    for (let k = 0; k < count; k++) {
      const w = makeWorker();
      workers.push(w);
      w.onmessage = (e) => {
        const m = e.data;
        if (settled) return;
        if (m.type === 'trials') {
          trials.push(...m.trials);
          for (const [key, link] of m.links) links.set(key, link);
          opts.onTrials?.(m.trials, trials.length, total);
        } else if (m.type === 'broadcast') {
          broadcast = m.times;
          opts.onBroadcast?.(m.times);
        } else if (m.type === 'error') fail(`The experiment stopped: ${m.message}`);
        else if (++finished === count) {
          settled = true;
          stop();
          resolve(assemble(spec, trials, broadcast, opts.links === true ? links : undefined));
        }
      };
      w.onerror = (e) => {
        e.preventDefault?.();
        fail(`The experiment stopped: ${e.message || 'a worker failed'}`);
      };
    }
    workers.forEach((w, k) => w.postMessage({ spec, shard: k, of: count, links: opts.links === true }));
  });
  return {
    result,
    workers: count,
    cancel: () => {
      if (settled) return;
      settled = true;
      stop();
      reject(new Error('The experiment was cancelled.'));
    },
  };
}
