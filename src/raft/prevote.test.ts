// Unit tests of PreVote (Ongaro's thesis, §9.6), rule by rule.
// As in the Figure 2 tests (and etcd's raft tests), each test drives one NodeState through the
// exported inputs and records what it sends and reports. Helpers: harness.test-support.ts
// (`thesis`).

import { describe, expect, it } from 'vitest';
import { FIVE, Harness, thesis, THREE, TIMING } from './harness.test-support.ts';
import { createNode, electionTimerFired, receive, start } from './node.ts';

const { appendEntries, follower, leader, preVote, preVoteReply, puts } = thesis;

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
