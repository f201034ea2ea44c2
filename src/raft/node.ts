// One Raft server as a deterministic state machine (Ongaro & Ousterhout 2014, Figure 2, and
// Ongaro's thesis). The caller owns the state and hands in each input — a message, a timer
// that fired, a client command — with the current simulated time; the node mutates its state
// and reports everything it wants done (messages to send, what happened) through an Outbox.
// No timers, no clocks, no global randomness: the node's own PRNG stream lives in its state.
//
// Structure follows etcd's raft: `receive` applies the rules every server shares (term
// adoption), then dispatches to stepLeader / stepCandidate / stepFollower.

import { copyList, dropThrough, emptyList, pushItem, sliceItems, truncateFrom } from './chunked.ts';
import type { LogEntryView, NodeEvent } from './events.ts';
import {
  currentVoters,
  entryAt,
  firstIndexOfTerm,
  isUpToDate,
  lastIndexOfTerm,
  lastLogIndex,
  lastLogTerm,
  latestConfigIndex,
  snapshotIndex,
  termAt,
} from './log.ts';
import type {
  AppendEntries,
  AppendEntriesReply,
  ClientRequest,
  InstallSnapshot,
  InstallSnapshotReply,
  Message,
  Outgoing,
  PreVote,
  PreVoteReply,
  RequestVote,
  RequestVoteReply,
  TimeoutNow,
} from './messages.ts';
import { deriveRng, uniformInt } from './rng.ts';
import { applyEntry, readKey } from './statemachine.ts';
import type { ClientOp, LogEntry, NodeState, RaftSettings, Role, Session, Snapshot } from './types.ts';

/** Where a node puts what it wants done. `trace` off: the node skips building events. */
export interface Outbox {
  readonly trace: boolean;
  send(message: Outgoing): void;
  emit(event: NodeEvent): void;
}

export interface StepContext {
  now: number;
  settings: RaftSettings;
  out: Outbox;
}

/** At most this many entries per AppendEntries, so a far-behind follower catches up in batches. */
export const MAX_ENTRIES_PER_APPEND = 64;
/** A new server gets this many catch-up rounds before the change is abandoned (thesis §4.2.1). */
export const MAX_CATCH_UP_ROUNDS = 10;
/**
 * A new server that has not answered for this many election timeouts (electionTimeoutMax) is
 * given up on (thesis §4.2.1: "abort the change if the new server is unavailable"). Checked on
 * the leader's own heartbeat timer, so a server that never answers cannot hold the leader's
 * one-change-at-a-time slot for ever.
 */
export const CATCH_UP_PATIENCE_TIMEOUTS = 1;
/** "Long ago": a node that never heard from a leader. */
const NEVER = -1e15;

// ---------------------------------------------------------------------------------------
// Creating, crashing and restarting

export interface InitialState {
  term?: number;
  votedFor?: string | null;
  log?: readonly LogEntry[];
}

export function createNode(
  id: string,
  voters: readonly string[],
  seed: number,
  initial: InitialState = {},
): NodeState {
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
  if (settings.features.variant === 'forget-vote') node.votedFor = null;
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
  node.progress = new Map();
  node.learners = [];
  node.catchUp = null;
  node.pendingReads = [];
  node.transferTarget = null;
  node.transferDeadline = null;
}

/** A copy of the node's state that shares immutable log chunks and snapshots (cheap). */
export function copyNode(node: NodeState): NodeState {
  const progress = new Map<string, NodeState['progress'] extends Map<string, infer P> ? P : never>();
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

function copySessions(sessions: Map<string, Session>): Map<string, Session> {
  const out = new Map<string, Session>();
  for (const [client, s] of sessions) out.set(client, { seq: s.seq, result: s.result });
  return out;
}

// ---------------------------------------------------------------------------------------
// Small helpers

function isVoter(node: NodeState, id: string): boolean {
  return node.voters.includes(id);
}

function quorum(node: NodeState): number {
  return Math.floor(node.voters.length / 2) + 1;
}

function settingsTiming(ctx: StepContext) {
  return ctx.settings.timing;
}

function resetElectionTimer(node: NodeState, ctx: StepContext): void {
  const t = settingsTiming(ctx);
  node.electionDeadline = ctx.now + uniformInt(node.rng, t.electionTimeoutMin, t.electionTimeoutMax);
  if (ctx.out.trace) {
    ctx.out.emit({ type: 'timer', at: ctx.now, node: node.id, kind: 'election', deadline: node.electionDeadline });
  }
}

/** A server outside its configuration has no election timer; the trace says so too. */
function stopElectionTimer(node: NodeState, ctx: StepContext): void {
  node.electionDeadline = null;
  if (ctx.out.trace) ctx.out.emit({ type: 'timer', at: ctx.now, node: node.id, kind: 'election', deadline: null });
}

function emitRole(node: NodeState, ctx: StepContext): void {
  if (ctx.out.trace) {
    ctx.out.emit({ type: 'role', at: ctx.now, node: node.id, role: node.role, term: node.currentTerm });
  }
}

function entryView(index: number, e: LogEntry): LogEntryView {
  const view: LogEntryView = { index, term: e.term, command: e.command, kind: e.kind };
  if (e.kind === 'config' && e.voters) view.voters = e.voters.slice();
  return view;
}

/** Keeps the derived configuration in step with the log after a truncation or snapshot. */
function refreshVoters(node: NodeState): void {
  node.voters = currentVoters(node).slice();
  node.votersIndex = latestConfigIndex(node);
}

function emitConfig(node: NodeState, ctx: StepContext): void {
  if (ctx.out.trace) {
    ctx.out.emit({
      type: 'config',
      at: ctx.now,
      node: node.id,
      voters: node.voters.slice(),
      learners: node.learners.slice(),
    });
  }
}

function appendToLog(node: NodeState, entries: readonly LogEntry[], ctx: StepContext): void {
  if (entries.length === 0) return;
  const from = lastLogIndex(node) + 1;
  let configChanged = false;
  for (const e of entries) {
    pushItem(node.log, e);
    if (e.kind === 'config' && e.voters) {
      node.voters = e.voters.slice();
      node.votersIndex = lastLogIndex(node);
      configChanged = true;
    }
  }
  if (ctx.out.trace) {
    ctx.out.emit({
      type: 'append',
      at: ctx.now,
      node: node.id,
      from,
      entries: entries.map((e, i) => entryView(from + i, e)),
    });
  }
  if (configChanged) emitConfig(node, ctx);
}

function truncateLog(node: NodeState, from: number, ctx: StepContext): void {
  const last = lastLogIndex(node);
  if (from > last) return;
  const removed = ctx.out.trace ? sliceItems(node.log, from, last) : [];
  truncateFrom(node.log, from);
  const hadConfig = node.votersIndex >= from;
  if (hadConfig) refreshVoters(node);
  if (ctx.out.trace) {
    ctx.out.emit({
      type: 'truncate',
      at: ctx.now,
      node: node.id,
      from,
      entries: removed.map((e, i) => entryView(from + i, e)),
    });
  }
  if (hadConfig) emitConfig(node, ctx);
}

// ---------------------------------------------------------------------------------------
// Role changes

/**
 * Figure 2, "All servers": a message with a higher term makes us adopt it and follow.
 * votedFor is cleared only when the term changes (one vote per term).
 */
function becomeFollower(node: NodeState, term: number, leaderId: string | null, ctx: StepContext): void {
  const changed = term !== node.currentTerm || node.role !== 'follower';
  if (term > node.currentTerm) {
    node.currentTerm = term;
    node.votedFor = null;
  }
  const wasLeader = node.role === 'leader';
  node.role = 'follower';
  node.leaderId = leaderId;
  node.votes = [];
  if (wasLeader) {
    node.heartbeatDue = null;
    node.progress = new Map();
    node.learners = [];
    node.catchUp = null;
    node.pendingReads = [];
    node.transferTarget = null;
    node.transferDeadline = null;
    if (ctx.out.trace) ctx.out.emit({ type: 'timer', at: ctx.now, node: node.id, kind: 'heartbeat', deadline: null });
  }
  if (changed) emitRole(node, ctx);
  if (wasLeader || node.electionDeadline === null) resetElectionTimer(node, ctx);
}

/** The election timer fired (or `timeout` was forced): PreVote first when on (thesis §9.6). */
function electionTimeout(node: NodeState, ctx: StepContext, force = false): void {
  if (node.role === 'leader') return;
  if (!mayCampaign(node)) {
    stopElectionTimer(node, ctx);
    return;
  }
  if (ctx.settings.features.preVote && !force) startPreVote(node, ctx);
  else startElection(node, ctx, false);
}

/**
 * Thesis §4.2.2: a server campaigns (and pre-votes) while its latest configuration names it a
 * voter — and also while that configuration is not yet committed and the one before it names
 * it, since "it might still be needed until the C_new entry is committed": a server removed by
 * an entry that only it received must still be able to lead the old majority to commit it.
 * Learners and servers whose removal they know to be committed stay quiet.
 */
export function mayCampaign(node: NodeState): boolean {
  if (isVoter(node, node.id)) return true;
  return node.votersIndex > node.commitIndex && votersAt(node, node.votersIndex - 1).includes(node.id);
}

/** Thesis §4.2.2: a server counts its own vote only where it is a voter of its latest configuration. */
function ownVote(node: NodeState): string[] {
  return isVoter(node, node.id) ? [node.id] : [];
}

function startPreVote(node: NodeState, ctx: StepContext): void {
  node.role = 'precandidate';
  node.leaderId = null;
  node.votes = ownVote(node);
  emitRole(node, ctx);
  resetElectionTimer(node, ctx);
  if (node.votes.length >= quorum(node)) {
    startElection(node, ctx, false);
    return;
  }
  for (const peer of node.voters) {
    if (peer === node.id) continue;
    ctx.out.send({
      id: 0,
      sentAt: 0,
      deliverAt: 0,
      type: 'PreVote',
      from: node.id,
      to: peer,
      term: node.currentTerm + 1,
      candidateId: node.id,
      lastLogIndex: lastLogIndex(node),
      lastLogTerm: lastLogTerm(node),
    });
  }
}

/** Figure 2, "Candidates": increment currentTerm, vote for self, reset the timer, ask for votes. */
function startElection(node: NodeState, ctx: StepContext, transfer: boolean): void {
  node.currentTerm += 1;
  node.role = 'candidate';
  node.votedFor = node.id;
  node.leaderId = null;
  node.votes = ownVote(node);
  emitRole(node, ctx);
  if (ctx.out.trace) {
    ctx.out.emit({ type: 'vote', at: ctx.now, node: node.id, term: node.currentTerm, votedFor: node.id });
  }
  resetElectionTimer(node, ctx);
  if (node.votes.length >= quorum(node)) {
    becomeLeader(node, ctx);
    return;
  }
  for (const peer of node.voters) {
    if (peer === node.id) continue;
    ctx.out.send({
      id: 0,
      sentAt: 0,
      deliverAt: 0,
      type: 'RequestVote',
      from: node.id,
      to: peer,
      term: node.currentTerm,
      candidateId: node.id,
      lastLogIndex: lastLogIndex(node),
      lastLogTerm: lastLogTerm(node),
      ...(transfer ? { transfer: true } : {}),
    });
  }
}

function becomeLeader(node: NodeState, ctx: StepContext): void {
  node.role = 'leader';
  node.leaderId = node.id;
  node.votes = [];
  node.progress = new Map();
  const next = lastLogIndex(node) + 1;
  for (const peer of node.voters) {
    if (peer !== node.id) node.progress.set(peer, { nextIndex: next, matchIndex: 0, lastHeardAt: ctx.now });
  }
  node.learners = [];
  node.catchUp = null;
  node.pendingReads = [];
  node.transferTarget = null;
  node.transferDeadline = null;
  node.lastLeaderContact = ctx.now;
  emitRole(node, ctx);
  // Leaders have no election timer; with CheckQuorum the same deadline paces the quorum check.
  node.electionDeadline = ctx.settings.features.checkQuorum ? ctx.now + ctx.settings.timing.electionTimeoutMax : null;
  if (ctx.out.trace) {
    ctx.out.emit({ type: 'timer', at: ctx.now, node: node.id, kind: 'election', deadline: node.electionDeadline });
  }
  if (ctx.settings.features.noopOnElection) {
    // §8 / thesis §6.4: a no-op of the leader's own term lets earlier entries commit promptly.
    appendToLog(node, [{ term: node.currentTerm, command: null, kind: 'noop' }], ctx);
  }
  broadcastHeartbeat(node, ctx);
  maybeCommit(node, ctx); // a one-voter cluster commits on its own
}

// ---------------------------------------------------------------------------------------
// Inputs

/** Figure 2, "All servers", then dispatch by role. */
export function receive(node: NodeState, m: Message, ctx: StepContext): void {
  if (!node.alive) return;
  switch (m.type) {
    case 'ClientRequest':
      handleClientRequest(node, m, ctx);
      return;
    case 'ClientReply':
      return; // addressed to a client, never to a server
    case 'PreVote':
      // A pre-vote carries the term the candidate *would* use: it never changes ours (§9.6).
      handlePreVote(node, m, ctx);
      return;
    case 'PreVoteReply':
      handlePreVoteReply(node, m, ctx);
      return;
    default:
      break;
  }
  if (m.type === 'RequestVote' && m.term > node.currentTerm && ignoreDisruptiveVote(node, m, ctx)) {
    replyVote(ctx, node, m.from, false);
    return;
  }
  if (m.term > node.currentTerm && farewellRefused(node, m)) return;
  if (m.term > node.currentTerm) {
    const leader = m.type === 'AppendEntries' || m.type === 'InstallSnapshot' ? m.leaderId : null;
    becomeFollower(node, m.term, leader, ctx);
  }
  switch (node.role) {
    case 'leader':
      stepLeader(node, m, ctx);
      break;
    case 'candidate':
    case 'precandidate':
      stepCandidate(node, m, ctx);
      break;
    case 'follower':
      stepFollower(node, m, ctx);
      break;
  }
}

type RaftRpc = Exclude<Message, ClientRequest | { type: 'ClientReply' } | PreVote | PreVoteReply>;

function stepLeader(node: NodeState, m: RaftRpc, ctx: StepContext): void {
  switch (m.type) {
    case 'AppendEntriesReply':
      handleAppendEntriesReply(node, m, ctx);
      return;
    case 'InstallSnapshotReply':
      handleInstallSnapshotReply(node, m, ctx);
      return;
    case 'RequestVote':
      handleRequestVote(node, m, ctx);
      return;
    case 'AppendEntries':
      // Another leader of our own term would break Election Safety; say no so it notices.
      replyAppend(ctx, node, m.from, false, 0, 0, 0, m.round);
      return;
    case 'InstallSnapshot':
      replySnapshot(ctx, node, m.from, 0, m.round);
      return;
    case 'RequestVoteReply':
    case 'TimeoutNow':
      return;
  }
}

function stepCandidate(node: NodeState, m: RaftRpc, ctx: StepContext): void {
  switch (m.type) {
    case 'RequestVoteReply':
      if (node.role === 'candidate' && m.term === node.currentTerm && m.voteGranted) {
        if (!node.votes.includes(m.from) && isVoter(node, m.from)) node.votes.push(m.from);
        if (node.votes.length >= quorum(node)) becomeLeader(node, ctx);
      }
      return;
    case 'AppendEntries':
    case 'InstallSnapshot':
      // Figure 2: AppendEntries from a leader of a term ≥ ours makes a candidate a follower.
      if (m.term === node.currentTerm) becomeFollower(node, m.term, m.leaderId, ctx);
      stepFollower(node, m, ctx);
      return;
    default:
      stepFollower(node, m, ctx);
  }
}

function stepFollower(node: NodeState, m: RaftRpc, ctx: StepContext): void {
  switch (m.type) {
    case 'RequestVote':
      handleRequestVote(node, m, ctx);
      return;
    case 'AppendEntries':
      handleAppendEntries(node, m, ctx);
      return;
    case 'InstallSnapshot':
      handleInstallSnapshot(node, m, ctx);
      return;
    case 'TimeoutNow':
      // Thesis §3.10: the target of a leadership transfer starts an election at once — unless
      // it is no voter of its latest configuration (a learner, or being removed): the thesis
      // is silent; like etcd, raftlab ignores it, for such a server must not lead.
      if (m.term === node.currentTerm && node.role === 'follower' && isVoter(node, node.id)) startElection(node, ctx, true);
      return;
    case 'RequestVoteReply':
    case 'AppendEntriesReply':
    case 'InstallSnapshotReply':
      return; // stale replies from a past role
  }
}

// Replies are built as whole object literals (no spreads): they are the hottest allocation.
function replyVote(ctx: StepContext, node: NodeState, to: string, voteGranted: boolean): void {
  const m: RequestVoteReply = {
    id: 0,
    sentAt: 0,
    deliverAt: 0,
    type: 'RequestVoteReply',
    from: node.id,
    to,
    term: node.currentTerm,
    voteGranted,
  };
  ctx.out.send(m);
}

function replyAppend(
  ctx: StepContext,
  node: NodeState,
  to: string,
  success: boolean,
  matchIndex: number,
  conflictIndex: number,
  conflictTerm: number,
  round: number,
): void {
  const m: AppendEntriesReply = {
    id: 0,
    sentAt: 0,
    deliverAt: 0,
    type: 'AppendEntriesReply',
    from: node.id,
    to,
    term: node.currentTerm,
    success,
    matchIndex,
    conflictIndex,
    conflictTerm,
    round,
  };
  ctx.out.send(m);
}

function replySnapshot(ctx: StepContext, node: NodeState, to: string, matchIndex: number, round: number): void {
  const m: InstallSnapshotReply = {
    id: 0,
    sentAt: 0,
    deliverAt: 0,
    type: 'InstallSnapshotReply',
    from: node.id,
    to,
    term: node.currentTerm,
    matchIndex,
    round,
  };
  ctx.out.send(m);
}

// ---------------------------------------------------------------------------------------
// RequestVote (Figure 2) and PreVote (thesis §9.6)

/**
 * Thesis §4.2.3: a server that heard from a current leader within the minimum election
 * timeout ignores a RequestVote of a higher term — removed servers cannot depose a working
 * leader. Applied with CheckQuorum on (as etcd does); a leadership transfer bypasses it.
 */
function ignoreDisruptiveVote(node: NodeState, m: RequestVote, ctx: StepContext): boolean {
  if (!ctx.settings.features.checkQuorum || m.transfer === true) return false;
  if (node.role === 'leader') return true;
  return node.leaderId !== null && ctx.now - node.lastLeaderContact < ctx.settings.timing.electionTimeoutMin;
}

function handleRequestVote(node: NodeState, m: RequestVote, ctx: StepContext): void {
  const logOk =
    ctx.settings.features.variant === 'vote-without-log-check' ||
    isUpToDate(node, m.lastLogIndex, m.lastLogTerm);
  const grant =
    m.term === node.currentTerm &&
    (node.role === 'follower' || node.role === 'precandidate') &&
    (node.votedFor === null || node.votedFor === m.candidateId) &&
    logOk;
  if (grant) {
    // Persisted before replying (Figure 2): votedFor lives in the node's persistent state.
    node.votedFor = m.candidateId;
    if (node.role === 'precandidate') becomeFollower(node, node.currentTerm, null, ctx);
    if (ctx.out.trace) {
      ctx.out.emit({ type: 'vote', at: ctx.now, node: node.id, term: node.currentTerm, votedFor: m.candidateId });
    }
    resetElectionTimer(node, ctx); // granting a vote resets the election timer
  }
  replyVote(ctx, node, m.from, grant);
}

function heardFromLeaderRecently(node: NodeState, ctx: StepContext): boolean {
  if (node.role === 'leader') return true;
  return node.leaderId !== null && ctx.now - node.lastLeaderContact < ctx.settings.timing.electionTimeoutMin;
}

function handlePreVote(node: NodeState, m: PreVote, ctx: StepContext): void {
  const grant =
    (m.term > node.currentTerm ||
      (m.term === node.currentTerm && (node.votedFor === null || node.votedFor === m.candidateId))) &&
    !heardFromLeaderRecently(node, ctx) &&
    isUpToDate(node, m.lastLogIndex, m.lastLogTerm);
  // A granted reply echoes the proposed term, so the asker can match it to its pre-election.
  ctx.out.send({
    id: 0,
    sentAt: 0,
    deliverAt: 0,
    type: 'PreVoteReply',
    from: node.id,
    to: m.from,
    term: grant ? m.term : node.currentTerm,
    voteGranted: grant,
  });
}

function handlePreVoteReply(node: NodeState, m: PreVoteReply, ctx: StepContext): void {
  if (!m.voteGranted) {
    if (m.term > node.currentTerm) becomeFollower(node, m.term, null, ctx);
    return;
  }
  if (node.role !== 'precandidate' || m.term !== node.currentTerm + 1) return;
  if (!node.votes.includes(m.from) && isVoter(node, m.from)) node.votes.push(m.from);
  if (node.votes.length >= quorum(node)) startElection(node, ctx, false);
}

// ---------------------------------------------------------------------------------------
// AppendEntries, receiver side (Figure 2)

function handleAppendEntries(node: NodeState, m: AppendEntries, ctx: StepContext): void {
  // 1. Reply false if term < currentTerm.
  if (m.term < node.currentTerm) {
    replyAppend(ctx, node, m.from, false, 0, 0, 0, m.round);
    return;
  }
  node.leaderId = m.leaderId;
  node.lastLeaderContact = ctx.now;
  resetElectionTimer(node, ctx);

  let prevLogIndex = m.prevLogIndex;
  let entries = m.entries;
  const snapIndex = snapshotIndex(node);
  // 2. Reply false if the log has no entry at prevLogIndex whose term matches prevLogTerm.
  if (prevLogIndex > lastLogIndex(node)) {
    replyAppend(ctx, node, m.from, false, 0, lastLogIndex(node) + 1, 0, m.round);
    return;
  }
  if (prevLogIndex < snapIndex) {
    // Entries up to the snapshot are committed, hence identical to the leader's: skip them.
    entries = entries.slice(Math.min(entries.length, snapIndex - prevLogIndex));
    prevLogIndex = snapIndex;
  } else if (termAt(node, prevLogIndex) !== m.prevLogTerm) {
    const conflictTerm = termAt(node, prevLogIndex);
    replyAppend(ctx, node, m.from, false, 0, firstIndexOfTerm(node, prevLogIndex), conflictTerm, m.round);
    return;
  }

  if (ctx.settings.features.variant === 'truncate-always') {
    // Broken on purpose: drop everything after prevLogIndex, even entries that match.
    truncateLog(node, prevLogIndex + 1, ctx);
    appendToLog(node, entries, ctx);
  } else {
    // 3. If an existing entry conflicts with a new one (same index, different term), delete
    //    it and all that follow. 4. Append any new entries not already in the log. A
    //    matching or stale message never truncates (it may arrive late or twice).
    const last = lastLogIndex(node);
    let i = 0;
    for (; i < entries.length; i++) {
      const index = prevLogIndex + 1 + i;
      if (index > last) break;
      if (termAt(node, index) !== entries[i].term) {
        truncateLog(node, index, ctx);
        break;
      }
    }
    if (i < entries.length) appendToLog(node, entries.slice(i), ctx);
  }
  if (node.commitIndex > lastLogIndex(node)) node.commitIndex = lastLogIndex(node); // only broken variants

  // 5. If leaderCommit > commitIndex, commitIndex = min(leaderCommit, index of last new entry).
  const lastNew = prevLogIndex + entries.length;
  if (m.leaderCommit > node.commitIndex) {
    const next = Math.min(m.leaderCommit, lastNew);
    if (next > node.commitIndex) setCommitIndex(node, next, ctx);
  }
  replyAppend(ctx, node, m.from, true, lastNew, 0, 0, m.round);
}

// ---------------------------------------------------------------------------------------
// InstallSnapshot, receiver side (thesis §5.3)

function handleInstallSnapshot(node: NodeState, m: InstallSnapshot, ctx: StepContext): void {
  if (m.term < node.currentTerm) {
    replySnapshot(ctx, node, m.from, 0, m.round);
    return;
  }
  node.leaderId = m.leaderId;
  node.lastLeaderContact = ctx.now;
  resetElectionTimer(node, ctx);
  const index = m.lastIncludedIndex;
  // Never go backwards: what we already committed covers an old snapshot.
  if (index > node.commitIndex) installSnapshot(node, m.snapshot, ctx);
  replySnapshot(ctx, node, m.from, index, m.round);
}

function installSnapshot(node: NodeState, snapshot: Snapshot, ctx: StepContext): void {
  const index = snapshot.index;
  if (termAt(node, index) === snapshot.term) {
    // Our log matches the snapshot's last entry: keep the entries that follow it.
    node.log = dropThrough(node.log, index);
  } else {
    if (lastLogIndex(node) > snapshotIndex(node) && ctx.out.trace) {
      truncateLog(node, snapshotIndex(node) + 1, ctx);
    }
    node.log = emptyList<LogEntry>(index);
  }
  node.snapshot = snapshot;
  refreshVoters(node);
  node.commitIndex = Math.max(node.commitIndex, index);
  node.lastApplied = index;
  node.kv = new Map(snapshot.state);
  node.sessions = copySessions(snapshot.sessions);
  if (ctx.out.trace) {
    ctx.out.emit({ type: 'snapshot', at: ctx.now, node: node.id, index, term: snapshot.term, voters: snapshot.voters.slice() });
    ctx.out.emit({ type: 'commit', at: ctx.now, node: node.id, commitIndex: node.commitIndex });
  }
  emitConfig(node, ctx);
  applyCommitted(node, ctx);
}

/** Compaction (thesis §5.1): snapshot the applied state and discard the covered log prefix. */
function maybeSnapshot(node: NodeState, ctx: StepContext): void {
  const threshold = ctx.settings.features.snapshotThreshold;
  // Compact once the entries applied since the last snapshot *exceed* the threshold (issue #5's
  // rule, docs/extensions.md): with threshold N the log holds up to N applied entries.
  if (threshold <= 0 || node.lastApplied - snapshotIndex(node) <= threshold) return;
  if (node.role === 'leader' && node.lastApplied - snapshotIndex(node) <= 2 * threshold) {
    // Paper §7 / thesis §5.1: InstallSnapshot is for followers that lag behind; "a follower that
    // has kept up with the leader would already have this entry". Compacting the moment an entry
    // commits would discard entries still on their way to the followers that have not acked them
    // yet, sending healthy followers whole snapshots. So the leader waits until every follower
    // it heard from within an election timeout has them — at most up to twice the threshold,
    // so a slow follower cannot stall compaction.
    for (const pr of node.progress.values()) {
      if (pr.matchIndex < node.lastApplied && ctx.now - pr.lastHeardAt < ctx.settings.timing.electionTimeoutMax) return;
    }
  }
  const index = node.lastApplied;
  node.snapshot = {
    index,
    term: termAt(node, index),
    state: new Map(node.kv),
    sessions: copySessions(node.sessions),
    voters: votersAt(node, index),
  };
  node.log = dropThrough(node.log, index);
  if (ctx.out.trace) {
    ctx.out.emit({ type: 'snapshot', at: ctx.now, node: node.id, index, term: node.snapshot.term, voters: node.snapshot.voters.slice() });
  }
}

/** The configuration in force at `index`: the latest config entry at or before it. */
function votersAt(node: NodeState, index: number): string[] {
  for (let i = index; i > snapshotIndex(node); i--) {
    const e = entryAt(node, i);
    if (e !== undefined && e.kind === 'config' && e.voters) return e.voters.slice();
  }
  return (node.snapshot !== null ? node.snapshot.voters : node.bootVoters).slice();
}

// ---------------------------------------------------------------------------------------
// Leader: replication, commitment, heartbeats

function sendAppend(node: NodeState, peer: string, ctx: StepContext): void {
  const pr = node.progress.get(peer);
  if (pr === undefined) return;
  const snap = node.snapshot;
  if (snap !== null && pr.nextIndex <= snap.index) {
    // The entries this follower needs were compacted away: send the snapshot instead.
    ctx.out.send({
      id: 0,
      sentAt: 0,
      deliverAt: 0,
      type: 'InstallSnapshot',
      from: node.id,
      to: peer,
      term: node.currentTerm,
      leaderId: node.id,
      lastIncludedIndex: snap.index,
      lastIncludedTerm: snap.term,
      snapshot: snap,
      round: node.heartbeatRound,
    });
    return;
  }
  const prevLogIndex = pr.nextIndex - 1;
  const last = Math.min(lastLogIndex(node), prevLogIndex + MAX_ENTRIES_PER_APPEND);
  ctx.out.send({
    id: 0,
    sentAt: 0,
    deliverAt: 0,
    type: 'AppendEntries',
    from: node.id,
    to: peer,
    term: node.currentTerm,
    leaderId: node.id,
    prevLogIndex,
    prevLogTerm: termAt(node, prevLogIndex),
    entries: prevLogIndex < last ? sliceItems(node.log, prevLogIndex + 1, last) : [],
    leaderCommit: node.commitIndex,
    round: node.heartbeatRound,
  });
}

function broadcastHeartbeat(node: NodeState, ctx: StepContext): void {
  node.heartbeatRound += 1;
  for (const peer of node.progress.keys()) sendAppend(node, peer, ctx);
  node.heartbeatDue = ctx.now + ctx.settings.timing.heartbeatInterval;
  if (ctx.out.trace) {
    ctx.out.emit({ type: 'timer', at: ctx.now, node: node.id, kind: 'heartbeat', deadline: node.heartbeatDue });
  }
  confirmReads(node, ctx); // a one-voter cluster confirms its own leadership
}

function handleAppendEntriesReply(node: NodeState, m: AppendEntriesReply, ctx: StepContext): void {
  if (m.term < node.currentTerm) return; // stale: from an earlier term
  const pr = node.progress.get(m.from);
  if (pr === undefined) return;
  pr.lastHeardAt = ctx.now;
  noteReadAck(node, m.from, m.round, ctx);
  if (m.success) {
    if (farewellDone(node, m.from, m.round, m.matchIndex)) return;
    // matchIndex only grows: a stale or duplicated reply cannot move it backwards.
    const advanced = m.matchIndex > pr.matchIndex;
    if (advanced) {
      pr.matchIndex = m.matchIndex;
      if (pr.matchIndex > node.commitIndex) maybeCommit(node, ctx);
      if (node.role !== 'leader') return;
      maybeSnapshot(node, ctx); // a compaction waiting for this follower (see maybeSnapshot)
    }
    if (pr.nextIndex < pr.matchIndex + 1) pr.nextIndex = pr.matchIndex + 1;
    advanceCatchUp(node, m.from, ctx);
    advanceTransfer(node, m.from, ctx);
    // Send more only on a reply that advanced the follower: a duplicated or late reply with
    // the same matchIndex would start a second AppendEntries chain that keeps itself alive
    // under load. Anything it leaves unsent goes with the next heartbeat.
    if (advanced && pr.nextIndex <= lastLogIndex(node)) sendAppend(node, m.from, ctx);
    return;
  }
  // Rejected by the consistency check: jump back using the follower's conflict hint, one
  // round trip per term instead of per entry (thesis §5.3; the 6.824 optimisation).
  if (m.conflictIndex === 0) return; // not a log mismatch: nothing to learn
  let next = m.conflictIndex;
  if (m.conflictTerm > 0) {
    const last = lastIndexOfTerm(node, m.conflictTerm);
    if (last > 0) next = last + 1;
  }
  // Only ever move back, and never below what is known to match (stale replies are harmless).
  // Retry at once only when nextIndex did move back: a stale or duplicated rejection then costs
  // nothing, and a follower that cannot be repaired (the broken variants) is retried once per
  // heartbeat instead of in an endless reject/resend loop (as etcd does).
  const before = pr.nextIndex;
  pr.nextIndex = Math.max(pr.matchIndex + 1, Math.min(next, pr.nextIndex));
  if (pr.nextIndex < before) sendAppend(node, m.from, ctx);
}

function handleInstallSnapshotReply(node: NodeState, m: InstallSnapshotReply, ctx: StepContext): void {
  if (m.term < node.currentTerm) return;
  const pr = node.progress.get(m.from);
  if (pr === undefined) return;
  pr.lastHeardAt = ctx.now;
  noteReadAck(node, m.from, m.round, ctx);
  if (farewellDone(node, m.from, m.round, m.matchIndex)) return;
  const advanced = m.matchIndex > pr.matchIndex;
  if (advanced) pr.matchIndex = m.matchIndex;
  if (pr.nextIndex < pr.matchIndex + 1) pr.nextIndex = pr.matchIndex + 1;
  maybeCommit(node, ctx);
  if (node.role !== 'leader') return;
  advanceCatchUp(node, m.from, ctx);
  advanceTransfer(node, m.from, ctx);
  // As for AppendEntries replies: only a reply that advanced the follower sends more.
  if (advanced && pr.nextIndex <= lastLogIndex(node)) sendAppend(node, m.from, ctx);
}

/**
 * Figure 2, "Leaders": commit the largest N replicated on a majority of voters whose entry
 * is of the current term. Entries of earlier terms commit only indirectly (§5.4.2, Figure 8):
 * counting their replicas is exactly the bug the 'commit-old-terms' variant shows.
 */
function maybeCommit(node: NodeState, ctx: StepContext): void {
  if (node.role !== 'leader') return;
  const voters = node.voters;
  const matched = new Float64Array(voters.length);
  for (let i = 0; i < voters.length; i++) {
    matched[i] = voters[i] === node.id ? lastLogIndex(node) : (node.progress.get(voters[i])?.matchIndex ?? 0);
  }
  matched.sort(); // ascending: the quorum-th largest is replicated on a majority
  const n = matched[voters.length - quorum(node)];
  if (n <= node.commitIndex) return;
  if (termAt(node, n) !== node.currentTerm && ctx.settings.features.variant !== 'commit-old-terms') return;
  setCommitIndex(node, n, ctx);
}

function setCommitIndex(node: NodeState, index: number, ctx: StepContext): void {
  node.commitIndex = index;
  if (ctx.out.trace) ctx.out.emit({ type: 'commit', at: ctx.now, node: node.id, commitIndex: index });
  applyCommitted(node, ctx);
}

/** Figure 2, "All servers": apply log[lastApplied+1 .. commitIndex] in order, exactly once. */
function applyCommitted(node: NodeState, ctx: StepContext): void {
  while (node.lastApplied < node.commitIndex) {
    const index = node.lastApplied + 1;
    const entry = entryAt(node, index);
    if (entry === undefined) break; // only under broken variants (log lost under commitIndex)
    node.lastApplied = index;
    const result = applyEntry(node.kv, node.sessions, entry);
    if (ctx.out.trace) {
      ctx.out.emit({
        type: 'apply',
        at: ctx.now,
        node: node.id,
        index,
        term: entry.term,
        command: entry.command,
        kind: entry.kind,
      });
    }
    if (node.role === 'leader' && entry.client !== undefined) {
      ctx.out.send({
        id: 0,
        sentAt: 0,
        deliverAt: 0,
        type: 'ClientReply',
        from: node.id,
        to: entry.client.client,
        term: node.currentTerm,
        client: entry.client.client,
        seq: entry.client.seq,
        ok: true,
        ...(result !== undefined ? { result } : {}),
        leaderHint: node.id,
      });
    }
  }
  if (node.role === 'leader') {
    serveReads(node, ctx);
    pruneProgress(node);
    // Thesis §4.2.2: a leader that is not in the committed configuration steps down — and
    // hands over first (§3.10: "it may be removed from the cluster … this brief unavailability
    // can be avoided by having the leader transfer its leadership"), so the others need not
    // wait out an election timeout.
    if (!isVoter(node, node.id) && node.votersIndex <= node.commitIndex) {
      const successor = caughtUpVoter(node);
      if (successor !== null) sendTimeoutNow(node, successor, ctx);
      becomeFollower(node, node.currentTerm, null, ctx);
      stopElectionTimer(node, ctx);
    }
  }
  maybeSnapshot(node, ctx);
}

// ---------------------------------------------------------------------------------------
// Timers

/** The election timer fired at ctx.now (the caller checked it is due). */
export function electionTimerFired(node: NodeState, ctx: StepContext): void {
  if (!node.alive) return;
  if (node.role === 'leader') {
    checkQuorum(node, ctx);
    return;
  }
  electionTimeout(node, ctx);
}

/** CheckQuorum (thesis §6.2): a leader that has not heard from a majority steps down. */
function checkQuorum(node: NodeState, ctx: StepContext): void {
  if (!ctx.settings.features.checkQuorum) {
    node.electionDeadline = null;
    return;
  }
  const window = ctx.settings.timing.electionTimeoutMax;
  // §6.2: step down once an election timeout has passed since the leader last heard from a
  // majority — the quorum-th most recent contact, itself counting as now. The next check is due
  // exactly when that contact expires (checking only every `window` ms let an isolated leader
  // linger for up to two election timeouts).
  const heard: number[] = [];
  for (const voter of node.voters) {
    if (voter === node.id) heard.push(ctx.now);
    else heard.push(node.progress.get(voter)?.lastHeardAt ?? NEVER);
  }
  heard.sort((a, b) => b - a);
  const majorityHeardAt = heard[quorum(node) - 1] ?? NEVER;
  if (ctx.now - majorityHeardAt >= window) {
    becomeFollower(node, node.currentTerm, null, ctx);
    return;
  }
  node.electionDeadline = majorityHeardAt + window;
  if (ctx.out.trace) {
    ctx.out.emit({ type: 'timer', at: ctx.now, node: node.id, kind: 'election', deadline: node.electionDeadline });
  }
}

export function heartbeatTimerFired(node: NodeState, ctx: StepContext): void {
  if (!node.alive || node.role !== 'leader') return;
  // Thesis §3.10: abort a transfer that has not happened within an election timeout.
  if (node.transferTarget !== null && transferExpired(node, ctx)) endTransfer(node);
  if (node.catchUp !== null && catchUpSilent(node, ctx)) abortCatchUp(node, 'silent', ctx);
  broadcastHeartbeat(node, ctx);
}

/** As if the election timer fired now (the API's `timeout`); no effect on a leader. */
export function forceTimeout(node: NodeState, ctx: StepContext): void {
  if (!node.alive || node.role === 'leader') return;
  electionTimeout(node, ctx);
}

// ---------------------------------------------------------------------------------------
// Clients

export interface ProposeOutcome {
  isLeader: boolean;
  index: number;
  term: number;
}

/** The paper's client entry point: a leader appends the command to its log. */
export function propose(node: NodeState, command: unknown, ctx: StepContext): ProposeOutcome {
  if (!node.alive || node.role !== 'leader' || node.transferTarget !== null) {
    return { isLeader: false, index: 0, term: node.currentTerm };
  }
  leaderAppend(node, { term: node.currentTerm, command, kind: 'command' }, ctx);
  return { isLeader: true, index: lastLogIndex(node), term: node.currentTerm };
}

function leaderAppend(node: NodeState, entry: LogEntry, ctx: StepContext): void {
  appendToLog(node, [entry], ctx);
  for (const [peer, pr] of node.progress) {
    // Followers that are caught up get the new entry now; others are being repaired.
    if (pr.nextIndex === lastLogIndex(node)) sendAppend(node, peer, ctx);
  }
  maybeCommit(node, ctx);
}

function clientReply(
  node: NodeState,
  ctx: StepContext,
  m: ClientRequest,
  ok: boolean,
  result?: string | null,
): void {
  ctx.out.send({
    id: 0,
    sentAt: 0,
    deliverAt: 0,
    type: 'ClientReply',
    from: node.id,
    to: m.client,
    term: node.currentTerm,
    client: m.client,
    seq: m.seq,
    ok,
    ...(result !== undefined ? { result } : {}),
    leaderHint: ok ? node.id : node.role === 'leader' ? node.transferTarget : node.leaderId,
  });
}

function handleClientRequest(node: NodeState, m: ClientRequest, ctx: StepContext): void {
  if (node.role !== 'leader' || node.transferTarget !== null) {
    clientReply(node, ctx, m, false);
    return;
  }
  const op = m.op;
  if (op.type === 'get') {
    if (ctx.settings.features.variant === 'local-reads') {
      // Broken on purpose: answer from local state without confirming leadership.
      clientReply(node, ctx, m, true, readKey(node.kv, op.key));
      return;
    }
    if (ctx.settings.features.readIndex) {
      startRead(node, m, op, ctx);
      return;
    }
  }
  // Exactly-once (thesis §6.3): a retry of something already applied gets the cached reply.
  const session = node.sessions.get(m.client);
  if (session !== undefined && m.seq <= session.seq) {
    if (m.seq === session.seq) clientReply(node, ctx, m, true, session.result ?? undefined);
    return;
  }
  leaderAppend(node, { term: node.currentTerm, command: op, kind: 'command', client: { client: m.client, seq: m.seq } }, ctx);
}

// ---------------------------------------------------------------------------------------
// ReadIndex (thesis §6.4): linearizable reads without a log entry

function committedOwnTerm(node: NodeState): boolean {
  return termAt(node, node.commitIndex) === node.currentTerm;
}

function startRead(node: NodeState, m: ClientRequest, op: Extract<ClientOp, { type: 'get' }>, ctx: StepContext): void {
  node.pendingReads.push({
    client: m.client,
    seq: m.seq,
    key: op.key,
    // 1. Until an entry of its own term commits, the leader may not know what is committed.
    readIndex: committedOwnTerm(node) ? node.commitIndex : -1,
    // 3. Leadership is confirmed by a heartbeat round started after the read arrived.
    round: node.heartbeatRound + 1,
    acks: [node.id],
  });
  broadcastHeartbeat(node, ctx);
}

function noteReadAck(node: NodeState, from: string, round: number, ctx: StepContext): void {
  if (node.pendingReads.length === 0 || !isVoter(node, from)) return;
  for (const read of node.pendingReads) {
    if (round >= read.round && !read.acks.includes(from)) read.acks.push(from);
  }
  serveReads(node, ctx);
}

function confirmReads(node: NodeState, ctx: StepContext): void {
  if (node.pendingReads.length > 0) serveReads(node, ctx);
}

function serveReads(node: NodeState, ctx: StepContext): void {
  if (node.pendingReads.length === 0) return;
  const ownTerm = committedOwnTerm(node);
  const waiting = [];
  for (const read of node.pendingReads) {
    if (read.readIndex < 0 && ownTerm) read.readIndex = node.commitIndex;
    const confirmed = read.acks.filter((id) => isVoter(node, id)).length >= quorum(node);
    if (read.readIndex >= 0 && confirmed && node.lastApplied >= read.readIndex) {
      // 4. Serve once the state machine has applied at least up to the read index.
      ctx.out.send({
        id: 0,
        sentAt: 0,
        deliverAt: 0,
        type: 'ClientReply',
        from: node.id,
        to: read.client,
        term: node.currentTerm,
        client: read.client,
        seq: read.seq,
        ok: true,
        result: readKey(node.kv, read.key),
        leaderHint: node.id,
      });
    } else {
      waiting.push(read);
    }
  }
  node.pendingReads = waiting;
}

// ---------------------------------------------------------------------------------------
// Membership changes, one server at a time (thesis §4.1–4.3)

export type ChangeRefusal = string;

/** Why a configuration change cannot start now, or null when it can. */
export function configChangeRefusal(node: NodeState): ChangeRefusal | null {
  if (!node.alive || node.role !== 'leader') return 'there is no live leader to make the change';
  if (node.votersIndex > node.commitIndex) {
    return 'a configuration change is still uncommitted (one change at a time, thesis §4.1)';
  }
  if (node.catchUp !== null) return `server ${node.catchUp.server} is still being caught up`;
  if (!committedOwnTerm(node)) {
    return 'the new leader has not yet committed an entry of its term (thesis §4.1, the later fix)';
  }
  return null;
}

/** Starts adding `server`: it joins as a learner and is caught up in rounds (§4.2.1). */
export function addServer(node: NodeState, server: string, ctx: StepContext): void {
  node.learners.push(server);
  node.progress.set(server, { nextIndex: lastLogIndex(node) + 1, matchIndex: 0, lastHeardAt: ctx.now });
  node.catchUp = { server, roundEnd: lastLogIndex(node), roundStart: ctx.now, rounds: 1 };
  emitConfig(node, ctx);
  sendAppend(node, server, ctx);
}

export function removeServer(node: NodeState, server: string, ctx: StepContext): void {
  // Removing the transfer target aborts the transfer (raftlab's rule beside §3.10; etcd alike):
  // a server on its way out must not be told to lead, and the leader takes requests again.
  if (node.transferTarget === server) endTransfer(node);
  const voters = node.voters.filter((v) => v !== server);
  // The removed server keeps getting entries until the change commits, so it learns of its
  // removal and does not campaign (§4.2.3); pruneProgress forgets it afterwards.
  leaderAppend(node, { term: node.currentTerm, command: null, kind: 'config', voters }, ctx);
}

/**
 * After a configuration commits, servers it no longer names get one farewell: the leader keeps
 * replicating to them until one acknowledges an AppendEntries sent after the commit that holds
 * the configuration entry — its commitIndex then covers C_new, so it knows it was removed and
 * stops campaigning (mayCampaign); then the leader forgets it. A removed server that never
 * hears this may campaign again later (thesis §4.2.3; PreVote and CheckQuorum contain it).
 */
function pruneProgress(node: NodeState): void {
  if (node.votersIndex > node.commitIndex || node.progress.size <= node.voters.length - 1 + node.learners.length) return;
  for (const [peer, pr] of node.progress) {
    if (pr.farewell === undefined && !node.voters.includes(peer) && !node.learners.includes(peer)) {
      // Messages of later heartbeat rounds all carry a leaderCommit ≥ votersIndex.
      pr.farewell = { round: node.heartbeatRound + 1, index: node.votersIndex };
    }
  }
}

/**
 * A removed server answered the farewell with a higher term (it campaigned while cut off): it
 * will not take our entries, so stop telling it. Its term says nothing about the cluster it
 * left — no candidate of the committed configuration asks it for a vote — so the leader does
 * not adopt it; stepping down here would let a removed server depose a working leader, which
 * §4.2.3 sets out to prevent.
 */
function farewellRefused(node: NodeState, m: Message): boolean {
  if (node.role !== 'leader' || (m.type !== 'AppendEntriesReply' && m.type !== 'InstallSnapshotReply')) return false;
  if (node.progress.get(m.from)?.farewell === undefined) return false;
  node.progress.delete(m.from);
  return true;
}

/** A removed server acknowledged a message that told it its removal committed: forget it. */
function farewellDone(node: NodeState, peer: string, round: number, matchIndex: number): boolean {
  const f = node.progress.get(peer)?.farewell;
  if (f === undefined || round < f.round || matchIndex < f.index) return false;
  node.progress.delete(peer);
  return true;
}

function advanceCatchUp(node: NodeState, peer: string, ctx: StepContext): void {
  const c = node.catchUp;
  if (c === null || c.server !== peer) return;
  const pr = node.progress.get(peer);
  if (pr === undefined || pr.matchIndex < c.roundEnd) return;
  // A round ends when the learner has what the leader had at its start. If that round took
  // less than an election timeout, the learner is close enough to join as a voter.
  if (ctx.now - c.roundStart < ctx.settings.timing.electionTimeoutMin) {
    node.catchUp = null;
    node.learners = node.learners.filter((l) => l !== peer);
    leaderAppend(node, { term: node.currentTerm, command: null, kind: 'config', voters: [...node.voters, peer] }, ctx);
    return;
  }
  if (c.rounds >= MAX_CATCH_UP_ROUNDS) {
    abortCatchUp(node, 'slow', ctx);
    return;
  }
  node.catchUp = { server: peer, roundEnd: lastLogIndex(node), roundStart: ctx.now, rounds: c.rounds + 1 };
}

/**
 * Time test (named, so an explorer can resolve it as a choice): the server being caught up has
 * not answered for CATCH_UP_PATIENCE_TIMEOUTS election timeouts.
 */
export function catchUpSilent(node: NodeState, ctx: StepContext): boolean {
  const c = node.catchUp;
  if (c === null) return false;
  const heard = node.progress.get(c.server)?.lastHeardAt ?? NEVER;
  return ctx.now - heard >= CATCH_UP_PATIENCE_TIMEOUTS * ctx.settings.timing.electionTimeoutMax;
}

/**
 * Thesis §4.2.1: give up on a new server that is unavailable ('silent') or so slow it would
 * never catch up ('slow'). It leaves the configuration it never joined; the leader takes the
 * next change at once, and the same name may be added again.
 */
function abortCatchUp(node: NodeState, reason: 'silent' | 'slow', ctx: StepContext): void {
  const c = node.catchUp;
  if (c === null) return;
  const server = c.server;
  node.catchUp = null;
  node.learners = node.learners.filter((l) => l !== server);
  node.progress.delete(server);
  if (ctx.out.trace) ctx.out.emit({ type: 'catch-up-aborted', at: ctx.now, node: node.id, server, reason });
  emitConfig(node, ctx);
}

// ---------------------------------------------------------------------------------------
// Leadership transfer (thesis §3.10)

/** Time test (named, so an explorer can resolve it as a choice): the transfer's deadline passed. */
export function transferExpired(node: NodeState, ctx: StepContext): boolean {
  return node.transferDeadline !== null && ctx.now >= node.transferDeadline;
}

function endTransfer(node: NodeState): void {
  node.transferTarget = null;
  node.transferDeadline = null;
}

export function transferLeadership(node: NodeState, target: string, ctx: StepContext): void {
  node.transferTarget = target;
  node.transferDeadline = ctx.now + ctx.settings.timing.electionTimeoutMax;
  advanceTransfer(node, target, ctx);
  const pr = node.progress.get(target);
  if (node.transferTarget !== null && pr !== undefined && pr.matchIndex < lastLogIndex(node)) {
    sendAppend(node, target, ctx);
  }
}

function advanceTransfer(node: NodeState, peer: string, ctx: StepContext): void {
  if (node.transferTarget !== peer) return;
  const pr = node.progress.get(peer);
  if (pr === undefined || pr.matchIndex < lastLogIndex(node)) return;
  sendTimeoutNow(node, peer, ctx);
}

function sendTimeoutNow(node: NodeState, peer: string, ctx: StepContext): void {
  const timeoutNow: TimeoutNow = {
    id: 0,
    sentAt: 0,
    deliverAt: 0,
    type: 'TimeoutNow',
    from: node.id,
    to: peer,
    term: node.currentTerm,
  };
  ctx.out.send(timeoutNow);
}

/** The first voter (in configuration order) that holds the leader's whole log, or null. */
function caughtUpVoter(node: NodeState): string | null {
  const last = lastLogIndex(node);
  for (const v of node.voters) {
    if (v !== node.id && (node.progress.get(v)?.matchIndex ?? 0) >= last) return v;
  }
  return null;
}

// ---------------------------------------------------------------------------------------
// Views for the API

export function roleOf(node: NodeState): Role {
  return node.role;
}
