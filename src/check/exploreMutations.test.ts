// The explorer finds issue #12's bugs again when a test-only mutation puts one back
// (src/raft/mutations.ts): bug 5 as an invariant failure, bug 4 by the bounded liveness check.
// Each with the same bounds passes on correct Raft. Bounded by states, never by seconds.

import { describe, expect, it } from 'vitest';
import { withMutations } from '../raft/mutations.ts';
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

describe('explore: issue #12 bugs put back', () => {
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
