// Unit tests of CheckQuorum (Ongaro's thesis, §6.2), rule by rule.
// As in the Figure 2 tests (and etcd's raft tests), each test drives one NodeState through the
// exported inputs and records what it sends and reports. Helpers: harness.test-support.ts
// (`thesis`).

import { describe, expect, it } from 'vitest';
import { FIVE, Harness, thesis, THREE, TIMING } from './harness.test-support.ts';
import { addServer, electionTimerFired, receive } from './node.ts';
import type { NodeState } from './types.ts';

const { ackAll, appendReply, leader } = thesis;

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
