// Unit tests of one Raft server, rule by rule (Ongaro & Ousterhout 2014, Figure 2 and §5.3–5.4;
// Ongaro's thesis for the conflict hint). Each test drives a NodeState directly through the
// exported inputs (createNode, start, receive, timers, propose, crash, restart, forceTimeout)
// and records what it sends and reports, in the style of etcd's raft tests: tables of the
// paper's cases, one row per case.

import { describe, expect, it } from 'vitest';
import { listToArray } from './chunked.ts';
import { Harness, TIMING } from './harness.test-support.ts';
import { lastLogIndex } from './log.ts';
import type {
  AppendEntries,
  AppendEntriesReply,
  ClientRequest,
  Message,
  RequestVote,
  RequestVoteReply,
} from './messages.ts';
import {
  crash,
  createNode,
  electionTimerFired,
  forceTimeout,
  heartbeatTimerFired,
  propose,
  receive,
  restart,
  start,
} from './node.ts';
import type { ClientOp, LogEntry, NodeState, Role } from './types.ts';

// ---------------------------------------------------------------------------------------
// Harness


/** Commands are a function of (index, term): entries with the same index and term are equal (Log Matching). */
const cmd = (index: number, term: number) => `i${index}t${term}`;

/** A log from the terms of its entries, index 1 first. */
function entries(terms: readonly number[], firstIndex = 1): LogEntry[] {
  return terms.map((term, i) => ({ term, command: cmd(firstIndex + i, term), kind: 'command' as const }));
}

const termsOf = (n: NodeState) => listToArray(n.log).map((e) => e.term);
const logOf = (n: NodeState) => listToArray(n.log).map((e) => ({ term: e.term, command: e.command }));

const THREE = ['S1', 'S2', 'S3'];
const FIVE = ['S1', 'S2', 'S3', 'S4', 'S5'];

interface Init {
  term?: number;
  votedFor?: string | null;
  log?: readonly number[];
}

function follower(id: string, init: Init = {}, voters = THREE): NodeState {
  return createNode(id, voters, 7, { term: init.term, votedFor: init.votedFor, log: entries(init.log ?? []) });
}

const envelope = { id: 0, sentAt: 0, deliverAt: 0 };

function requestVote(f: { term: number; from: string; to?: string; lastLogIndex: number; lastLogTerm: number }): RequestVote {
  return { ...envelope, type: 'RequestVote', to: f.to ?? 'S1', candidateId: f.from, ...f };
}

function voteReply(f: { term: number; from: string; to?: string; granted: boolean }): RequestVoteReply {
  return { ...envelope, type: 'RequestVoteReply', from: f.from, to: f.to ?? 'S1', term: f.term, voteGranted: f.granted };
}

/** An AppendEntries whose entries carry the canonical commands, so matching entries are equal. */
function appendEntries(f: {
  term: number;
  from?: string;
  to?: string;
  prevLogIndex: number;
  prevLogTerm: number;
  entries?: readonly number[];
  leaderCommit?: number;
}): AppendEntries {
  const from = f.from ?? 'S2';
  return {
    ...envelope,
    type: 'AppendEntries',
    from,
    to: f.to ?? 'S1',
    term: f.term,
    leaderId: from,
    prevLogIndex: f.prevLogIndex,
    prevLogTerm: f.prevLogTerm,
    entries: entries(f.entries ?? [], f.prevLogIndex + 1),
    leaderCommit: f.leaderCommit ?? 0,
    round: 0,
  };
}

function appendReply(f: {
  term: number;
  from: string;
  to?: string;
  success: boolean;
  matchIndex?: number;
  conflictIndex?: number;
  conflictTerm?: number;
}): AppendEntriesReply {
  return {
    ...envelope,
    type: 'AppendEntriesReply',
    from: f.from,
    to: f.to ?? 'S1',
    term: f.term,
    success: f.success,
    matchIndex: f.matchIndex ?? 0,
    conflictIndex: f.conflictIndex ?? 0,
    conflictTerm: f.conflictTerm ?? 0,
    round: 0,
  };
}

function clientRequest(op: ClientOp, client = 'C1', seq = 1, to = 'S1'): ClientRequest {
  return { ...envelope, type: 'ClientRequest', from: client, to, term: 0, client, seq, op };
}

/**
 * A node made leader the way the paper does it: its election timer fires (it becomes a
 * candidate of term+1 and votes for itself) and the other voters grant their votes.
 */
function elect(
  h: Harness,
  init: Init = {},
  voters = THREE,
  id = 'S1',
): NodeState {
  const n = createNode(id, voters, 7, { term: init.term, votedFor: init.votedFor, log: entries(init.log ?? []) });
  start(n, h.ctx(0));
  forceTimeout(n, h.ctx(1));
  for (const peer of voters) {
    if (peer !== id && n.role !== 'leader') receive(n, voteReply({ term: n.currentTerm, from: peer, to: id, granted: true }), h.ctx(2));
  }
  expect(n.role).toBe('leader');
  return n;
}

/** A follower or candidate in `role` at term `term` (a candidate got there by timing out). */
function nodeInRole(h: Harness, role: Role, term: number, log: readonly number[] = []): NodeState {
  if (role === 'leader') return elect(h, { term: term - 1, log });
  if (role === 'candidate') {
    const n = follower('S1', { term: term - 1, log });
    start(n, h.ctx(0));
    forceTimeout(n, h.ctx(1));
    expect(n.role).toBe('candidate');
    return n;
  }
  const n = follower('S1', { term, log });
  start(n, h.ctx(0));
  return n;
}

// ---------------------------------------------------------------------------------------
// RequestVote, receiver side (Figure 2; election restriction §5.4.1)

describe('RequestVote: grant and deny', () => {
  interface VoteCase {
    name: string;
    node: Init & { role?: 'follower' | 'candidate' };
    request: { term: number; lastLogIndex: number; lastLogTerm: number };
    granted: boolean;
    termAfter: number;
    votedForAfter: string | null;
  }
  // The candidate is always S2; the voter is S1.
  const cases: VoteCase[] = [
    { name: 'grants: no vote yet in this term and the logs are equal', node: { term: 2, log: [1, 2] }, request: { term: 2, lastLogIndex: 2, lastLogTerm: 2 }, granted: true, termAfter: 2, votedForAfter: 'S2' },
    { name: 'grants: both logs empty', node: { term: 0, log: [] }, request: { term: 1, lastLogIndex: 0, lastLogTerm: 0 }, granted: true, termAfter: 1, votedForAfter: 'S2' },
    { name: 'denies: stale term (term < currentTerm)', node: { term: 3, log: [1] }, request: { term: 2, lastLogIndex: 5, lastLogTerm: 2 }, granted: false, termAfter: 3, votedForAfter: null },
    { name: 'denies: already voted for another candidate in this term', node: { term: 2, votedFor: 'S3', log: [1] }, request: { term: 2, lastLogIndex: 1, lastLogTerm: 1 }, granted: false, termAfter: 2, votedForAfter: 'S3' },
    { name: 'grants: the same candidate asks again (its reply was lost)', node: { term: 2, votedFor: 'S2', log: [1] }, request: { term: 2, lastLogIndex: 1, lastLogTerm: 1 }, granted: true, termAfter: 2, votedForAfter: 'S2' },
    { name: 'denies: candidate log less up-to-date by last term (though longer)', node: { term: 3, log: [1, 1, 3] }, request: { term: 3, lastLogIndex: 5, lastLogTerm: 2 }, granted: false, termAfter: 3, votedForAfter: null },
    { name: 'denies: same last term but the candidate log is shorter', node: { term: 2, log: [1, 2, 2] }, request: { term: 2, lastLogIndex: 2, lastLogTerm: 2 }, granted: false, termAfter: 2, votedForAfter: null },
    { name: 'grants: same last term and the candidate log is longer', node: { term: 2, log: [1, 2] }, request: { term: 2, lastLogIndex: 3, lastLogTerm: 2 }, granted: true, termAfter: 2, votedForAfter: 'S2' },
    { name: 'grants: higher last term beats a longer log', node: { term: 2, log: [1, 1, 1, 1] }, request: { term: 2, lastLogIndex: 2, lastLogTerm: 2 }, granted: true, termAfter: 2, votedForAfter: 'S2' },
    { name: 'higher term: adopts it, forgets the old vote, grants', node: { term: 2, votedFor: 'S3', log: [1] }, request: { term: 3, lastLogIndex: 1, lastLogTerm: 1 }, granted: true, termAfter: 3, votedForAfter: 'S2' },
    { name: 'higher term: adopts it but denies a less up-to-date log', node: { term: 2, votedFor: 'S3', log: [1, 2] }, request: { term: 5, lastLogIndex: 4, lastLogTerm: 1 }, granted: false, termAfter: 5, votedForAfter: null },
    { name: 'candidate of the same term denies (it voted for itself)', node: { role: 'candidate', term: 1, log: [1] }, request: { term: 2, lastLogIndex: 1, lastLogTerm: 1 }, granted: false, termAfter: 2, votedForAfter: 'S1' },
    { name: 'candidate sees a higher term: steps down and grants', node: { role: 'candidate', term: 1, log: [1] }, request: { term: 3, lastLogIndex: 1, lastLogTerm: 1 }, granted: true, termAfter: 3, votedForAfter: 'S2' },
  ];

  it.each(cases)('$name', ({ node: init, request, granted, termAfter, votedForAfter }) => {
    const h = new Harness();
    const n = init.role === 'candidate' ? nodeInRole(h, 'candidate', (init.term ?? 0) + 1, init.log) : follower('S1', init);
    if (init.role !== 'candidate') start(n, h.ctx(0));
    const logBefore = logOf(n);
    h.clear();

    receive(n, requestVote({ from: 'S2', ...request }), h.ctx(10));

    const replies = h.sentOf('RequestVoteReply');
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ to: 'S2', from: 'S1', voteGranted: granted, term: termAfter });
    expect(n.currentTerm).toBe(termAfter);
    expect(n.votedFor).toBe(votedForAfter);
    expect(logOf(n)).toEqual(logBefore); // voting never touches the log
    if (granted) expect(n.role).toBe('follower');
  });

  it('granting a vote resets the election timer; denying does not', () => {
    const h = new Harness();
    const granter = follower('S1', { term: 2, log: [1] });
    start(granter, h.ctx(0));
    const denier = follower('S1', { term: 2, votedFor: 'S3', log: [1] });
    start(denier, h.ctx(0));
    const denierDeadline = denier.electionDeadline;
    // At 400 ms every first deadline (150..300 ms) is in the past, so a reset is visible.
    receive(granter, requestVote({ term: 2, from: 'S2', lastLogIndex: 1, lastLogTerm: 1 }), h.ctx(400));
    receive(denier, requestVote({ term: 2, from: 'S2', lastLogIndex: 1, lastLogTerm: 1 }), h.ctx(400));
    expect(granter.electionDeadline).toBeGreaterThanOrEqual(400 + TIMING.electionTimeoutMin);
    expect(granter.electionDeadline).toBeLessThanOrEqual(400 + TIMING.electionTimeoutMax);
    expect(denier.electionDeadline).toBe(denierDeadline);
  });

  it('a leader denies a RequestVote of its own term', () => {
    const h = new Harness();
    const n = elect(h, { term: 1, log: [1] });
    h.clear();
    receive(n, requestVote({ term: n.currentTerm, from: 'S2', lastLogIndex: 9, lastLogTerm: 9 }), h.ctx(20));
    expect(h.sentOf('RequestVoteReply')[0].voteGranted).toBe(false);
    expect(n.role).toBe('leader');
  });
});

describe('one vote per term survives a crash (votedFor is persistent)', () => {
  it('a restarted server that voted for S2 denies S3 in the same term', () => {
    const h = new Harness();
    const n = follower('S1', { term: 2, log: [1] });
    start(n, h.ctx(0));
    receive(n, requestVote({ term: 3, from: 'S2', lastLogIndex: 1, lastLogTerm: 1 }), h.ctx(10));
    expect(n.votedFor).toBe('S2');

    crash(n, h.settings);
    restart(n, h.ctx(20));
    expect(n.currentTerm).toBe(3);
    expect(n.votedFor).toBe('S2');
    h.clear();

    receive(n, requestVote({ term: 3, from: 'S3', to: 'S1', lastLogIndex: 1, lastLogTerm: 1 }), h.ctx(30));
    expect(h.sentOf('RequestVoteReply')).toEqual([expect.objectContaining({ to: 'S3', voteGranted: false, term: 3 })]);
    expect(n.votedFor).toBe('S2');
  });

  it("the 'forget-vote' variant (votedFor kept in memory only) grants the second vote: two leaders become possible", () => {
    const h = new Harness({ variant: 'forget-vote' });
    const n = follower('S1', { term: 2, log: [1] });
    start(n, h.ctx(0));
    receive(n, requestVote({ term: 3, from: 'S2', lastLogIndex: 1, lastLogTerm: 1 }), h.ctx(10));
    crash(n, h.settings);
    restart(n, h.ctx(20));
    h.clear();
    receive(n, requestVote({ term: 3, from: 'S3', lastLogIndex: 1, lastLogTerm: 1 }), h.ctx(30));
    expect(h.sentOf('RequestVoteReply')[0].voteGranted).toBe(true);
  });

  it('a crash keeps currentTerm, votedFor and the log, and loses commitIndex, lastApplied, role and the state machine', () => {
    const h = new Harness();
    const n = elect(h, { term: 1, log: [] });
    const put = { type: 'put', key: 'x', value: '1' };
    propose(n, put, h.ctx(5));
    receive(n, appendReply({ term: n.currentTerm, from: 'S2', success: true, matchIndex: lastLogIndex(n) }), h.ctx(6));
    expect(n.commitIndex).toBe(2);
    expect(n.kv.get('x')).toBe('1');
    const persistent = { term: n.currentTerm, votedFor: n.votedFor, log: logOf(n) };

    crash(n, h.settings);
    expect(n.alive).toBe(false);
    restart(n, h.ctx(100));

    expect({ term: n.currentTerm, votedFor: n.votedFor, log: logOf(n) }).toEqual(persistent);
    expect(n.role).toBe('follower');
    expect(n.commitIndex).toBe(0);
    expect(n.lastApplied).toBe(0);
    expect(n.kv.size).toBe(0);
    expect(n.progress.size).toBe(0);
    expect(n.electionDeadline).not.toBeNull();
  });
});

// ---------------------------------------------------------------------------------------
// "All servers": a higher term in any request or reply is adopted, and the server follows

describe('term adoption from any message', () => {
  const roles: Role[] = ['follower', 'candidate', 'leader'];
  const messages: { kind: string; make: (term: number) => Message }[] = [
    { kind: 'RequestVote (log not up-to-date)', make: (t) => requestVote({ term: t, from: 'S2', lastLogIndex: 0, lastLogTerm: 0 }) },
    { kind: 'RequestVoteReply', make: (t) => voteReply({ term: t, from: 'S2', granted: false }) },
    { kind: 'AppendEntries', make: (t) => appendEntries({ term: t, from: 'S2', prevLogIndex: 0, prevLogTerm: 0 }) },
    { kind: 'AppendEntriesReply', make: (t) => appendReply({ term: t, from: 'S2', success: false }) },
  ];
  const cases = roles.flatMap((role) => messages.map((m) => ({ role, ...m })));

  it.each(cases)('a $role adopts a higher term from $kind and becomes follower', ({ role, kind, make }) => {
    const h = new Harness();
    const n = nodeInRole(h, role, 3, [1]);
    expect(n.role).toBe(role);
    expect(n.currentTerm).toBe(3);
    h.clear();

    receive(n, make(7), h.ctx(40));

    expect(n.currentTerm).toBe(7);
    expect(n.role).toBe('follower');
    expect(n.votedFor).toBeNull(); // a new term: no vote yet (this RequestVote is denied on its log)
    expect(h.eventsOf('role')).toContainEqual(expect.objectContaining({ role: 'follower', term: 7 }));
    if (kind === 'AppendEntries') expect(n.leaderId).toBe('S2');
    if (role === 'leader') {
      expect(n.progress.size).toBe(0); // leader state is gone
      expect(n.heartbeatDue).toBeNull();
      expect(n.electionDeadline).not.toBeNull(); // a follower again: it watches for a leader
    }
  });

  it.each(cases)('a $role ignores the term of an older $kind', ({ role, make }) => {
    const h = new Harness();
    const n = nodeInRole(h, role, 5, [1]);
    receive(n, make(2), h.ctx(40));
    expect(n.currentTerm).toBe(5);
    expect(n.role).toBe(role);
  });
});

// ---------------------------------------------------------------------------------------
// AppendEntries, receiver side (Figure 2, rules 1-5)

describe('AppendEntries: accept, reject, truncate', () => {
  interface AppendCase {
    name: string;
    /** The follower's log (terms), at currentTerm `term`. */
    log: number[];
    term: number;
    request: { term: number; prevLogIndex: number; prevLogTerm: number; entries?: number[] };
    success: boolean;
    /** The follower's log afterwards (terms). */
    logAfter: number[];
    /** Success: the last index known to match. Failure: the conflict hint. */
    matchIndex?: number;
    conflictIndex?: number;
    conflictTerm?: number;
  }
  const cases: AppendCase[] = [
    // Rule 1: reply false if term < currentTerm.
    { name: 'rejects an older term', log: [1, 1], term: 3, request: { term: 2, prevLogIndex: 2, prevLogTerm: 1, entries: [2] }, success: false, logAfter: [1, 1] },
    // Rule 2: reply false if the log has no entry at prevLogIndex with term prevLogTerm.
    { name: 'rejects when prevLogIndex is past the end of the log; hint: the next free index', log: [1, 1], term: 2, request: { term: 2, prevLogIndex: 4, prevLogTerm: 2, entries: [2] }, success: false, logAfter: [1, 1], conflictIndex: 3, conflictTerm: 0 },
    { name: 'rejects a prevLogTerm mismatch; hint: the conflicting term and its first index', log: [1, 1, 2, 2, 2], term: 3, request: { term: 3, prevLogIndex: 4, prevLogTerm: 3, entries: [3] }, success: false, logAfter: [1, 1, 2, 2, 2], conflictIndex: 3, conflictTerm: 2 },
    { name: 'rejects a mismatch at index 1; hint: index 1', log: [2, 2], term: 3, request: { term: 3, prevLogIndex: 1, prevLogTerm: 1 }, success: false, logAfter: [2, 2], conflictIndex: 1, conflictTerm: 2 },
    // Accepted: append what is new.
    { name: 'accepts a matching heartbeat without changing the log', log: [1, 1], term: 2, request: { term: 2, prevLogIndex: 2, prevLogTerm: 1 }, success: true, logAfter: [1, 1], matchIndex: 2 },
    { name: 'appends new entries after a matching prevLogIndex', log: [1, 1], term: 2, request: { term: 2, prevLogIndex: 2, prevLogTerm: 1, entries: [1, 2] }, success: true, logAfter: [1, 1, 1, 2], matchIndex: 4 },
    { name: 'accepts entries from the start of an empty log (prevLogIndex 0)', log: [], term: 1, request: { term: 1, prevLogIndex: 0, prevLogTerm: 0, entries: [1, 1] }, success: true, logAfter: [1, 1], matchIndex: 2 },
    { name: 'a newer term is adopted and its entries accepted', log: [1], term: 1, request: { term: 4, prevLogIndex: 1, prevLogTerm: 1, entries: [4] }, success: true, logAfter: [1, 4], matchIndex: 2 },
    // Rule 3: a conflicting entry is deleted with all that follow it.
    { name: 'truncates a conflicting suffix and appends the leader entries', log: [1, 1, 2, 2], term: 3, request: { term: 3, prevLogIndex: 2, prevLogTerm: 1, entries: [3] }, success: true, logAfter: [1, 1, 3], matchIndex: 3 },
    { name: 'truncates from the first conflict inside the entries', log: [1, 1, 1, 1], term: 2, request: { term: 2, prevLogIndex: 1, prevLogTerm: 1, entries: [1, 2, 2] }, success: true, logAfter: [1, 1, 2, 2], matchIndex: 4 },
    // Rule 4: append only entries not already in the log; never truncate on a match.
    { name: 'a stale (shorter) matching message does not truncate the longer log', log: [1, 1, 2, 2], term: 2, request: { term: 2, prevLogIndex: 1, prevLogTerm: 1, entries: [1] }, success: true, logAfter: [1, 1, 2, 2], matchIndex: 2 },
    { name: 'a heartbeat behind the end of the log does not truncate it', log: [1, 1, 2, 2], term: 2, request: { term: 2, prevLogIndex: 2, prevLogTerm: 1 }, success: true, logAfter: [1, 1, 2, 2], matchIndex: 2 },
    { name: 'skips what it already has and appends only the rest', log: [1, 1, 2], term: 2, request: { term: 2, prevLogIndex: 1, prevLogTerm: 1, entries: [1, 2, 2, 2] }, success: true, logAfter: [1, 1, 2, 2, 2], matchIndex: 5 },
  ];

  it.each(cases)('$name', (c) => {
    const h = new Harness();
    const n = follower('S1', { term: c.term, log: c.log });
    start(n, h.ctx(0));
    h.clear();

    receive(n, appendEntries({ from: 'S2', ...c.request }), h.ctx(10));

    expect(termsOf(n)).toEqual(c.logAfter);
    // Entries with the same index and term carry the same command (the leader's).
    expect(logOf(n)).toEqual(entries(c.logAfter).map((e) => ({ term: e.term, command: e.command })));
    const replies = h.sentOf('AppendEntriesReply');
    expect(replies).toHaveLength(1);
    const r = replies[0];
    expect(r).toMatchObject({ to: 'S2', success: c.success, term: Math.max(c.term, c.request.term) });
    if (c.success) expect(r.matchIndex).toBe(c.matchIndex);
    if (c.conflictIndex !== undefined) expect({ conflictIndex: r.conflictIndex, conflictTerm: r.conflictTerm }).toEqual({ conflictIndex: c.conflictIndex, conflictTerm: c.conflictTerm });
    // Only a real conflict truncates, and only from its first conflicting index.
    const truncates = h.eventsOf('truncate');
    const firstDiff = c.log.findIndex((t, i) => c.logAfter[i] !== t);
    if (firstDiff < 0) expect(truncates).toEqual([]);
    else expect(truncates.map((e) => e.from)).toEqual([firstDiff + 1]);
  });

  it('an old-term AppendEntries neither resets the election timer nor names a leader', () => {
    const h = new Harness();
    const n = follower('S1', { term: 3, log: [1] });
    start(n, h.ctx(0));
    const deadline = n.electionDeadline;
    receive(n, appendEntries({ term: 2, prevLogIndex: 1, prevLogTerm: 1 }), h.ctx(400));
    expect(n.electionDeadline).toBe(deadline);
    expect(n.leaderId).toBeNull();
  });

  it('a current AppendEntries (even a rejected one) resets the election timer and names the leader', () => {
    const h = new Harness();
    const n = follower('S1', { term: 3, log: [1] });
    start(n, h.ctx(0));
    receive(n, appendEntries({ term: 3, prevLogIndex: 7, prevLogTerm: 3 }), h.ctx(400));
    expect(h.sentOf('AppendEntriesReply')[0].success).toBe(false);
    expect(n.electionDeadline).toBeGreaterThanOrEqual(400 + TIMING.electionTimeoutMin);
    expect(n.leaderId).toBe('S2');
  });

  it('the same AppendEntries delivered twice leaves the log as one delivery did', () => {
    const h = new Harness();
    const n = follower('S1', { term: 2, log: [1] });
    start(n, h.ctx(0));
    const m = appendEntries({ term: 2, prevLogIndex: 1, prevLogTerm: 1, entries: [2, 2], leaderCommit: 2 });
    receive(n, m, h.ctx(10));
    const once = { log: logOf(n), commitIndex: n.commitIndex };
    h.clear();
    receive(n, m, h.ctx(20));
    expect({ log: logOf(n), commitIndex: n.commitIndex }).toEqual(once);
    expect(h.eventsOf('append')).toEqual([]);
    expect(h.eventsOf('truncate')).toEqual([]);
    expect(h.eventsOf('apply')).toEqual([]);
  });

  it('a candidate that hears from a leader of its own term becomes its follower', () => {
    const h = new Harness();
    const n = nodeInRole(h, 'candidate', 3, [1]);
    receive(n, appendEntries({ term: 3, from: 'S3', prevLogIndex: 1, prevLogTerm: 1 }), h.ctx(20));
    expect(n.role).toBe('follower');
    expect(n.currentTerm).toBe(3);
    expect(n.leaderId).toBe('S3');
    expect(n.votedFor).toBe('S1'); // its own vote of this term stays cast
  });
});

describe('AppendEntries: commitIndex = min(leaderCommit, index of last new entry)', () => {
  interface CommitCase {
    name: string;
    log: number[];
    request: { prevLogIndex: number; prevLogTerm: number; entries?: number[]; leaderCommit: number };
    commitIndex: number;
  }
  const cases: CommitCase[] = [
    { name: 'leaderCommit within the new entries', log: [], request: { prevLogIndex: 0, prevLogTerm: 0, entries: [1, 1, 1], leaderCommit: 2 }, commitIndex: 2 },
    { name: 'leaderCommit beyond the new entries: bounded by the last new entry', log: [], request: { prevLogIndex: 0, prevLogTerm: 0, entries: [1, 1], leaderCommit: 9 }, commitIndex: 2 },
    { name: 'a longer unverified log does not raise the bound', log: [1, 1, 1, 1, 1], request: { prevLogIndex: 1, prevLogTerm: 1, entries: [1], leaderCommit: 5 }, commitIndex: 2 },
    { name: 'a heartbeat: bounded by prevLogIndex', log: [1, 1, 1, 1], request: { prevLogIndex: 3, prevLogTerm: 1, leaderCommit: 10 }, commitIndex: 3 },
    { name: 'a rejected AppendEntries commits nothing', log: [1], request: { prevLogIndex: 3, prevLogTerm: 1, entries: [1], leaderCommit: 4 }, commitIndex: 0 },
  ];

  it.each(cases)('$name', ({ log, request, commitIndex }) => {
    const h = new Harness();
    const n = follower('S1', { term: 1, log });
    start(n, h.ctx(0));
    receive(n, appendEntries({ term: 1, ...request }), h.ctx(10));
    expect(n.commitIndex).toBe(commitIndex);
    expect(n.lastApplied).toBe(commitIndex);
  });

  it('commitIndex never moves backwards', () => {
    const h = new Harness();
    const n = follower('S1', { term: 1 });
    start(n, h.ctx(0));
    receive(n, appendEntries({ term: 1, prevLogIndex: 0, prevLogTerm: 0, entries: [1, 1, 1], leaderCommit: 3 }), h.ctx(10));
    receive(n, appendEntries({ term: 1, prevLogIndex: 1, prevLogTerm: 1, entries: [1], leaderCommit: 1 }), h.ctx(20));
    expect(n.commitIndex).toBe(3);
  });
});

describe('followers apply committed entries in index order, exactly once', () => {
  it('applies 1..commitIndex as commitIndex advances, never twice, and the state machine reflects each once', () => {
    const h = new Harness();
    const n = follower('S1', { term: 1 });
    start(n, h.ctx(0));
    const ops: ClientOp[] = [
      { type: 'put', key: 'x', value: 'a' },
      { type: 'append', key: 'x', value: 'b' },
      { type: 'append', key: 'x', value: 'c' },
      { type: 'put', key: 'y', value: 'z' },
    ];
    const leaderLog: LogEntry[] = ops.map((op) => ({ term: 1, command: op, kind: 'command' }));
    const ae = (prevLogIndex: number, count: number, leaderCommit: number): AppendEntries => ({
      ...appendEntries({ term: 1, prevLogIndex, prevLogTerm: prevLogIndex === 0 ? 0 : 1, leaderCommit }),
      entries: leaderLog.slice(prevLogIndex, prevLogIndex + count),
    });

    receive(n, ae(0, 3, 2), h.ctx(10)); // three entries arrive; two are committed
    expect(h.eventsOf('apply').map((e) => e.index)).toEqual([1, 2]);
    expect(n.kv.get('x')).toBe('ab');

    receive(n, ae(0, 3, 2), h.ctx(20)); // a duplicate of the same message
    receive(n, ae(3, 0, 3), h.ctx(30)); // a heartbeat commits entry 3
    receive(n, ae(3, 0, 3), h.ctx(40)); // and again
    receive(n, ae(3, 1, 4), h.ctx(50)); // entry 4 arrives committed
    receive(n, ae(1, 2, 4), h.ctx(60)); // a late, stale copy of an earlier message

    const applied = h.eventsOf('apply');
    expect(applied.map((e) => e.index)).toEqual([1, 2, 3, 4]);
    expect(applied.map((e) => e.command)).toEqual(ops);
    expect(Object.fromEntries(n.kv)).toEqual({ x: 'abc', y: 'z' });
    expect(n.lastApplied).toBe(4);
  });

  it('after a restart the state machine is rebuilt by applying the committed entries again, once each', () => {
    const h = new Harness();
    const n = follower('S1', { term: 1 });
    start(n, h.ctx(0));
    const put = (v: string): LogEntry => ({ term: 1, command: { type: 'append', key: 'k', value: v }, kind: 'command' });
    const log = [put('1'), put('2')];
    receive(n, { ...appendEntries({ term: 1, prevLogIndex: 0, prevLogTerm: 0, leaderCommit: 2 }), entries: log }, h.ctx(10));
    expect(n.kv.get('k')).toBe('12');
    crash(n, h.settings);
    restart(n, h.ctx(50));
    expect(n.kv.size).toBe(0);
    h.clear();
    receive(n, appendEntries({ term: 1, prevLogIndex: 2, prevLogTerm: 1, leaderCommit: 2 }), h.ctx(60));
    expect(h.eventsOf('apply').map((e) => e.index)).toEqual([1, 2]);
    expect(n.kv.get('k')).toBe('12');
  });
});

// ---------------------------------------------------------------------------------------
// Candidates and leaders

describe('elections', () => {
  it('a follower whose election timer fires becomes candidate: term+1, votes for itself, asks every other voter', () => {
    const h = new Harness();
    const n = follower('S1', { term: 4, log: [1, 3, 4] }, FIVE);
    start(n, h.ctx(0));
    h.clear();
    electionTimerFired(n, h.ctx(n.electionDeadline ?? 0));
    expect(n.role).toBe('candidate');
    expect(n.currentTerm).toBe(5);
    expect(n.votedFor).toBe('S1');
    const asks = h.sentOf('RequestVote');
    expect(asks.map((m) => m.to).sort()).toEqual(['S2', 'S3', 'S4', 'S5']);
    for (const m of asks) expect(m).toMatchObject({ term: 5, candidateId: 'S1', lastLogIndex: 3, lastLogTerm: 4 });
  });

  it('a candidate needs votes from a majority: denials and repeated votes do not count', () => {
    const h = new Harness();
    const n = follower('S1', { term: 1 }, FIVE);
    start(n, h.ctx(0));
    forceTimeout(n, h.ctx(1));
    const t = n.currentTerm;
    receive(n, voteReply({ term: t, from: 'S2', granted: true }), h.ctx(2));
    receive(n, voteReply({ term: t, from: 'S2', granted: true }), h.ctx(3)); // duplicate
    receive(n, voteReply({ term: t, from: 'S3', granted: false }), h.ctx(4));
    receive(n, voteReply({ term: t - 1, from: 'S4', granted: true }), h.ctx(5)); // from an old election
    expect(n.role).toBe('candidate');
    receive(n, voteReply({ term: t, from: 'S5', granted: true }), h.ctx(6));
    expect(n.role).toBe('leader');
    expect(n.leaderId).toBe('S1');
  });

  it('a candidate whose election times out starts a new election in the next term', () => {
    const h = new Harness();
    const n = nodeInRole(h, 'candidate', 2, [1]);
    electionTimerFired(n, h.ctx(n.electionDeadline ?? 0));
    expect(n.role).toBe('candidate');
    expect(n.currentTerm).toBe(3);
    expect(n.votedFor).toBe('S1');
  });

  it('forcing a timeout has no effect on a leader', () => {
    const h = new Harness();
    const n = elect(h, { term: 1 });
    const term = n.currentTerm;
    forceTimeout(n, h.ctx(50));
    expect(n.role).toBe('leader');
    expect(n.currentTerm).toBe(term);
  });

  it('a one-server cluster elects itself at once', () => {
    const h = new Harness();
    const n = createNode('S1', ['S1'], 7);
    start(n, h.ctx(0));
    electionTimerFired(n, h.ctx(n.electionDeadline ?? 0));
    expect(n.role).toBe('leader');
    expect(n.commitIndex).toBe(1); // its no-op commits with its own vote
  });
});

describe('a new leader', () => {
  it.each([
    { noopOnElection: true, expectedLog: [1, 2, 3] },
    { noopOnElection: false, expectedLog: [1, 2] },
  ])('noopOnElection $noopOnElection: log afterwards $expectedLog, and every follower is sent AppendEntries at once', ({ noopOnElection, expectedLog }) => {
    const h = new Harness({ noopOnElection });
    const n = follower('S1', { term: 2, log: [1, 2] });
    start(n, h.ctx(0));
    forceTimeout(n, h.ctx(1));
    h.clear();
    receive(n, voteReply({ term: 3, from: 'S2', granted: true }), h.ctx(2));
    expect(n.role).toBe('leader');
    expect(termsOf(n)).toEqual(expectedLog);
    if (noopOnElection) expect(listToArray(n.log)[2]).toMatchObject({ term: 3, kind: 'noop' });
    // nextIndex = leader's last index + 1 before the no-op; matchIndex = 0 (Figure 2).
    const aes = h.sentOf('AppendEntries');
    expect(aes.map((m) => m.to).sort()).toEqual(['S2', 'S3']);
    for (const m of aes) {
      expect(m).toMatchObject({ term: 3, leaderId: 'S1', prevLogIndex: 2, prevLogTerm: 2, leaderCommit: 0 });
      expect(m.entries.map((e) => e.term)).toEqual(noopOnElection ? [3] : []);
    }
    for (const peer of ['S2', 'S3']) expect(n.progress.get(peer)?.matchIndex).toBe(0);
  });

  it('sends a heartbeat to every follower each heartbeatInterval', () => {
    const h = new Harness();
    const n = elect(h, { term: 1 });
    expect(n.heartbeatDue).toBe(2 + TIMING.heartbeatInterval);
    h.clear();
    heartbeatTimerFired(n, h.ctx(n.heartbeatDue ?? 0));
    expect(h.sentOf('AppendEntries').map((m) => m.to).sort()).toEqual(['S2', 'S3']);
    expect(n.heartbeatDue).toBe(2 + 2 * TIMING.heartbeatInterval);
  });
});

describe('leader commit rule: only entries of the current term are committed by counting replicas (Figure 8)', () => {
  // S1 has [1, 2] from earlier terms and wins term 3; noopOnElection off, as in Figure 8.
  it.each([
    { variant: 'none' as const, commitAfterOldTermMajority: 0, outcome: 'stays uncommitted' },
    { variant: 'commit-old-terms' as const, commitAfterOldTermMajority: 2, outcome: 'is (wrongly) committed' },
  ])('variant $variant: an earlier-term entry on a majority $outcome', ({ variant, commitAfterOldTermMajority }) => {
    const h = new Harness({ noopOnElection: false, variant });
    const n = elect(h, { term: 2, log: [1, 2] });
    expect(n.currentTerm).toBe(3);
    receive(n, appendReply({ term: 3, from: 'S2', success: true, matchIndex: 2 }), h.ctx(10));
    expect(n.progress.get('S2')?.matchIndex).toBe(2); // entry 2 (term 2) is on S1 and S2: a majority of 3
    expect(n.commitIndex).toBe(commitAfterOldTermMajority);

    // An entry of the current term on a majority commits, and with it everything before it.
    const { index, term } = propose(n, 'x', h.ctx(20));
    expect({ index, term }).toEqual({ index: 3, term: 3 });
    receive(n, appendReply({ term: 3, from: 'S2', success: true, matchIndex: 3 }), h.ctx(30));
    expect(n.commitIndex).toBe(3);
    expect(h.eventsOf('apply').map((e) => e.index)).toEqual([1, 2, 3]);
  });

  it('a current-term entry needs a majority of all voters (3 of 5), the leader included', () => {
    const h = new Harness();
    const n = elect(h, {}, FIVE);
    const noop = lastLogIndex(n);
    receive(n, appendReply({ term: n.currentTerm, from: 'S2', success: true, matchIndex: noop }), h.ctx(10));
    expect(n.commitIndex).toBe(0);
    receive(n, appendReply({ term: n.currentTerm, from: 'S2', success: true, matchIndex: noop }), h.ctx(11)); // duplicate
    expect(n.commitIndex).toBe(0);
    receive(n, appendReply({ term: n.currentTerm, from: 'S4', success: true, matchIndex: noop }), h.ctx(12));
    expect(n.commitIndex).toBe(noop);
  });

  it('a reply of an earlier term is ignored', () => {
    const h = new Harness();
    const n = elect(h, { term: 4 });
    receive(n, appendReply({ term: 4, from: 'S2', success: true, matchIndex: lastLogIndex(n) }), h.ctx(10));
    expect(n.progress.get('S2')?.matchIndex).toBe(0);
    expect(n.commitIndex).toBe(0);
  });
});

describe('leader: nextIndex and matchIndex from replies (conflict hint: one round trip per term)', () => {
  // The leader of Figure 7: 1 1 1 4 4 5 5 6 6 6, term 8, no no-op so nextIndex starts at 11.
  const LEADER_LOG = [1, 1, 1, 4, 4, 5, 5, 6, 6, 6];
  interface HintCase {
    name: string;
    reply: { success: boolean; matchIndex?: number; conflictIndex?: number; conflictTerm?: number };
    nextIndex: number;
    matchIndex: number;
  }
  const cases: HintCase[] = [
    { name: 'follower log too short: jump to its end', reply: { success: false, conflictIndex: 5, conflictTerm: 0 }, nextIndex: 5, matchIndex: 0 },
    { name: 'conflicting term the leader also has: just after the leader’s last entry of that term', reply: { success: false, conflictIndex: 4, conflictTerm: 4 }, nextIndex: 6, matchIndex: 0 },
    { name: 'conflicting term the leader does not have: the first index of that term on the follower', reply: { success: false, conflictIndex: 4, conflictTerm: 2 }, nextIndex: 4, matchIndex: 0 },
    { name: 'success: matchIndex and nextIndex follow the reply', reply: { success: true, matchIndex: 10 }, nextIndex: 11, matchIndex: 10 },
  ];

  it.each(cases)('$name', ({ reply, nextIndex, matchIndex }) => {
    const h = new Harness({ noopOnElection: false });
    const n = elect(h, { term: 7, log: LEADER_LOG });
    expect(n.currentTerm).toBe(8);
    expect(n.progress.get('S2')).toMatchObject({ nextIndex: 11, matchIndex: 0 });
    h.clear();
    receive(n, appendReply({ term: 8, from: 'S2', ...reply }), h.ctx(10));
    expect(n.progress.get('S2')).toMatchObject({ nextIndex, matchIndex });
    if (!reply.success) {
      // It retries at once from the new nextIndex.
      const retry = h.sentOf('AppendEntries');
      expect(retry).toHaveLength(1);
      expect(retry[0]).toMatchObject({ to: 'S2', prevLogIndex: nextIndex - 1, prevLogTerm: LEADER_LOG[nextIndex - 2] ?? 0 });
      expect(retry[0].entries.map((e) => e.term)).toEqual(LEADER_LOG.slice(nextIndex - 1));
    }
  });

  it('stale or duplicated replies never move matchIndex back or nextIndex below it', () => {
    const h = new Harness({ noopOnElection: false });
    const n = elect(h, { term: 7, log: LEADER_LOG });
    receive(n, appendReply({ term: 8, from: 'S2', success: true, matchIndex: 10 }), h.ctx(10));
    receive(n, appendReply({ term: 8, from: 'S2', success: true, matchIndex: 6 }), h.ctx(11)); // late success
    receive(n, appendReply({ term: 8, from: 'S2', success: false, conflictIndex: 3, conflictTerm: 1 }), h.ctx(12)); // late rejection
    receive(n, appendReply({ term: 8, from: 'S2', success: false, conflictIndex: 5, conflictTerm: 0 }), h.ctx(13));
    expect(n.progress.get('S2')).toMatchObject({ nextIndex: 11, matchIndex: 10 });
  });
});

// ---------------------------------------------------------------------------------------
// Clients

describe('client requests', () => {
  it('propose on a leader appends to its log and returns {isLeader: true, index, term}', () => {
    const h = new Harness();
    const n = elect(h, { term: 2, log: [1] });
    const outcome = propose(n, { data_id: 1 }, h.ctx(10));
    expect(outcome).toEqual({ isLeader: true, index: 3, term: 3 });
    expect(listToArray(n.log)[2]).toMatchObject({ term: 3, command: { data_id: 1 } });
  });

  it.each(['follower', 'candidate'] as const)('propose on a %s returns {isLeader: false, index: 0, term: currentTerm} and changes nothing', (role) => {
    const h = new Harness();
    const n = nodeInRole(h, role, 4, [1]);
    const log = logOf(n);
    expect(propose(n, 'x', h.ctx(10))).toEqual({ isLeader: false, index: 0, term: 4 });
    expect(logOf(n)).toEqual(log);
  });

  it('a follower answers a ClientRequest with ok: false and the leader it knows as leaderHint', () => {
    const h = new Harness();
    const n = follower('S1', { term: 2, log: [1] });
    start(n, h.ctx(0));
    receive(n, appendEntries({ term: 2, from: 'S3', prevLogIndex: 1, prevLogTerm: 1 }), h.ctx(5));
    h.clear();
    receive(n, clientRequest({ type: 'put', key: 'x', value: '1' }, 'C1', 1), h.ctx(10));
    const reply = h.sentOf('ClientReply');
    expect(reply).toEqual([expect.objectContaining({ to: 'C1', client: 'C1', seq: 1, ok: false, leaderHint: 'S3' })]);
    expect(termsOf(n)).toEqual([1]);
  });

  it.each(['follower', 'candidate'] as const)('a %s that knows no leader answers with leaderHint null', (role) => {
    const h = new Harness();
    const n = nodeInRole(h, role, 2, [1]);
    h.clear();
    receive(n, clientRequest({ type: 'get', key: 'x' }), h.ctx(10));
    expect(h.sentOf('ClientReply')).toEqual([expect.objectContaining({ ok: false, leaderHint: null })]);
  });

  it('a leader answers after the entry is applied; a retry of an applied request gets the cached reply without a new entry', () => {
    const h = new Harness();
    const n = elect(h);
    receive(n, clientRequest({ type: 'append', key: 'x', value: 'a' }, 'C1', 1), h.ctx(10));
    expect(h.sentOf('ClientReply')).toEqual([]); // not yet committed
    receive(n, appendReply({ term: n.currentTerm, from: 'S2', success: true, matchIndex: lastLogIndex(n) }), h.ctx(20));
    expect(h.sentOf('ClientReply')).toEqual([expect.objectContaining({ to: 'C1', seq: 1, ok: true, leaderHint: 'S1' })]);
    const length = lastLogIndex(n);
    h.clear();

    receive(n, clientRequest({ type: 'append', key: 'x', value: 'a' }, 'C1', 1), h.ctx(30)); // the client retries
    expect(lastLogIndex(n)).toBe(length);
    expect(h.sentOf('ClientReply')).toEqual([expect.objectContaining({ seq: 1, ok: true })]);
    expect(n.kv.get('x')).toBe('a');
  });

  it('a retry that was appended twice (before the first copy applied) is applied once', () => {
    const h = new Harness();
    const n = elect(h);
    const op: ClientOp = { type: 'append', key: 'x', value: 'a' };
    receive(n, clientRequest(op, 'C1', 1), h.ctx(10));
    receive(n, clientRequest(op, 'C1', 1), h.ctx(11)); // retry while the first is uncommitted
    const last = lastLogIndex(n);
    receive(n, appendReply({ term: n.currentTerm, from: 'S2', success: true, matchIndex: last }), h.ctx(20));
    expect(n.lastApplied).toBe(last);
    expect(n.kv.get('x')).toBe('a');
  });
});
