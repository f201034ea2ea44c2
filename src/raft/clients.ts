// Client interaction (paper §8, thesis ch. 6): the leader appends commands; client sessions
// make retried commands apply once (§6.3); reads go through the log, or ReadIndex (§6.4).

import type { StepContext } from './context.ts';
import { lastLogIndex } from './log.ts';
import type { ClientRequest } from './messages.ts';
import { startRead } from './readindex.ts';
import { leaderAppend } from './replication.ts';
import { replyClient } from './replies.ts';
import { readKey } from './statemachine.ts';
import type { NodeState } from './types.ts';
import { readsLocally } from './variants.ts';

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

function clientReply(node: NodeState, ctx: StepContext, m: ClientRequest, ok: boolean, result?: string | null): void {
  const hint = ok ? node.id : node.role === 'leader' ? node.transferTarget : node.leaderId;
  replyClient(ctx, node, m.client, m.seq, ok, result, hint);
}

export function handleClientRequest(node: NodeState, m: ClientRequest, ctx: StepContext): void {
  // Only a leader serves, and not while it hands over (§3.10).
  if (node.role !== 'leader' || node.transferTarget !== null) {
    clientReply(node, ctx, m, false);
    return;
  }
  const op = m.op;
  if (op.type === 'get') {
    if (readsLocally(ctx.settings)) {
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
