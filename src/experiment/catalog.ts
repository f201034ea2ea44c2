// The built-in experiments as the lecture library lists them: id, title, explanation, size.
// Small and eager (the library is); the specs themselves are in builtins.ts, loaded with the
// Experiments dialog.

export interface ExperimentInfo {
  id: string;
  title: string;
  description: string;
  /** One line: values and trials. */
  meta: string;
}

export const EXPERIMENT_CATALOG: readonly ExperimentInfo[] = [
  {
    id: 'figure-16',
    title: 'Figure 16, top: randomness in the election timeout',
    description: 'The paper’s §9.3: how long the cluster is without a leader after the leader crashes, with 0 to 150 ms of randomness.',
    meta: '6 lines · 5,100 trials',
  },
  {
    id: 'figure-16-bottom',
    title: 'Figure 16, bottom: scaling the election timeout',
    description: 'The paper’s §9.3: the same measurement with smaller and larger timeouts, down to 12–24 ms.',
    meta: '5 lines · 5,000 trials',
  },
  {
    id: 'prevote-election-time',
    title: 'PreVote: does it slow down elections after a crash?',
    description: 'Time without a leader after the leader crashes, with PreVote off and on (thesis §9.6): PreVote adds a round trip.',
    meta: '2 lines · 600 trials',
  },
  {
    id: 'loss-commit-latency',
    title: 'Message loss and commit latency',
    description: 'Median latency of client requests under 0 %, 5 %, 10 % and 20 % message loss (3 clients, 20 requests a second, 5 s).',
    meta: '4 lines · 200 trials',
  },
];
