// raftlab.experiment(spec) in the browser console: the experiment (a spec, or a built-in's id
// such as 'figure-16') run on Web Workers, resolving to the very object that
// `npm run experiment -- … --json` prints — per-value statistics and every trial as
// { seed, metric, link } — whatever the number of workers.

import { BUILTIN_EXPERIMENTS } from './builtins.ts';
import { startExperiment } from './pool.ts';
import type { ExperimentResult } from './run.ts';
import { parseExperiment, withTrials } from './spec.ts';

export interface ConsoleExperimentOptions {
  /** Web Workers to use (default: the page's policy, experimentWorkerCount). */
  workers?: number;
  /** Trials for every value (overrides the experiment's). */
  trials?: number;
  /** false: no link per trial (faster; the benchmark runs the experiment as the dialog does). Default true. */
  links?: boolean;
}

export async function consoleExperiment(input: unknown, opts: ConsoleExperimentOptions = {}): Promise<ExperimentResult> {
  let spec: unknown = input;
  if (typeof input === 'string') {
    spec = BUILTIN_EXPERIMENTS[input];
    if (spec === undefined) throw new Error(`experiment: no built-in experiment '${input.slice(0, 40)}' (known: ${Object.keys(BUILTIN_EXPERIMENTS).join(', ')})`);
  }
  if (opts.trials !== undefined) spec = withTrials(spec, opts.trials);
  const r = parseExperiment(spec);
  if (!r.ok) throw new Error(r.error);
  if (opts.workers !== undefined && !(Number.isInteger(opts.workers) && opts.workers >= 1 && opts.workers <= 16)) {
    throw new Error(`experiment: workers must be a whole number from 1 to 16, got ${String(opts.workers)}`);
  }
  return startExperiment(r.spec, { links: opts.links !== false, ...(opts.workers !== undefined ? { workers: opts.workers } : {}) }).result;
}
