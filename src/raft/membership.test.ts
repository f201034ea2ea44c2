// Unit tests of membership changes one server at a time (Ongaro's thesis, ch. 4), rule by rule.
// As in the Figure 2 tests (and etcd's raft tests), each test drives one NodeState through the
// exported inputs and records what it sends and reports. Helpers: harness.test-support.ts
// (`thesis`).

import { describe, expect, it } from 'vitest';
import { listToArray } from './chunked.ts';
import { FIVE, Harness, thesis, THREE, TIMING, voteReply } from './harness.test-support.ts';
import { lastLogIndex } from './log.ts';
import { addServer, configChangeRefusal, crash, createNode, electionTimerFired, forceTimeout, heartbeatTimerFired, MAX_CATCH_UP_ROUNDS, propose, receive, removeServer, start, transferLeadership } from './node.ts';
import type { LogEntry, NodeState } from './types.ts';

const { ackAll, appendEntries, appendReply, follower, leader, put, puts, requestVote, timeoutNow } = thesis;

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
