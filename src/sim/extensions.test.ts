// The thesis's extensions of Raft, each in its headline scenario on the simulated cluster,
// through the public scripting API (Ongaro, "Consensus: Bridging Theory and Practice", 2014):
// log compaction and InstallSnapshot (ch. 5), single-server membership changes (ch. 4),
// PreVote (§9.6), CheckQuorum (§6.2), leadership transfer (§3.10) and ReadIndex (§6.4).
// Every cluster here also runs the Figure 3 safety monitor over its whole trace.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { attachSafetyMonitor, type AttachedSafetyMonitor } from '../check/invariants.ts';
import { checkLinearizability } from '../check/linearizability.ts';
import * as api from './index.ts';
import { createCluster } from './index.ts';
import type { Cluster, ClusterOptions, ClientRecord, NodeView, TraceEvent } from './index.ts';

const TIMING = { electionTimeoutMin: 150, electionTimeoutMax: 300, heartbeatInterval: 50 };

interface Run {
  c: Cluster;
  trace: TraceEvent[];
  monitor: AttachedSafetyMonitor;
}

function run(options: ClusterOptions = {}): Run {
  const c = createCluster({ seed: 7, ...options });
  const trace: TraceEvent[] = [];
  c.subscribe((e) => trace.push(e));
  const monitor = attachSafetyMonitor(c);
  return { c, trace, monitor };
}

/** No Figure 3 property was violated anywhere in the run. */
function expectSafe(r: Run): void {
  expect(r.monitor.violations()).toEqual([]);
  expect(r.monitor.warnings()).toEqual([]);
}

/** The term of the entry at the node's commitIndex (its snapshot's term at the boundary). */
function committedTerm(n: NodeView): number {
  if (n.commitIndex === n.snapshotIndex) return n.snapshotTerm;
  return n.log.find((e) => e.index === n.commitIndex)?.term ?? -1;
}

const lastIndex = (n: NodeView) => (n.log.length > 0 ? n.log[n.log.length - 1].index : n.snapshotIndex);

/** Runs until a leader has committed an entry of its own term (ready for changes and reads). */
function stableLeader(c: Cluster, maxMs = 5000): string {
  const ok = c.runUntil((cl) => {
    const l = cl.leader();
    if (l === null) return false;
    const n = cl.node(l);
    return committedTerm(n) === n.term;
  }, maxMs);
  expect(ok).toBe(true);
  return c.leader() as string;
}

/** Proposes `count` puts k<i> = v<i> at the leader and runs until all voters applied them. */
function putMany(c: Cluster, leader: string, from: number, count: number): number {
  let index = 0;
  for (let i = from; i < from + count; i++) {
    const r = c.propose(leader, { type: 'put', key: 'k' + String(i), value: 'v' + String(i) });
    expect(r.isLeader).toBe(true);
    index = r.index;
  }
  return index;
}

function allApplied(c: Cluster, ids: readonly string[], index: number, maxMs = 3000): void {
  expect(c.runUntil((cl) => ids.every((id) => cl.node(id).lastApplied >= index), maxMs)).toBe(true);
}

/** Runs until the client operation `record` has completed; returns its record. */
function complete(c: Cluster, record: number, maxMs = 5000): ClientRecord {
  const done = () => c.history().find((r) => r.id === record)?.completedAt !== undefined;
  expect(c.runUntil(done, maxMs)).toBe(true);
  return c.history().find((r) => r.id === record) as ClientRecord;
}

const applies = (trace: TraceEvent[], node: string, after = -1) =>
  trace.filter((e): e is Extract<TraceEvent, { type: 'apply' }> => e.type === 'apply' && e.node === node && e.at > after);

/** Everything a failed API call must leave as it was. */
function snapshotOf(c: Cluster) {
  return { now: c.now, ids: c.ids.slice(), actions: c.actions(), nodes: c.ids.map((id) => c.node(id)), inFlight: c.inFlight() };
}

// ---------------------------------------------------------------------------------------
// Log compaction (thesis ch. 5)

describe('snapshots (thesis ch. 5)', () => {
  it('compacts once the entries applied since the last snapshot exceed snapshotThreshold, on every server', () => {
    const r = run({ features: { snapshotThreshold: 5 } });
    const { c } = r;
    const leader = stableLeader(c);
    const term = c.node(leader).term;
    // The election no-op is index 1; four puts make five applied entries: not more than 5.
    const at5 = putMany(c, leader, 1, 4);
    expect(at5).toBe(5);
    allApplied(c, c.ids, 5);
    c.runFor(200);
    for (const id of c.ids) {
      expect(c.node(id).snapshotIndex).toBe(0);
      expect(c.node(id).log.map((e) => e.index)).toEqual([1, 2, 3, 4, 5]);
    }
    // The sixth applied entry exceeds the threshold: the log up to 6 becomes a snapshot.
    putMany(c, leader, 5, 1);
    allApplied(c, c.ids, 6);
    c.runFor(200);
    for (const id of c.ids) {
      const n = c.node(id);
      expect(n.snapshotIndex).toBe(6);
      expect(n.snapshotTerm).toBe(term);
      expect(n.log).toEqual([]); // nothing after the snapshot yet
      expect(n.state).toEqual({ k1: 'v1', k2: 'v2', k3: 'v3', k4: 'v4', k5: 'v5' });
    }
    // Six more entries: the next snapshot is taken at 12 (6 applied since the last one).
    putMany(c, leader, 6, 6);
    allApplied(c, c.ids, 12);
    c.runFor(200);
    for (const id of c.ids) expect(c.node(id).snapshotIndex).toBe(12);
    // Compaction never re-applies anything: every index is applied exactly once per server.
    for (const id of c.ids) expect(applies(r.trace, id).map((e) => e.index)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expectSafe(r);
  });

  it('keeps the snapshot across a crash: the state machine restarts from it and re-applies only later entries', () => {
    const r = run({ features: { snapshotThreshold: 5 } });
    const { c } = r;
    const leader = stableLeader(c);
    putMany(c, leader, 1, 5); // indexes 2..6: six applied entries exceed 5, a snapshot at 6
    allApplied(c, c.ids, 6);
    putMany(c, leader, 6, 3); // indexes 7..9 stay in the log
    allApplied(c, c.ids, 9);
    c.runFor(100);
    const f = c.ids.find((id) => id !== leader) as string;
    expect(c.node(f).snapshotIndex).toBe(6);
    c.crash(f);
    c.runFor(500);
    c.restart(f);
    const restartedAt = c.now;
    const fresh = c.node(f);
    // Persistent: the snapshot and the log after it. Volatile state is rebuilt from the snapshot.
    expect(fresh.snapshotIndex).toBe(6);
    expect(fresh.lastApplied).toBe(6);
    expect(fresh.commitIndex).toBe(6);
    expect(fresh.state).toEqual({ k1: 'v1', k2: 'v2', k3: 'v3', k4: 'v4', k5: 'v5' });
    expect(fresh.log.map((e) => e.index)).toEqual([7, 8, 9]);
    allApplied(c, [f], 9);
    c.runFor(200);
    // Only the entries after the snapshot are applied again, once each, in order.
    expect(applies(r.trace, f, restartedAt - 1).map((e) => e.index)).toEqual([7, 8, 9]);
    expect(c.node(f).state).toEqual(c.node(leader).state);
    expectSafe(r);
  });

  it('brings a follower that was down while the leader compacted up to date with InstallSnapshot', () => {
    const r = run({ features: { snapshotThreshold: 5 } });
    const { c } = r;
    const leader = stableLeader(c);
    const f = c.ids.find((id) => id !== leader) as string;
    putMany(c, leader, 1, 2);
    allApplied(c, c.ids, 3);
    c.crash(f);
    const last = putMany(c, leader, 3, 20);
    allApplied(
      c,
      c.ids.filter((id) => id !== f),
      last,
    );
    expect(c.node(leader).snapshotIndex).toBeGreaterThan(3); // the entries f needs are gone
    c.restart(f);
    const restartedAt = c.now;
    allApplied(c, [f], last);
    c.runFor(200);
    const installs = r.trace.filter(
      (e) => e.type === 'deliver' && e.message.type === 'InstallSnapshot' && e.message.to === f && e.at >= restartedAt,
    );
    expect(installs.length).toBeGreaterThan(0);
    const n = c.node(f);
    expect(n.state).toEqual(c.node(leader).state);
    expect(n.commitIndex).toBe(c.node(leader).commitIndex);
    expect(n.snapshotIndex).toBeGreaterThan(3);
    // What the snapshot covered was installed, not applied entry by entry.
    const installed = r.trace.find((e) => e.type === 'snapshot' && e.node === f && e.at >= restartedAt);
    expect(installed).toBeDefined();
    const reapplied = applies(r.trace, f, restartedAt - 1).map((e) => e.index);
    if (installed !== undefined && installed.type === 'snapshot') {
      expect(reapplied.every((i) => i > installed.index)).toBe(true);
    }
    expectSafe(r);
  });

  it('never moves a follower backwards on an old, duplicated InstallSnapshot', () => {
    const r = run({ features: { snapshotThreshold: 5 } });
    const { c } = r;
    const leader = stableLeader(c);
    const f = c.ids.find((id) => id !== leader) as string;
    c.crash(f);
    putMany(c, leader, 1, 10);
    c.runFor(200);
    c.restart(f);
    // Catch the InstallSnapshot on the wire, copy it and hold the copy back for a second.
    expect(c.runUntil((cl) => cl.inFlight().some((m) => m.type === 'InstallSnapshot' && m.to === f), 2000)).toBe(true);
    const original = c.inFlight().find((m) => m.type === 'InstallSnapshot' && m.to === f);
    if (original === undefined) throw new Error('no InstallSnapshot in flight');
    c.duplicate(original.id);
    const copy = c.inFlight().find((m) => m.copyOf === original.id);
    if (copy === undefined) throw new Error('no copy in flight');
    c.delay(copy.id, 1000);
    // Meanwhile the follower catches up and the cluster moves on.
    const last = putMany(c, leader, 11, 10);
    allApplied(c, c.ids, last);
    const before = c.node(f);
    let lowest = before.lastApplied;
    let lowestCommit = before.commitIndex;
    const arrived = c.runUntil((cl) => {
      const n = cl.node(f);
      lowest = Math.min(lowest, n.lastApplied);
      lowestCommit = Math.min(lowestCommit, n.commitIndex);
      return !cl.inFlight().some((m) => m.id === copy.id);
    }, 2000);
    expect(arrived).toBe(true);
    expect(r.trace.some((e) => e.type === 'deliver' && e.message.id === copy.id)).toBe(true);
    c.runFor(100);
    expect(lowest).toBe(before.lastApplied);
    expect(lowestCommit).toBe(before.commitIndex);
    const after = c.node(f);
    expect(after.lastApplied).toBeGreaterThanOrEqual(before.lastApplied);
    expect(after.snapshotIndex).toBeGreaterThanOrEqual(before.snapshotIndex);
    expect(after.state).toEqual(c.node(leader).state);
    expectSafe(r);
  });

  it('keeps client sessions in the snapshot: a retried request is not applied twice, even after every server restarted', () => {
    const r = run({ features: { snapshotThreshold: 3 } });
    const { c } = r;
    const leader = stableLeader(c);
    const record = c.request({ type: 'append', key: 'x', value: 'a' }, { client: 'C1', to: leader });
    // The append is applied, but its reply is lost: the client will retry the same (C1, seq).
    expect(c.runUntil((cl) => cl.inFlight().some((m) => m.type === 'ClientReply' && m.to === 'C1' && m.ok === true), 2000)).toBe(true);
    const reply = c.inFlight().find((m) => m.type === 'ClientReply' && m.to === 'C1');
    if (reply === undefined) throw new Error('no reply in flight');
    c.drop(reply.id);
    // Enough entries to bury the append in a snapshot on every server…
    const last = putMany(c, leader, 1, 8);
    allApplied(c, c.ids, last);
    c.runFor(100);
    for (const id of c.ids) expect(c.node(id).snapshotIndex).toBeGreaterThan(2);
    // …then every server restarts, rebuilding its state machine and sessions from the snapshot.
    for (const id of c.ids) c.crash(id);
    c.runFor(50);
    for (const id of c.ids) c.restart(id);
    const done = complete(c, record, 10_000);
    expect(done.completedAt).toBeDefined();
    stableLeader(c);
    c.runFor(500);
    for (const id of c.ids) expect(c.node(id).state.x).toBe('a');
    expectSafe(r);
  });
});

// ---------------------------------------------------------------------------------------
// Membership changes (thesis ch. 4)

describe('membership changes, one server at a time (thesis ch. 4)', () => {
  it('addServer: the new server is a learner first, is caught up, then joins every configuration as a voter', () => {
    const r = run();
    const { c } = r;
    const leader = stableLeader(c);
    const before = putMany(c, leader, 1, 150); // more than two AppendEntries batches to catch up
    allApplied(c, c.ids, before);
    c.addServer('S6');
    expect(c.ids).toContain('S6');
    expect(c.node(leader).config.learners).toEqual(['S6']);
    expect(c.node(leader).config.voters).not.toContain('S6');
    // The configuration entry that makes S6 a voter is appended only once S6 holds the log.
    let s6LastWhenJoined = -1;
    const stop = c.subscribe((e) => {
      if (e.type === 'config' && e.node === leader && e.voters.includes('S6') && s6LastWhenJoined < 0) {
        s6LastWhenJoined = lastIndex(c.node('S6'));
      }
    });
    const joined = c.runUntil((cl) => cl.ids.every((id) => cl.node(id).config.voters.includes('S6')), 5000);
    stop();
    expect(joined).toBe(true);
    expect(s6LastWhenJoined).toBeGreaterThanOrEqual(before);
    expect(c.node(c.leader() as string).config.learners).toEqual([]);
    const configEntries = c.node('S6').log.filter((e) => e.kind === 'config');
    expect(configEntries.length).toBe(1);
    // S6 now counts: the cluster of six commits with it.
    const l = c.leader() as string;
    const p = c.propose(l, { type: 'put', key: 'after', value: 'join' });
    allApplied(c, c.ids, p.index);
    expect(c.node('S6').state.after).toBe('join');
    expect(c.node(l).matchIndex?.S6).toBe(p.index);
    expectSafe(r);
  });

  it('a removed server can be added back under its name: caught up from the disk it kept, then a voter again', () => {
    const r = run();
    const { c } = r;
    const leader = stableLeader(c);
    const gone = c.ids.find((id) => id !== leader) as string;
    c.removeServer(gone);
    expect(c.runUntil((cl) => cl.node(leader).commitIndex === lastIndex(cl.node(leader)), 2000)).toBe(true);
    c.runFor(200);
    expect(c.node(leader).config.voters).not.toContain(gone);
    // the others go on without it, so its log falls behind
    const missed = putMany(c, leader, 1, 20);
    allApplied(c, c.ids.filter((id) => id !== gone), missed);
    expect(lastIndex(c.node(gone))).toBeLessThan(missed);
    const termBefore = c.node(gone).term;

    c.addServer(gone);
    expect(c.ids.filter((id) => id === gone)).toHaveLength(1); // ids never repeat a name
    expect(c.node(leader).config.learners).toEqual([gone]);
    const joined = c.runUntil((cl) => cl.ids.every((id) => cl.node(id).config.voters.includes(gone)), 5000);
    expect(joined).toBe(true);
    expect(c.node(gone).term).toBeGreaterThanOrEqual(termBefore); // its disk was kept, not wiped
    const l = c.leader() as string;
    const p = c.propose(l, { type: 'put', key: 'back', value: 'again' });
    allApplied(c, c.ids, p.index);
    expect(c.node(gone).state.back).toBe('again');
    expect(c.node(gone).state.k20).toBe('v20'); // the entries it missed while out
    expect(c.node(l).matchIndex?.[gone]).toBe(p.index);
    // a member cannot be added twice, and the run replays exactly from its script
    expect(() => c.addServer(gone)).toThrow(`addServer: '${gone}' is already a server of this cluster`);
    const replay = createCluster({ seed: 7 }, c.actions());
    replay.runFor(c.now - replay.now);
    for (const id of c.ids) expect(replay.node(id)).toEqual(c.node(id));
    expectSafe(r);
  });

  it('addServer with compaction on: the new server is caught up with InstallSnapshot', () => {
    const r = run({ features: { snapshotThreshold: 10 } });
    const { c } = r;
    const leader = stableLeader(c);
    const last = putMany(c, leader, 1, 40);
    allApplied(c, c.ids, last);
    c.addServer('S6');
    expect(c.runUntil((cl) => cl.ids.every((id) => cl.node(id).config.voters.includes('S6')), 5000)).toBe(true);
    expect(r.trace.some((e) => e.type === 'deliver' && e.message.type === 'InstallSnapshot' && e.message.to === 'S6')).toBe(true);
    c.runFor(300);
    expect(c.node('S6').state).toEqual(c.node(leader).state);
    expectSafe(r);
  });

  it('removeServer of a follower: it leaves every configuration and the rest keeps committing', () => {
    const r = run();
    const { c } = r;
    const leader = stableLeader(c);
    const gone = c.ids.find((id) => id !== leader) as string;
    const rest = c.ids.filter((id) => id !== gone);
    const termBefore = c.node(gone).term;
    c.removeServer(gone);
    expect(c.runUntil((cl) => rest.every((id) => !cl.node(id).config.voters.includes(gone)), 3000)).toBe(true);
    const p = c.propose(leader, { type: 'put', key: 'k', value: 'v' });
    expect(p.isLeader).toBe(true);
    allApplied(c, rest, p.index);
    c.runFor(2000);
    // The leader stopped replicating to it, and it (knowing it was removed) never campaigns.
    expect(Object.keys(c.node(leader).matchIndex ?? {})).not.toContain(gone);
    expect(c.leader()).toBe(leader);
    expect(c.node(gone).term).toBe(termBefore);
    expect(c.node(gone).role).toBe('follower');
    expect(c.ids).toContain(gone); // ids never shrink
    expectSafe(r);
  });

  it('removeServer of the leader: it leads until the new configuration commits, then steps down; the others elect a new leader', () => {
    const r = run();
    const { c } = r;
    const old = stableLeader(c);
    const rest = c.ids.filter((id) => id !== old);
    c.removeServer(old);
    const configIndex = lastIndex(c.node(old));
    expect(c.node(old).config.voters).toEqual(rest); // used at once, before it commits
    expect(c.node(old).role).toBe('leader');
    expect(c.runUntil((cl) => cl.node(old).role !== 'leader', 2000)).toBe(true);
    const steppedDownAt = c.now;
    // It stepped down only once the configuration without it had committed.
    const committed = r.trace.find((e) => e.type === 'commit' && e.node === old && e.commitIndex >= configIndex);
    expect(committed).toBeDefined();
    expect(c.node(old).commitIndex).toBeGreaterThanOrEqual(configIndex);
    expect((committed as TraceEvent).at).toBeLessThanOrEqual(steppedDownAt);
    // It handed over first (thesis §3.10): TimeoutNow to a voter holding its whole log, which
    // started an election at once instead of after an election timeout.
    const handover = r.trace.find((e) => e.type === 'send' && e.message.type === 'TimeoutNow' && e.message.from === old);
    expect(handover).toBeDefined();
    const successor = (handover as Extract<TraceEvent, { type: 'send' }>).message.to;
    expect(rest).toContain(successor);
    expect((handover as TraceEvent).at).toBe(steppedDownAt);
    // A new leader among the remaining four, which commits without the old one.
    const next = stableLeader(c);
    expect(next).toBe(successor);
    const campaign = r.trace.find((e) => e.type === 'role' && e.node === successor && e.role === 'candidate' && e.at >= steppedDownAt);
    expect(campaign).toBeDefined();
    expect((campaign as TraceEvent).at - steppedDownAt).toBeLessThan(c.options.timing.electionTimeoutMin);
    const p = c.propose(next, { type: 'put', key: 'k', value: 'v' });
    allApplied(c, rest, p.index);
    c.runFor(2000);
    expect(c.node(old).role).toBe('follower');
    expect(c.node(old).electionDeadline).toBeNull(); // it never campaigns again
    expect(r.trace.some((e) => e.type === 'role' && e.node === old && e.at > steppedDownAt && e.role !== 'follower')).toBe(false);
    expectSafe(r);
  });

  it('allows one change at a time: a second request while one is pending throws and changes nothing', () => {
    const r = run();
    const { c } = r;
    const leader = stableLeader(c);
    putMany(c, leader, 1, 150);
    c.addServer('S6'); // S6 is being caught up: that is a pending change
    const before = snapshotOf(c);
    expect(() => c.addServer('S7')).toThrow(/S6.*caught up/);
    expect(() => c.removeServer(c.ids.find((id) => id !== leader) as string)).toThrow(/S6.*caught up/);
    expect(snapshotOf(c)).toEqual(before);
    // Once S6 has joined, a removal is appended; until it commits, no other change may start.
    expect(c.runUntil((cl) => cl.node(cl.leader() ?? leader).config.voters.includes('S6'), 5000)).toBe(true);
    stableLeader(c);
    expect(c.runUntil((cl) => {
      const n = cl.node(cl.leader() ?? leader);
      return n.role === 'leader' && n.commitIndex === lastIndex(n);
    }, 2000)).toBe(true);
    const l = c.leader() as string;
    const victim = c.ids.find((id) => id !== l) as string;
    c.removeServer(victim);
    const pending = snapshotOf(c);
    expect(() => c.removeServer('S6')).toThrow(/uncommitted.*one change at a time/);
    expect(() => c.addServer('S7')).toThrow(/uncommitted/);
    expect(snapshotOf(c)).toEqual(pending);
    expectSafe(r);
  });

  it('refuses a change before the new leader has committed an entry of its term (thesis §4.1, the later fix)', () => {
    const { c } = run();
    expect(c.runUntil((cl) => cl.leader() !== null, 3000)).toBe(true);
    const n = c.node(c.leader() as string);
    expect(committedTerm(n)).not.toBe(n.term); // just elected: its no-op is not committed yet
    const before = snapshotOf(c);
    expect(() => c.addServer('S6')).toThrow(/not yet committed an entry of its term/);
    expect(() => c.removeServer('S2')).toThrow(/not yet committed an entry of its term/);
    expect(snapshotOf(c)).toEqual(before);
  });

  it('rejects bad input with an Error naming the cause, leaving the cluster unchanged', () => {
    const { c } = run();
    c.runFor(0);
    const idle = snapshotOf(c);
    // No leader yet (time 0): nothing can be changed or transferred.
    expect(() => c.transferLeadership('S2')).toThrow(/transferLeadership: there is no leader/);
    expect(() => c.addServer('S6')).toThrow(/addServer: there is no leader/);
    expect(() => c.removeServer('S2')).toThrow(/removeServer: there is no leader/);
    expect(snapshotOf(c)).toEqual(idle);

    const leader = stableLeader(c);
    c.runFor(100);
    const before = snapshotOf(c);
    expect(() => c.addServer('S2')).toThrow(/addServer: 'S2' is already a server/);
    expect(() => c.addServer(leader)).toThrow(/already a server/);
    expect(() => c.removeServer('S9')).toThrow(/removeServer: unknown node id 'S9'/);
    expect(() => c.transferLeadership('S9')).toThrow(/transferLeadership: unknown node id 'S9'/);
    expect(() => c.transferLeadership(leader)).toThrow(/already the leader/);
    expect(snapshotOf(c)).toEqual(before);

    // A server that was removed is no member: no transfer to it, no second removal.
    const gone = c.ids.find((id) => id !== leader) as string;
    c.removeServer(gone);
    expect(c.runUntil((cl) => cl.node(leader).commitIndex === lastIndex(cl.node(leader)), 2000)).toBe(true);
    c.runFor(100);
    const after = snapshotOf(c);
    expect(() => c.transferLeadership(gone)).toThrow(new RegExp(`transferLeadership: '${gone}' is not a voting member`));
    expect(() => c.removeServer(gone)).toThrow(new RegExp(`removeServer: '${gone}' is not a voting member`));
    expect(snapshotOf(c)).toEqual(after);

    // The last voter cannot be removed.
    const one = run({ nodes: 1 }).c;
    stableLeader(one);
    one.runFor(100);
    const solo = snapshotOf(one);
    expect(() => one.removeServer('S1')).toThrow(/removeServer: 'S1' is the last voter/);
    expect(snapshotOf(one)).toEqual(solo);
  });

  // §4.2.3: a server removed while cut off never learns of its removal; it keeps timing out and
  // campaigning with its old configuration.
  function removedServerScenario(features: ClusterOptions['features']) {
    const r = run({ features });
    const { c } = r;
    const leader = stableLeader(c);
    const gone = c.ids.find((id) => id !== leader) as string;
    c.partition([[gone]]);
    c.removeServer(gone);
    const rest = c.ids.filter((id) => id !== gone);
    expect(c.runUntil((cl) => rest.every((id) => !cl.node(id).config.voters.includes(gone)), 3000)).toBe(true);
    expect(c.runUntil((cl) => cl.node(leader).commitIndex === lastIndex(cl.node(leader)), 2000)).toBe(true);
    c.runFor(2000);
    expect(c.node(gone).config.voters).toContain(gone); // it does not know
    const term = c.node(leader).term;
    c.heal();
    c.runFor(3000);
    return { r, c, leader, gone, term };
  }

  for (const features of [{ preVote: true }, { checkQuorum: true }, { preVote: true, checkQuorum: true }]) {
    it(`a removed server does not disrupt the cluster with ${JSON.stringify(features)} (§4.2.3)`, () => {
      const { r, c, leader, term } = removedServerScenario(features);
      expect(c.leader()).toBe(leader);
      expect(c.node(leader).term).toBe(term);
      const p = c.propose(leader, { type: 'put', key: 'still', value: 'working' });
      expect(p.isLeader).toBe(true);
      expectSafe(r);
    });
  }

  it('without PreVote or CheckQuorum a removed server disrupts the cluster (what §4.2.3 is about)', () => {
    const { r, c, leader, gone, term } = removedServerScenario({});
    // Its RequestVotes of ever higher terms depose the working leader, again and again.
    const rest = c.ids.filter((id) => id !== gone);
    expect(Math.max(...rest.map((id) => c.node(id).term))).toBeGreaterThan(term);
    expect(r.trace.some((e) => e.type === 'role' && e.node === leader && e.role === 'follower' && e.term > term)).toBe(true);
    expectSafe(r);
  });
});

// ---------------------------------------------------------------------------------------
// PreVote (thesis §9.6)

describe('PreVote (thesis §9.6)', () => {
  /** A follower is cut off for three seconds, then rejoins. */
  function rejoin(preVote: boolean) {
    const r = run({ features: { preVote } });
    const { c } = r;
    const leader = stableLeader(c);
    const term = c.node(leader).term;
    const electedAt = c.now;
    const f = c.ids.find((id) => id !== leader) as string;
    c.partition([[f]]);
    c.runFor(3000);
    const cutOff = c.node(f);
    c.heal();
    c.runFor(3000);
    return { r, c, leader, term, f, cutOff, electedAt };
  }

  it('without PreVote: the cut-off follower raises its term, and on rejoining forces a needless election', () => {
    const { r, c, leader, term, f, cutOff } = rejoin(false);
    expect(cutOff.term).toBeGreaterThan(term + 3); // it timed out again and again
    const now = c.leader();
    expect(now).not.toBeNull();
    expect(c.node(now as string).term).toBeGreaterThan(term);
    // The working leader was deposed by the rejoining server's higher term.
    expect(r.trace.some((e) => e.type === 'role' && e.node === leader && e.role === 'follower' && e.term > term)).toBe(true);
    expect(c.node(f).term).toBe(c.node(now as string).term);
    expectSafe(r);
  });

  it('with PreVote: its term does not rise while cut off, and the leader keeps its term and leadership', () => {
    const { r, c, leader, term, f, cutOff, electedAt } = rejoin(true);
    expect(cutOff.term).toBe(term);
    expect(cutOff.role).toBe('precandidate');
    // It did time out repeatedly: each time it asked for pre-votes, without raising its term.
    const preVotes = r.trace.filter((e) => e.type === 'send' && e.message.type === 'PreVote' && e.message.from === f);
    expect(preVotes.length).toBeGreaterThan(10);
    expect(r.trace.some((e) => e.type === 'send' && e.message.type === 'RequestVote' && e.message.from === f)).toBe(false);
    expect(c.leader()).toBe(leader);
    expect(c.node(leader).term).toBe(term);
    expect(r.trace.some((e) => e.type === 'role' && e.node === leader && e.at > electedAt)).toBe(false);
    expect(c.node(f).role).toBe('follower');
    expect(c.node(f).leaderId).toBe(leader);
    expectSafe(r);
  });
});

// ---------------------------------------------------------------------------------------
// CheckQuorum (thesis §6.2)

describe('CheckQuorum (thesis §6.2)', () => {
  function isolateLeader(checkQuorum: boolean, seed: number) {
    const r = run({ seed, features: { checkQuorum } });
    const { c } = r;
    const leader = stableLeader(c);
    c.runFor(seed * 37); // isolate it at different points of its check cycle
    const term = c.node(leader).term;
    const others = c.ids.filter((id) => id !== leader);
    c.partition([[leader, others[0]], others.slice(1)]);
    return { r, c, leader, term, at: c.now };
  }

  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
    it(`a leader cut off in a minority steps down within an election timeout (seed ${seed})`, () => {
      const { r, c, leader, at } = isolateLeader(true, seed);
      expect(c.runUntil((cl) => cl.node(leader).role !== 'leader', 2000)).toBe(true);
      expect(c.node(leader).role).toBe('follower');
      // §6.2: an election timeout without hearing from a majority; the last replies it could
      // have had from the majority side left before the partition.
      expect(c.now - at).toBeLessThanOrEqual(TIMING.electionTimeoutMax);
      expectSafe(r);
    });
  }

  it('a leader cut off in a minority stays leader of its stale term without CheckQuorum', () => {
    const { r, c, leader, term } = isolateLeader(false, 1);
    c.runFor(3000);
    expect(c.node(leader).role).toBe('leader');
    expect(c.node(leader).term).toBe(term);
    const other = c.leader() as string; // the majority side elected its own leader meanwhile
    expect(other).not.toBe(leader);
    expect(c.node(other).term).toBeGreaterThan(term);
    expectSafe(r);
  });

  it('a leader in touch with a majority is never deposed by CheckQuorum', () => {
    const r = run({ features: { checkQuorum: true } });
    const { c } = r;
    const leader = stableLeader(c);
    const term = c.node(leader).term;
    const others = c.ids.filter((id) => id !== leader);
    c.partition([[leader, others[0], others[1]], others.slice(2)]); // it keeps 3 of 5
    c.runFor(5000);
    expect(c.leader()).toBe(leader);
    expect(c.node(leader).term).toBe(term);
    expectSafe(r);
  });
});

// ---------------------------------------------------------------------------------------
// Leadership transfer (thesis §3.10)

describe('leadership transfer (thesis §3.10)', () => {
  it('makes a caught-up target leader well within an election timeout', () => {
    const r = run({ features: { preVote: true, checkQuorum: true } });
    const { c } = r;
    const old = stableLeader(c);
    const term = c.node(old).term;
    const to = c.ids.find((id) => id !== old) as string;
    c.runFor(100);
    const from = c.now;
    c.transferLeadership(to);
    // The old leader stops accepting client commands at once.
    expect(c.propose(old, { type: 'put', key: 'k', value: 'refused' }).isLeader).toBe(false);
    expect(c.runUntil((cl) => cl.leader() === to, 1000)).toBe(true);
    expect(c.now - from).toBeLessThan(TIMING.electionTimeoutMin);
    expect(c.node(to).term).toBe(term + 1);
    expect(c.node(old).role).toBe('follower');
    expect(r.trace.some((e) => e.type === 'send' && e.message.type === 'TimeoutNow' && e.message.to === to)).toBe(true);
    const p = c.propose(to, { type: 'put', key: 'k', value: 'new leader' });
    expect(p.isLeader).toBe(true);
    allApplied(c, c.ids, p.index);
    expect(c.node(old).state.k).toBe('new leader'); // the refused proposal never got in
    expectSafe(r);
  });

  it('brings a lagging target up to date first, then hands over quickly', () => {
    const r = run();
    const { c } = r;
    const old = stableLeader(c);
    const to = c.ids.find((id) => id !== old) as string;
    c.partition([[to]]);
    const last = putMany(c, old, 1, 100);
    allApplied(
      c,
      c.ids.filter((id) => id !== to),
      last,
    );
    c.heal();
    c.transferLeadership(to);
    expect(c.propose(old, { x: 1 }).isLeader).toBe(false);
    expect(c.runUntil((cl) => cl.leader() === to, 2000)).toBe(true);
    const timeoutNow = r.trace.find((e) => e.type === 'send' && e.message.type === 'TimeoutNow' && e.message.to === to);
    expect(timeoutNow).toBeDefined();
    expect(c.now - (timeoutNow as TraceEvent).at).toBeLessThan(TIMING.electionTimeoutMin);
    expect(lastIndex(c.node(to))).toBeGreaterThan(last); // it kept every committed entry
    expect(c.node(to).log.filter((e) => e.index <= last).length).toBe(last);
    expectSafe(r);
  });

  it('aborts a transfer to a crashed target after an election timeout: the leader accepts proposals again', () => {
    const r = run();
    const { c } = r;
    const leader = stableLeader(c);
    const term = c.node(leader).term;
    const to = c.ids.find((id) => id !== leader) as string;
    c.crash(to);
    c.transferLeadership(to);
    expect(() => c.transferLeadership(c.ids.find((id) => id !== leader && id !== to) as string)).toThrow(
      new RegExp(`a transfer to '${to}' is already under way`),
    );
    c.runFor(TIMING.electionTimeoutMax - TIMING.heartbeatInterval);
    expect(c.propose(leader, { x: 'during' }).isLeader).toBe(false);
    c.runFor(2 * TIMING.heartbeatInterval);
    const p = c.propose(leader, { x: 'after' });
    expect(p.isLeader).toBe(true);
    expect(c.leader()).toBe(leader);
    expect(c.node(leader).term).toBe(term);
    allApplied(
      c,
      c.ids.filter((id) => id !== to),
      p.index,
    );
    expectSafe(r);
  });
});

// ---------------------------------------------------------------------------------------
// Linearizable reads (thesis §6.4)

describe('ReadIndex (thesis §6.4)', () => {
  function readsCost(readIndex: boolean) {
    const r = run({ features: { readIndex } });
    const { c } = r;
    const leader = stableLeader(c);
    complete(c, c.request({ type: 'put', key: 'x', value: '1' }));
    c.runFor(200);
    const lengths = c.ids.map((id) => lastIndex(c.node(id)));
    const results: (string | null | undefined)[] = [];
    for (let i = 0; i < 10; i++) results.push(complete(c, c.request({ type: 'get', key: i % 2 === 0 ? 'x' : 'y' })).result);
    c.runFor(200);
    return { r, c, leader, lengths, results };
  }

  it('serves gets without appending to the log, with correct results', () => {
    const { r, c, lengths, results } = readsCost(true);
    expect(results).toEqual(['1', null, '1', null, '1', null, '1', null, '1', null]);
    expect(c.ids.map((id) => lastIndex(c.node(id)))).toEqual(lengths);
    expect(checkLinearizability(c.history())).toEqual({ ok: true });
    expectSafe(r);
  });

  it('without it, every get goes through the log (the cost a lecture can compare)', () => {
    const { r, c, lengths, results } = readsCost(false);
    expect(results).toEqual(['1', null, '1', null, '1', null, '1', null, '1', null]);
    expect(c.ids.map((id) => lastIndex(c.node(id)))).toEqual(lengths.map((n) => n + 10));
    expectSafe(r);
  });

  /** x=1 everywhere; the leader is cut off alone; the majority elects a new leader and writes x=2. */
  function staleLeader(features: ClusterOptions['features']) {
    const r = run({ features });
    const { c } = r;
    const old = stableLeader(c);
    complete(c, c.request({ type: 'put', key: 'x', value: '1' }, { client: 'C1' }));
    c.runFor(200);
    c.partition([[old]]);
    expect(c.runUntil((cl) => cl.leader() !== null && cl.leader() !== old && committedTerm(cl.node(cl.leader() as string)) === cl.node(cl.leader() as string).term, 3000)).toBe(true);
    const next = c.leader() as string;
    complete(c, c.request({ type: 'put', key: 'x', value: '2' }, { client: 'C1', to: next }));
    c.runFor(10); // the get starts strictly after the put completed (real-time order)
    expect(c.node(old).role).toBe('leader'); // no CheckQuorum: it still believes it leads
    const get = c.request({ type: 'get', key: 'x' }, { client: 'C2', to: old });
    return { r, c, old, next, get };
  }

  it('a get sent to a partitioned old leader never returns stale data', () => {
    const { r, c, old, get } = staleLeader({ readIndex: true });
    c.runFor(400);
    // The old leader cannot confirm its leadership with a majority: it does not answer.
    expect(r.trace.some((e) => e.type === 'send' && e.message.type === 'ClientReply' && e.message.from === old && e.message.to === 'C2' && e.message.ok)).toBe(false);
    expect(c.history().find((h) => h.id === get)?.completedAt).toBeUndefined();
    // The client retries elsewhere and reads the latest value.
    const done = complete(c, get, 5000);
    expect(done.result).toBe('2');
    expect(checkLinearizability(c.history())).toEqual({ ok: true });
    expectSafe(r);
  });

  it("the 'local-reads' variant returns the stale value, and the linearizability checker flags it", () => {
    const { r, c, old, get } = staleLeader({ variant: 'local-reads' });
    const done = complete(c, get, 1000);
    expect(done.result).toBe('1');
    expect(r.trace.some((e) => e.type === 'deliver' && e.message.type === 'ClientReply' && e.message.from === old && e.message.to === 'C2')).toBe(true);
    const verdict = checkLinearizability(c.history());
    expect(verdict.ok).toBe(false);
    expectSafe(r); // the log stays safe: only the read was wrong
  });
});

// ---------------------------------------------------------------------------------------
// docs/extensions.md: every ```ts example runs against the real engine (plain JavaScript,
// the API's exports in scope, console.assert throwing), so the document stays true.

describe('docs/extensions.md examples', () => {
  const doc = readFileSync(fileURLToPath(new URL('../../docs/extensions.md', import.meta.url)), 'utf8');
  const examples = [...doc.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => ({
    code: m[1],
    line: doc.slice(0, m.index).split('\n').length,
  }));

  it('has an example for each of the six mechanisms and the disruption of §4.2.3', () => {
    expect(examples.length).toBe(7);
  });

  for (const { code, line } of examples) {
    it(`the example at docs/extensions.md:${line} runs and its assertions hold`, () => {
      const fakeConsole = {
        log: () => undefined,
        assert: (condition: unknown, message?: string) => {
          if (!condition) throw new Error(`docs/extensions.md:${line}: assertion failed: ${message ?? ''}`);
        },
      };
      const names = Object.keys(api);
      // eslint-disable-next-line @typescript-eslint/no-implied-eval
      const run = new Function('__api', 'console', `'use strict';\nconst { ${names.join(', ')} } = __api;\n${code}`) as (a: unknown, c: unknown) => void;
      run(api, fakeConsole);
    });
  }
});
