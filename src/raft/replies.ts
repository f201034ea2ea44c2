// The replies of Figure 2's RPCs. Built as whole object literals (no spreads): they are the
// hottest allocation of a run.

import type { StepContext } from './context.ts';
import type { AppendEntriesReply, ClientReply, InstallSnapshotReply, RequestVoteReply } from './messages.ts';
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

/** A server answers a client (§8): `ok` with the result when it served it, else a leader hint. */
export function replyClient(
  ctx: StepContext,
  node: NodeState,
  client: string,
  seq: number,
  ok: boolean,
  result: string | null | undefined,
  leaderHint: string | null,
): void {
  const m: ClientReply = { id: 0, sentAt: 0, deliverAt: 0, type: 'ClientReply', from: node.id, to: client, term: node.currentTerm, client, seq, ok, leaderHint };
  if (result !== undefined) m.result = result;
  ctx.out.send(m);
}
