// Unit tests of log compaction and InstallSnapshot (Ongaro's thesis, ch. 5), rule by rule.
// As in the Figure 2 tests (and etcd's raft tests), each test drives one NodeState through the
// exported inputs and records what it sends and reports. Helpers: harness.test-support.ts
// (`thesis`).

import { describe, expect, it } from 'vitest';
import { listToArray } from './chunked.ts';
import { clientRequest, FIVE, Harness, termsOf, thesis, THREE, voteReply } from './harness.test-support.ts';
import { lastLogIndex, termAt } from './log.ts';
import { crash, createNode, forceTimeout, heartbeatTimerFired, propose, receive, restart, start } from './node.ts';
import type { LogEntry } from './types.ts';

const { ackAll, appendEntries, appendReply, follower, installSnapshotMsg, leader, put, puts, snapshotOf, snapshotReply, stateOf } = thesis;

// ---------------------------------------------------------------------------------------
// Log compaction (thesis ch. 5)

describe('snapshots: when and what (thesis §5.1)', () => {
  it('a server compacts once the entries applied since its last snapshot exceed snapshotThreshold', () => {
    const h = new Harness({ snapshotThreshold: 3 });
    const n = follower(h);
    receive(n, appendEntries({ term: 1, prevLogIndex: 0, prevLogTerm: 0, entries: puts([1, 1, 1]), leaderCommit: 3 }), h.ctx(10));
    expect(n.lastApplied).toBe(3);
    expect(n.snapshot).toBeNull(); // three applied entries do not exceed 3
    expect(h.eventsOf('snapshot')).toEqual([]);

    receive(n, appendEntries({ term: 1, prevLogIndex: 3, prevLogTerm: 1, entries: puts([1], 4), leaderCommit: 4 }), h.ctx(20));
    expect(n.snapshot).toMatchObject({ index: 4, term: 1 });
    // The snapshot records the configuration in force at its index (§5.1): here the boot one.
    expect(h.eventsOf('snapshot')).toEqual([{ type: 'snapshot', at: 20, node: 'S2', index: 4, term: 1, voters: ['S1', 'S2', 'S3'] }]);
    expect(listToArray(n.log)).toEqual([]); // the covered prefix is gone…
    expect(lastLogIndex(n)).toBe(4); // …but indexes go on from the snapshot
    expect(termAt(n, 4)).toBe(1);
    expect(Object.fromEntries(n.snapshot?.state ?? [])).toEqual({ k1: 'v1t1', k2: 'v2t1', k3: 'v3t1', k4: 'v4t1' });

    // The next snapshot counts from this one: three more are not enough, four are.
    receive(n, appendEntries({ term: 1, prevLogIndex: 4, prevLogTerm: 1, entries: puts([1, 1, 1], 5), leaderCommit: 7 }), h.ctx(30));
    expect(n.snapshot?.index).toBe(4);
    receive(n, appendEntries({ term: 1, prevLogIndex: 7, prevLogTerm: 1, entries: puts([1], 8), leaderCommit: 8 }), h.ctx(40));
    expect(n.snapshot?.index).toBe(8);
  });

  it('never snapshots what is not applied: only committed entries are compacted', () => {
    const h = new Harness({ snapshotThreshold: 2 });
    const n = follower(h);
    receive(n, appendEntries({ term: 1, prevLogIndex: 0, prevLogTerm: 0, entries: puts([1, 1, 1, 1, 1, 1]), leaderCommit: 3 }), h.ctx(10));
    expect(n.snapshot?.index).toBe(3);
    expect(termsOf(n)).toEqual([1, 1, 1]); // 4..6, uncommitted, stay in the log
  });

  it('the snapshot holds the client sessions and the configuration in force at its index; a later configuration stays in the log', () => {
    const h = new Harness({ snapshotThreshold: 3 });
    const n = follower(h);
    const log: LogEntry[] = [
      { term: 1, kind: 'noop', command: null },
      { term: 1, kind: 'config', command: null, voters: ['S1', 'S2', 'S3', 'S4'] },
      { term: 1, kind: 'command', command: { type: 'append', key: 'x', value: 'a' }, client: { client: 'C1', seq: 4 } },
      { term: 1, kind: 'command', command: { type: 'put', key: 'y', value: 'b' }, client: { client: 'C2', seq: 1 } },
      { term: 1, kind: 'config', command: null, voters: ['S1', 'S2', 'S4'] },
    ];
    receive(n, appendEntries({ term: 1, prevLogIndex: 0, prevLogTerm: 0, entries: log, leaderCommit: 4 }), h.ctx(10));
    expect(n.snapshot?.index).toBe(4);
    expect(n.snapshot?.voters).toEqual(['S1', 'S2', 'S3', 'S4']);
    expect(Object.fromEntries(n.snapshot?.sessions ?? [])).toEqual({ C1: { seq: 4, result: undefined }, C2: { seq: 1, result: undefined } });
    expect(Object.fromEntries(n.snapshot?.state ?? [])).toEqual({ x: 'a', y: 'b' });
    // A server uses the latest configuration in its log, committed or not (§4.1).
    expect(n.voters).toEqual(['S1', 'S2', 'S4']);
  });

  it('a crash keeps the snapshot: the state machine restarts from it and only the entries after it are applied again', () => {
    const h = new Harness({ snapshotThreshold: 3 });
    const n = follower(h);
    const tagged: LogEntry = { term: 1, kind: 'command', command: { type: 'append', key: 'x', value: 'a' }, client: { client: 'C1', seq: 1 } };
    receive(n, appendEntries({ term: 1, prevLogIndex: 0, prevLogTerm: 0, entries: [tagged, ...puts([1, 1, 1], 2)], leaderCommit: 4 }), h.ctx(10));
    expect(n.snapshot?.index).toBe(4);
    // Two more: 5 is a retry of the append already applied at 1 (same client and seq).
    receive(n, appendEntries({ term: 1, prevLogIndex: 4, prevLogTerm: 1, entries: [tagged, ...puts([1], 6)], leaderCommit: 6 }), h.ctx(20));
    expect(n.lastApplied).toBe(6);
    expect(n.kv.get('x')).toBe('a');
    const snapshotState = Object.fromEntries(n.snapshot?.state ?? []);

    crash(n, h.settings);
    restart(n, h.ctx(100));
    expect(n.snapshot?.index).toBe(4);
    expect(n.commitIndex).toBe(4);
    expect(n.lastApplied).toBe(4);
    expect(stateOf(n)).toEqual(snapshotState);
    expect(n.sessions.get('C1')?.seq).toBe(1);
    expect(termsOf(n)).toEqual([1, 1]); // 5 and 6 survived in the log

    h.clear();
    receive(n, appendEntries({ term: 1, prevLogIndex: 6, prevLogTerm: 1, leaderCommit: 6 }), h.ctx(110));
    expect(h.eventsOf('apply').map((e) => e.index)).toEqual([5, 6]);
    expect(n.kv.get('x')).toBe('a'); // the retry is not applied twice: the session came back with the snapshot
    expect(n.kv.get('k6')).toBe('v6t1');
  });
});

describe('InstallSnapshot, receiver side (thesis §5.3)', () => {
  const snap = snapshotOf({ index: 3, term: 2, state: { k1: 'v1t1', k2: 'v2t1', k3: 'v3t2' }, voters: THREE });

  it('keeps the entries that follow a snapshot matching its log', () => {
    const h = new Harness();
    const n = follower(h, 'S2', THREE, puts([1, 1, 2, 2, 2]), 2);
    h.clear();
    receive(n, installSnapshotMsg(snap, { term: 2 }), h.ctx(10));
    expect(n.snapshot).toBe(snap);
    expect(termsOf(n)).toEqual([2, 2]); // 4 and 5 kept
    expect(lastLogIndex(n)).toBe(5);
    expect(n.commitIndex).toBe(3);
    expect(n.lastApplied).toBe(3);
    expect(stateOf(n)).toEqual({ k1: 'v1t1', k2: 'v2t1', k3: 'v3t2' });
    expect(h.eventsOf('truncate')).toEqual([]);
    expect(h.sentOf('InstallSnapshotReply')).toEqual([expect.objectContaining({ to: 'S1', term: 2, matchIndex: 3 })]);
  });

  it('discards a log that conflicts with the snapshot', () => {
    const h = new Harness();
    const n = follower(h, 'S2', THREE, puts([1, 1, 1, 1, 1]), 2);
    h.clear();
    receive(n, installSnapshotMsg(snap, { term: 2 }), h.ctx(10));
    expect(listToArray(n.log)).toEqual([]);
    expect(lastLogIndex(n)).toBe(3);
    expect(termAt(n, 3)).toBe(2);
    expect(stateOf(n)).toEqual({ k1: 'v1t1', k2: 'v2t1', k3: 'v3t2' });
    expect(h.eventsOf('truncate')).toEqual([expect.objectContaining({ from: 1 })]);
  });

  it('discards a log that is shorter than the snapshot', () => {
    const h = new Harness();
    const n = follower(h, 'S2', THREE, puts([1]), 2);
    receive(n, installSnapshotMsg(snap, { term: 2 }), h.ctx(10));
    expect(listToArray(n.log)).toEqual([]);
    expect(lastLogIndex(n)).toBe(3);
    expect(n.commitIndex).toBe(3);
  });

  it('takes its configuration from the snapshot', () => {
    const h = new Harness();
    const n = createNode('S6', [], 7); // a new server knows no configuration yet
    start(n, h.ctx(0));
    receive(n, installSnapshotMsg(snapshotOf({ index: 3, term: 2, voters: ['S1', 'S2', 'S3', 'S6'] }), { term: 2, to: 'S6' }), h.ctx(10));
    expect(n.voters).toEqual(['S1', 'S2', 'S3', 'S6']);
    expect(h.eventsOf('config').at(-1)).toMatchObject({ node: 'S6', voters: ['S1', 'S2', 'S3', 'S6'] });
  });

  it('an old snapshot (covered by what is already committed) never moves a server backwards', () => {
    const h = new Harness();
    const n = follower(h);
    receive(n, appendEntries({ term: 2, prevLogIndex: 0, prevLogTerm: 0, entries: puts([1, 1, 2, 2, 2, 2]), leaderCommit: 6 }), h.ctx(10));
    const before = { log: termsOf(n), commit: n.commitIndex, applied: n.lastApplied, state: stateOf(n) };
    h.clear();
    receive(n, installSnapshotMsg(snap, { term: 2 }), h.ctx(20));
    expect({ log: termsOf(n), commit: n.commitIndex, applied: n.lastApplied, state: stateOf(n) }).toEqual(before);
    expect(n.snapshot).toBeNull();
    expect(h.eventsOf('snapshot')).toEqual([]);
    expect(h.eventsOf('apply')).toEqual([]);
  });

  it('a duplicate of a snapshot already installed, arriving after more entries were applied, changes nothing', () => {
    const h = new Harness();
    const n = follower(h);
    const m = installSnapshotMsg(snap, { term: 2 });
    receive(n, m, h.ctx(10));
    receive(n, appendEntries({ term: 2, prevLogIndex: 3, prevLogTerm: 2, entries: puts([2, 2], 4), leaderCommit: 5 }), h.ctx(20));
    expect(n.lastApplied).toBe(5);
    const before = { log: termsOf(n), commit: n.commitIndex, applied: n.lastApplied, state: stateOf(n) };
    receive(n, { ...m }, h.ctx(30));
    expect({ log: termsOf(n), commit: n.commitIndex, applied: n.lastApplied, state: stateOf(n) }).toEqual(before);
  });

  it('refuses a snapshot from a leader of an older term', () => {
    const h = new Harness();
    const n = follower(h, 'S2', THREE, puts([1]), 3);
    h.clear();
    receive(n, installSnapshotMsg(snap, { term: 2 }), h.ctx(10));
    expect(n.snapshot).toBeNull();
    expect(termsOf(n)).toEqual([1]);
    expect(h.sentOf('InstallSnapshotReply')).toEqual([expect.objectContaining({ term: 3, matchIndex: 0 })]);
  });

  it('an AppendEntries reaching into the snapshot skips the covered entries and appends the rest', () => {
    const h = new Harness();
    const n = follower(h);
    receive(n, installSnapshotMsg(snap, { term: 2 }), h.ctx(10));
    h.clear();
    receive(n, appendEntries({ term: 2, prevLogIndex: 1, prevLogTerm: 1, entries: puts([1, 2, 2, 2], 2), leaderCommit: 3 }), h.ctx(20));
    expect(h.sentOf('AppendEntriesReply')).toEqual([expect.objectContaining({ success: true, matchIndex: 5 })]);
    expect(n.snapshot).toBe(snap);
    expect(lastLogIndex(n)).toBe(5);
    expect(termsOf(n)).toEqual([2, 2]);
    expect(h.eventsOf('truncate')).toEqual([]);
  });
});

describe('InstallSnapshot, leader side (thesis §5.3)', () => {
  it('sends its snapshot to a follower that needs compacted entries, then continues with AppendEntries', () => {
    const h = new Harness({ snapshotThreshold: 3 });
    const n = leader(h, { voters: FIVE }); // no-op at 1, acknowledged by S2 and S3
    for (let i = 0; i < 4; i++) propose(n, put('p' + String(i), 'x'), h.ctx(10));
    // S4 and S5 have been silent for more than an election timeout: they lag, so the leader
    // compacts without waiting for them.
    ackAll(h, n, ['S2', 'S3'], 500);
    expect(n.commitIndex).toBe(5);
    expect(n.snapshot).toMatchObject({ index: 5, term: 1 });
    h.clear();
    heartbeatTimerFired(n, h.ctx(510));
    const installs = h.sentOf('InstallSnapshot');
    expect(installs.map((m) => m.to)).toEqual(['S4', 'S5']);
    expect(installs[0]).toMatchObject({ term: 1, leaderId: 'S1', lastIncludedIndex: 5, lastIncludedTerm: 1 });
    expect(Object.fromEntries(installs[0].snapshot.state)).toEqual({ p0: 'x', p1: 'x', p2: 'x', p3: 'x' });
    expect(h.sentOf('AppendEntries').map((m) => m.to)).toEqual(['S2', 'S3']);

    receive(n, snapshotReply({ term: 1, from: 'S4', matchIndex: 5 }), h.ctx(520));
    expect(n.progress.get('S4')).toMatchObject({ matchIndex: 5, nextIndex: 6 });
    h.clear();
    propose(n, put('after', 'snapshot'), h.ctx(530));
    const toS4 = h.sentOf('AppendEntries').filter((m) => m.to === 'S4');
    expect(toS4).toEqual([expect.objectContaining({ prevLogIndex: 5, prevLogTerm: 1 })]);
    expect(toS4[0].entries.map((e) => e.command)).toEqual([put('after', 'snapshot')]);
    expect(h.sentOf('InstallSnapshot').filter((m) => m.to === 'S4')).toEqual([]);
  });

  it('a leader does not compact entries a follower that keeps up has not acknowledged yet (paper §7: InstallSnapshot is for laggards)', () => {
    const h = new Harness({ snapshotThreshold: 3 });
    const n = leader(h); // S1 of three, no-op acknowledged by S2 at time 3
    for (let i = 0; i < 3; i++) propose(n, put('p' + String(i), 'x'), h.ctx(10));
    receive(n, appendReply({ term: 1, from: 'S2', matchIndex: 4 }), h.ctx(40));
    expect(n.commitIndex).toBe(4);
    expect(n.lastApplied).toBe(4);
    expect(n.snapshot).toBeNull(); // S3 answered recently and still needs 1..4
    receive(n, appendReply({ term: 1, from: 'S3', matchIndex: 4 }), h.ctx(50));
    expect(n.snapshot).toMatchObject({ index: 4, term: 1 });
    h.clear();
    heartbeatTimerFired(n, h.ctx(60));
    expect(h.sentOf('InstallSnapshot')).toEqual([]);
  });

  it('…but a slow follower cannot stall compaction beyond twice the threshold', () => {
    const h = new Harness({ snapshotThreshold: 3 });
    const n = leader(h);
    receive(n, appendReply({ term: 1, from: 'S3', matchIndex: 1 }), h.ctx(5)); // S3 is alive, but slow
    for (let i = 0; i < 6; i++) {
      propose(n, put('p' + String(i), 'x'), h.ctx(10 + i));
      receive(n, appendReply({ term: 1, from: 'S2', matchIndex: lastLogIndex(n) }), h.ctx(10 + i));
      if (i < 5) expect(n.snapshot).toBeNull();
    }
    expect(n.lastApplied).toBe(7); // 7 applied entries exceed 2 × 3
    expect(n.snapshot?.index).toBe(7);
  });
});

describe('client sessions survive compaction (thesis §6.3 with ch. 5)', () => {
  it('a leader rebuilt from its snapshot answers a retried request from the session without appending it again', () => {
    const h = new Harness({ snapshotThreshold: 2 });
    const n = leader(h);
    receive(n, clientRequest({ type: 'append', key: 'x', value: 'a' }, 'C1', 1), h.ctx(10));
    propose(n, put('y', '1'), h.ctx(10));
    ackAll(h, n, ['S2', 'S3'], 20);
    expect(n.snapshot?.index).toBe(3);
    expect(n.snapshot?.sessions.get('C1')?.seq).toBe(1);

    crash(n, h.settings);
    restart(n, h.ctx(100));
    expect(n.kv.get('x')).toBe('a');
    // Elected again (term 2): its no-op commits, then the client's retry arrives.
    forceTimeout(n, h.ctx(200));
    receive(n, voteReply({ term: 2, from: 'S2', granted: true }), h.ctx(201));
    expect(n.role).toBe('leader');
    ackAll(h, n, ['S2'], 202);
    const last = lastLogIndex(n);
    h.clear();
    receive(n, clientRequest({ type: 'append', key: 'x', value: 'a' }, 'C1', 1), h.ctx(210));
    expect(lastLogIndex(n)).toBe(last);
    expect(h.sentOf('ClientReply')).toEqual([expect.objectContaining({ to: 'C1', seq: 1, ok: true })]);
    expect(n.kv.get('x')).toBe('a');
  });
});
