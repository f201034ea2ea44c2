// What a fuzz run produces: the replayable scenario, the failure a checker found, the run's
// statistics, and what replaying means (run until `until`, stable period from `stableStart`).

import type { ENGINE } from '../../sim/engine.ts';
import type { Action, ResolvedOptions } from '../../sim/types.ts';
import type { PropertyId, Violation } from '../invariants.ts';
import type { ExtraCheckId } from './extra.ts';
import type { LinearizabilityViolation } from '../linearizability.ts';

/** A replayable run: the scenario format of DESIGN.md ("Scenarios and URLs"). */
export interface Scenario {
  v: 1;
  engine: typeof ENGINE;
  options: ResolvedOptions;
  actions: Action[];
}

/** 'replay': a script replay of the run diverged from the live run (swarm's scripted replays). */
export type FailureKind = 'safety' | 'liveness' | 'linearizability' | 'error' | 'replay';

export interface FuzzFailure {
  kind: FailureKind;
  /** For safety failures: the property violated. */
  property?: PropertyId;
  /** For safety failures found by the fuzzer's own checks (extra.ts) rather than Figure 3's. */
  check?: ExtraCheckId;
  /** Simulated ms at which it was detected. */
  at: number;
  /** Trace position of the offending event (safety), to pause just before it. */
  event?: number;
  /** A sentence a student can read. */
  message: string;
  violation?: Violation;
  linearizability?: LinearizabilityViolation;
}

export interface RunStats {
  events: number;
  /** Client operations in the history, and how many completed. */
  operations: number;
  completed: number;
  linearizability: 'ok' | 'violated' | 'unknown' | 'skipped';
}

export interface RunResult {
  failure: FuzzFailure | null;
  stats: RunStats;
}

export interface SeedResult extends RunResult {
  seed: number;
  scenario: Scenario;
  /** Where the run stops (simulated ms) and where its stable period starts. */
  until: number;
  stableStart: number;
}

/** What replaying a scenario means: run until `until`, stable period from `stableStart`. */
export interface ReplaySpec {
  scenario: Scenario;
  until: number;
  stableStart: number;
  liveness: boolean;
  linearizability: boolean;
  linearizabilityTimeLimitMs?: number;
  maxEvents?: number;
  /** A swarm run: its liveness rule (liveness.ts) applies. */
  swarm?: boolean;
}

/** A short human summary of a failure, for the CLI and the UI. */
export function describeFailure(f: FuzzFailure): string {
  switch (f.kind) {
    case 'safety':
      return f.message;
    case 'liveness':
      return `Liveness: ${f.message}`;
    case 'linearizability':
      return `Linearizability: ${f.message}`;
    case 'error':
      return `Error: ${f.message}`;
    case 'replay':
      return `Script replay: ${f.message}`;
  }
}
