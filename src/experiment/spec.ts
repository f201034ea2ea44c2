// Validation of an experiment (from a link, a file, the console or the CLI): every field is
// checked before anything runs, a bad one is named with the reason, and limits keep a link from
// making the page compute for an hour (EXPERIMENT_LIMITS, quoted in docs/experiments.md).

import { VARIANTS } from '../sim/index.ts';
import type { ExperimentSpec, MetricId, ParamId, ParamValue, Sweep, TrialSpec, ValuePoint } from './types.ts';

export const EXPERIMENT_LIMITS = {
  /** Trials of one value. */
  trialsPerValue: 5000,
  /** Values (lines) of one experiment: every combination of the swept values. */
  values: 24,
  /** Trials of the whole experiment. */
  totalTrials: 20_000,
  /** Simulated ms a leader-crash trial may wait for a new leader. */
  limitMs: 60_000,
  /** Simulated ms of a client-load trial. */
  loadMs: 60_000,
  /** Servers per cluster. */
  nodes: 15,
  /** Any timer or latency, ms. */
  timeMs: 10_000,
  title: 200,
} as const;

export const PARAMS: readonly ParamId[] = ['electionTimeout', 'heartbeatInterval', 'nodes', 'latency', 'diskLatency', 'lossRate', 'preVote', 'checkQuorum', 'variant'];
export const METRICS: readonly MetricId[] = ['election-time', 'unavailability', 'elections', 'split-votes', 'commit-latency', 'messages-per-entry', 'failures'];

/** Which trial kinds measure which metric. */
export const METRIC_TRIALS: Record<MetricId, TrialSpec['kind'][]> = {
  'election-time': ['leader-crash'],
  unavailability: ['leader-crash'],
  elections: ['leader-crash'],
  'split-votes': ['leader-crash'],
  'commit-latency': ['client-load'],
  'messages-per-entry': ['client-load'],
  failures: ['leader-crash', 'client-load'],
};

/** The unit a metric is measured in, for axes and tables. */
export const METRIC_UNITS: Record<MetricId, string> = {
  'election-time': 'ms',
  unavailability: 'ms',
  elections: 'elections',
  'split-votes': 'split votes',
  'commit-latency': 'ms',
  'messages-per-entry': 'messages',
  failures: 'failed',
};

export const METRIC_NAMES: Record<MetricId, string> = {
  'election-time': 'Time without leader (crash → a leader of a higher term)',
  unavailability: 'Unavailability (crash → a new leader commits)',
  elections: 'Elections until a leader',
  'split-votes': 'Split votes until a leader',
  'commit-latency': 'Median commit latency of client requests',
  'messages-per-entry': 'Messages per committed entry',
  failures: 'Invariant or linearizability failures',
};

export type SpecResult = { ok: true; spec: ExperimentSpec } | { ok: false; error: string };

class Invalid extends Error {}

const isRecord = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === 'object' && !Array.isArray(x);

function fail(path: string, message: string): never {
  throw new Invalid(`${path}: ${message}`);
}

function onlyKeys(x: Record<string, unknown>, path: string, keys: readonly string[]): void {
  for (const k of Object.keys(x)) if (!keys.includes(k)) fail(path, `unexpected field '${k.slice(0, 40)}'`);
}

function int(x: unknown, path: string, min: number, max: number): number {
  if (typeof x !== 'number' || !Number.isInteger(x)) fail(path, 'must be a whole number');
  if (x < min || x > max) fail(path, `must be from ${min} to ${max}, got ${x}`);
  return x;
}

function bool(x: unknown, path: string): boolean {
  if (typeof x !== 'boolean') fail(path, 'must be true or false');
  return x;
}

function prob(x: unknown, path: string): number {
  if (typeof x !== 'number' || !Number.isFinite(x) || x < 0 || x > 1) fail(path, 'must be a number between 0 and 1');
  return x;
}

function range(x: unknown, path: string, min: number): [number, number] {
  if (!Array.isArray(x) || x.length !== 2) fail(path, 'must be a range [min, max] in ms');
  const lo = int(x[0], `${path}[0]`, min, EXPERIMENT_LIMITS.timeMs);
  const hi = int(x[1], `${path}[1]`, min, EXPERIMENT_LIMITS.timeMs);
  if (lo > hi) fail(path, `the minimum ${lo} exceeds the maximum ${hi}`);
  return [lo, hi];
}

function variant(x: unknown, path: string): string {
  if (typeof x !== 'string' || (x !== 'none' && !(VARIANTS as readonly string[]).includes(x))) {
    fail(path, `must be 'none' or a known variant (${VARIANTS.join(', ')})`);
  }
  return x;
}

export function checkParamValue(param: ParamId, x: unknown, path: string): ParamValue {
  const T = EXPERIMENT_LIMITS.timeMs;
  switch (param) {
    case 'electionTimeout':
      return range(x, path, 1);
    case 'latency':
    case 'diskLatency':
      return range(x, path, 0);
    case 'heartbeatInterval':
      return int(x, path, 1, T);
    case 'nodes':
      return int(x, path, 1, EXPERIMENT_LIMITS.nodes);
    case 'lossRate':
      return prob(x, path);
    case 'preVote':
    case 'checkQuorum':
      return bool(x, path);
    case 'variant':
      return variant(x, path);
  }
}

function checkBase(x: unknown, path: string): ExperimentSpec['base'] {
  if (!isRecord(x)) fail(path, 'must be an object');
  onlyKeys(x, path, ['nodes', 'timing', 'network', 'features']);
  const base: ExperimentSpec['base'] = {};
  if (x.nodes !== undefined) base.nodes = int(x.nodes, `${path}.nodes`, 1, EXPERIMENT_LIMITS.nodes);
  const T = EXPERIMENT_LIMITS.timeMs;
  if (x.timing !== undefined) {
    const t = x.timing;
    if (!isRecord(t)) fail(`${path}.timing`, 'must be an object');
    onlyKeys(t, `${path}.timing`, ['electionTimeoutMin', 'electionTimeoutMax', 'heartbeatInterval', 'diskLatencyMin', 'diskLatencyMax']);
    base.timing = {};
    for (const k of ['electionTimeoutMin', 'electionTimeoutMax', 'heartbeatInterval'] as const) {
      if (t[k] !== undefined) base.timing[k] = int(t[k], `${path}.timing.${k}`, 1, T);
    }
    for (const k of ['diskLatencyMin', 'diskLatencyMax'] as const) {
      if (t[k] !== undefined) base.timing[k] = int(t[k], `${path}.timing.${k}`, 0, T);
    }
    const { diskLatencyMin: dMin, diskLatencyMax: dMax } = base.timing;
    if (dMin !== undefined && dMax !== undefined && dMin > dMax) fail(`${path}.timing`, `diskLatencyMin ${dMin} exceeds diskLatencyMax ${dMax}`);
  }
  if (x.network !== undefined) {
    const n = x.network;
    if (!isRecord(n)) fail(`${path}.network`, 'must be an object');
    onlyKeys(n, `${path}.network`, ['latencyMin', 'latencyMax', 'lossRate', 'duplicateRate']);
    base.network = {};
    if (n.latencyMin !== undefined) base.network.latencyMin = int(n.latencyMin, `${path}.network.latencyMin`, 0, T);
    if (n.latencyMax !== undefined) base.network.latencyMax = int(n.latencyMax, `${path}.network.latencyMax`, 0, T);
    if (n.lossRate !== undefined) base.network.lossRate = prob(n.lossRate, `${path}.network.lossRate`);
    if (n.duplicateRate !== undefined) base.network.duplicateRate = prob(n.duplicateRate, `${path}.network.duplicateRate`);
  }
  if (x.features !== undefined) {
    const f = x.features;
    if (!isRecord(f)) fail(`${path}.features`, 'must be an object');
    onlyKeys(f, `${path}.features`, ['preVote', 'checkQuorum', 'noopOnElection', 'readIndex', 'variant']);
    base.features = {};
    for (const k of ['preVote', 'checkQuorum', 'noopOnElection', 'readIndex'] as const) {
      if (f[k] !== undefined) base.features[k] = bool(f[k], `${path}.features.${k}`);
    }
    if (f.variant !== undefined) base.features.variant = variant(f.variant, `${path}.features.variant`);
  }
  return base;
}

function checkSweep(x: unknown, path: string): Sweep {
  if (!isRecord(x)) fail(path, 'must be an object { param, values }');
  onlyKeys(x, path, ['param', 'values']);
  if (typeof x.param !== 'string' || !(PARAMS as readonly string[]).includes(x.param)) fail(`${path}.param`, `must be one of ${PARAMS.join(', ')}`);
  const param = x.param as ParamId;
  if (!Array.isArray(x.values) || x.values.length === 0) fail(`${path}.values`, 'must be a non-empty list');
  if (x.values.length > EXPERIMENT_LIMITS.values) fail(`${path}.values`, `at most ${EXPERIMENT_LIMITS.values} values`);
  const values = (x.values as unknown[]).map((v, i) => {
    const p = `${path}.values[${i}]`;
    if (isRecord(v)) {
      onlyKeys(v, p, ['value', 'trials']);
      const out: Sweep['values'][number] = { value: checkParamValue(param, v.value, `${p}.value`) };
      if (v.trials !== undefined) out.trials = int(v.trials, `${p}.trials`, 1, EXPERIMENT_LIMITS.trialsPerValue);
      return out;
    }
    return { value: checkParamValue(param, v, p) };
  });
  return { param, values };
}

function checkTrial(x: unknown, path: string): TrialSpec {
  if (!isRecord(x)) fail(path, 'must be an object with a kind');
  if (x.kind === 'leader-crash') {
    onlyKeys(x, path, ['kind', 'varyLogs', 'limitMs']);
    const t: TrialSpec = { kind: 'leader-crash' };
    if (x.varyLogs !== undefined) t.varyLogs = bool(x.varyLogs, `${path}.varyLogs`);
    if (x.limitMs !== undefined) t.limitMs = int(x.limitMs, `${path}.limitMs`, 1, EXPERIMENT_LIMITS.limitMs);
    return t;
  }
  if (x.kind === 'client-load') {
    onlyKeys(x, path, ['kind', 'ms', 'clients', 'opsPerSecond', 'crashLeaderAt']);
    const ms = int(x.ms, `${path}.ms`, 1, EXPERIMENT_LIMITS.loadMs);
    const t: TrialSpec = { kind: 'client-load', ms };
    if (x.clients !== undefined) t.clients = int(x.clients, `${path}.clients`, 1, 10);
    if (x.opsPerSecond !== undefined) t.opsPerSecond = int(x.opsPerSecond, `${path}.opsPerSecond`, 1, 200);
    if (x.crashLeaderAt !== undefined) t.crashLeaderAt = int(x.crashLeaderAt, `${path}.crashLeaderAt`, 0, ms);
    return t;
  }
  fail(`${path}.kind`, "must be 'leader-crash' or 'client-load'");
}

/** Checks any input as an experiment; never throws. */
export function parseExperiment(input: unknown): SpecResult {
  try {
    return { ok: true, spec: checkExperiment(input) };
  } catch (e) {
    if (e instanceof Invalid) return { ok: false, error: `experiment.${e.message}` };
    return { ok: false, error: `experiment: ${e instanceof Error ? e.message : String(e)}` };
  }
}

function checkExperiment(x: unknown): ExperimentSpec {
  if (!isRecord(x)) throw new Invalid('v: an experiment is an object { v: 1, base, sweep, trial, metric, trials }');
  onlyKeys(x, 'v', ['v', 'title', 'base', 'sweep', 'trial', 'metric', 'trials', 'firstSeed', 'heartbeatHalfTimeout']);
  if (x.v !== 1) fail('v', 'must be 1 (the only experiment format so far)');
  const spec: ExperimentSpec = {
    v: 1,
    base: checkBase(x.base ?? {}, 'base'),
    sweep: [],
    trial: checkTrial(x.trial, 'trial'),
    metric: 'election-time',
    trials: int(x.trials, 'trials', 1, EXPERIMENT_LIMITS.trialsPerValue),
  };
  if (x.title !== undefined) {
    if (typeof x.title !== 'string' || x.title.length > EXPERIMENT_LIMITS.title) fail('title', `must be text of at most ${EXPERIMENT_LIMITS.title} characters`);
    spec.title = x.title;
  }
  if (!Array.isArray(x.sweep) || x.sweep.length < 1 || x.sweep.length > 2) fail('sweep', 'must list one or two swept parameters');
  spec.sweep = (x.sweep as unknown[]).map((s, i) => checkSweep(s, `sweep[${i}]`));
  if (spec.sweep.length === 2 && spec.sweep[0].param === spec.sweep[1].param) fail('sweep[1].param', 'sweeps the same parameter twice');
  if (typeof x.metric !== 'string' || !(METRICS as readonly string[]).includes(x.metric)) fail('metric', `must be one of ${METRICS.join(', ')}`);
  spec.metric = x.metric as MetricId;
  if (!METRIC_TRIALS[spec.metric].includes(spec.trial.kind)) fail('metric', `'${spec.metric}' is not measured by a ${spec.trial.kind} trial`);
  if (x.firstSeed !== undefined) spec.firstSeed = int(x.firstSeed, 'firstSeed', 0, 0xffffffff - EXPERIMENT_LIMITS.trialsPerValue);
  if (x.heartbeatHalfTimeout !== undefined) spec.heartbeatHalfTimeout = bool(x.heartbeatHalfTimeout, 'heartbeatHalfTimeout');
  const points = valuePoints(spec);
  if (points.length > EXPERIMENT_LIMITS.values) fail('sweep', `${points.length} combinations of values; at most ${EXPERIMENT_LIMITS.values}`);
  const total = points.reduce((a, p) => a + p.trials, 0);
  if (total > EXPERIMENT_LIMITS.totalTrials) fail('trials', `${total} trials in all; at most ${EXPERIMENT_LIMITS.totalTrials}`);
  return spec;
}

/** Checks an experiment, throwing an Error with the message when it is bad. */
export function assertExperiment(input: unknown): ExperimentSpec {
  const r = parseExperiment(input);
  if (!r.ok) throw new Error(r.error);
  return r.spec;
}

export function formatValue(param: ParamId, v: ParamValue): string {
  if (Array.isArray(v)) return param === 'diskLatency' ? `disk ${v[0]}–${v[1]} ms` : `${v[0]}–${v[1]} ms`;
  switch (param) {
    case 'heartbeatInterval':
      return `heartbeat ${String(v)} ms`;
    case 'nodes':
      return `${String(v)} servers`;
    case 'lossRate':
      return `loss ${Math.round(Number(v) * 1000) / 10}%`;
    case 'preVote':
      return `PreVote ${v === true ? 'on' : 'off'}`;
    case 'checkQuorum':
      return `CheckQuorum ${v === true ? 'on' : 'off'}`;
    default:
      return String(v);
  }
}

/** Every combination of the swept values, the first parameter varying slowest. */
export function valuePoints(spec: ExperimentSpec): ValuePoint[] {
  const [a, b] = spec.sweep;
  const out: ValuePoint[] = [];
  for (const va of a.values) {
    const inner = b === undefined ? [null] : b.values;
    for (const vb of inner) {
      const values = [{ param: a.param, value: va.value }];
      if (vb !== null && b !== undefined) values.push({ param: b.param, value: vb.value });
      const trials = Math.min(va.trials ?? spec.trials, vb?.trials ?? spec.trials);
      out.push({ label: values.map((v) => formatValue(v.param, v.value)).join(' · '), values, trials });
    }
  }
  return out;
}

/** The same experiment with `n` trials for every value (per-value overrides dropped); unchecked input passes through. */
export function withTrials(input: unknown, n: number): unknown {
  if (!isRecord(input)) return input;
  const sweep = Array.isArray(input.sweep)
    ? (input.sweep as unknown[]).map((s) =>
        isRecord(s) && Array.isArray(s.values)
          ? { ...s, values: (s.values as unknown[]).map((v) => (isRecord(v) ? { value: v.value } : v)) }
          : s,
      )
    : input.sweep;
  return { ...input, trials: n, sweep };
}
