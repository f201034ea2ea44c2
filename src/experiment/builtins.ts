// The built-in experiments: the paper's Figure 16 (both graphs) and a few questions a lecture
// asks of Raft. By id: the CLI's first argument, raftlab.experiment('figure-16'), the dialog.

import { FIGURE16_BOTTOM, FIGURE16_TOP } from './figure16.ts';
import type { ExperimentSpec } from './types.ts';

export interface BuiltinExperiment {
  id: string;
  title: string;
  description: string;
  spec: ExperimentSpec;
}

export const BUILTINS: readonly BuiltinExperiment[] = [
  {
    id: 'figure-16',
    title: 'Figure 16, top: randomness in the election timeout',
    description: 'The paper’s §9.3: how long the cluster is without a leader after the leader crashes, with 0 to 150 ms of randomness.',
    spec: FIGURE16_TOP,
  },
  {
    id: 'figure-16-bottom',
    title: 'Figure 16, bottom: scaling the election timeout',
    description: 'The paper’s §9.3: the same measurement with smaller and larger timeouts, down to 12–24 ms.',
    spec: FIGURE16_BOTTOM,
  },
  {
    id: 'prevote-election-time',
    title: 'PreVote: does it slow down elections after a crash?',
    description: 'Time without a leader after the leader crashes, with PreVote off and on (thesis §9.6): PreVote adds a round trip.',
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
    title: 'Message loss and commit latency',
    description: 'Median latency of client requests under 0 %, 5 %, 10 % and 20 % message loss (3 clients, 20 requests a second, 5 s).',
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
