// The built-in experiments: the paper's Figure 16 (both graphs) and a few questions a lecture
// asks of Raft. By id: the CLI's first argument, raftlab.experiment('figure-16'), the dialog.

import { FIGURE16_BOTTOM, FIGURE16_TOP } from './figure16.ts';
import { EXPERIMENT_CATALOG } from './catalog.ts';
import type { ExperimentSpec } from './types.ts';

export interface BuiltinExperiment {
  id: string;
  title: string;
  description: string;
  spec: ExperimentSpec;
}

function info(id: string): { title: string; description: string } {
  const e = EXPERIMENT_CATALOG.find((x) => x.id === id);
  if (e === undefined) throw new Error(`no catalog entry for the experiment '${id}'`);
  return { title: e.title, description: e.description };
}

export const BUILTINS: readonly BuiltinExperiment[] = [
  {
    id: 'figure-16',
    ...info('figure-16'),
    spec: FIGURE16_TOP,
  },
  {
    id: 'figure-16-bottom',
    ...info('figure-16-bottom'),
    spec: FIGURE16_BOTTOM,
  },
  {
    id: 'prevote-election-time',
    ...info('prevote-election-time'),
    spec: {
      v: 1,
      title: 'PreVote and the time without a leader',
      base: { nodes: 5 },
      sweep: [{ param: 'preVote', values: [{ value: false }, { value: true }] }],
      trial: { kind: 'leader-crash', varyLogs: true, limitMs: 60_000 },
      metric: 'election-time',
      trials: 300,
    },
  },
  {
    id: 'loss-commit-latency',
    ...info('loss-commit-latency'),
    spec: {
      v: 1,
      title: 'Commit latency under message loss',
      base: { nodes: 5 },
      sweep: [{ param: 'lossRate', values: [{ value: 0 }, { value: 0.05 }, { value: 0.1 }, { value: 0.2 }] }],
      trial: { kind: 'client-load', ms: 5000, clients: 3, opsPerSecond: 20 },
      metric: 'commit-latency',
      trials: 50,
    },
  },
];

export const BUILTIN_EXPERIMENTS: Record<string, ExperimentSpec> = Object.fromEntries([
  ...BUILTINS.map((b) => [b.id, b.spec] as const),
  ['figure-16-top', FIGURE16_TOP] as const,
]);
