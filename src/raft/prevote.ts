// PreVote (thesis §9.6): before raising its term, a server asks whether it could win. A server
// that heard from a leader recently, or whose log is more up-to-date, says no; a server cut off
// from the cluster therefore never raises its term and cannot disrupt it when it returns.

import { emitRole, resetElectionTimer, type StepContext } from './context.ts';
import { askForVotes, ownVote, startElection } from './election.ts';
import { isUpToDate } from './log.ts';
import type { PreVote, PreVoteReply } from './messages.ts';
import { countVote, quorumSize } from './quorum.ts';
import { becomeFollower } from './roles.ts';
import { heardFromLeaderRecently } from './time.ts';
import type { NodeState } from './types.ts';

export function startPreVote(node: NodeState, ctx: StepContext): void {
  node.role = 'precandidate';
  node.leaderId = null;
  node.votes = ownVote(node);
  emitRole(node, ctx);
  resetElectionTimer(node, ctx);
  if (node.votes.length >= quorumSize(node)) {
    startElection(node, ctx, false);
    return;
  }
  askForVotes(node, ctx, 'PreVote', node.currentTerm + 1);
}

/** A pre-vote carries the term the candidate *would* use: it never changes ours. */
export function handlePreVote(node: NodeState, m: PreVote, ctx: StepContext): void {
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

export function handlePreVoteReply(node: NodeState, m: PreVoteReply, ctx: StepContext): void {
  if (!m.voteGranted) {
    if (m.term > node.currentTerm) becomeFollower(node, m.term, null, ctx);
    return;
  }
  if (node.role !== 'precandidate' || m.term !== node.currentTerm + 1) return;
  if (countVote(node, node.votes, m.from)) startElection(node, ctx, false);
}
