// The explorer's bounds for issue #12's bugs put back by test-only mutations (src/raft/mutations.ts):
// one place for the unit tests (exploreMutations.test.ts) and the e2e test that opens a
// counterexample link in the app (e2e/explore-links.spec.ts).

import type { ExploreConfig } from './explore.ts';

// Bug 5: a server made by addServer compacts (threshold 1: two applied entries) before its log
// holds a configuration entry; its snapshot must record the configuration in force (§5.1).
export const BUG_5: Partial<ExploreConfig> = {
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
export const BUG_4: Partial<ExploreConfig> = {
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
export const BUG_1_BOUNDS: Partial<ExploreConfig> = {
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
export const BUG_3: Partial<ExploreConfig> = {
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
