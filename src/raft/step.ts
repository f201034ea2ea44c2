// The step dispatch, as etcd's raft has it: `receive` applies the rules every server shares
// (Figure 2, "All servers": adopt a higher term and follow), then hands the message to
// stepLeader / stepCandidate / stepFollower. Timers enter here too.

import { ignoresDisruptiveVote, checkQuorum } from './checkquorum.ts';
import { handleClientRequest } from './clients.ts';
import type { StepContext } from './context.ts';
import { electionTimeout, handleRequestVote, handleVoteReply } from './election.ts';
import { farewellRefused } from './membership.ts';
import type { ClientRequest, Message, PreVote, PreVoteReply } from './messages.ts';
import { handlePreVote, handlePreVoteReply } from './prevote.ts';
import { replyAppend, replySnapshot, replyVote } from './replies.ts';
import { handleAppendEntries, handleAppendEntriesReply } from './replication.ts';
import { becomeFollower } from './roles.ts';
import { handleInstallSnapshot, handleInstallSnapshotReply } from './snapshot.ts';
import { handleTimeoutNow } from './transfer.ts';
import type { NodeState } from './types.ts';

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
  if (m.type === 'RequestVote' && m.term > node.currentTerm && ignoresDisruptiveVote(node, m, ctx)) {
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
      handleVoteReply(node, m, ctx);
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
      handleTimeoutNow(node, m, ctx);
      return;
    case 'RequestVoteReply':
    case 'AppendEntriesReply':
    case 'InstallSnapshotReply':
      return; // stale replies from a past role
  }
}

/** The election timer fired at ctx.now (the caller checked it is due). */
export function electionTimerFired(node: NodeState, ctx: StepContext): void {
  if (!node.alive) return;
  if (node.role === 'leader') {
    checkQuorum(node, ctx);
    return;
  }
  electionTimeout(node, ctx);
}

/** As if the election timer fired now (the API's `timeout`); no effect on a leader. */
export function forceTimeout(node: NodeState, ctx: StepContext): void {
  if (!node.alive || node.role === 'leader') return;
  electionTimeout(node, ctx);
}
