// Unit tests of one Raft server, Figure 2's RequestVote RPC (receiver side; the election
// restriction of §5.4.1) and votedFor as persistent state (Ongaro & Ousterhout 2014).
// Each test drives a NodeState directly through the exported inputs (createNode, start, receive,
// timers, propose, crash, restart, forceTimeout) and records what it sends and reports, in the
// style of etcd's raft tests: tables of the paper's cases, one row per case. Helpers:
// harness.test-support.ts (`figure2`).

import { describe, expect, it } from 'vitest';
import { figure2, Harness, type Init, TIMING } from './harness.test-support.ts';
import { lastLogIndex } from './log.ts';
import { crash, propose, receive, restart, start } from './node.ts';

const { appendReply, elect, follower, logOf, nodeInRole, requestVote } = figure2;

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
