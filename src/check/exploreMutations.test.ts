// The explorer finds issue #12's bugs again when a test-only mutation puts one back
// (src/raft/mutations.ts): bugs 1 and 5 as invariant failures, bugs 3 and 4 by the bounded
// liveness check. Each with the same bounds passes on correct Raft. Bounded by states, never by
// seconds (the per-test timeouts only keep a loaded machine from failing them).

import { describe, expect, it } from 'vitest';
import { BUG_1, withMutations } from '../raft/mutations.ts';
import { describeStep, explore, type ExploreConfig } from './explore.ts';

// Bug 5: a server made by addServer compacts (threshold 1: two applied entries) before its log
// holds a configuration entry; its snapshot must record the configuration in force (§5.1).
const BUG_5: Partial<ExploreConfig> = {
  servers: 3,
  actions: ['deliver', 'timeout', 'add', 'request'],
  maxMembership: 1,
  maxCrashes: 0,
  maxRequests: 1,
  maxTerm: 1,
  maxLog: 2,
  maxCopies: 1,
  depth: 12,
  features: { preVote: false, checkQuorum: false, noopOnElection: true, snapshotThreshold: 1 },
  maxStates: 200_000,
};

// Bug 4: the leader adds S4, which crashes at once; the change must still be abandoned (§4.2.1).
const BUG_4: Partial<ExploreConfig> = {
  servers: 3,
  actions: ['deliver', 'timeout', 'heartbeat', 'crash', 'add'],
  maxMembership: 1,
  maxCrashes: 1,
  maxRequests: 0,
  depth: 7,
  liveness: true,
  features: { preVote: false, checkQuorum: false, noopOnElection: true, snapshotThreshold: 0 },
  maxStates: 100_000,
};

// Bug 1: the leader transfers to S2 and removes it; S2, holding the new configuration, obeys
// TimeoutNow and wins term 2 while S3 wins it too. 4 servers; symmetry-reduced (removal and
// transfers are renamed with the rest); the no-op lets the leader change membership (§4.1).
const BUG_1_BOUNDS: Partial<ExploreConfig> = {
  servers: 4,
  actions: ['deliver', 'timeout', 'remove', 'transfer'],
  maxMembership: 1,
  maxTransfers: 1,
  maxTerm: 2,
  maxLog: 3,
  maxRequests: 0,
  maxCrashes: 0,
  maxCopies: 1,
  maxTimeouts: 2,
  dropStaleRequests: true,
  depth: 19,
  features: { preVote: false, checkQuorum: false, noopOnElection: true, snapshotThreshold: 0 },
  maxStates: 700_000,
};

// Bug 3: a server outside its own latest, uncommitted configuration with the longest log never
// campaigns; the others need its vote. Liveness checked where a removal is uncommitted.
const BUG_3: Partial<ExploreConfig> = {
  servers: 4,
  actions: ['deliver', 'timeout', 'crash', 'remove'],
  maxMembership: 1,
  maxCrashes: 1,
  maxTerm: 2,
  maxLog: 2,
  maxRequests: 0,
  maxCopies: 1,
  maxTimeouts: 2,
  dropStaleRequests: true,
  depth: 14,
  liveness: true,
  livenessAt: 'removal',
  livenessDepth: 8,
  features: { preVote: false, checkQuorum: false, noopOnElection: true, snapshotThreshold: 0 },
  maxStates: 100_000,
};

describe('explore: issue #12 bugs put back', () => {
  it('bug 1 (a server being removed obeys TimeoutNow and counts its own vote): two leaders of term 2', () => {
    const r = withMutations(BUG_1, () => explore(BUG_1_BOUNDS));
    expect(r.violation?.property).toBe('election-safety');
    expect(r.violation?.path).toHaveLength(19);
    const steps = r.violation?.path.map(describeStep) ?? [];
    expect(steps).toContain('the leader transfers leadership to S2');
    expect(steps).toContain('the leader removes S2');
    expect(steps).toContain('deliver TimeoutNow S1 → S2 (term 1)');
    expect(r.distinctStates).toBeLessThan(600_000);
  }, 600_000);

  it('bug 1 fixed: the same bounds are exhausted with no violation', () => {
    const r = explore(BUG_1_BOUNDS);
    expect(r.violation).toBeNull();
    expect(r.finished).toBe('exhausted');
    expect(r.coverage.transfers).toBe(1);
    expect(r.coverage.termsWithLeader).toBe(2);
  }, 600_000);

  it('bug 3 (a removed server never campaigns): the liveness check finds a cluster that can no longer elect', () => {
    const r = withMutations(['removed-server-never-campaigns'], () => explore(BUG_3));
    expect(r.violation).toBeNull();
    expect(r.finished).toBe('violation');
    expect(r.stuck?.goal).toBe('elect');
    expect(r.stuck?.path).toHaveLength(13);
    expect(r.stuck?.path.map(describeStep)).toContain('the leader removes S1');
  }, 300_000);

  it('bug 3 without symmetry reduction: about 20 times the states, the same shortest stuck path length', () => {
    const r = withMutations(['removed-server-never-campaigns'], () => explore({ ...BUG_3, symmetry: false, maxStates: 300_000 }));
    expect(r.stuck?.goal).toBe('elect');
    expect(r.stuck?.path).toHaveLength(13);
    expect(r.distinctStates).toBeGreaterThan(100_000);
  }, 600_000);

  it('bug 3 fixed: wherever a removal is uncommitted, the cluster can still elect', () => {
    const r = explore(BUG_3);
    expect(r.finished).toBe('exhausted');
    expect(r.stuck).toBeNull();
    expect(r.livenessChecked?.checked).toBeGreaterThan(5_000);
    expect(r.livenessChecked?.unknown).toBe(0);
  }, 300_000);

  it('bug 5 (an added server boots with an empty configuration): a snapshot records the wrong configuration', () => {
    const r = withMutations(['added-server-empty-boot-config'], () => explore(BUG_5));
    expect(r.violation?.property).toBe('snapshot-configuration');
    expect(r.violation?.message).toBe("S4's snapshot through index 2 records {}, but {S1, S2, S3} is in force there.");
    expect(r.violation?.path).toHaveLength(12);
    expect(r.violation?.path.map(describeStep)).toContain('the leader adds S4');
  });

  it('bug 5 fixed: the same bounds are exhausted with no violation', () => {
    const r = explore(BUG_5);
    expect(r.violation).toBeNull();
    expect(r.finished).toBe('exhausted');
  });

  it('bug 4 (a silent new server is never given up on): the liveness check finds the stuck change', () => {
    const r = withMutations(['catch-up-never-aborts'], () => explore(BUG_4));
    expect(r.violation).toBeNull();
    expect(r.finished).toBe('violation');
    expect(r.stuck?.goal).toBe('membership');
    expect(r.stuck?.path.map(describeStep).slice(-2)).toEqual(['the leader adds S4', 'S4 crashes']);
    expect(r.stuck?.path).toHaveLength(7);
  });

  it('bug 4 fixed: every reached state can still elect and finish or abandon its change', () => {
    const r = explore(BUG_4);
    expect(r.finished).toBe('exhausted');
    expect(r.stuck).toBeNull();
    expect(r.livenessChecked?.checked).toBeGreaterThan(10_000);
    expect(r.livenessChecked?.unknown).toBe(0);
  });
});
