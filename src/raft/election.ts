// Leader election (Figure 2, "Candidates" and RequestVote; §5.2, §5.4.1), with who may
// campaign under membership changes (thesis §4.2.2).

import { emitRole, resetElectionTimer, stopElectionTimer, type StepContext } from './context.ts';
import { isUpToDate, lastLogIndex, lastLogTerm } from './log.ts';
import { mayCampaign } from './membership.ts';
import type { PreVote, RequestVote, RequestVoteReply } from './messages.ts';
import { startPreVote } from './prevote.ts';
import { countVote, isVoter, quorumSize } from './quorum.ts';
import { replyVote } from './replies.ts';
import { becomeFollower, becomeLeader } from './roles.ts';
import { ownVoteWritten } from './storage.ts';
import { mutated } from './mutations.ts';
import type { NodeState } from './types.ts';
import { votesWithoutLogCheck } from './variants.ts';

/** The election timer fired (or `timeout` was forced): PreVote first when on (thesis §9.6). */
export function electionTimeout(node: NodeState, ctx: StepContext, force = false): void {
  if (node.role === 'leader') return;
  if (!mayCampaign(node)) {
    stopElectionTimer(node, ctx);
    return;
  }
  if (ctx.settings.features.preVote && !force) startPreVote(node, ctx);
  else startElection(node, ctx, false);
}

/** Thesis §4.2.2: a server counts its own vote only where it is a voter of its latest configuration. */
export function ownVote(node: NodeState): string[] {
  return isVoter(node, node.id) || mutated('count-own-vote-as-non-voter') ? [node.id] : [];
}

/** Figure 2, "Candidates": increment currentTerm, vote for self, reset the timer, ask for votes. */
export function startElection(node: NodeState, ctx: StepContext, transfer: boolean): void {
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
  if (node.votes.length >= quorumSize(node)) {
    // A one-voter configuration: leader at once, or once the vote is written (storage.ts).
    if (ownVoteWritten(node)) becomeLeader(node, ctx);
    return;
  }
  askForVotes(node, ctx, 'RequestVote', node.currentTerm, transfer);
}

/** A RequestVote (or a PreVote, §9.6) to every other voter of the latest configuration. */
export function askForVotes(node: NodeState, ctx: StepContext, type: 'RequestVote' | 'PreVote', term: number, transfer = false): void {
  const lastIndex = lastLogIndex(node);
  const lastTerm = lastLogTerm(node);
  for (const peer of node.voters) {
    if (peer === node.id) continue;
    // The two requests carry the same fields; only a transfer's RequestVote says so (§3.10).
    const m = { id: 0, sentAt: 0, deliverAt: 0, type, from: node.id, to: peer, term, candidateId: node.id, lastLogIndex: lastIndex, lastLogTerm: lastTerm } as RequestVote | PreVote;
    if (transfer && m.type === 'RequestVote') m.transfer = true;
    ctx.out.send(m);
  }
}

/**
 * Figure 2, RequestVote receiver: grant if the term is ours, we have not voted for another
 * candidate in it, and the candidate's log is at least as up-to-date as ours (§5.4.1).
 */
export function handleRequestVote(node: NodeState, m: RequestVote, ctx: StepContext): void {
  const logOk = votesWithoutLogCheck(ctx.settings) || isUpToDate(node, m.lastLogIndex, m.lastLogTerm);
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

/** Figure 2, "Candidates": votes from a majority of the voters make a leader. */
export function handleVoteReply(node: NodeState, m: RequestVoteReply, ctx: StepContext): void {
  if (node.role !== 'candidate' || m.term !== node.currentTerm || !m.voteGranted) return;
  if (countVote(node, node.votes, m.from) && ownVoteWritten(node)) becomeLeader(node, ctx);
}
