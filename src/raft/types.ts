// The protocol's vocabulary, named after the Raft paper (Ongaro & Ousterhout 2014, Figure 2)
// and Ongaro's thesis. Everything here is plain data: a node's state can be copied into a
// checkpoint, posted to a Worker or hashed.

import type { ChunkedList } from './chunked.ts';
import type { Rng } from './rng.ts';

export type Role = 'follower' | 'precandidate' | 'candidate' | 'leader';

/** The key-value operations simulated clients send (the linearizability checker's model). */
export type ClientOp =
  | { type: 'put'; key: string; value: string }
  | { type: 'get'; key: string }
  | { type: 'append'; key: string; value: string };

export type EntryKind = 'command' | 'noop' | 'config';

/** A client session tag: retries carry the same (client, seq) so they apply once (thesis §6.3). */
export interface ClientTag {
  readonly client: string;
  readonly seq: number;
}

/** A log entry. Immutable once created, and shared between checkpoints and messages. */
export interface LogEntry {
  readonly term: number;
  readonly command: unknown;
  readonly kind: EntryKind;
  /** kind 'config': the voters of the new configuration (thesis §4.1). */
  readonly voters?: readonly string[];
  /** Entries written on behalf of a simulated client. */
  readonly client?: ClientTag;
}

export type RaftLog = ChunkedList<LogEntry>;

/** What a client session remembers: the last sequence number applied and its reply. */
export interface Session {
  seq: number;
  result: string | null | undefined;
}

export interface Snapshot {
  /** The last index and term the snapshot covers (thesis §5.1). */
  index: number;
  term: number;
  /** The state machine (key → value) and client sessions at `index`. */
  state: Map<string, unknown>;
  sessions: Map<string, Session>;
  /** The configuration in force at `index`. */
  voters: string[];
}

export interface ClusterTiming {
  electionTimeoutMin: number;
  electionTimeoutMax: number;
  heartbeatInterval: number;
}

export const VARIANTS = [
  'commit-old-terms',
  'vote-without-log-check',
  'forget-vote',
  'truncate-always',
  'local-reads',
] as const;
export type Variant = (typeof VARIANTS)[number];

export interface RaftFeatures {
  preVote: boolean;
  checkQuorum: boolean;
  snapshotThreshold: number;
  /**
   * How a leader backs off after a rejected AppendEntries: with the follower's conflict hint, one
   * round trip per term (thesis §5.3; absent or true), or Figure 2's plain rule, one entry per
   * round trip (false). Optional: a scenario option added after format v1 (docs/scenarios.md).
   */
  conflictHint?: boolean;
  readIndex: boolean;
  noopOnElection: boolean;
  variant: Variant | 'none';
}

/** Settings every node of a cluster shares; not part of any node's state. */
export interface RaftSettings {
  timing: ClusterTiming;
  features: RaftFeatures;
}

/** Per-peer replication progress a leader keeps (Figure 2: nextIndex[], matchIndex[]). */
export interface Progress {
  nextIndex: number;
  matchIndex: number;
  /** Last time (simulated ms) this peer answered the leader in its term, for CheckQuorum. */
  lastHeardAt: number;
  /**
   * A server the committed configuration no longer names: kept until it acknowledges a message
   * of heartbeat round ≥ `round` that covers log index `index` (the configuration entry).
   */
  farewell?: { round: number; index: number };
}

/** A linearizable read waiting for its ReadIndex to be confirmed and applied (thesis §6.4). */
export interface PendingRead {
  client: string;
  seq: number;
  key: string;
  readIndex: number;
  /** Heartbeat round that must be acknowledged by a majority before the read may be served. */
  round: number;
  acks: string[];
}

/** A round-based catch-up of a new server (thesis §4.2.1). */
export interface CatchUp {
  server: string;
  /** The leader's last index when the current round started: the round ends when matched. */
  roundEnd: number;
  roundStart: number;
  rounds: number;
}

/** One node's complete state. The first group is persistent: it survives a crash. */
export interface NodeState {
  id: string;
  // ---- persistent (Figure 2: written to stable storage before answering any RPC) ----
  currentTerm: number;
  votedFor: string | null;
  log: RaftLog;
  snapshot: Snapshot | null;
  /** The configuration the cluster was created with (used while the log holds no config entry). */
  bootVoters: string[];
  /**
   * Derived from the log (kept in step with it so it is never re-scanned): the voters of the
   * latest configuration entry, committed or not (thesis §4.1), and that entry's index.
   */
  voters: string[];
  votersIndex: number;
  // ---- volatile ----
  alive: boolean;
  role: Role;
  leaderId: string | null;
  commitIndex: number;
  lastApplied: number;
  /** The key-value state machine, rebuilt from the snapshot and the log after a restart. */
  kv: Map<string, unknown>;
  sessions: Map<string, Session>;
  /** Votes received in the current election (candidate) or pre-election (precandidate). */
  votes: string[];
  electionDeadline: number | null;
  heartbeatDue: number | null;
  /** When this node last heard from a current leader (for PreVote and §4.2.3). */
  lastLeaderContact: number;
  /** Leader only. */
  progress: Map<string, Progress>;
  /** Leader only: servers being caught up before joining as voters (thesis §4.2.1). */
  learners: string[];
  /** Leader only: the learner being caught up in rounds before it becomes a voter (§4.2.1). */
  catchUp: CatchUp | null;
  pendingReads: PendingRead[];
  heartbeatRound: number;
  transferTarget: string | null;
  transferDeadline: number | null;
  /** The node's own randomness (election jitter): a stream of the cluster seed. */
  rng: Rng;
  /**
   * With a disk latency only (storage.ts): the log prefix its disk holds, so a leader counts
   * itself toward a commit only for written entries. Absent: every write is durable at once.
   */
  durableIndex?: number;
  /**
   * With a disk latency only: the currentTerm its disk holds. A candidate's own vote counts
   * toward leadership only once it is written (Figure 2: votedFor is persistent state).
   */
  durableTerm?: number;
}
