// Unit tests of leadership transfer (Ongaro's thesis, §3.10), rule by rule.
// As in the Figure 2 tests (and etcd's raft tests), each test drives one NodeState through the
// exported inputs and records what it sends and reports. Helpers: harness.test-support.ts
// (`thesis`).

import { describe, expect, it } from 'vitest';
import { clientRequest, Harness, thesis, THREE, TIMING } from './harness.test-support.ts';
import { lastLogIndex } from './log.ts';
import { heartbeatTimerFired, propose, receive, transferLeadership } from './node.ts';

const { appendEntries, appendReply, follower, leader, put, puts, timeoutNow } = thesis;

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
