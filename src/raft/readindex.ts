// Linearizable reads without a log entry: ReadIndex (thesis §6.4).

import type { StepContext } from './context.ts';
import { committedOwnTerm } from './membership.ts';
import type { ClientRequest } from './messages.ts';
import { hasQuorum, isVoter } from './quorum.ts';
import { replyClient } from './replies.ts';
import { broadcastHeartbeat } from './replication.ts';
import { readKey } from './statemachine.ts';
import type { ClientOp, NodeState } from './types.ts';

export function startRead(node: NodeState, m: ClientRequest, op: Extract<ClientOp, { type: 'get' }>, ctx: StepContext): void {
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

/** 3. A voter answered a heartbeat round: it confirms the reads waiting for that round. */
export function noteReadAck(node: NodeState, from: string, round: number, ctx: StepContext): void {
  if (node.pendingReads.length === 0 || !isVoter(node, from)) return;
  for (const read of node.pendingReads) {
    if (round >= read.round && !read.acks.includes(from)) read.acks.push(from);
  }
  serveReads(node, ctx);
}

export function confirmReads(node: NodeState, ctx: StepContext): void {
  if (node.pendingReads.length > 0) serveReads(node, ctx);
}

export function serveReads(node: NodeState, ctx: StepContext): void {
  if (node.pendingReads.length === 0) return;
  const ownTerm = committedOwnTerm(node);
  const waiting = [];
  for (const read of node.pendingReads) {
    if (read.readIndex < 0 && ownTerm) read.readIndex = node.commitIndex;
    const confirmed = hasQuorum(node, read.acks);
    if (read.readIndex >= 0 && confirmed && node.lastApplied >= read.readIndex) {
      // 4. Serve once the state machine has applied at least up to the read index.
      replyClient(ctx, node, read.client, read.seq, true, readKey(node.kv, read.key), node.id);
    } else {
      waiting.push(read);
    }
  }
  node.pendingReads = waiting;
}
