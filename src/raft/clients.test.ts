// Unit tests of one Raft server, its clients (Ongaro & Ousterhout 2014, §8; sessions for
// exactly-once commands, thesis §6.3).
// Each test drives a NodeState directly through the exported inputs (createNode, start, receive,
// timers, propose, crash, restart, forceTimeout) and records what it sends and reports, in the
// style of etcd's raft tests: tables of the paper's cases, one row per case. Helpers:
// harness.test-support.ts (`figure2`).

import { describe, expect, it } from 'vitest';
import { listToArray } from './chunked.ts';
import { clientRequest, figure2, Harness, termsOf } from './harness.test-support.ts';
import { lastLogIndex } from './log.ts';
import { propose, receive, start } from './node.ts';
import type { ClientOp } from './types.ts';

const { appendEntries, appendReply, elect, follower, logOf, nodeInRole } = figure2;

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
