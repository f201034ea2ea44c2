// One trial of an experiment, through the engine's public API only (createCluster, actions,
// subscribe, runFor/runUntil): every step it takes is a recorded action, so the trial's run is an
// ordinary scenario that a share link replays exactly.

import { attachSafetyMonitor, checkLinearizability } from '../check/index.ts';
import { createCluster, type Cluster, type TraceEvent } from '../sim/index.ts';
import { below, trialOptions, trialRandom } from './options.ts';
import type { ExperimentSpec, MetricId, ValuePoint } from './types.ts';

/** Simulated ms a leader-crash trial waits for a new leader by default (the paper's trials: "well past 10 s"). */
export const DEFAULT_LIMIT_MS = 60_000;
/** Entries the leader receives at its synchronized broadcast when logs vary (each follower keeps a random prefix). */
const LOG_BATCH = 3;
/** How long the first leader gets to settle (its no-op committed everywhere), at most. */
const SETTLE_LIMIT_MS = 60_000;

export interface TrialRun {
  /** The measured metric; null when never reached within the trial's limit. */
  metric: number | null;
  /** When the leader was crashed (leader-crash), else null. */
  crashAt: number | null;
  /** The run, for its link. */
  cluster: Cluster;
}

/** Runs trial `seed` of value `point`. Deterministic: a pure function of (spec, point, seed). */
export function runTrial(spec: ExperimentSpec, point: ValuePoint, seed: number): TrialRun {
  const options = trialOptions(spec, point, seed);
  return spec.trial.kind === 'leader-crash' ? leaderCrash(spec, options, seed) : clientLoad(spec, options);
}

function firstLeader(c: Cluster): string | null {
  // S1 stands for election at once, so a run does not start with the very split votes it measures
  c.timeout(c.ids[0]);
  const hb = c.options.timing.heartbeatInterval;
  const start = c.now;
  while (c.now - start < SETTLE_LIMIT_MS) {
    c.runFor(hb);
    const leader = c.leader();
    if (leader === null) continue;
    const l = c.peek(leader);
    if (l.commitIndex >= 1 && c.ids.every((id) => id === leader || c.peek(id).commitIndex === l.commitIndex)) return leader;
  }
  return null;
}

function leaderCrash(spec: ExperimentSpec, options: ReturnType<typeof trialOptions>, seed: number): TrialRun {
  const trial = spec.trial as Extract<ExperimentSpec['trial'], { kind: 'leader-crash' }>;
  const metric = spec.metric;
  const rand = trialRandom(seed);
  const c = createCluster(options);
  const leader = firstLeader(c);
  if (leader === null) return { metric: null, crashAt: null, cluster: c };
  // The synchronized broadcast: the leader's next heartbeat, to every follower at once.
  const hb = c.options.timing.heartbeatInterval;
  const broadcastAt = c.peek(leader).heartbeatDue ?? c.now;
  c.runFor(broadcastAt - c.now);
  const crashAt = broadcastAt + below(rand, hb);
  if (trial.varyLogs === true) {
    // New entries reach each follower only up to a length drawn for it: logs of different
    // lengths at the crash, so some candidates are not eligible to win (§9.3).
    const base = c.peek(leader).log.at(-1)?.index ?? 0;
    const keep = new Map<string, number>();
    for (const id of c.ids) if (id !== leader) keep.set(id, base + below(rand, LOG_BATCH + 1));
    const toDrop: number[] = [];
    const off = c.subscribe((e) => {
      if (e.type !== 'send' || e.message.type !== 'AppendEntries' || e.message.from !== leader) return;
      const m = e.message;
      const last = m.prevLogIndex + m.entries.length;
      if (m.entries.length > 0 && last > (keep.get(m.to) ?? Infinity)) toDrop.push(m.id);
    });
    for (let k = 0; k < LOG_BATCH; k++) c.propose(leader, { experiment: k + 1 });
    for (;;) {
      while (toDrop.length > 0) c.drop(toDrop.shift() as number);
      const next = c.nextEventAt();
      if (next === null || next > crashAt) break;
      c.step();
    }
    off();
  }
  c.runFor(crashAt - c.now);
  const crashedTerm = c.peek(leader).term;
  c.crash(leader);
  let electedAt: number | null = null;
  let committedAt: number | null = null;
  let elections = 0;
  const leaders = new Set<string>();
  const off = c.subscribe((e: TraceEvent) => {
    if (e.type === 'role') {
      if (e.role === 'candidate' && electedAt === null) elections++;
      if (e.role === 'leader' && e.term > crashedTerm) {
        leaders.add(e.node);
        electedAt ??= e.at;
      } else leaders.delete(e.node);
    } else if (e.type === 'commit' && committedAt === null && leaders.has(e.node)) committedAt = e.at;
  });
  const monitor = metric === 'failures' ? attachSafetyMonitor(c) : null;
  const limit = trial.limitMs ?? DEFAULT_LIMIT_MS;
  const done = metric === 'election-time' || metric === 'elections' || metric === 'split-votes' ? () => electedAt !== null : () => committedAt !== null;
  c.runUntil(done, limit);
  off();
  monitor?.detach();
  return { metric: leaderCrashMetric(metric, crashAt, electedAt, committedAt, elections, monitor?.ok() ?? true), crashAt, cluster: c };
}

function leaderCrashMetric(metric: MetricId, crashAt: number, electedAt: number | null, committedAt: number | null, elections: number, safe: boolean): number | null {
  switch (metric) {
    case 'election-time':
      return electedAt === null ? null : electedAt - crashAt;
    case 'unavailability':
      return committedAt === null ? null : committedAt - crashAt;
    case 'elections':
      return electedAt === null ? null : elections;
    case 'split-votes':
      return electedAt === null ? null : Math.max(0, elections - 1);
    default:
      return safe ? 0 : 1;
  }
}

function clientLoad(spec: ExperimentSpec, options: ReturnType<typeof trialOptions>): TrialRun {
  const trial = spec.trial as Extract<ExperimentSpec['trial'], { kind: 'client-load' }>;
  const c = createCluster({
    ...options,
    workload: { clients: trial.clients ?? 3, opsPerSecond: trial.opsPerSecond ?? 20, keys: 5, readRatio: 0.5 },
  });
  let sent = 0;
  const off = c.subscribe((e) => {
    if (e.type === 'send' && e.message.type !== 'ClientRequest' && e.message.type !== 'ClientReply') sent++;
  });
  const monitor = spec.metric === 'failures' ? attachSafetyMonitor(c) : null;
  let crashAt: number | null = null;
  if (trial.crashLeaderAt !== undefined) {
    c.runFor(trial.crashLeaderAt);
    const leader = c.leader();
    if (leader !== null) {
      crashAt = c.now;
      c.crash(leader);
    }
  }
  c.runFor(trial.ms - c.now);
  off();
  monitor?.detach();
  let metric: number | null;
  if (spec.metric === 'commit-latency') {
    const lat = c
      .history()
      .flatMap((r) => (r.completedAt === undefined ? [] : [r.completedAt - r.invokedAt]))
      .sort((a, b) => a - b);
    metric = lat.length === 0 ? null : lat[(lat.length - 1) >> 1];
  } else if (spec.metric === 'messages-per-entry') {
    const committed = Math.max(0, ...c.ids.map((id) => c.peek(id).commitIndex));
    metric = committed === 0 ? null : Math.round((sent / committed) * 100) / 100;
  } else {
    const lin = checkLinearizability(c.history());
    metric = (monitor?.ok() ?? true) && lin.ok === true ? 0 : 1;
  }
  return { metric, crashAt, cluster: c };
}
