// Unit tests of one Raft server, Figure 2's Rules for Servers: all servers (a higher term is
// adopted), candidates (elections) and leaders (heartbeats, the commit rule of Figure 8, nextIndex
// and matchIndex with the thesis's conflict hint) (Ongaro & Ousterhout 2014, §5.2–5.4).
// Each test drives a NodeState directly through the exported inputs (createNode, start, receive,
// timers, propose, crash, restart, forceTimeout) and records what it sends and reports, in the
// style of etcd's raft tests: tables of the paper's cases, one row per case. Helpers:
// harness.test-support.ts (`figure2`).

import { describe, expect, it } from 'vitest';
import { listToArray } from './chunked.ts';
import { figure2, FIVE, Harness, termsOf, TIMING, voteReply } from './harness.test-support.ts';
import { lastLogIndex } from './log.ts';
import type { Message } from './messages.ts';
import { createNode, electionTimerFired, forceTimeout, heartbeatTimerFired, propose, receive, start } from './node.ts';
import type { Role } from './types.ts';

const { appendEntries, appendReply, elect, follower, nodeInRole, requestVote } = figure2;

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
