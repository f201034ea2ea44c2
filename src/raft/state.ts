// Creating a server, crashing and restarting it, and copying its state. Figure 2 splits the
// state in two: persistent (currentTerm, votedFor, log — and the snapshot, thesis §5) survives a
// crash; everything volatile is lost with it.

import { copyList, emptyList, pushItem } from './chunked.ts';
import { emitRole, NEVER, resetElectionTimer, type StepContext } from './context.ts';
import { refreshVoters } from './logChanges.ts';
import { deriveRng } from './rng.ts';
import type { LogEntry, NodeState, Progress, RaftSettings, Session } from './types.ts';
import { forgetsVoteOnCrash } from './variants.ts';

export interface InitialState {
  term?: number;
  votedFor?: string | null;
  log?: readonly LogEntry[];
}

/**
 * A new server. `voters` is its configuration at index 0 (thesis §4.4: the bootstrap
 * configuration is part of the log) — for a server added later, the cluster's boot
 * configuration, so what it records before its log holds a configuration entry is right.
 */
export function createNode(id: string, voters: readonly string[], seed: number, initial: InitialState = {}): NodeState {
  const log = emptyList<LogEntry>();
  for (const entry of initial.log ?? []) pushItem(log, entry);
  const node: NodeState = {
    id,
    currentTerm: initial.term ?? 0,
    votedFor: initial.votedFor ?? null,
    log,
    snapshot: null,
    bootVoters: voters.slice(),
    voters: voters.slice(),
    votersIndex: 0,
    alive: true,
    role: 'follower',
    leaderId: null,
    commitIndex: 0,
    lastApplied: 0,
    kv: new Map(),
    sessions: new Map(),
    votes: [],
    electionDeadline: null,
    heartbeatDue: null,
    lastLeaderContact: NEVER,
    progress: new Map(),
    learners: [],
    catchUp: null,
    pendingReads: [],
    heartbeatRound: 0,
    transferTarget: null,
    transferDeadline: null,
    rng: deriveRng(seed, 'node:' + id),
  };
  refreshVoters(node);
  return node;
}

/** Starts the node's first election timer (the simulator calls this at time 0). */
export function start(node: NodeState, ctx: StepContext): void {
  resetElectionTimer(node, ctx);
}

/**
 * A crash loses everything volatile (Figure 2): role, commitIndex, lastApplied, leader state,
 * and the state machine, which is rebuilt from the snapshot and by re-applying the log.
 * currentTerm, votedFor, the log and the snapshot survive — except with the 'forget-vote'
 * variant, which (wrongly) keeps votedFor in memory only.
 */
export function crash(node: NodeState, settings: RaftSettings): void {
  node.alive = false;
  if (forgetsVoteOnCrash(settings)) node.votedFor = null;
  resetVolatile(node);
}

export function restart(node: NodeState, ctx: StepContext): void {
  node.alive = true;
  resetVolatile(node);
  emitRole(node, ctx);
  resetElectionTimer(node, ctx);
}

function resetVolatile(node: NodeState): void {
  const snapshot = node.snapshot;
  node.role = 'follower';
  node.leaderId = null;
  node.commitIndex = snapshot === null ? 0 : snapshot.index;
  node.lastApplied = node.commitIndex;
  node.kv = snapshot === null ? new Map<string, unknown>() : new Map(snapshot.state);
  node.sessions = snapshot === null ? new Map<string, Session>() : copySessions(snapshot.sessions);
  node.votes = [];
  node.electionDeadline = null;
  node.heartbeatDue = null;
  node.lastLeaderContact = NEVER;
  resetLeaderState(node);
}

/**
 * Figure 2's "volatile state on leaders" and the extensions' leader-only state, emptied: the one
 * place a leader's bookkeeping is reset (on a crash, on stepping down, on taking office).
 */
export function resetLeaderState(node: NodeState): void {
  node.progress = new Map();
  node.learners = [];
  node.catchUp = null;
  node.pendingReads = [];
  node.transferTarget = null;
  node.transferDeadline = null;
}

/** A copy of the node's state that shares immutable log chunks and snapshots (cheap). */
export function copyNode(node: NodeState): NodeState {
  const progress = new Map<string, Progress>();
  for (const [peer, p] of node.progress) progress.set(peer, { ...p });
  return {
    ...node,
    log: copyList(node.log),
    bootVoters: node.bootVoters.slice(),
    voters: node.voters.slice(),
    kv: new Map(node.kv),
    sessions: copySessions(node.sessions),
    votes: node.votes.slice(),
    progress,
    learners: node.learners.slice(),
    catchUp: node.catchUp === null ? null : { ...node.catchUp },
    pendingReads: node.pendingReads.map((r) => ({ ...r, acks: r.acks.slice() })),
    rng: [node.rng[0], node.rng[1], node.rng[2], node.rng[3]],
  };
}

export function copySessions(sessions: Map<string, Session>): Map<string, Session> {
  const out = new Map<string, Session>();
  for (const [client, s] of sessions) out.set(client, { seq: s.seq, result: s.result });
  return out;
}
