// The experiment model (issue 15): one question asked of Raft over many seeds. An experiment is
// a base scenario, one or two parameters swept over values, a trial (what happens in each seed)
// and a metric measured per trial. Plain data, so it travels in links, files and to workers.

/** The parameters an experiment may sweep. A range is [min, max] in ms. */
export type ParamId =
  | 'electionTimeout'
  | 'heartbeatInterval'
  | 'nodes'
  | 'latency'
  | 'diskLatency'
  | 'lossRate'
  | 'preVote'
  | 'checkQuorum'
  | 'variant';

export type ParamValue = number | boolean | string | readonly [number, number];

/** One value of a swept parameter; `trials` overrides the experiment's trials for this value. */
export interface SweepValue {
  value: ParamValue;
  trials?: number;
}

export interface Sweep {
  param: ParamId;
  values: SweepValue[];
}

/**
 * What happens in each seed:
 * - 'leader-crash': a leader is elected (S1 times out at once), the cluster settles, the leader
 *   makes a synchronized heartbeat broadcast and is crashed at a uniformly random point of its
 *   heartbeat interval; with `varyLogs` the followers' logs differ in length at the crash (some
 *   candidates cannot win), as in the paper's §9.3. The trial ends when the metric is known or
 *   at `limitMs` after the crash.
 * - 'client-load': simulated clients send requests for `ms`; with `crashLeaderAt` the leader of
 *   that moment is crashed then. Safety and linearizability are checked.
 */
export type TrialSpec =
  | { kind: 'leader-crash'; varyLogs?: boolean; limitMs?: number }
  | { kind: 'client-load'; ms: number; clients?: number; opsPerSecond?: number; crashLeaderAt?: number };

export type MetricId =
  | 'election-time'
  | 'unavailability'
  | 'elections'
  | 'split-votes'
  | 'commit-latency'
  | 'messages-per-entry'
  | 'failures';

/** The base scenario's settings an experiment may fix (the sim's ClusterOptions, without state). */
export interface BaseOptions {
  nodes?: number;
  /** diskLatencyMin/Max: a write to stable storage takes this long (0, the default: at once). */
  timing?: { electionTimeoutMin?: number; electionTimeoutMax?: number; heartbeatInterval?: number; diskLatencyMin?: number; diskLatencyMax?: number };
  network?: { latencyMin?: number; latencyMax?: number; lossRate?: number; duplicateRate?: number };
  features?: { preVote?: boolean; checkQuorum?: boolean; noopOnElection?: boolean; readIndex?: boolean; variant?: string };
}

export interface ExperimentSpec {
  v: 1;
  /** Shown as the plot's title. */
  title?: string;
  base: BaseOptions;
  /** One or two swept parameters: every combination is a value (a line of the plot). */
  sweep: Sweep[];
  trial: TrialSpec;
  metric: MetricId;
  /** Trials (seeds) per value. */
  trials: number;
  /** The first seed; trial k of every value uses seed firstSeed + k. Default 1. */
  firstSeed?: number;
  /** true: the heartbeat interval is half the minimum election timeout (the paper's §9.3). */
  heartbeatHalfTimeout?: boolean;
}

/** One combination of swept values: a line of the plot. */
export interface ValuePoint {
  /** "150–300 ms", "150–300 ms · PreVote on". */
  label: string;
  /** param → value, in sweep order. */
  values: { param: ParamId; value: ParamValue }[];
  trials: number;
}

/** What one trial measured. */
export interface TrialResult {
  /** Index of the value (line). */
  value: number;
  seed: number;
  /** The experiment's metric; null when the trial never got there within its limit ("never elected"). */
  metric: number | null;
  /** Simulated ms at which the leader was crashed (leader-crash trials); the link pauses 1 ms before. */
  crashAt: number | null;
}

export interface Summary {
  trials: number;
  /** Trials with a metric (the rest never reached it within the limit). */
  measured: number;
  never: number;
  min: number | null;
  median: number | null;
  mean: number | null;
  p90: number | null;
  p99: number | null;
  max: number | null;
}

/** Per value: its summary and every trial's seed and metric (and link, once made). */
export interface ValueResult extends Summary {
  label: string;
  values: { param: ParamId; value: ParamValue }[];
  trialList: { seed: number; metric: number | null; link?: string }[];
}
