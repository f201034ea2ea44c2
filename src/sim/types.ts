// The public types of the scripting API (DESIGN.md, "The scripting API"). Times are integer
// simulated milliseconds.

import type { ClientOp, Role, Variant } from '../raft/types.ts';
import type { LogEntryView, NodeEvent } from '../raft/events.ts';
import type { Message, MessageType } from '../raft/messages.ts';

export type { ClientOp, Role, Variant, MessageType, LogEntryView, NodeEvent };

export interface TimingOptions {
  electionTimeoutMin?: number;
  electionTimeoutMax?: number;
  heartbeatInterval?: number;
  /**
   * How long a write of persistent state (currentTerm, votedFor, log) takes to become durable,
   * integer ms, uniform per write; a server answers only once its write is done (Figure 2). Added
   * after format v1: absent (or a max of 0, the default) means writes are durable at once.
   */
  diskLatencyMin?: number;
  diskLatencyMax?: number;
}

/** Timing fields added after format v1: optional in resolved options too (absent = no disk latency). */
type LaterTiming = 'diskLatencyMin' | 'diskLatencyMax';

export interface NetworkOptions {
  /** Integer ms, uniform per message. Default 10 / 30. */
  latencyMin?: number;
  latencyMax?: number;
  /** 0..1, default 0. */
  lossRate?: number;
  duplicateRate?: number;
  /** true: nothing is delivered until deliver(id) is called. */
  manual?: boolean;
  /**
   * true: no timer fires on its own — an election or heartbeat timer fires only when fired by
   * hand (fireTimer). With `manual`, you are the scheduler: every event is your choice. Added
   * after format v1: absent means false (docs/scenarios.md, "New fields").
   */
  frozenTimers?: boolean;
}

/** The network settings in force: every field of NetworkOptions written out (frozenTimers only when set). */
export type NetworkSettings = Required<Omit<NetworkOptions, 'frozenTimers'>> & Pick<NetworkOptions, 'frozenTimers'>;

export interface FeatureOptions {
  preVote?: boolean;
  checkQuorum?: boolean;
  /** Entries; 0 = off. */
  snapshotThreshold?: number;
  readIndex?: boolean;
  /** Default true; false shows Figure 8 in its pure form. */
  noopOnElection?: boolean;
  /** A deliberately broken Raft, for teaching. Default 'none'. */
  variant?: Variant | 'none';
  /**
   * false: Figure 2's plain "decrement nextIndex" instead of the conflict hint (thesis §5.3).
   * Added after format v1, so optional even once resolved (docs/scenarios.md, "New fields").
   */
  conflictHint?: boolean;
}

/** Fields added after format v1: optional in resolved options too (absent = the old behaviour). */
type LaterFeatures = 'conflictHint';

export interface WorkloadOptions {
  clients?: number;
  opsPerSecond?: number;
  keys?: number;
  readRatio?: number;
}

export interface InitialNodeState {
  term?: number;
  votedFor?: string | null;
  log?: { term: number; command: unknown }[];
}

export interface ClusterOptions {
  seed?: number;
  nodes?: number | string[];
  timing?: TimingOptions;
  network?: NetworkOptions;
  features?: FeatureOptions;
  workload?: WorkloadOptions;
  initial?: Record<string, InitialNodeState>;
}

/** ClusterOptions with every default written out (what a scenario stores). */
export interface ResolvedOptions {
  seed: number;
  nodes: string[];
  timing: Required<Omit<TimingOptions, LaterTiming>> & Pick<TimingOptions, LaterTiming>;
  network: NetworkSettings;
  features: Required<Omit<FeatureOptions, LaterFeatures>> & Pick<FeatureOptions, LaterFeatures>;
  workload: Required<WorkloadOptions>;
  initial: Record<string, InitialNodeState>;
}

export interface LinkOptions {
  up?: boolean;
  latencyMin?: number;
  latencyMax?: number;
  lossRate?: number;
}

/**
 * `tests`: answers to the engine's tests of elapsed time asked while this action acts, in the
 * order asked (src/raft/time.ts), instead of the clock — how the exhaustive explorer's
 * counterexamples replay exactly (docs/safety.md). Absent: the clock answers, as always.
 */
export type Action = { at: number; tests?: boolean[] } & (
  | {
      type: 'crash' | 'restart' | 'timeout' | 'addServer' | 'removeServer' | 'transferLeadership';
      node: string;
    }
  | { type: 'partition'; groups: string[][] }
  | { type: 'heal' }
  | { type: 'setNetwork'; network: NetworkOptions }
  | { type: 'setLink'; from: string; to: string; link: LinkOptions }
  | { type: 'propose'; node: string; command: unknown }
  | { type: 'request'; op: ClientOp; client?: string; to?: string }
  | { type: 'deliver' | 'drop' | 'duplicate'; message: number }
  | { type: 'fireTimer'; node: string; timer: 'election' | 'heartbeat' }
  | { type: 'delay'; message: number; ms: number }
);

export type ActionType = Action['type'];

/**
 * An action as `cluster.apply(action)` takes it: any Action, its `at` optional (it acts now;
 * an `at` given must be now).
 */
export type ActionInput = Action extends infer A ? (A extends Action ? Omit<A, 'at'> & { at?: number } : never) : never;

/** A scripted action that was skipped because the live call would have been refused then. */
export interface RefusedAction {
  action: Action;
  /** What the live call would have thrown, without its `call: ` prefix. */
  reason: string;
}

export interface NodeView {
  id: string;
  alive: boolean;
  role: Role;
  term: number;
  votedFor: string | null;
  leaderId: string | null;
  /** Entries after the snapshot. */
  log: LogEntryView[];
  snapshotIndex: number;
  snapshotTerm: number;
  commitIndex: number;
  lastApplied: number;
  /** The key-value state machine (a copy). */
  state: Record<string, unknown>;
  electionDeadline: number | null;
  heartbeatDue: number | null;
  nextIndex?: Record<string, number>;
  matchIndex?: Record<string, number>;
  config: { voters: string[]; learners: string[] };
}

export interface ClientRecord {
  id: number;
  client: string;
  op: ClientOp;
  invokedAt: number;
  /** Absent: still pending (clients retry until done). */
  completedAt?: number;
  /** A get's value (null: key absent). */
  result?: string | null;
}

/** A message as the API shows it: the envelope and the RPC's fields, named as in the paper. */
export type MessageView = Readonly<Message>;

export type DropReason = 'loss' | 'partition' | 'link-down' | 'crashed' | 'user' | 'removed';

export type TraceEvent =
  | NodeEvent
  | { type: 'send'; at: number; message: MessageView }
  | { type: 'deliver'; at: number; message: MessageView }
  | { type: 'drop'; at: number; message: MessageView; reason: DropReason }
  | { type: 'crash'; at: number; node: string }
  | { type: 'restart'; at: number; node: string }
  | { type: 'partition'; at: number; groups: string[][] }
  | { type: 'heal'; at: number }
  | { type: 'network'; at: number; network: NetworkSettings }
  | { type: 'link'; at: number; from: string; to: string; link: LinkOptions }
  | { type: 'server'; at: number; node: string; change: 'added' | 'removed' }
  | { type: 'action'; at: number; action: Action }
  /** With a disk latency: a server issued a write (durable at doneAt), a write finished, a crash lost `writes` writes. */
  | { type: 'disk-write'; at: number; node: string; doneAt: number; term: number; votedFor: string | null; lastIndex: number }
  | { type: 'disk-done'; at: number; node: string; term: number; votedFor: string | null; lastIndex: number }
  | { type: 'disk-lost'; at: number; node: string; writes: number }
  | { type: 'client-invoke'; at: number; record: ClientRecord }
  | { type: 'client-ok'; at: number; record: ClientRecord };

export type TraceEventType = TraceEvent['type'];

export interface ProposeResult {
  isLeader: boolean;
  index: number;
  term: number;
}

export interface RequestOptions {
  client?: string;
  to?: string;
}

/** The live cluster: the scripting API of DESIGN.md. */
export interface Cluster {
  readonly now: number;
  /** Every server ever added; never shrinks. */
  readonly ids: readonly string[];
  /** The resolved options this cluster was created with. */
  readonly options: ResolvedOptions;
  /** How many events (deliveries, timers, scripted actions, …) have been processed. */
  readonly eventsProcessed: number;
  node(id: string): NodeView;
  /**
   * The same content as node(id), for drawing every frame: nothing is copied, the view and
   * its log are frozen and shared with later calls (log entries that did not change are the
   * same objects), so it costs O(entries changed since the last call), not O(log length).
   */
  peek(id: string): NodeView;
  leader(): string | null;
  /**
   * A server's disk, with a disk latency (timing.diskLatencyMax > 0): its writes not yet
   * durable, oldest first, and what the disk holds. Null when writes are durable at once (the default).
   */
  disk(id: string): DiskView | null;
  step(): boolean;
  runFor(ms: number): void;
  runUntil(done: (c: Cluster) => boolean, maxMs: number): boolean;
  crash(id: string): void;
  restart(id: string): void;
  partition(groups: string[][]): void;
  heal(): void;
  setNetwork(options: NetworkOptions): void;
  setLink(from: string, to: string, link: LinkOptions): void;
  timeout(id: string): void;
  /** Fires a server's election or heartbeat timer now, as if its deadline had come (the action fireTimer). */
  fireTimer(id: string, timer: 'election' | 'heartbeat'): void;
  propose(id: string, command: unknown): ProposeResult;
  request(op: ClientOp, opts?: RequestOptions): number;
  history(): ClientRecord[];
  inFlight(): MessageView[];
  deliver(messageId: number): void;
  drop(messageId: number): void;
  duplicate(messageId: number): void;
  delay(messageId: number, ms: number): void;
  addServer(id: string): void;
  removeServer(id: string): void;
  transferLeadership(to: string): void;
  /**
   * Any action, given as an object ({ type: 'crash', node: 'S1' }, an entry of actions(), …):
   * its form checked and then accepted or refused exactly as its own call (crash, partition,
   * …) would be — a refusal throws `${type}: ${reason}` and changes nothing — and applied now.
   */
  apply(action: ActionInput): void;
  actions(): Action[];
  /**
   * Scripted actions (createCluster's `actions`) skipped so far because, when their time came,
   * the live call would have been refused: each once, in order, with the reason the call would
   * have thrown. Refused actions are never applied and not in actions().
   */
  refusedActions(): RefusedAction[];
  subscribe(listener: (e: TraceEvent) => void): () => void;
  checkpoint(): ClusterState;
  /** Time of the next pending event, or null (for drawing and "step to next"). */
  nextEventAt(): number | null;
  /** The network as configured now: global settings, partition groups, per-link overrides. */
  network(): NetworkView;
}

export interface DiskView {
  /** Writes issued and not yet durable, oldest first: what each will make durable, and how many messages wait for it. */
  pending: { doneAt: number; term: number; votedFor: string | null; lastIndex: number; held: number }[];
  /** What the disk holds now (what a crash would leave). */
  durable: { term: number; votedFor: string | null; lastIndex: number };
}

export interface NetworkView {
  settings: NetworkSettings;
  /** The partition groups in force (empty: no partition). */
  groups: string[][];
  links: { from: string; to: string; link: LinkOptions }[];
}

/**
 * The whole cluster as plain data (Maps and arrays only): restoreCluster(state) resumes it
 * exactly. Opaque to callers; its shape is the simulator's business.
 */
export interface ClusterState {
  readonly format: 'raftlab-cluster-state';
  readonly version: 1;
  readonly [key: string]: unknown;
}
