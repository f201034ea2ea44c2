// Unit tests of linearizable reads with ReadIndex (Ongaro's thesis, §6.4), rule by rule.
// As in the Figure 2 tests (and etcd's raft tests), each test drives one NodeState through the
// exported inputs and records what it sends and reports. Helpers: harness.test-support.ts
// (`thesis`).

import { describe, expect, it } from 'vitest';
import { clientRequest, FIVE, Harness, thesis, THREE } from './harness.test-support.ts';
import { lastLogIndex } from './log.ts';
import { propose, receive } from './node.ts';
import type { ClientOp, NodeState } from './types.ts';

const { ackAll, appendReply, leader, put, puts } = thesis;

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
