// The exhaustive explorer: breadth-first over every interleaving within bounds. Tests bound the
// states explored, never seconds.

import { describe, expect, it } from 'vitest';
import type { Message } from '../raft/messages.ts';
import { describeStep, explore, ExploreConfigError, messageKey, resolveExploreConfig } from './explore.ts';

describe('explore: correct Raft', () => {
  it('exhausts small bounds with no violation, and says what it covered', () => {
    const r = explore({ depth: 8 });
    expect(r.violation).toBeNull();
    expect(r.finished).toBe('exhausted');
    expect(r.distinctStates).toBe(9_813); // deterministic: the same bounds, the same states (symmetry-reduced)
    expect(r.coverage.termsWithLeader).toBeGreaterThanOrEqual(1);
    expect(r.coverage.maxCommitted).toBeGreaterThanOrEqual(1); // a request was committed on some path
    expect(r.coverage.crashes).toBe(1);
  });

  it('with PreVote, CheckQuorum, snapshots, the no-op, membership and a transfer, still no violation', () => {
    const r = explore({
      depth: 9,
      maxTerm: 2,
      maxMembership: 1,
      maxTransfers: 1,
      actions: ['deliver', 'timeout', 'heartbeat', 'crash', 'restart', 'request', 'add', 'remove', 'transfer'],
      features: { preVote: true, checkQuorum: true, snapshotThreshold: 1, noopOnElection: true },
      maxStates: 400_000,
    });
    expect(r.violation).toBeNull();
    expect(r.distinctStates).toBeGreaterThan(10_000);
  });

  it('symmetry reduction merges renamings only: without it more states, the same shortest counterexamples', () => {
    const full = explore({ depth: 8, symmetry: false });
    expect(full.violation).toBeNull();
    expect(full.distinctStates).toBe(58_240); // stale replies collected, no renaming
    const forget = explore({ variant: 'forget-vote', symmetry: false });
    expect(forget.violation?.path).toHaveLength(8);
  });

  it('the default bounds: the same 61,102 distinct states however the search is made faster', () => {
    const r = explore({});
    expect(r.finished).toBe('exhausted');
    expect(r.violation).toBeNull();
    expect(r.distinctStates).toBe(61_102);
    expect(r.statesExplored).toBe(251_304);
  });

  it('stops at maxStates and says so', () => {
    const r = explore({ depth: 30, maxStates: 5_000 });
    expect(r.finished).toBe('max-states');
    expect(r.distinctStates).toBe(5_000);
  });
});

describe('explore: the broken variants, each with its shortest counterexample', () => {
  it('forget-vote: two leaders of term 1 after a voter forgets its vote, in 8 events', () => {
    const r = explore({ variant: 'forget-vote' });
    expect(r.violation?.property).toBe('election-safety');
    expect(r.violation?.path.map(describeStep)).toEqual([
      "S1's election timer fires",
      'deliver RequestVote S1 → S2 (term 1)',
      'deliver RequestVoteReply S2 → S1 (term 1)',
      'S1 crashes',
      'S1 restarts',
      "S3's election timer fires",
      'deliver RequestVote S3 → S1 (term 1)',
      'deliver RequestVoteReply S1 → S3 (term 1)',
    ]);
  });

  it('vote-without-log-check: a leader without a committed entry', () => {
    const r = explore({ variant: 'vote-without-log-check' });
    expect(r.violation?.property).toBe('leader-completeness');
    expect(r.violation?.path.length).toBe(9);
    expect(r.distinctStates).toBeLessThan(200_000);
  });

  it('truncate-always: a committed entry lost', () => {
    const r = explore({ variant: 'truncate-always' });
    expect(r.violation?.property).toBe('leader-completeness');
    expect(r.violation?.path.length).toBe(10);
  });

  it('commit-old-terms (Figure 8): a leader of term 4 lacks the entry a leader of term 3 committed by counting replicas, in 20 events', () => {
    const r = explore({ variant: 'commit-old-terms', maxStates: 600_000 });
    expect(r.violation?.property).toBe('leader-completeness');
    expect(r.violation?.path).toHaveLength(20);
    expect(r.violation?.message).toMatch(/^S\d is leader of term 4, but its log lacks the entry committed at index 1/);
    expect(r.coverage.termsWithLeader).toBe(4);
    expect(r.distinctStates).toBeLessThan(450_000);
  }, 600_000);

  it('the first counterexample is a shortest one: no shallower search finds it', () => {
    const r = explore({ variant: 'forget-vote', depth: 7 });
    expect(r.violation).toBeNull();
    expect(r.finished).toBe('exhausted');
  });
});

describe('explore: configuration', () => {
  it('fills a variant’s own bounds and refuses bad input naming the field', () => {
    expect(resolveExploreConfig({ variant: 'commit-old-terms' }).maxTerm).toBe(4);
    expect(() => resolveExploreConfig({ servers: 9 })).toThrow(new ExploreConfigError('servers: must be a whole number from 1 to 4, got 9'));
    expect(() => resolveExploreConfig({ actions: ['deliver', 'fly' as never] })).toThrow(/actions: unknown action "fly"/);
    expect(() => resolveExploreConfig({ variant: 'nope' as never })).toThrow(/variant: unknown variant 'nope'/);
    expect(() => resolveExploreConfig({ variant: 'local-reads' })).toThrow(/linearizability/);
    expect(resolveExploreConfig({ variant: 'commit-old-terms' }).dropStaleRequests).toBe(true);
    expect(resolveExploreConfig({}).dropStaleRequests).toBe(false);
    expect(() => resolveExploreConfig({ livenessAt: 'sometimes' as never })).toThrow(/livenessAt: must be 'every' or 'removal'/);
  });
});

describe('explore: one message key, plain and renamed', () => {
  it('the voters of a configuration entry or a snapshot are a set: listed in any order, one key; renamed, the names change', () => {
    const env = { id: 7, from: 'S1', to: 'S2', term: 2, sentAt: 0, deliverAt: null };
    const snapshot = (voters: string[]): Message => ({ ...env, type: 'InstallSnapshot', leaderId: 'S1', lastIncludedIndex: 3, lastIncludedTerm: 1, snapshot: { index: 3, term: 1, state: new Map(), sessions: new Map(), voters }, round: 1 });
    const append = (voters: string[]): Message => ({ ...env, type: 'AppendEntries', leaderId: 'S1', prevLogIndex: 0, prevLogTerm: 0, leaderCommit: 0, entries: [{ term: 2, kind: 'config', command: null, voters }], round: 1 });
    expect(messageKey(snapshot(['S3', 'S1', 'S2']))).toBe(messageKey(snapshot(['S1', 'S2', 'S3'])));
    expect(messageKey(append(['S3', 'S1']))).toBe(messageKey(append(['S1', 'S3'])));
    expect(messageKey(snapshot(['S1', 'S2', 'S3']))).toBe('InstallSnapshot|S1|S2|2|3|1|S1,S2,S3');
    const swap = (id: string) => (id === 'S1' ? 'S2' : id === 'S2' ? 'S1' : id);
    expect(messageKey(snapshot(['S1', 'S3']), swap)).toBe('InstallSnapshot|S2|S1|2|3|1|S2,S3');
    expect(messageKey({ ...env, id: 99, sentAt: 40, type: 'TimeoutNow' })).toBe(messageKey({ ...env, type: 'TimeoutNow' })); // no id, no times
  });
});
