// Leadership transfer (thesis §3.10): the leader stops taking requests, brings the target's
// log up to date, then sends it TimeoutNow so it starts an election at once.

import type { StepContext } from './context.ts';
import { startElection } from './election.ts';
import { lastLogIndex } from './log.ts';
import type { TimeoutNow } from './messages.ts';
import { isVoter } from './quorum.ts';
import { holdsWholeLog, sendAppend } from './replication.ts';
import { transferExpired } from './time.ts';
import { mutated } from './mutations.ts';
import type { NodeState } from './types.ts';

export function transferLeadership(node: NodeState, target: string, ctx: StepContext): void {
  node.transferTarget = target;
  node.transferDeadline = ctx.now + ctx.settings.timing.electionTimeoutMax;
  advanceTransfer(node, target, ctx);
  const pr = node.progress.get(target);
  if (node.transferTarget !== null && pr !== undefined && !holdsWholeLog(node, pr)) {
    sendAppend(node, target, ctx);
  }
}

/** The target acknowledged more: once it holds the whole log, tell it to campaign. */
export function advanceTransfer(node: NodeState, peer: string, ctx: StepContext): void {
  if (node.transferTarget !== peer) return;
  const pr = node.progress.get(peer);
  if (pr === undefined || !holdsWholeLog(node, pr)) return;
  sendTimeoutNow(node, peer, ctx);
}

/** On the leader's heartbeat timer: abort a transfer that has not happened within an election timeout. */
export function checkTransfer(node: NodeState, ctx: StepContext): void {
  if (node.transferTarget !== null && transferExpired(node, ctx)) endTransfer(node);
}

export function endTransfer(node: NodeState): void {
  node.transferTarget = null;
  node.transferDeadline = null;
}

export function sendTimeoutNow(node: NodeState, peer: string, ctx: StepContext): void {
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

/**
 * The target starts an election at once — unless it is no voter of its latest configuration (a
 * learner, or being removed): the thesis is silent; like etcd, raftlab ignores it, for such a
 * server must not lead.
 */
export function handleTimeoutNow(node: NodeState, m: TimeoutNow, ctx: StepContext): void {
  if (m.term === node.currentTerm && node.role === 'follower' && (isVoter(node, node.id) || mutated('obey-timeout-now-as-non-voter'))) startElection(node, ctx, true);
}

/** The first voter (in configuration order) that holds the leader's whole log, or null. */
export function caughtUpVoter(node: NodeState): string | null {
  const last = lastLogIndex(node);
  for (const v of node.voters) {
    if (v !== node.id && (node.progress.get(v)?.matchIndex ?? 0) >= last) return v;
  }
  return null;
}
