// The paper's Figure 16 (§9.3) as the paper ran it: five servers, logs of different lengths, a
// synchronized heartbeat broadcast and then the leader crashed at a uniformly random point of its
// heartbeat interval (half the minimum election timeout); measured from the crash to the first
// server becoming leader of a higher term; 1,000 trials per line (100 for 150–150), each with a
// 60 s limit. The network and the disk are chosen for a broadcast time of about 15 ms (§5.6);
// raftlab measures its own, disk included, and shows it beside the plot. Nothing here is tuned to match the paper's curves.

import type { ExperimentSpec } from './types.ts';

/**
 * Per-message latency and per-write disk latency, uniform: a round of AppendEntries is a message
 * there, the follower's write, a reply back (3–6 ms each); the slowest of four followers ≈ 15 ms
 * (measured: broadcast.ts).
 */
export const FIGURE16_NETWORK = { latencyMin: 3, latencyMax: 6 };
export const FIGURE16_DISK = { diskLatencyMin: 3, diskLatencyMax: 6 };

function figure16(title: string, values: ExperimentSpec['sweep'][number]['values']): ExperimentSpec {
  return {
    v: 1,
    title,
    base: { nodes: 5, timing: { ...FIGURE16_DISK }, network: { ...FIGURE16_NETWORK } },
    sweep: [{ param: 'electionTimeout', values }],
    trial: { kind: 'leader-crash', varyLogs: true, limitMs: 60_000 },
    metric: 'election-time',
    trials: 1000,
    heartbeatHalfTimeout: true,
  };
}

export const FIGURE16_TOP = figure16('Figure 16 (top): randomness in the election timeout', [
  { value: [150, 150], trials: 100 },
  { value: [150, 151] },
  { value: [150, 155] },
  { value: [150, 175] },
  { value: [150, 200] },
  { value: [150, 300] },
]);

export const FIGURE16_BOTTOM = figure16('Figure 16 (bottom): scaling the election timeout', [
  { value: [12, 24] },
  { value: [25, 50] },
  { value: [50, 100] },
  { value: [100, 200] },
  { value: [150, 300] },
]);

/** The paper's own findings (§9.3), quoted beside the plot. */
export const PAPER_FINDINGS = [
  'With no randomness (150–150 ms), leader election took longer than 10 seconds in many trials, because of many split votes.',
  'Adding just 5 ms of randomness (150–155 ms) helps significantly: a median downtime of 287 ms.',
  'Using more randomness improves worst-case behaviour: with 50 ms of randomness (150–200 ms) the worst-case completion time over 1,000 trials was 513 ms.',
  'With 12–24 ms, it takes only 35 ms on average to elect a leader (the longest trial took 152 ms); lowering the timeouts beyond this point violates Raft’s timing requirement.',
  'The smallest possible downtime is about half the minimum election timeout (the leader is crashed within its heartbeat interval).',
] as const;

/** Where raftlab's run of Figure 16 differs from the paper's cluster (shown beside the plot, docs/experiments.md). */
export const RAFTLAB_DIFFERENCES = [
  'Every message draws its own latency (uniform, 3–6 ms, whole milliseconds), and so does every disk write (3–6 ms). Followers therefore hear the last heartbeat at different moments and time out apart even with no randomness in the timeout: random latency breaks ties that the paper’s cluster, whose messages took nearly equal times, did not.',
  'The broadcast time beside the plot includes the disk, as the paper’s did: per round a settled leader sends one new entry to every follower, each writes it before answering (Figure 2), and the round ends at the last reply; the median over 200 rounds. A candidate also writes its term and vote before asking, and a voter its vote before granting it.',
  'Timers are whole milliseconds: 150–151 ms has only two possible timeouts, so exact ties are more likely than with a continuous clock.',
  'Logs of different lengths: at the synchronized broadcast the leader receives three new entries and each follower gets a random prefix of them (the paper does not say how its logs differed), so a candidate with a shorter log loses and another election follows.',
  'The first leader is chosen by telling S1 to time out at 0 ms; the crash comes after its first heartbeat once every follower has its no-op entry.',
] as const;

/** Is this experiment the paper's Figure 16 setup (for the findings beside the plot)? */
export function isFigure16(spec: ExperimentSpec): boolean {
  return (
    spec.heartbeatHalfTimeout === true &&
    spec.metric === 'election-time' &&
    spec.trial.kind === 'leader-crash' &&
    spec.trial.varyLogs === true &&
    spec.sweep.length === 1 &&
    spec.sweep[0].param === 'electionTimeout'
  );
}
