// Role changes (Figure 2, "Rules for Servers"): following a higher term, and taking office.

import { maybeCommit } from './commit.ts';
import { emitRole, resetElectionTimer, type StepContext } from './context.ts';
import { lastLogIndex } from './log.ts';
import { appendToLog } from './logChanges.ts';
import { broadcastHeartbeat } from './replication.ts';
import { resetLeaderState } from './state.ts';
import type { NodeState } from './types.ts';

/**
 * Figure 2, "All servers": a message with a higher term makes us adopt it and follow.
 * votedFor is cleared only when the term changes (one vote per term).
 */
export function becomeFollower(node: NodeState, term: number, leaderId: string | null, ctx: StepContext): void {
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
    resetLeaderState(node);
    if (ctx.out.trace) ctx.out.emit({ type: 'timer', at: ctx.now, node: node.id, kind: 'heartbeat', deadline: null });
  }
  if (changed) emitRole(node, ctx);
  if (wasLeader || node.electionDeadline === null) resetElectionTimer(node, ctx);
}

/** Figure 2, "Leaders": on election, initialise nextIndex and matchIndex, then heartbeat at once. */
export function becomeLeader(node: NodeState, ctx: StepContext): void {
  node.role = 'leader';
  node.leaderId = node.id;
  node.votes = [];
  resetLeaderState(node);
  const next = lastLogIndex(node) + 1;
  for (const peer of node.voters) {
    if (peer !== node.id) node.progress.set(peer, { nextIndex: next, matchIndex: 0, lastHeardAt: ctx.now });
  }
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
