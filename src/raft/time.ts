// Every test of elapsed time the engine makes, one named function each. Raft's safety never
// depends on them; its liveness and its extensions do. Named and gathered here so that the
// exhaustive explorer (issue "Safe under every action a student can take") can resolve each
// one as a choice instead of a clock — with a fixed fake clock PreVote and §4.2.3 would refuse
// every later election, and "no violation" would mean nothing.

import type { StepContext, TimeTest } from './context.ts';
import type { NodeState, Progress } from './types.ts';

export type { TimeTest, TimeTestResolver } from './context.ts';

function decide(test: TimeTest, node: NodeState, ctx: StepContext, clock: boolean): boolean {
  return ctx.timeTests === undefined ? clock : ctx.timeTests(test, node, clock);
}

/**
 * The leader lease of PreVote (§9.6) and of the §4.2.3 vote rule: this node heard from a
 * current leader within the minimum election timeout (a leader counts as hearing itself).
 */
export function heardFromLeaderRecently(node: NodeState, ctx: StepContext): boolean {
  if (node.role === 'leader') return true;
  if (node.leaderId === null) return false; // never heard from one: no time can make it true
  return decide('heard-from-leader-recently', node, ctx, ctx.now - node.lastLeaderContact < ctx.settings.timing.electionTimeoutMin);
}

/** CheckQuorum (§6.2): an election timeout has passed since the leader last heard from a majority. */
export function checkQuorumExpired(node: NodeState, majorityHeardAt: number, ctx: StepContext): boolean {
  return decide('check-quorum-expired', node, ctx, ctx.now - majorityHeardAt >= ctx.settings.timing.electionTimeoutMax);
}

/** §3.10: the leadership transfer under way has run past its deadline (an election timeout). */
export function transferExpired(node: NodeState, ctx: StepContext): boolean {
  if (node.transferDeadline === null) return false;
  return decide('transfer-expired', node, ctx, ctx.now >= node.transferDeadline);
}

/** §4.2.1: the catch-up round that just ended took less than an election timeout. */
export function catchUpRoundFast(node: NodeState, roundStart: number, ctx: StepContext): boolean {
  return decide('catch-up-round-fast', node, ctx, ctx.now - roundStart < ctx.settings.timing.electionTimeoutMin);
}

/** A new server that has not answered for CATCH_UP_PATIENCE_TIMEOUTS election timeouts (§4.2.1). */
export const CATCH_UP_PATIENCE_TIMEOUTS = 1;

export function catchUpSilent(node: NodeState, lastHeardAt: number, ctx: StepContext): boolean {
  const clock = ctx.now - lastHeardAt >= CATCH_UP_PATIENCE_TIMEOUTS * ctx.settings.timing.electionTimeoutMax;
  return decide('catch-up-silent', node, ctx, clock);
}

/** Compaction hold-back (§5.1, see snapshot.ts): the leader heard from this follower within an election timeout. */
export function followerActive(node: NodeState, pr: Progress, ctx: StepContext): boolean {
  return decide('follower-active', node, ctx, ctx.now - pr.lastHeardAt < ctx.settings.timing.electionTimeoutMax);
}
