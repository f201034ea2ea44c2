// A recording harness for unit tests of one node, and the helpers those tests share: each test
// drives a NodeState through the exported inputs and looks at what it sent and reported, in the
// style of etcd's raft tests.
//
// Two sets of helpers, one per kind of test file:
// - `figure2`: the Figure 2 tests (election, state, roles, replication, commit, clients .test.ts).
//   The server under test is S1; messages come from S2; a log is written as its entries' terms.
// - `thesis`: the extension tests (snapshot, membership, prevote, checkquorum, transfer,
//   readindex .test.ts). S1 leads and S2 follows; a log is written as LogEntry values.
// Messages and helpers both sets use (THREE, FIVE, envelope, termsOf, voteReply, clientRequest)
// are exported as they are.


import { expect } from 'vitest';
import { listToArray } from './chunked.ts';
import type { NodeEvent } from './events.ts';
import { lastLogIndex } from './log.ts';
import type {
  AppendEntries,
  AppendEntriesReply,
  ClientRequest,
  InstallSnapshot,
  InstallSnapshotReply,
  Outgoing,
  PreVote,
  PreVoteReply,
  RequestVote,
  RequestVoteReply,
  TimeoutNow,
} from './messages.ts';
import { createNode, forceTimeout, receive, start, type Outbox, type StepContext } from './node.ts';
import type { ClientOp, LogEntry, NodeState, RaftFeatures, RaftSettings, Role, Session, Snapshot } from './types.ts';

export const TIMING = { electionTimeoutMin: 150, electionTimeoutMax: 300, heartbeatInterval: 50 };
export const FEATURES: RaftFeatures = {
  preVote: false,
  checkQuorum: false,
  snapshotThreshold: 0,
  readIndex: false,
  noopOnElection: true,
  variant: 'none',
};

/** Records everything a node sends and reports; `ctx(now)` is the StepContext for one input. */
export class Harness {
  readonly sent: Outgoing[] = [];
  readonly events: NodeEvent[] = [];
  readonly settings: RaftSettings;
  private readonly out: Outbox;

  constructor(features: Partial<RaftFeatures> = {}) {
    this.settings = { timing: TIMING, features: { ...FEATURES, ...features } };
    this.out = { trace: true, send: (m) => this.sent.push(m), emit: (e) => this.events.push(e) };
  }

  ctx(now: number): StepContext {
    return { now, settings: this.settings, out: this.out };
  }

  /** Forget what was recorded so far (to look only at the reaction to the next input). */
  clear(): void {
    this.sent.length = 0;
    this.events.length = 0;
  }

  sentOf<T extends Outgoing['type']>(type: T): Extract<Outgoing, { type: T }>[] {
    return this.sent.filter((m): m is Extract<Outgoing, { type: T }> => m.type === type);
  }

  eventsOf<T extends NodeEvent['type']>(type: T): Extract<NodeEvent, { type: T }>[] {
    return this.events.filter((e): e is Extract<NodeEvent, { type: T }> => e.type === type);
  }
}

// ---------------------------------------------------------------------------------------
// Shared by both sets

export const THREE = ['S1', 'S2', 'S3'];
export const FIVE = ['S1', 'S2', 'S3', 'S4', 'S5'];
export const envelope = { id: 0, sentAt: 0, deliverAt: 0 };

export const termsOf = (n: NodeState) => listToArray(n.log).map((e) => e.term);

export function voteReply(f: { term: number; from: string; to?: string; granted: boolean }): RequestVoteReply {
  return { ...envelope, type: 'RequestVoteReply', from: f.from, to: f.to ?? 'S1', term: f.term, voteGranted: f.granted };
}

export function clientRequest(op: ClientOp, client = 'C1', seq = 1, to = 'S1'): ClientRequest {
  return { ...envelope, type: 'ClientRequest', from: client, to, term: 0, client, seq, op };
}

// ---------------------------------------------------------------------------------------
// The Figure 2 tests' helpers: S1 is the server under test

/** Commands are a function of (index, term): entries with the same index and term are equal (Log Matching). */
const cmd = (index: number, term: number) => `i${index}t${term}`;

/** A log from the terms of its entries, index 1 first. */
function f2Entries(terms: readonly number[], firstIndex = 1): LogEntry[] {
  return terms.map((term, i) => ({ term, command: cmd(firstIndex + i, term), kind: 'command' as const }));
}

const logOf = (n: NodeState) => listToArray(n.log).map((e) => ({ term: e.term, command: e.command }));

interface Init {
  term?: number;
  votedFor?: string | null;
  log?: readonly number[];
}

function f2Follower(id: string, init: Init = {}, voters = THREE): NodeState {
  return createNode(id, voters, 7, { term: init.term, votedFor: init.votedFor, log: f2Entries(init.log ?? []) });
}

function f2RequestVote(f: { term: number; from: string; to?: string; lastLogIndex: number; lastLogTerm: number }): RequestVote {
  return { ...envelope, type: 'RequestVote', to: f.to ?? 'S1', candidateId: f.from, ...f };
}

/**
 * An AppendEntries whose entries carry the canonical commands, so matching entries are equal;
 * Figure 2's tables send it from S2 to S1 (xAppendEntries builds it).
 */
function f2AppendEntries(f: {
  term: number;
  from?: string;
  to?: string;
  prevLogIndex: number;
  prevLogTerm: number;
  entries?: readonly number[];
  leaderCommit?: number;
}): AppendEntries {
  return xAppendEntries({ ...f, from: f.from ?? 'S2', to: f.to ?? 'S1', entries: f2Entries(f.entries ?? [], f.prevLogIndex + 1) });
}

function f2AppendReply(f: {
  term: number;
  from: string;
  to?: string;
  success: boolean;
  matchIndex?: number;
  conflictIndex?: number;
  conflictTerm?: number;
}): AppendEntriesReply {
  return {
    ...envelope,
    type: 'AppendEntriesReply',
    from: f.from,
    to: f.to ?? 'S1',
    term: f.term,
    success: f.success,
    matchIndex: f.matchIndex ?? 0,
    conflictIndex: f.conflictIndex ?? 0,
    conflictTerm: f.conflictTerm ?? 0,
    round: 0,
  };
}

/**
 * A node made leader the way the paper does it: its election timer fires (it becomes a
 * candidate of term+1 and votes for itself) and the other voters grant their votes.
 */
function elect(
  h: Harness,
  init: Init = {},
  voters = THREE,
  id = 'S1',
): NodeState {
  const n = createNode(id, voters, 7, { term: init.term, votedFor: init.votedFor, log: f2Entries(init.log ?? []) });
  start(n, h.ctx(0));
  forceTimeout(n, h.ctx(1));
  for (const peer of voters) {
    if (peer !== id && n.role !== 'leader') receive(n, voteReply({ term: n.currentTerm, from: peer, to: id, granted: true }), h.ctx(2));
  }
  expect(n.role).toBe('leader');
  return n;
}

/** A follower or candidate in `role` at term `term` (a candidate got there by timing out). */
function nodeInRole(h: Harness, role: Role, term: number, log: readonly number[] = []): NodeState {
  if (role === 'leader') return elect(h, { term: term - 1, log });
  if (role === 'candidate') {
    const n = f2Follower('S1', { term: term - 1, log });
    start(n, h.ctx(0));
    forceTimeout(n, h.ctx(1));
    expect(n.role).toBe('candidate');
    return n;
  }
  const n = f2Follower('S1', { term, log });
  start(n, h.ctx(0));
  return n;
}

export const figure2 = {
  cmd,
  entries: f2Entries,
  logOf,
  follower: f2Follower,
  requestVote: f2RequestVote,
  appendEntries: f2AppendEntries,
  appendReply: f2AppendReply,
  elect,
  nodeInRole,
};
export type { Init };

// ---------------------------------------------------------------------------------------
// The extension tests' helpers: S1 leads, S2 follows

/** Entries of the given terms whose commands put k<index> = v<index> (equal index+term ⇒ equal entry). */
function puts(terms: readonly number[], firstIndex = 1): LogEntry[] {
  return terms.map((term, i) => {
    const index = firstIndex + i;
    return { term, kind: 'command' as const, command: { type: 'put', key: 'k' + String(index), value: 'v' + String(index) + 't' + String(term) } };
  });
}

const stateOf = (n: NodeState) => Object.fromEntries(n.kv);

function xAppendEntries(f: {
  term: number;
  from?: string;
  to?: string;
  prevLogIndex: number;
  prevLogTerm: number;
  entries?: readonly LogEntry[];
  leaderCommit?: number;
  round?: number;
}): AppendEntries {
  const from = f.from ?? 'S1';
  return {
    ...envelope,
    type: 'AppendEntries',
    from,
    to: f.to ?? 'S2',
    term: f.term,
    leaderId: from,
    prevLogIndex: f.prevLogIndex,
    prevLogTerm: f.prevLogTerm,
    entries: f.entries ?? [],
    leaderCommit: f.leaderCommit ?? 0,
    round: f.round ?? 0,
  };
}

function xAppendReply(f: { term: number; from: string; to?: string; matchIndex: number; round?: number; success?: boolean }): AppendEntriesReply {
  return {
    ...envelope,
    type: 'AppendEntriesReply',
    from: f.from,
    to: f.to ?? 'S1',
    term: f.term,
    success: f.success ?? true,
    matchIndex: f.success === false ? 0 : f.matchIndex,
    conflictIndex: f.success === false ? f.matchIndex : 0,
    conflictTerm: 0,
    round: f.round ?? 0,
  };
}

function snapshotOf(f: { index: number; term: number; state?: Record<string, string>; sessions?: Record<string, Session>; voters?: string[] }): Snapshot {
  return {
    index: f.index,
    term: f.term,
    state: new Map(Object.entries(f.state ?? {})),
    sessions: new Map(Object.entries(f.sessions ?? {})),
    voters: f.voters ?? THREE.slice(),
  };
}

function installSnapshotMsg(snapshot: Snapshot, f: { term: number; from?: string; to?: string; round?: number }): InstallSnapshot {
  const from = f.from ?? 'S1';
  return {
    ...envelope,
    type: 'InstallSnapshot',
    from,
    to: f.to ?? 'S2',
    term: f.term,
    leaderId: from,
    lastIncludedIndex: snapshot.index,
    lastIncludedTerm: snapshot.term,
    snapshot,
    round: f.round ?? 0,
  };
}

function snapshotReply(f: { term: number; from: string; matchIndex: number; round?: number }): InstallSnapshotReply {
  return { ...envelope, type: 'InstallSnapshotReply', from: f.from, to: 'S1', term: f.term, matchIndex: f.matchIndex, round: f.round ?? 0 };
}

function xRequestVote(f: { term: number; from: string; to?: string; lastLogIndex: number; lastLogTerm: number; transfer?: boolean }): RequestVote {
  const m: RequestVote = {
    ...envelope,
    type: 'RequestVote',
    from: f.from,
    to: f.to ?? 'S2',
    term: f.term,
    candidateId: f.from,
    lastLogIndex: f.lastLogIndex,
    lastLogTerm: f.lastLogTerm,
  };
  if (f.transfer === true) m.transfer = true;
  return m;
}

function preVote(f: { term: number; from: string; to?: string; lastLogIndex: number; lastLogTerm: number }): PreVote {
  return { ...envelope, type: 'PreVote', from: f.from, to: f.to ?? 'S2', term: f.term, candidateId: f.from, lastLogIndex: f.lastLogIndex, lastLogTerm: f.lastLogTerm };
}

function preVoteReply(f: { term: number; from: string; to?: string; granted: boolean }): PreVoteReply {
  return { ...envelope, type: 'PreVoteReply', from: f.from, to: f.to ?? 'S1', term: f.term, voteGranted: f.granted };
}

function timeoutNow(f: { term: number; from?: string; to?: string }): TimeoutNow {
  return { ...envelope, type: 'TimeoutNow', from: f.from ?? 'S1', to: f.to ?? 'S2', term: f.term };
}

/** A follower that has started its election timer at time 0. */
function xFollower(h: Harness, id = 'S2', voters = THREE, log: readonly LogEntry[] = [], term = log.length > 0 ? log[log.length - 1].term : 0): NodeState {
  const n = createNode(id, voters, 7, { term, log });
  start(n, h.ctx(0));
  return n;
}

/**
 * A leader elected the way the thesis does it: its timer fires (PreVote first when on), the
 * other voters grant, and — unless `commit` is false — a majority acknowledges its no-op so an
 * entry of its term is committed. Inputs happen at times `at`..`at + 3`.
 */
function leader(
  h: Harness,
  opts: { id?: string; voters?: readonly string[]; log?: readonly LogEntry[]; term?: number; at?: number; commit?: boolean } = {},
): NodeState {
  const id = opts.id ?? 'S1';
  const voters = opts.voters ?? THREE;
  const at = opts.at ?? 1;
  const log = opts.log ?? [];
  const n = createNode(id, voters, 7, { term: opts.term ?? (log.length > 0 ? log[log.length - 1].term : 0), log });
  start(n, h.ctx(0));
  forceTimeout(n, h.ctx(at));
  const others = voters.filter((v) => v !== id);
  if (n.role === 'precandidate') {
    for (const peer of others) if (n.role === 'precandidate') receive(n, preVoteReply({ term: n.currentTerm + 1, from: peer, to: id, granted: true }), h.ctx(at));
  }
  for (const peer of others) {
    if (n.role === 'candidate') receive(n, voteReply({ term: n.currentTerm, from: peer, to: id, granted: true }), h.ctx(at + 1));
  }
  expect(n.role).toBe('leader');
  if (opts.commit !== false) {
    const quorum = Math.floor(voters.length / 2) + 1;
    for (const peer of others.slice(0, quorum - 1)) {
      receive(n, xAppendReply({ term: n.currentTerm, from: peer, to: id, matchIndex: lastLogIndex(n) }), h.ctx(at + 2));
    }
    expect(n.commitIndex).toBe(lastLogIndex(n));
  }
  return n;
}

/** Every follower in `peers` acknowledges the leader's whole log at time `now`. */
function ackAll(h: Harness, n: NodeState, peers: readonly string[], now: number, round = 0): void {
  for (const peer of peers) receive(n, xAppendReply({ term: n.currentTerm, from: peer, to: n.id, matchIndex: lastLogIndex(n), round }), h.ctx(now));
}

const put = (key: string, value: string): ClientOp => ({ type: 'put', key, value });

export const thesis = {
  puts,
  stateOf,
  appendEntries: xAppendEntries,
  appendReply: xAppendReply,
  snapshotOf,
  installSnapshotMsg,
  snapshotReply,
  requestVote: xRequestVote,
  preVote,
  preVoteReply,
  timeoutNow,
  follower: xFollower,
  leader,
  ackAll,
  put,
};
