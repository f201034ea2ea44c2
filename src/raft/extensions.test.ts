// Unit tests of the thesis's extensions of Raft, rule by rule (Ongaro, "Consensus: Bridging
// Theory and Practice", 2014): log compaction and InstallSnapshot (ch. 5), single-server
// membership changes (ch. 4), PreVote (§9.6), CheckQuorum (§6.2), leadership transfer (§3.10)
// and ReadIndex (§6.4). As in node.test.ts (and etcd's raft tests), each test drives one
// NodeState through the exported inputs and records what it sends and reports.

import { describe, expect, it } from 'vitest';
import { listToArray } from './chunked.ts';
import { Harness, TIMING } from './harness.test-support.ts';
import { lastLogIndex, termAt } from './log.ts';
import type {
  AppendEntries,
  AppendEntriesReply,
  ClientRequest,
  InstallSnapshot,
  InstallSnapshotReply,
  PreVote,
  PreVoteReply,
  RequestVote,
  RequestVoteReply,
  TimeoutNow,
} from './messages.ts';
import {
  addServer,
  configChangeRefusal,
  crash,
  createNode,
  electionTimerFired,
  forceTimeout,
  heartbeatTimerFired,
  MAX_CATCH_UP_ROUNDS,
  propose,
  receive,
  removeServer,
  restart,
  start,
  transferLeadership,
} from './node.ts';
import type { ClientOp, LogEntry, NodeState, Session, Snapshot } from './types.ts';

// ---------------------------------------------------------------------------------------
// Harness


const THREE = ['S1', 'S2', 'S3'];
const FIVE = ['S1', 'S2', 'S3', 'S4', 'S5'];
const envelope = { id: 0, sentAt: 0, deliverAt: 0 };

/** Entries of the given terms whose commands put k<index> = v<index> (equal index+term ⇒ equal entry). */
function puts(terms: readonly number[], firstIndex = 1): LogEntry[] {
  return terms.map((term, i) => {
    const index = firstIndex + i;
    return { term, kind: 'command' as const, command: { type: 'put', key: 'k' + String(index), value: 'v' + String(index) + 't' + String(term) } };
  });
}

const termsOf = (n: NodeState) => listToArray(n.log).map((e) => e.term);
const stateOf = (n: NodeState) => Object.fromEntries(n.kv);

function appendEntries(f: {
  term: number;
  from?: string;
  to?: string;
  prevLogIndex: number;
  prevLogTerm: number;
  entries?: readonly LogEntry[];
  leaderCommit?: number;
  round?: number;
}): AppendEntries {
  const from = f.from ?? 'S1';
  return {
    ...envelope,
    type: 'AppendEntries',
    from,
    to: f.to ?? 'S2',
    term: f.term,
    leaderId: from,
    prevLogIndex: f.prevLogIndex,
    prevLogTerm: f.prevLogTerm,
    entries: f.entries ?? [],
    leaderCommit: f.leaderCommit ?? 0,
    round: f.round ?? 0,
  };
}

function appendReply(f: { term: number; from: string; to?: string; matchIndex: number; round?: number; success?: boolean }): AppendEntriesReply {
  return {
    ...envelope,
    type: 'AppendEntriesReply',
    from: f.from,
    to: f.to ?? 'S1',
    term: f.term,
    success: f.success ?? true,
    matchIndex: f.success === false ? 0 : f.matchIndex,
    conflictIndex: f.success === false ? f.matchIndex : 0,
    conflictTerm: 0,
    round: f.round ?? 0,
  };
}

function snapshotOf(f: { index: number; term: number; state?: Record<string, string>; sessions?: Record<string, Session>; voters?: string[] }): Snapshot {
  return {
    index: f.index,
    term: f.term,
    state: new Map(Object.entries(f.state ?? {})),
    sessions: new Map(Object.entries(f.sessions ?? {})),
    voters: f.voters ?? THREE.slice(),
  };
}

function installSnapshotMsg(snapshot: Snapshot, f: { term: number; from?: string; to?: string; round?: number }): InstallSnapshot {
  const from = f.from ?? 'S1';
  return {
    ...envelope,
    type: 'InstallSnapshot',
    from,
    to: f.to ?? 'S2',
    term: f.term,
    leaderId: from,
    lastIncludedIndex: snapshot.index,
    lastIncludedTerm: snapshot.term,
    snapshot,
    round: f.round ?? 0,
  };
}

function snapshotReply(f: { term: number; from: string; matchIndex: number; round?: number }): InstallSnapshotReply {
  return { ...envelope, type: 'InstallSnapshotReply', from: f.from, to: 'S1', term: f.term, matchIndex: f.matchIndex, round: f.round ?? 0 };
}

function requestVote(f: { term: number; from: string; to?: string; lastLogIndex: number; lastLogTerm: number; transfer?: boolean }): RequestVote {
  const m: RequestVote = {
    ...envelope,
    type: 'RequestVote',
    from: f.from,
    to: f.to ?? 'S2',
    term: f.term,
    candidateId: f.from,
    lastLogIndex: f.lastLogIndex,
    lastLogTerm: f.lastLogTerm,
  };
  if (f.transfer === true) m.transfer = true;
  return m;
}

function voteReply(f: { term: number; from: string; to?: string; granted: boolean }): RequestVoteReply {
  return { ...envelope, type: 'RequestVoteReply', from: f.from, to: f.to ?? 'S1', term: f.term, voteGranted: f.granted };
}

function preVote(f: { term: number; from: string; to?: string; lastLogIndex: number; lastLogTerm: number }): PreVote {
  return { ...envelope, type: 'PreVote', from: f.from, to: f.to ?? 'S2', term: f.term, candidateId: f.from, lastLogIndex: f.lastLogIndex, lastLogTerm: f.lastLogTerm };
}

function preVoteReply(f: { term: number; from: string; to?: string; granted: boolean }): PreVoteReply {
  return { ...envelope, type: 'PreVoteReply', from: f.from, to: f.to ?? 'S1', term: f.term, voteGranted: f.granted };
}

function timeoutNow(f: { term: number; from?: string; to?: string }): TimeoutNow {
  return { ...envelope, type: 'TimeoutNow', from: f.from ?? 'S1', to: f.to ?? 'S2', term: f.term };
}

function clientRequest(op: ClientOp, client = 'C1', seq = 1, to = 'S1'): ClientRequest {
  return { ...envelope, type: 'ClientRequest', from: client, to, term: 0, client, seq, op };
}

/** A follower that has started its election timer at time 0. */
function follower(h: Harness, id = 'S2', voters = THREE, log: readonly LogEntry[] = [], term = log.length > 0 ? log[log.length - 1].term : 0): NodeState {
  const n = createNode(id, voters, 7, { term, log });
  start(n, h.ctx(0));
  return n;
}

/**
 * A leader elected the way the thesis does it: its timer fires (PreVote first when on), the
 * other voters grant, and — unless `commit` is false — a majority acknowledges its no-op so an
 * entry of its term is committed. Inputs happen at times `at`..`at + 3`.
 */
function leader(
  h: Harness,
  opts: { id?: string; voters?: readonly string[]; log?: readonly LogEntry[]; term?: number; at?: number; commit?: boolean } = {},
): NodeState {
  const id = opts.id ?? 'S1';
  const voters = opts.voters ?? THREE;
  const at = opts.at ?? 1;
  const log = opts.log ?? [];
  const n = createNode(id, voters, 7, { term: opts.term ?? (log.length > 0 ? log[log.length - 1].term : 0), log });
  start(n, h.ctx(0));
  forceTimeout(n, h.ctx(at));
  const others = voters.filter((v) => v !== id);
  if (n.role === 'precandidate') {
    for (const peer of others) if (n.role === 'precandidate') receive(n, preVoteReply({ term: n.currentTerm + 1, from: peer, to: id, granted: true }), h.ctx(at));
  }
  for (const peer of others) {
    if (n.role === 'candidate') receive(n, voteReply({ term: n.currentTerm, from: peer, to: id, granted: true }), h.ctx(at + 1));
  }
  expect(n.role).toBe('leader');
  if (opts.commit !== false) {
    const quorum = Math.floor(voters.length / 2) + 1;
    for (const peer of others.slice(0, quorum - 1)) {
      receive(n, appendReply({ term: n.currentTerm, from: peer, to: id, matchIndex: lastLogIndex(n) }), h.ctx(at + 2));
    }
    expect(n.commitIndex).toBe(lastLogIndex(n));
  }
  return n;
}

/** Every follower in `peers` acknowledges the leader's whole log at time `now`. */
function ackAll(h: Harness, n: NodeState, peers: readonly string[], now: number, round = 0): void {
  for (const peer of peers) receive(n, appendReply({ term: n.currentTerm, from: peer, to: n.id, matchIndex: lastLogIndex(n), round }), h.ctx(now));
}

const put = (key: string, value: string): ClientOp => ({ type: 'put', key, value });

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

// ---------------------------------------------------------------------------------------
// Membership changes, one server at a time (thesis ch. 4)

describe('membership: configurations in the log (thesis §4.1)', () => {
  it('a server uses the latest configuration in its log as soon as it is appended, and reverts if it is truncated', () => {
    const h = new Harness();
    const n = follower(h);
    const config: LogEntry = { term: 1, kind: 'config', command: null, voters: ['S1', 'S2', 'S3', 'S4'] };
    receive(n, appendEntries({ term: 1, prevLogIndex: 0, prevLogTerm: 0, entries: [config], leaderCommit: 0 }), h.ctx(10));
    expect(n.commitIndex).toBe(0);
    expect(n.voters).toEqual(['S1', 'S2', 'S3', 'S4']);
    expect(h.eventsOf('config').at(-1)).toMatchObject({ node: 'S2', voters: ['S1', 'S2', 'S3', 'S4'] });
    // A new leader of term 2 never had it: the entry is overwritten, the old configuration returns.
    receive(n, appendEntries({ term: 2, from: 'S3', prevLogIndex: 0, prevLogTerm: 0, entries: puts([2]) }), h.ctx(20));
    expect(n.voters).toEqual(THREE);
    expect(h.eventsOf('config').at(-1)).toMatchObject({ node: 'S2', voters: THREE });
  });

  it('a server outside its own configuration never campaigns', () => {
    const h = new Harness();
    const n = createNode('S4', THREE, 7);
    start(n, h.ctx(0));
    h.clear();
    electionTimerFired(n, h.ctx(400));
    expect(n.role).toBe('follower');
    expect(n.currentTerm).toBe(0);
    expect(n.electionDeadline).toBeNull();
    expect(h.eventsOf('timer')).toEqual([{ type: 'timer', at: 400, node: 'S4', kind: 'election', deadline: null }]);
    expect(h.sent).toEqual([]);
  });

  /** S2 holds an uncommitted configuration entry that removes it: {S1, S3, S4}. */
  function removedByItsOwnLog(h: Harness): NodeState {
    const n = follower(h, 'S2', ['S1', 'S2', 'S3', 'S4']);
    const cNew: LogEntry = { term: 1, command: null, kind: 'config', voters: ['S1', 'S3', 'S4'] };
    receive(n, appendEntries({ term: 1, prevLogIndex: 0, prevLogTerm: 0, entries: [...puts([1]), cNew], leaderCommit: 1 }), h.ctx(10));
    expect(n.voters).toEqual(['S1', 'S3', 'S4']);
    expect(n.commitIndex).toBe(1);
    h.clear();
    return n;
  }

  it('a server removed by an entry that is not yet committed still campaigns, asking the new voters (thesis §4.2.2)', () => {
    const h = new Harness();
    const n = removedByItsOwnLog(h);
    electionTimerFired(n, h.ctx(1000));
    expect(n.role).toBe('candidate');
    expect(h.sentOf('RequestVote').map((m) => m.to)).toEqual(['S1', 'S3', 'S4']);
  });

  it('…without counting its own vote: one vote of three is no majority, two are', () => {
    const h = new Harness();
    const n = removedByItsOwnLog(h);
    electionTimerFired(n, h.ctx(1000));
    expect(n.votes).toEqual([]);
    receive(n, voteReply({ term: 2, from: 'S3', to: 'S2', granted: true }), h.ctx(1001));
    expect(n.role).toBe('candidate');
    receive(n, voteReply({ term: 2, from: 'S4', to: 'S2', granted: true }), h.ctx(1002));
    expect(n.role).toBe('leader');
  });

  it('…and pre-votes the same way, without its own vote', () => {
    const h = new Harness({ preVote: true });
    const n = removedByItsOwnLog(h);
    electionTimerFired(n, h.ctx(1000));
    expect(n.role).toBe('precandidate');
    expect(n.votes).toEqual([]);
    expect(h.sentOf('PreVote').map((m) => m.to)).toEqual(['S1', 'S3', 'S4']);
  });

  it('once it knows its removal is committed, it never campaigns again', () => {
    const h = new Harness();
    const n = removedByItsOwnLog(h);
    receive(n, appendEntries({ term: 1, prevLogIndex: 2, prevLogTerm: 1, leaderCommit: 2 }), h.ctx(20));
    expect(n.commitIndex).toBe(2);
    h.clear();
    electionTimerFired(n, h.ctx(1000));
    expect(n.role).toBe('follower');
    expect(n.electionDeadline).toBeNull();
    expect(h.sent).toEqual([]);
  });

  it('TimeoutNow reaching a server that is no voter of its latest configuration is ignored', () => {
    const h = new Harness();
    const n = removedByItsOwnLog(h);
    receive(n, timeoutNow({ term: 1 }), h.ctx(30));
    expect(n.role).toBe('follower');
    expect(n.currentTerm).toBe(1);
    expect(h.sent).toEqual([]);
    const learner = createNode('S4', THREE, 7); // a new server: the boot configuration does not name it
    start(learner, h.ctx(0));
    h.clear();
    receive(learner, timeoutNow({ term: 0, to: 'S4' }), h.ctx(30));
    expect(learner.role).toBe('follower');
    expect(h.sent).toEqual([]);
  });

  it('removing the transfer target aborts the transfer: the leader takes requests again', () => {
    const h = new Harness();
    const n = leader(h, { voters: FIVE });
    ackAll(h, n, ['S2', 'S3', 'S4', 'S5'], 5);
    propose(n, put('x', '1'), h.ctx(6)); // S3 now lacks an entry: the transfer waits for it
    transferLeadership(n, 'S3', h.ctx(7));
    expect(n.transferTarget).toBe('S3');
    expect(propose(n, put('x', '2'), h.ctx(8)).isLeader).toBe(false);
    removeServer(n, 'S3', h.ctx(9));
    expect(n.transferTarget).toBeNull();
    expect(propose(n, put('x', '3'), h.ctx(10)).isLeader).toBe(true);
    h.clear();
    ackAll(h, n, ['S3'], 11);
    expect(h.sentOf('TimeoutNow')).toEqual([]);
  });

  it('a candidate counts only votes of servers in its configuration', () => {
    const h = new Harness();
    const n = follower(h, 'S1');
    forceTimeout(n, h.ctx(10));
    receive(n, voteReply({ term: 1, from: 'S9', granted: true }), h.ctx(11));
    expect(n.role).toBe('candidate');
    receive(n, voteReply({ term: 1, from: 'S2', granted: true }), h.ctx(12));
    expect(n.role).toBe('leader');
  });
});

describe('membership: configChangeRefusal (one change at a time, thesis §4.1)', () => {
  it('names why a change cannot start now', () => {
    const h = new Harness();
    expect(configChangeRefusal(follower(h))).toMatch(/no live leader/);
    const fresh = leader(h, { commit: false });
    expect(configChangeRefusal(fresh)).toMatch(/not yet committed an entry of its term/);
    const n = leader(h);
    expect(configChangeRefusal(n)).toBeNull();
    addServer(n, 'S4', h.ctx(10));
    expect(configChangeRefusal(n)).toMatch(/S4 is still being caught up/);
    const m = leader(h);
    removeServer(m, 'S3', h.ctx(10));
    expect(configChangeRefusal(m)).toMatch(/still uncommitted/);
    ackAll(h, m, ['S2'], 20);
    expect(configChangeRefusal(m)).toBeNull();
    const dead = leader(h);
    crash(dead, h.settings);
    expect(configChangeRefusal(dead)).toMatch(/no live leader/);
  });
});

describe('membership: adding a server (thesis §4.2.1)', () => {
  it('the new server is a learner caught up in rounds: its acks do not count until a round shorter than an election timeout makes it a voter', () => {
    const h = new Harness();
    const n = leader(h); // S1 of three; no-op committed
    propose(n, put('a', '1'), h.ctx(10)); // index 2, on the leader only
    h.clear();
    addServer(n, 'S4', h.ctx(100));
    expect(n.learners).toEqual(['S4']);
    expect(n.voters).toEqual(THREE);
    expect(h.eventsOf('config')).toEqual([expect.objectContaining({ node: 'S1', voters: THREE, learners: ['S4'] })]);
    expect(h.sentOf('AppendEntries').map((m) => m.to)).toEqual(['S4']);

    // The first round (to index 2) takes 200 ms, longer than an election timeout: another round.
    receive(n, appendReply({ term: 1, from: 'S4', matchIndex: 2 }), h.ctx(300));
    expect(n.progress.get('S4')?.matchIndex).toBe(2);
    expect(n.commitIndex).toBe(1); // S1 + S4 would be two of three, but a learner does not vote
    expect(n.learners).toEqual(['S4']);
    expect(n.catchUp).toMatchObject({ server: 'S4', rounds: 2 });
    h.clear();

    // The second round ends at the next acknowledgement, 50 ms later: S4 is close enough.
    receive(n, appendReply({ term: 1, from: 'S4', matchIndex: 2 }), h.ctx(350));
    expect(n.learners).toEqual([]);
    expect(n.catchUp).toBeNull();
    const configEntry = listToArray(n.log).at(-1);
    expect(configEntry).toMatchObject({ kind: 'config', term: 1, voters: ['S1', 'S2', 'S3', 'S4'] });
    expect(n.voters).toEqual(['S1', 'S2', 'S3', 'S4']); // in force at once, before it commits
    expect(n.votersIndex).toBe(3);
    // The configuration entry needs a majority of the new configuration: 3 of 4.
    receive(n, appendReply({ term: 1, from: 'S4', matchIndex: 3 }), h.ctx(360));
    expect(n.commitIndex).toBe(1);
    receive(n, appendReply({ term: 1, from: 'S2', matchIndex: 3 }), h.ctx(370));
    expect(n.commitIndex).toBe(3);
  });

  it(`a learner that is still not close after ${MAX_CATCH_UP_ROUNDS} rounds is abandoned`, () => {
    const h = new Harness();
    const n = leader(h);
    addServer(n, 'S4', h.ctx(100));
    let t = 100;
    for (let round = 1; round <= MAX_CATCH_UP_ROUNDS; round++) {
      expect(n.learners).toEqual(['S4']);
      propose(n, put('r', String(round)), h.ctx(t + 1));
      t += 200; // every round takes longer than an election timeout
      receive(n, appendReply({ term: 1, from: 'S4', matchIndex: lastLogIndex(n) }), h.ctx(t));
    }
    expect(n.learners).toEqual([]);
    expect(n.catchUp).toBeNull();
    expect(n.progress.has('S4')).toBe(false);
    expect(n.voters).toEqual(THREE);
    expect(listToArray(n.log).some((e) => e.kind === 'config')).toBe(false);
    expect(configChangeRefusal(n)).toBeNull(); // the next change may start
  });
});

describe('membership: removing a server (thesis §4.2.2)', () => {
  it('a leader that removes itself leads until the new configuration commits (without counting itself), then steps down for good', () => {
    const h = new Harness();
    const n = leader(h, { voters: FIVE });
    removeServer(n, 'S1', h.ctx(10));
    expect(n.voters).toEqual(['S2', 'S3', 'S4', 'S5']);
    const index = lastLogIndex(n);
    ackAll(h, n, ['S2', 'S3'], 20);
    // S1, S2, S3 would be a majority of the old five; of the new four, S2 and S3 are not.
    expect(n.commitIndex).toBeLessThan(index);
    expect(n.role).toBe('leader');
    h.clear();
    ackAll(h, n, ['S4'], 30);
    expect(n.commitIndex).toBe(index);
    expect(n.role).toBe('follower');
    expect(n.electionDeadline).toBeNull();
    expect(h.eventsOf('role')).toEqual([expect.objectContaining({ node: 'S1', role: 'follower', term: 1 })]);
    // The trace agrees: the last word on its election timer is "none".
    expect(h.eventsOf('timer').filter((e) => e.kind === 'election').at(-1)).toMatchObject({ deadline: null });
    h.clear();
    forceTimeout(n, h.ctx(1000));
    expect(h.sentOf('RequestVote')).toEqual([]);
    expect(n.currentTerm).toBe(1);
  });

  it('a removed follower keeps getting entries until it acknowledged a commit index covering its removal, then the leader forgets it', () => {
    const h = new Harness();
    const n = leader(h, { voters: FIVE });
    ackAll(h, n, ['S4', 'S5'], 5); // everyone is caught up
    h.clear();
    removeServer(n, 'S5', h.ctx(10));
    expect(h.sentOf('AppendEntries').map((m) => m.to)).toContain('S5'); // so it learns of its removal
    const cNew = lastLogIndex(n);
    const round = n.heartbeatRound;
    ackAll(h, n, ['S2', 'S3'], 20, round);
    expect(n.commitIndex).toBe(cNew); // 3 of the new 4 (S1, S2, S3)
    h.clear();
    // Committed, but S5 has not been told: the next heartbeat still goes to it (thesis §4.2.2:
    // until it knows C_new is committed it may campaign, "as it might still be needed").
    heartbeatTimerFired(n, h.ctx(60));
    const farewell = h.sentOf('AppendEntries').find((m) => m.to === 'S5');
    expect(farewell?.leaderCommit).toBeGreaterThanOrEqual(cNew);
    // A late ack of a message sent before the commit does not count…
    ackAll(h, n, ['S5'], 61, round);
    expect(n.progress.has('S5')).toBe(true);
    // …the ack of the farewell does: S5's commitIndex now covers its removal.
    ackAll(h, n, ['S5'], 62, farewell?.round ?? -1);
    expect(n.progress.has('S5')).toBe(false);
    h.clear();
    heartbeatTimerFired(n, h.ctx(110));
    expect(h.sentOf('AppendEntries').map((m) => m.to)).toEqual(['S2', 'S3', 'S4']);
  });

  it('a removed server answering the farewell with a higher term is let go without deposing the leader (§4.2.3)', () => {
    const h = new Harness();
    const n = leader(h, { voters: FIVE });
    ackAll(h, n, ['S4', 'S5'], 5);
    removeServer(n, 'S5', h.ctx(10));
    ackAll(h, n, ['S2', 'S3'], 20, n.heartbeatRound);
    heartbeatTimerFired(n, h.ctx(60));
    const term = n.currentTerm;
    receive(n, appendReply({ term: term + 7, from: 'S5', to: n.id, matchIndex: 0, success: false, round: n.heartbeatRound }), h.ctx(70));
    expect(n.role).toBe('leader');
    expect(n.currentTerm).toBe(term);
    expect(n.progress.has('S5')).toBe(false);
  });
});

describe('membership: disruptive servers (thesis §4.2.3)', () => {
  const heardAt = 100;
  /** S2 follows S1 (term 1) and last heard from it at 100 ms. */
  function followerOfS1(h: Harness): NodeState {
    const n = follower(h);
    receive(n, appendEntries({ term: 1, prevLogIndex: 0, prevLogTerm: 0, entries: puts([1]), leaderCommit: 1 }), h.ctx(heardAt));
    h.clear();
    return n;
  }
  const vote = (transfer = false) => requestVote({ term: 5, from: 'S4', lastLogIndex: 1, lastLogTerm: 1, transfer });

  it('with CheckQuorum, a RequestVote within the minimum election timeout of hearing from the leader is ignored', () => {
    const h = new Harness({ checkQuorum: true });
    const n = followerOfS1(h);
    receive(n, vote(), h.ctx(heardAt + TIMING.electionTimeoutMin - 1));
    expect(n.currentTerm).toBe(1);
    expect(n.votedFor).toBeNull();
    expect(n.leaderId).toBe('S1');
    expect(h.sentOf('RequestVoteReply')).toEqual([expect.objectContaining({ voteGranted: false, term: 1 })]);
  });

  it('after the minimum election timeout the same RequestVote is heard', () => {
    const h = new Harness({ checkQuorum: true });
    const n = followerOfS1(h);
    receive(n, vote(), h.ctx(heardAt + TIMING.electionTimeoutMin));
    expect(n.currentTerm).toBe(5);
    expect(n.votedFor).toBe('S4');
  });

  it('a leadership transfer (RequestVote sent on TimeoutNow) is not ignored', () => {
    const h = new Harness({ checkQuorum: true });
    const n = followerOfS1(h);
    receive(n, vote(true), h.ctx(heardAt + 10));
    expect(n.currentTerm).toBe(5);
    expect(n.votedFor).toBe('S4');
  });

  it('a leader with CheckQuorum ignores a higher-term RequestVote; without it, it steps down', () => {
    const withCq = new Harness({ checkQuorum: true });
    const a = leader(withCq);
    receive(a, requestVote({ term: 9, from: 'S3', to: 'S1', lastLogIndex: 9, lastLogTerm: 9 }), withCq.ctx(20));
    expect(a.role).toBe('leader');
    expect(a.currentTerm).toBe(1);
    const without = new Harness();
    const b = leader(without);
    receive(b, requestVote({ term: 9, from: 'S3', to: 'S1', lastLogIndex: 9, lastLogTerm: 9 }), without.ctx(20));
    expect(b.role).toBe('follower');
    expect(b.currentTerm).toBe(9);
  });

  it('without CheckQuorum the higher term is adopted at once (the disruption)', () => {
    const h = new Harness();
    const n = followerOfS1(h);
    receive(n, vote(), h.ctx(heardAt + 10));
    expect(n.currentTerm).toBe(5);
    expect(n.leaderId).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------
// PreVote (thesis §9.6)

describe('PreVote: the would-be candidate (thesis §9.6)', () => {
  it('a timeout starts a pre-election: no new term, no vote, a PreVote for term+1 to every other voter', () => {
    const h = new Harness({ preVote: true });
    const n = follower(h, 'S1', THREE, puts([1, 2]), 2);
    h.clear();
    electionTimerFired(n, h.ctx(400));
    expect(n.role).toBe('precandidate');
    expect(n.currentTerm).toBe(2);
    expect(n.votedFor).toBeNull();
    expect(h.sentOf('RequestVote')).toEqual([]);
    expect(h.sentOf('PreVote')).toEqual([
      expect.objectContaining({ to: 'S2', term: 3, candidateId: 'S1', lastLogIndex: 2, lastLogTerm: 2 }),
      expect.objectContaining({ to: 'S3', term: 3, candidateId: 'S1', lastLogIndex: 2, lastLogTerm: 2 }),
    ]);
    expect(h.eventsOf('role')).toEqual([expect.objectContaining({ role: 'precandidate', term: 2 })]);
    expect(n.electionDeadline).toBeGreaterThanOrEqual(400 + TIMING.electionTimeoutMin);
  });

  it('a cut-off server times out again and again without ever raising its term', () => {
    const h = new Harness({ preVote: true });
    const n = follower(h, 'S1');
    for (let i = 0; i < 20; i++) electionTimerFired(n, h.ctx(n.electionDeadline ?? 0));
    expect(n.currentTerm).toBe(0);
    expect(h.sentOf('PreVote')).toHaveLength(40);
    expect(h.sentOf('RequestVote')).toEqual([]);
  });

  it('pre-votes from a majority start the real election (term+1, RequestVote); strangers, duplicates and stale replies do not count', () => {
    const h = new Harness({ preVote: true });
    const n = follower(h, 'S1', FIVE);
    electionTimerFired(n, h.ctx(400));
    receive(n, preVoteReply({ term: 1, from: 'S2', granted: true }), h.ctx(410));
    receive(n, preVoteReply({ term: 1, from: 'S2', granted: true }), h.ctx(411)); // duplicate
    receive(n, preVoteReply({ term: 1, from: 'S9', granted: true }), h.ctx(412)); // not a voter
    receive(n, preVoteReply({ term: 5, from: 'S3', granted: true }), h.ctx(413)); // not for this pre-election
    expect(n.role).toBe('precandidate');
    expect(n.currentTerm).toBe(0);
    h.clear();
    receive(n, preVoteReply({ term: 1, from: 'S4', granted: true }), h.ctx(414));
    expect(n.role).toBe('candidate');
    expect(n.currentTerm).toBe(1);
    expect(n.votedFor).toBe('S1');
    expect(h.sentOf('RequestVote').map((m) => m.to)).toEqual(['S2', 'S3', 'S4', 'S5']);
  });

  it('a refusal carrying a higher term makes the precandidate adopt it and follow', () => {
    const h = new Harness({ preVote: true });
    const n = follower(h, 'S1');
    electionTimerFired(n, h.ctx(400));
    receive(n, preVoteReply({ term: 4, from: 'S2', granted: false }), h.ctx(410));
    expect(n.role).toBe('follower');
    expect(n.currentTerm).toBe(4);
  });

  it('a precandidate that hears from a leader of its term follows it', () => {
    const h = new Harness({ preVote: true });
    const n = follower(h, 'S1', THREE, puts([1]), 1);
    electionTimerFired(n, h.ctx(400));
    expect(n.role).toBe('precandidate');
    receive(n, appendEntries({ term: 1, from: 'S2', to: 'S1', prevLogIndex: 1, prevLogTerm: 1 }), h.ctx(410));
    expect(n.role).toBe('follower');
    expect(n.leaderId).toBe('S2');
    expect(n.currentTerm).toBe(1);
  });
});

describe('PreVote: the voter (thesis §9.6)', () => {
  interface Case {
    name: string;
    /** When the voter last heard from a leader (null: never), its log and term. */
    heard: number | null;
    log: number[];
    term: number;
    votedFor?: string;
    request: { term: number; lastLogIndex: number; lastLogTerm: number };
    granted: boolean;
  }
  const at = 1000;
  const cases: Case[] = [
    { name: 'grants: no leader heard from, the log is at least as up-to-date', heard: null, log: [1, 1], term: 1, request: { term: 2, lastLogIndex: 2, lastLogTerm: 1 }, granted: true },
    { name: 'grants: the leader was last heard more than the minimum election timeout ago', heard: at - TIMING.electionTimeoutMin, log: [1], term: 1, request: { term: 2, lastLogIndex: 1, lastLogTerm: 1 }, granted: true },
    { name: 'denies: heard from a leader within the minimum election timeout', heard: at - TIMING.electionTimeoutMin + 1, log: [1], term: 1, request: { term: 2, lastLogIndex: 1, lastLogTerm: 1 }, granted: false },
    { name: 'denies: the asker’s log is behind (last term)', heard: null, log: [1, 2], term: 2, request: { term: 3, lastLogIndex: 5, lastLogTerm: 1 }, granted: false },
    { name: 'denies: the asker’s log is behind (length)', heard: null, log: [1, 1, 1], term: 1, request: { term: 2, lastLogIndex: 2, lastLogTerm: 1 }, granted: false },
    { name: 'denies: the proposed term is below ours', heard: null, log: [1], term: 4, request: { term: 3, lastLogIndex: 1, lastLogTerm: 1 }, granted: false },
    { name: 'denies: the proposed term is ours and we voted for someone else in it', heard: null, log: [1], term: 2, votedFor: 'S3', request: { term: 2, lastLogIndex: 1, lastLogTerm: 1 }, granted: false },
  ];

  it.each(cases)('$name; never changes its own term, vote or timer', ({ heard, log, term, votedFor, request, granted }) => {
    const h = new Harness({ preVote: true });
    const n = createNode('S2', THREE, 7, { term, votedFor: votedFor ?? null, log: puts(log) });
    start(n, h.ctx(0));
    if (heard !== null) {
      receive(n, appendEntries({ term, from: 'S3', prevLogIndex: log.length, prevLogTerm: log.at(-1) ?? 0 }), h.ctx(heard));
    }
    const before = { term: n.currentTerm, votedFor: n.votedFor, deadline: n.electionDeadline, role: n.role };
    h.clear();
    receive(n, preVote({ from: 'S1', ...request }), h.ctx(at));
    expect(h.sentOf('PreVoteReply')).toEqual([expect.objectContaining({ to: 'S1', voteGranted: granted })]);
    if (granted) expect(h.sentOf('PreVoteReply')[0].term).toBe(request.term);
    expect({ term: n.currentTerm, votedFor: n.votedFor, deadline: n.electionDeadline, role: n.role }).toEqual(before);
  });

  it('a leader never grants a pre-vote', () => {
    const h = new Harness({ preVote: true });
    const n = leader(h);
    h.clear();
    receive(n, preVote({ term: 2, from: 'S3', to: 'S1', lastLogIndex: 9, lastLogTerm: 9 }), h.ctx(5000));
    expect(h.sentOf('PreVoteReply')).toEqual([expect.objectContaining({ voteGranted: false, term: 1 })]);
    expect(n.role).toBe('leader');
  });
});

// ---------------------------------------------------------------------------------------
// CheckQuorum (thesis §6.2)

describe('CheckQuorum (thesis §6.2)', () => {
  /** Fires the leader's election timer at each of its deadlines up to `until`; returns when it stepped down. */
  function runChecks(h: Harness, n: NodeState, until: number, acks: (from: number, to: number) => void): number | null {
    let t = n.electionDeadline ?? until;
    let last = 3;
    while (t <= until) {
      acks(last, t);
      last = t;
      electionTimerFired(n, h.ctx(t));
      if (n.role !== 'leader') return t;
      t = n.electionDeadline ?? until + 1;
    }
    acks(last, until);
    return null;
  }

  it('a leader steps down exactly one election timeout after it last heard from a majority', () => {
    const h = new Harness({ checkQuorum: true });
    const n = leader(h, { voters: FIVE }); // S2 and S3 acknowledged at 3
    receive(n, appendReply({ term: 1, from: 'S2', matchIndex: 1 }), h.ctx(100));
    receive(n, appendReply({ term: 1, from: 'S3', matchIndex: 1 }), h.ctx(120));
    receive(n, appendReply({ term: 1, from: 'S4', matchIndex: 1 }), h.ctx(250)); // a minority after that
    // Itself, S4 (250) and S3 (120): the majority was last complete at 120.
    const at = runChecks(h, n, 2000, () => undefined);
    expect(at).toBe(120 + TIMING.electionTimeoutMax);
    expect(n.role).toBe('follower');
    expect(n.currentTerm).toBe(1);
    expect(n.leaderId).toBeNull();
    expect(n.electionDeadline).not.toBeNull(); // a follower again: it may campaign
  });

  it('a leader that keeps hearing from a majority is never deposed', () => {
    const h = new Harness({ checkQuorum: true });
    const n = leader(h, { voters: FIVE });
    const at = runChecks(h, n, 10_000, (from, to) => {
      for (let t = from + 50; t <= to; t += 50) ackAll(h, n, ['S2', 'S3'], t);
    });
    expect(at).toBeNull();
    expect(n.role).toBe('leader');
  });

  it('learners do not count towards the quorum', () => {
    const h = new Harness({ checkQuorum: true });
    const n = leader(h, { voters: THREE });
    addServer(n, 'S4', h.ctx(10));
    const at = runChecks(h, n, 2000, (from, to) => {
      for (let t = from + 50; t <= to; t += 50) receive(n, appendReply({ term: 1, from: 'S4', matchIndex: 0, success: false }), h.ctx(t));
    });
    expect(at).not.toBeNull();
    expect(n.role).toBe('follower');
  });

  it('without CheckQuorum a leader has no election timer and never steps down on its own', () => {
    const h = new Harness();
    const n = leader(h, { voters: FIVE });
    expect(n.electionDeadline).toBeNull();
    electionTimerFired(n, h.ctx(5000));
    expect(n.role).toBe('leader');
  });
});

// ---------------------------------------------------------------------------------------
// Leadership transfer (thesis §3.10)

describe('leadership transfer (thesis §3.10)', () => {
  it('to an up-to-date follower: TimeoutNow at once, and the leader stops accepting requests', () => {
    const h = new Harness();
    const n = leader(h); // S2 acknowledged the whole log
    h.clear();
    transferLeadership(n, 'S2', h.ctx(10));
    expect(h.sentOf('TimeoutNow')).toEqual([expect.objectContaining({ from: 'S1', to: 'S2', term: 1 })]);
    const last = lastLogIndex(n);
    expect(propose(n, put('x', '1'), h.ctx(11))).toEqual({ isLeader: false, index: 0, term: 1 });
    receive(n, clientRequest(put('x', '1')), h.ctx(12));
    expect(lastLogIndex(n)).toBe(last);
    expect(h.sentOf('ClientReply')).toEqual([expect.objectContaining({ ok: false, leaderHint: 'S2' })]);
  });

  it('to a lagging follower: entries first, TimeoutNow once it has the whole log', () => {
    const h = new Harness();
    const n = leader(h); // S3 has acknowledged nothing
    h.clear();
    transferLeadership(n, 'S3', h.ctx(10));
    expect(h.sentOf('TimeoutNow')).toEqual([]);
    expect(h.sentOf('AppendEntries').map((m) => m.to)).toEqual(['S3']);
    receive(n, appendReply({ term: 1, from: 'S3', matchIndex: 0, success: false }), h.ctx(20)); // conflict hint: index 0 → retry
    receive(n, appendReply({ term: 1, from: 'S3', matchIndex: lastLogIndex(n) }), h.ctx(30));
    expect(h.sentOf('TimeoutNow')).toEqual([expect.objectContaining({ to: 'S3', term: 1 })]);
  });

  it('is aborted when it has not happened within an election timeout', () => {
    const h = new Harness();
    const n = leader(h);
    transferLeadership(n, 'S3', h.ctx(10));
    heartbeatTimerFired(n, h.ctx(10 + TIMING.electionTimeoutMax - 1));
    expect(propose(n, put('x', 'during'), h.ctx(10 + TIMING.electionTimeoutMax - 1)).isLeader).toBe(false);
    heartbeatTimerFired(n, h.ctx(10 + TIMING.electionTimeoutMax));
    expect(n.transferTarget).toBeNull();
    expect(propose(n, put('x', 'after'), h.ctx(10 + TIMING.electionTimeoutMax))).toMatchObject({ isLeader: true, term: 1 });
  });

  it('TimeoutNow makes the target start a real election at once (even with PreVote), flagged so §4.2.3 does not block it', () => {
    const h = new Harness({ preVote: true, checkQuorum: true });
    const n = follower(h);
    receive(n, appendEntries({ term: 1, prevLogIndex: 0, prevLogTerm: 0, entries: puts([1]), leaderCommit: 1 }), h.ctx(100));
    h.clear();
    receive(n, timeoutNow({ term: 1 }), h.ctx(110));
    expect(n.role).toBe('candidate');
    expect(n.currentTerm).toBe(2);
    expect(h.sentOf('PreVote')).toEqual([]);
    expect(h.sentOf('RequestVote')).toEqual([
      expect.objectContaining({ to: 'S1', term: 2, transfer: true }),
      expect.objectContaining({ to: 'S3', term: 2, transfer: true }),
    ]);
  });

  it('a stale TimeoutNow (an older term) is ignored', () => {
    const h = new Harness();
    const n = follower(h, 'S2', THREE, puts([1]), 3);
    h.clear();
    receive(n, timeoutNow({ term: 2 }), h.ctx(10));
    expect(n.role).toBe('follower');
    expect(n.currentTerm).toBe(3);
    expect(h.sentOf('RequestVote')).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------
// ReadIndex (thesis §6.4)

describe('ReadIndex (thesis §6.4)', () => {
  const get = (key: string): ClientOp => ({ type: 'get', key });

  function leaderWithX(h: Harness, voters = FIVE): NodeState {
    const n = leader(h, { voters });
    propose(n, put('x', '1'), h.ctx(10));
    ackAll(h, n, voters.filter((v) => v !== n.id), 20);
    expect(n.kv.get('x')).toBe('1');
    return n;
  }

  it('serves a get after a majority acknowledged a heartbeat round sent after it arrived, without a log entry', () => {
    const h = new Harness({ readIndex: true });
    const n = leaderWithX(h);
    const last = lastLogIndex(n);
    const roundBefore = n.heartbeatRound;
    h.clear();
    receive(n, clientRequest(get('x'), 'C1', 1), h.ctx(30));
    expect(lastLogIndex(n)).toBe(last);
    const beats = h.sentOf('AppendEntries');
    expect(beats.map((m) => m.to)).toEqual(['S2', 'S3', 'S4', 'S5']);
    const round = beats[0].round;
    expect(round).toBeGreaterThan(roundBefore);
    expect(n.pendingReads).toEqual([expect.objectContaining({ readIndex: last, round })]);
    // Acknowledgements of earlier rounds do not confirm leadership for this read.
    receive(n, appendReply({ term: 1, from: 'S2', matchIndex: last, round: round - 1 }), h.ctx(35));
    receive(n, appendReply({ term: 1, from: 'S3', matchIndex: last, round: round - 1 }), h.ctx(35));
    receive(n, appendReply({ term: 1, from: 'S2', matchIndex: last, round }), h.ctx(40));
    expect(h.sentOf('ClientReply')).toEqual([]);
    receive(n, appendReply({ term: 1, from: 'S3', matchIndex: last, round }), h.ctx(41));
    expect(h.sentOf('ClientReply')).toEqual([expect.objectContaining({ to: 'C1', seq: 1, ok: true, result: '1' })]);
    expect(lastLogIndex(n)).toBe(last);
    expect(n.pendingReads).toEqual([]);
  });

  it('a new leader waits for an entry of its own term to commit before it fixes the read index', () => {
    const h = new Harness({ readIndex: true });
    // S1 has an entry of term 1 that it does not know to be committed.
    const n = leader(h, { voters: THREE, log: puts([1]), term: 1, commit: false });
    expect(n.currentTerm).toBe(2);
    h.clear();
    receive(n, clientRequest(get('k1'), 'C1', 1), h.ctx(10));
    const round = h.sentOf('AppendEntries')[0].round;
    expect(n.pendingReads[0].readIndex).toBe(-1);
    // Leadership is confirmed, but the no-op (index 2) is not acknowledged by anyone yet.
    receive(n, appendReply({ term: 2, from: 'S2', matchIndex: 1, round }), h.ctx(20));
    expect(h.sentOf('ClientReply')).toEqual([]);
    receive(n, appendReply({ term: 2, from: 'S2', matchIndex: 2, round }), h.ctx(30));
    expect(n.commitIndex).toBe(2);
    expect(h.sentOf('ClientReply')).toEqual([expect.objectContaining({ ok: true, result: 'v1t1' })]);
  });

  it('reads pending when the leader loses its leadership are never answered', () => {
    const h = new Harness({ readIndex: true });
    const n = leaderWithX(h);
    h.clear();
    receive(n, clientRequest(get('x'), 'C1', 1), h.ctx(30));
    receive(n, appendReply({ term: 2, from: 'S2', matchIndex: 0, success: false }), h.ctx(40)); // a newer term exists
    expect(n.role).toBe('follower');
    expect(n.pendingReads).toEqual([]);
    ackAll(h, n, ['S3', 'S4'], 50);
    expect(h.sentOf('ClientReply')).toEqual([]);
  });

  it('a single-server cluster answers at once', () => {
    const h = new Harness({ readIndex: true });
    const n = leader(h, { voters: ['S1'] });
    propose(n, put('x', '1'), h.ctx(10));
    h.clear();
    receive(n, clientRequest(get('x'), 'C1', 1), h.ctx(20));
    expect(h.sentOf('ClientReply')).toEqual([expect.objectContaining({ ok: true, result: '1' })]);
  });

  it('without readIndex a get goes through the log', () => {
    const h = new Harness();
    const n = leaderWithX(h);
    const last = lastLogIndex(n);
    receive(n, clientRequest(get('x'), 'C1', 1), h.ctx(30));
    expect(lastLogIndex(n)).toBe(last + 1);
  });

  it("the 'local-reads' variant answers at once from local state, confirming nothing", () => {
    const h = new Harness({ variant: 'local-reads' });
    const n = leaderWithX(h);
    h.clear();
    receive(n, clientRequest(get('x'), 'C1', 1), h.ctx(30));
    expect(h.sentOf('ClientReply')).toEqual([expect.objectContaining({ ok: true, result: '1' })]);
    expect(h.sentOf('AppendEntries')).toEqual([]);
  });
});
