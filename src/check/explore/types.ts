// The exhaustive explorer (src/check/explore.ts): what the explorer is configured with and reports (its public types and defaults).

import type { Message } from '../../raft/messages.ts';
import type { Variant } from '../../raft/types.ts';
import type { PropertyId } from '../invariants.ts';



export const EXPLORE_ACTIONS = ['deliver', 'timeout', 'heartbeat', 'crash', 'restart', 'request', 'add', 'remove', 'transfer'] as const;
export type ExploreAction = (typeof EXPLORE_ACTIONS)[number];

export interface ExploreFeatures {
  preVote: boolean;
  checkQuorum: boolean;
  /** Entries applied beyond the last snapshot before a server compacts; 0 = off. */
  snapshotThreshold: number;
  noopOnElection: boolean;
}

export interface ExploreConfig {
  servers: number;
  /** Longest path explored (events from the initial state). */
  depth: number;
  /** States with a term above this are checked but not expanded. */
  maxTerm: number;
  /** States with a log longer than this (entries) are checked but not expanded. */
  maxLog: number;
  maxCrashes: number;
  maxRequests: number;
  /** addServer + removeServer, in all. */
  maxMembership: number;
  maxTransfers: number;
  /** Election timer firings per path, in all; 0 = without limit. */
  maxTimeouts: number;
  actions: readonly ExploreAction[];
  variant: Variant | 'none';
  features: ExploreFeatures;
  /** Stop after this many distinct states (the search then reports the bound it stopped at). */
  maxStates: number;
  /**
   * How many times one sent message may be delivered: 0 = without limit (messages form a set; a
   * delivered message stays deliverable, which models duplication), 1 = at most once (no
   * duplication), k = up to k copies.
   */
  maxCopies: number;
  /**
   * Symmetry reduction over server names (where the options treat servers alike: no membership
   * change): a state and its renamings count as one distinct state.
   */
  symmetry: boolean;
  /**
   * Bounded liveness (issue #12, bugs 3 and 4): from every reached state where a majority of each
   * configuration is up, some continuation of at most `livenessDepth` events with no more faults
   * must reach a leader, and finish or abandon a membership change under way. Off by default.
   */
  liveness: boolean;
  livenessDepth: number;
  /**
   * Where the liveness check runs: 'every' reached state, or only where a 'removal' is under way
   * (a live server holds a configuration entry above its commit index that leaves out a server
   * of the configuration before it: thesis §4.2.2, issue #12's bug 3). The targeted check is
   * what makes 4 servers affordable.
   */
  livenessAt: 'every' | 'removal';
  /**
   * A bound on behaviour, not a reduction: a request (RequestVote, PreVote, AppendEntries,
   * InstallSnapshot, TimeoutNow) from a term below its receiver's is dropped instead of staying
   * deliverable. Delivered, it would change nothing at the receiver; only its refusal could tell
   * the sender of a higher term. Runs without it can miss violations that need such a refusal.
   */
  dropStaleRequests: boolean;
}

export const DEFAULT_EXPLORE: ExploreConfig = {
  servers: 3,
  depth: 10,
  maxTerm: 2,
  maxLog: 2,
  maxCrashes: 1,
  maxRequests: 1,
  maxMembership: 0,
  maxTransfers: 0,
  maxTimeouts: 0,
  actions: ['deliver', 'timeout', 'heartbeat', 'crash', 'restart', 'request'],
  variant: 'none',
  features: { preVote: false, checkQuorum: false, snapshotThreshold: 0, noopOnElection: false },
  maxStates: 2_000_000,
  maxCopies: 0,
  symmetry: true,
  liveness: false,
  livenessDepth: 12,
  livenessAt: 'every',
  dropStaleRequests: false,
};

/** One event of a path: what happened, to whom, and how the time tests it asked were answered. */
export type ExploreEvent =
  | { kind: 'deliver'; message: Message }
  | { kind: 'timeout' | 'heartbeat' | 'crash' | 'restart' | 'request' | 'remove' | 'transfer' | 'add'; node: string };
export type ExploreStep = ExploreEvent & { tests: boolean[] };

export interface ExploreViolation {
  property: PropertyId;
  message: string;
  /** The shortest path from the initial state to the violating state. */
  path: ExploreStep[];
}

/** A reached state from which the cluster left to itself cannot get on (bounded liveness). */
export interface ExploreStuck {
  /** 'elect': no leader can be elected; 'membership': a change under way can neither finish nor be abandoned. */
  goal: 'elect' | 'membership';
  message: string;
  /** A shortest path from the initial state to the stuck state. */
  path: ExploreStep[];
}

export interface ExploreCoverage {
  maxTerm: number;
  /** Terms in which some server became leader. */
  termsWithLeader: number;
  /** Highest index committed by a leader in any state. */
  maxCommitted: number;
  configChanges: number;
  snapshots: number;
  transfers: number;
  crashes: number;
}

export interface ExploreResult {
  /** 'exhausted': every state within the bounds was explored; 'max-states': stopped at maxStates. */
  finished: 'exhausted' | 'max-states' | 'violation';
  statesExplored: number;
  distinctStates: number;
  depthReached: number;
  coverage: ExploreCoverage;
  violation: ExploreViolation | null;
  /** With `liveness`: the first stuck state found (then finished is 'violation' and violation null). */
  stuck?: ExploreStuck | null;
  /** With `liveness`: states checked, and those whose continuation search ran out of budget (neither passed nor failed). */
  livenessChecked?: { checked: number; unknown: number };
  config: ExploreConfig;
}
