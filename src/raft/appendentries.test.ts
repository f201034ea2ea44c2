// Unit tests of one Raft server, Figure 2's AppendEntries RPC (receiver side, rules 1–5) and
// applying committed entries (Ongaro & Ousterhout 2014, Figure 2 and §5.3).
// Each test drives a NodeState directly through the exported inputs (createNode, start, receive,
// timers, propose, crash, restart, forceTimeout) and records what it sends and reports, in the
// style of etcd's raft tests: tables of the paper's cases, one row per case. Helpers:
// harness.test-support.ts (`figure2`).

import { describe, expect, it } from 'vitest';
import { figure2, Harness, termsOf, TIMING } from './harness.test-support.ts';
import type { AppendEntries } from './messages.ts';
import { crash, receive, restart, start } from './node.ts';
import type { ClientOp, LogEntry } from './types.ts';

const { appendEntries, entries, follower, logOf, nodeInRole } = figure2;

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
