// The replies of Figure 2's RPCs. Built as whole object literals (no spreads): they are the
// hottest allocation of a run.

import type { StepContext } from './context.ts';
import type { AppendEntriesReply, InstallSnapshotReply, RequestVoteReply } from './messages.ts';
import type { NodeState } from './types.ts';

export function replyVote(ctx: StepContext, node: NodeState, to: string, voteGranted: boolean): void {
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

export function replyAppend(
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

export function replySnapshot(ctx: StepContext, node: NodeState, to: string, matchIndex: number, round: number): void {
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
