// The paper's own scenarios, played on the simulated cluster through the scripting API:
// Figure 7 (a new leader brings six divergent follower logs into line with its own, using the
// conflict hint so a far-behind follower costs O(terms) round trips, not O(entries)) and
// Figure 8 (why a leader never commits an entry of an earlier term by counting replicas).
// Ongaro & Ousterhout, "In Search of an Understandable Consensus Algorithm", 2014, §5.3–5.4.

import { beforeAll, describe, expect, it } from 'vitest';
import { createCluster, restoreCluster } from './index.ts';
import type { Cluster, ClusterOptions, ClusterState, TraceEvent, Variant } from './index.ts';

/** Commands are a function of (index, term), so equal (index, term) means an equal entry. */
const command = (index: number, term: number) => `i${index}t${term}`;
const entriesOf = (terms: readonly number[]) => terms.map((term, i) => ({ term, command: command(i + 1, term) }));
const termsOf = (c: Cluster, id: string) => c.node(id).log.map((e) => e.term);

// ---------------------------------------------------------------------------------------
// Figure 7

/** Figure 7: the leader of term 8 and the six follower logs (a)–(f) it may meet (terms of entries). */
const FIGURE_7 = {
  leader: [1, 1, 1, 4, 4, 5, 5, 6, 6, 6],
  followers: {
    a: [1, 1, 1, 4, 4, 5, 5, 6, 6], //                missing one entry
    b: [1, 1, 1, 4], //                               missing many
    c: [1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 6], //          one extra uncommitted entry
    d: [1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 7, 7], //       two extra entries of term 7
    e: [1, 1, 1, 4, 4, 4, 4], //                      missing entries, extra term-4 entries
    f: [1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3], //          leader of terms 2 and 3, never committed
  } as Record<string, number[]>,
};
const FOLLOWERS = Object.keys(FIGURE_7.followers);

function commonPrefix(a: readonly number[], b: readonly number[]): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

interface Figure7Run {
  cluster: Cluster;
  /** The logs the cluster started with, each run of equal terms repeated `scale` times. */
  leaderLog: number[];
  followerLogs: Record<string, number[]>;
  /** Rejected AppendEntriesReply sent by each follower. */
  rejected: Map<string, number>;
  /** The distinct prevLogIndex values each follower rejected: the backtracking round trips. */
  probes: Map<string, Set<number>>;
  electedAt: number;
}

/**
 * Seven servers: 'leader' (term 7, so its election is for term 8) and followers a–f, each with
 * its Figure 7 log and a current term of its last entry. The leader's timer is forced at time 0,
 * long before any other server's election timeout (≥ 150 ms), and it wins with the votes of
 * a, b, e and f, whose logs are no more up-to-date than its own.
 */
function runFigure7(scale: number, features: ClusterOptions['features'] = {}): Figure7Run {
  const scaled = (terms: readonly number[]) => terms.flatMap((t) => Array<number>(scale).fill(t));
  const leaderLog = scaled(FIGURE_7.leader);
  const followerLogs = Object.fromEntries(FOLLOWERS.map((id) => [id, scaled(FIGURE_7.followers[id])]));
  const initial: NonNullable<ClusterOptions['initial']> = { leader: { term: 7, log: entriesOf(leaderLog) } };
  for (const id of FOLLOWERS) {
    const log = followerLogs[id];
    initial[id] = { term: log[log.length - 1], log: entriesOf(log) };
  }
  const cluster = createCluster({ nodes: ['leader', ...FOLLOWERS], initial, features });

  const rejected = new Map<string, number>();
  const probes = new Map<string, Set<number>>();
  const lastPrev = new Map<string, number>();
  cluster.subscribe((e) => {
    // A follower answers an AppendEntries synchronously on its delivery, so the reply it sends
    // next is the answer to the AppendEntries just delivered to it.
    if (e.type === 'deliver' && e.message.type === 'AppendEntries') lastPrev.set(e.message.to, e.message.prevLogIndex);
    if (e.type === 'send' && e.message.type === 'AppendEntriesReply' && !e.message.success) {
      const from = e.message.from;
      rejected.set(from, (rejected.get(from) ?? 0) + 1);
      const prev = lastPrev.get(from);
      if (prev !== undefined) probes.set(from, (probes.get(from) ?? new Set()).add(prev));
    }
  });

  cluster.timeout('leader');
  expect(cluster.runUntil((c) => c.leader() === 'leader', 1000)).toBe(true);
  const electedAt = cluster.now;
  const leaderLast = () => cluster.node('leader').log.length;
  const converged = cluster.runUntil(
    (c) => c.ids.every((id) => c.node(id).commitIndex === leaderLast() && c.node(id).lastApplied === leaderLast()),
    5000,
  );
  expect(converged).toBe(true);
  return { cluster, leaderLog, followerLogs, rejected, probes, electedAt };
}

describe("Figure 7 with Figure 2's plain rule (conflictHint: false): decrement nextIndex and retry", () => {
  let run: Figure7Run;
  let scaled: Figure7Run;
  beforeAll(() => {
    run = runFigure7(1, { conflictHint: false });
    scaled = runFigure7(10, { conflictHint: false });
  });

  it.each(FOLLOWERS)('follower (%s) still ends with the leader’s log, all of it committed', (id) => {
    for (const r of [run, scaled]) {
      const leader = r.cluster.node('leader');
      expect(r.cluster.node(id).log).toEqual(leader.log);
      expect(r.cluster.node(id).commitIndex).toBe(leader.log.length);
    }
  });

  it.each(FOLLOWERS)('follower (%s) is probed entry by entry back to the common prefix: O(entries) round trips', (id) => {
    const followerLog = FIGURE_7.followers[id];
    const prefix = commonPrefix(followerLog, FIGURE_7.leader);
    // Probes walk back one index at a time, from the leader's last index to the common prefix
    // (the hint would skip whole terms: at most one probe per term, see below).
    for (const [r, scale] of [
      [run, 1],
      [scaled, 10],
    ] as const) {
      const probes = [...(r.probes.get(id) ?? [])];
      const from = prefix * scale + 1;
      const to = FIGURE_7.leader.length * scale;
      // Every probe lies between the common prefix and the leader's last index, and they cover
      // at least half of it (a heartbeat's rejection may decrement alongside a retry's).
      for (const p of probes) expect(p >= from && p <= to, `probe at ${p} outside ${from}–${to}`).toBe(true);
      expect(probes.length).toBeGreaterThanOrEqual(Math.ceil((to - from + 1) / 2));
    }
  });
});

describe('Figure 7: a new leader (term 8) brings every follower log into line with its own', () => {
  let run: Figure7Run;
  let scaled: Figure7Run;
  beforeAll(() => {
    run = runFigure7(1);
    // The same logs with every entry repeated 40 times: 40× the entries, the same terms.
    scaled = runFigure7(40);
  });

  it('the designated server is elected leader of term 8 and appends its no-op', () => {
    const leader = run.cluster.node('leader');
    expect(leader.term).toBe(8);
    expect(leader.log.map((e) => e.term)).toEqual([...FIGURE_7.leader, 8]);
    expect(leader.log[leader.log.length - 1].kind).toBe('noop');
    expect(run.electedAt).toBeLessThan(150); // before any other server's election timer
  });

  it.each(FOLLOWERS)('follower (%s) ends with a log identical to the leader’s, all of it committed and applied', (id) => {
    for (const r of [run, scaled]) {
      const leader = r.cluster.node('leader');
      const follower = r.cluster.node(id);
      expect(follower.term).toBe(8);
      expect(follower.role).toBe('follower');
      expect(follower.leaderId).toBe('leader');
      expect(follower.log).toEqual(leader.log);
      expect(leader.log.map((e) => e.term)).toEqual([...r.leaderLog, 8]);
      expect(follower.commitIndex).toBe(leader.log.length);
      expect(follower.lastApplied).toBe(leader.log.length);
    }
  });

  it.each(FOLLOWERS)('follower (%s) is repaired in O(terms) AppendEntries round trips, not O(entries)', (id) => {
    const followerLog = FIGURE_7.followers[id];
    const prefix = commonPrefix(followerLog, FIGURE_7.leader);
    // Each rejected probe either finds the follower's log too short (at most once) or skips
    // one whole term of the follower's conflicting suffix (thesis §5.3, the conflict hint).
    const termBound = 1 + new Set(followerLog.slice(prefix)).size;
    const roundTrips = run.probes.get(id)?.size ?? 0;
    const scaledRoundTrips = scaled.probes.get(id)?.size ?? 0;
    expect(roundTrips).toBeLessThanOrEqual(termBound);
    expect(scaledRoundTrips).toBeLessThanOrEqual(termBound);

    // Backtracking one entry per rejection would take (leader's last index + 1) − (prefix + 1)
    // rejections: 40 times more for the scaled logs. The rejections actually seen (heartbeats
    // during the repair included) do not grow with the number of entries at all.
    const rejected = run.rejected.get(id) ?? 0;
    const scaledRejected = scaled.rejected.get(id) ?? 0;
    const perEntryScaled = scaled.leaderLog.length - commonPrefix(scaled.followerLogs[id], scaled.leaderLog);
    expect(scaledRejected).toBeLessThanOrEqual(rejected);
    if (perEntryScaled > 0) expect(scaledRejected * 10).toBeLessThan(perEntryScaled);
  });

  it('(c) and (d) hold the leader’s whole log: the first AppendEntries matches and truncates their extra entries, with no rejection', () => {
    for (const id of ['c', 'd']) expect(run.rejected.get(id) ?? 0).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------
// Figure 8

const FIVE = ['S1', 'S2', 'S3', 'S4', 'S5'];

interface Recorded {
  applies: { node: string; index: number; term: number; command: unknown }[];
  truncates: { node: string; from: number; terms: number[] }[];
  leaders: { node: string; term: number }[];
}

function record(c: Cluster, into: Recorded): void {
  c.subscribe((e: TraceEvent) => {
    if (e.type === 'apply') into.applies.push({ node: e.node, index: e.index, term: e.term, command: e.command });
    if (e.type === 'truncate') into.truncates.push({ node: e.node, from: e.from, terms: e.entries.map((x) => x.term) });
    if (e.type === 'role' && e.role === 'leader') into.leaders.push({ node: e.node, term: e.term });
  });
}

/** Forces `id`'s election timer until it leads (a candidate whose votes were denied tries again in the next term). */
function elect(c: Cluster, id: string, attempts = 3): boolean {
  for (let i = 0; i < attempts && c.leader() !== id; i++) {
    c.timeout(id);
    c.runUntil((x) => x.leader() === id, 100);
  }
  return c.leader() === id;
}

interface Figure8 {
  cluster: Cluster;
  recorded: Recorded;
  /** The cluster at the end of step (c), for the two futures (d) and (e). */
  atC: ClusterState;
}

/**
 * Figure 8, steps (a)–(c). Index 1 (term 1) is on every server at the start. Election
 * timeouts are long (5–10 s) so no server campaigns unless the script says so; the no-op on
 * election is off, as in the paper's figure.
 */
function figure8(variant: Variant | 'none'): Figure8 {
  const initial = Object.fromEntries(FIVE.map((id) => [id, { term: 1, log: [{ term: 1, command: 'x1' }] }]));
  const cluster = createCluster({
    nodes: FIVE,
    initial,
    timing: { electionTimeoutMin: 5000, electionTimeoutMax: 10000, heartbeatInterval: 50 },
    network: { latencyMin: 5, latencyMax: 15 },
    features: { noopOnElection: false, variant },
  });
  const recorded: Recorded = { applies: [], truncates: [], leaders: [] };
  record(cluster, recorded);

  // (a) S1 leads term 2 and replicates index 2 (term 2) to S2 only.
  expect(elect(cluster, 'S1')).toBe(true);
  expect(cluster.node('S1').term).toBe(2);
  cluster.partition([['S1', 'S2'], ['S3', 'S4', 'S5']]);
  expect(cluster.propose('S1', 'y2')).toEqual({ isLeader: true, index: 2, term: 2 });
  cluster.runFor(100);
  expect(termsOf(cluster, 'S2')).toEqual([1, 2]);
  expect(termsOf(cluster, 'S3')).toEqual([1]);

  // (b) S1 crashes; S5 wins term 3 with the votes of S3, S4 and S5, and accepts a different
  // entry at index 2 (term 3) that it never gets to replicate.
  cluster.crash('S1');
  expect(elect(cluster, 'S5')).toBe(true);
  expect(cluster.node('S5').term).toBe(3);
  cluster.partition([['S5'], ['S1', 'S2', 'S3', 'S4']]);
  expect(cluster.propose('S5', 'z3')).toEqual({ isLeader: true, index: 2, term: 3 });
  cluster.runFor(20);
  cluster.crash('S5');
  expect(termsOf(cluster, 'S5')).toEqual([1, 3]);
  expect(termsOf(cluster, 'S3')).toEqual([1]);

  // (c) S1 restarts and wins term 4 (votes of S1, S2, S3; S4 and the crashed S5 are cut off),
  // then replicates its term-2 entry to S3: index 2 is now on a majority.
  cluster.restart('S1');
  cluster.partition([['S1', 'S2', 'S3'], ['S4', 'S5']]);
  expect(elect(cluster, 'S1')).toBe(true);
  expect(cluster.node('S1').term).toBe(4);
  cluster.runFor(300); // six heartbeat rounds
  return { cluster, recorded, atC: cluster.checkpoint() };
}

describe('Figure 8: a leader must not commit an entry of an earlier term by counting replicas', () => {
  it('(c) S1 of term 4 has its term-2 entry on a majority (S1, S2, S3) and it is NOT committed', () => {
    const { cluster, recorded } = figure8('none');
    for (const id of ['S1', 'S2', 'S3']) expect(cluster.node(id).log[1]).toMatchObject({ index: 2, term: 2, command: 'y2' });
    const s1 = cluster.node('S1');
    expect(s1.role).toBe('leader');
    expect(s1.matchIndex).toMatchObject({ S2: 2, S3: 2 });
    for (const id of FIVE) expect(cluster.node(id).commitIndex).toBeLessThan(2);
    expect(recorded.applies.filter((a) => a.index >= 2)).toEqual([]);
  });

  it('(d) S1 crashes; S5 wins term 5 with the votes of S2, S3 and S4 and overwrites index 2 everywhere', () => {
    const { cluster, recorded } = figure8('none');
    cluster.crash('S1');
    cluster.heal();
    cluster.restart('S5');
    expect(elect(cluster, 'S5')).toBe(true);
    expect(cluster.node('S5').term).toBe(5); // its last log term 3 beats their 2 (and 1)
    expect(cluster.propose('S5', 'w5').isLeader).toBe(true); // commits S5's entries indirectly
    cluster.restart('S1');
    cluster.runFor(500);

    for (const id of FIVE) {
      expect(termsOf(cluster, id)).toEqual([1, 3, 5]);
      expect(cluster.node(id).commitIndex).toBe(3);
    }
    // The term-2 entry was erased from S1, S2 and S3 — safe only because it was never committed:
    // every server applied the same entry at index 2.
    expect(recorded.truncates.filter((t) => t.from === 2 && t.terms[0] === 2).map((t) => t.node).sort()).toEqual(['S1', 'S2', 'S3']);
    const atIndex2 = recorded.applies.filter((a) => a.index === 2);
    expect(new Set(atIndex2.map((a) => a.node))).toEqual(new Set(FIVE));
    for (const a of atIndex2) expect(a).toMatchObject({ term: 3, command: 'z3' });
  });

  it('(e) if S1 first replicates an entry of its own term 4 to a majority, that entry and index 2 commit, and S5 can no longer win', () => {
    const { atC } = figure8('none');
    const cluster = restoreCluster(atC); // the other future of step (c)
    const recorded: Recorded = { applies: [], truncates: [], leaders: [] };
    record(cluster, recorded);
    expect(cluster.propose('S1', 'u4')).toEqual({ isLeader: true, index: 3, term: 4 });
    cluster.runFor(200);
    for (const id of ['S1', 'S2', 'S3']) expect(cluster.node(id).commitIndex).toBe(3);
    expect(recorded.applies.filter((a) => a.node === 'S1').map((a) => [a.index, a.term, a.command])).toEqual([
      [1, 1, 'x1'],
      [2, 2, 'y2'],
      [3, 4, 'u4'],
    ]);

    // S1 crashes. S5 (last log term 3) cannot collect a majority: S2 and S3 hold term 4.
    cluster.crash('S1');
    cluster.heal();
    cluster.restart('S5');
    expect(elect(cluster, 'S5', 4)).toBe(false);
    expect(recorded.leaders.filter((l) => l.node === 'S5')).toEqual([]);

    // A server holding the committed entries wins instead, and index 2 (term 2) survives everywhere.
    expect(elect(cluster, 'S2')).toBe(true);
    cluster.restart('S1');
    cluster.runFor(500);
    for (const id of FIVE) {
      expect(cluster.node(id).log.slice(0, 3).map((e) => [e.term, e.command])).toEqual([
        [1, 'x1'],
        [2, 'y2'],
        [4, 'u4'],
      ]);
    }
    for (const a of recorded.applies.filter((x) => x.index === 2)) expect(a).toMatchObject({ term: 2, command: 'y2' });
  });

  it("the 'commit-old-terms' variant commits the term-2 entry in (c) and then loses it in (d): a committed entry is overwritten", () => {
    const { cluster, recorded } = figure8('commit-old-terms');
    // (c): counting replicas "commits" index 2 and S1 applies it.
    expect(cluster.node('S1').commitIndex).toBeGreaterThanOrEqual(2);
    expect(recorded.applies).toContainEqual({ node: 'S1', index: 2, term: 2, command: 'y2' });

    // (d): S5 can still win — nothing in the election restriction protects the entry.
    cluster.crash('S1');
    cluster.heal();
    cluster.restart('S5');
    expect(elect(cluster, 'S5')).toBe(true);
    cluster.propose('S5', 'w5');
    cluster.restart('S1');
    cluster.runFor(500);
    for (const id of FIVE) expect(cluster.node(id).log[1]).toMatchObject({ index: 2, term: 3, command: 'z3' });

    // State Machine Safety is broken: two different entries were applied at index 2.
    const atIndex2 = new Set(recorded.applies.filter((a) => a.index === 2).map((a) => `${a.term}:${String(a.command)}`));
    expect(atIndex2).toEqual(new Set(['2:y2', '3:z3']));
  });
});
