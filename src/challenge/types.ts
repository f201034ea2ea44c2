// A challenge (issue 15): a base scenario, a goal written as data in a small typed language, the
// rules (which actions, how many, how long) and hints. The goal is never code: a challenge can
// travel in a link or a file and is validated field by field (spec.ts) before anything runs.
// docs/challenges.md describes the language with examples.

import type { ActionType } from '../sim/index.ts';
import type { PropertyId } from '../check/invariants/properties.ts';

/** The format version of a challenge. */
export const CHALLENGE_VERSION = 1;

/**
 * The state of the cluster an atom may require at the moment it happens. `partitioned`: these
 * servers are in another partition group than the atom's subject (the leader that commits, the
 * server elected); `down`: crashed; `upAtMost`: at most this many servers are up.
 */
export interface When {
  down?: string[];
  partitioned?: string[];
  upAtMost?: number;
}

/** One thing that can happen in a run, read from its trace (the atoms of the goal language). */
export type Atom =
  /** A server (this one, if named) becomes leader of a term ≥ minTerm. */
  | { kind: 'leader'; node?: string; minTerm?: number; when?: When }
  /** A leader (this one, if named) stops leading while up; `sameTerm`: without a higher term (CheckQuorum's step-down). */
  | { kind: 'step-down'; node?: string; sameTerm?: boolean }
  /** `count` different servers become leader within `withinMs` of each other. */
  | { kind: 'leaders'; count: number; withinMs: number }
  /** A candidate's election ends without a leader while another server also campaigned in that term. */
  | { kind: 'split-vote' }
  /** No server is leader for more than `ms` while a majority of the voters is up. */
  | { kind: 'no-leader'; ms: number }
  /** The leader commits an entry nobody had committed before: a client command (default), a configuration entry, or any. */
  | { kind: 'commit'; entry?: 'command' | 'config' | 'any'; when?: When }
  /** A client's read (get) completes. */
  | { kind: 'read'; when?: When }
  /** Entries are removed from a server's log (a conflicting suffix deleted). */
  | { kind: 'truncate'; node?: string }
  /** An entry stored on a majority of the servers is later removed from a log (Figure 8). */
  | { kind: 'majority-overwritten' }
  /** An entry some server had committed is later removed from a log (only a broken Raft). */
  | { kind: 'committed-erased' }
  /** The safety monitor finds a Figure 3 property (this one, if named) violated. */
  | { kind: 'violation'; property?: PropertyId }
  /** The clients' history stops being linearizable: a read returned a stale value. */
  | { kind: 'stale-read' }
  /** A message of this type is delivered (from, to, granted: a vote reply's voteGranted, success: an AppendEntries reply's). */
  | { kind: 'message'; type: string; from?: string; to?: string; granted?: boolean; success?: boolean };

export type AtomKind = Atom['kind'];

/** A goal: an atom, or every / any of some goals, or goals that happen one after another. */
export type Goal = Atom | { all: Goal[] } | { any: Goal[] } | { then: Goal[] };

export interface Rules {
  /** The action types the student may use (any other breaks the rules). */
  allow: ActionType[];
  /** At most this many actions in all. */
  budget?: number;
  /** At most this many of an action type. */
  limits?: Partial<Record<ActionType, number>>;
  /** The goal must be reached within this many simulated ms of the start. */
  timeLimitMs?: number;
}

export interface ChallengeSpec {
  v: 1;
  title: string;
  /** Markdown: what to do (rendered as text, never HTML). */
  description?: string;
  goal: Goal;
  rules: Rules;
  /** Shown one at a time, on demand. */
  hints?: string[];
  /** How many of the scenario's first actions are the challenge's own (its base), not the student's. */
  setup: number;
  /** Simulated ms the student starts at (the challenge opens there, paused); ≥ the setup's last action. */
  start: number;
}
