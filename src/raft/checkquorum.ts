// CheckQuorum (thesis §6.2) and the vote rule of §4.2.3, which etcd and raftlab apply together:
// a leader that has not heard from a majority for an election timeout steps down, and a server
// that heard from a current leader recently ignores a RequestVote of a higher term, so neither a
// partitioned leader nor a removed server keeps or takes the cluster from a working majority.

import { NEVER, type StepContext } from './context.ts';
import type { RequestVote } from './messages.ts';
import { majorityValue } from './quorum.ts';
import { becomeFollower } from './roles.ts';
import { checkQuorumExpired, heardFromLeaderRecently } from './time.ts';
import type { NodeState } from './types.ts';

/** The leader's election timer fired: with CheckQuorum, check it still hears from a majority. */
export function checkQuorum(node: NodeState, ctx: StepContext): void {
  if (!ctx.settings.features.checkQuorum) {
    node.electionDeadline = null;
    return;
  }
  // §6.2: step down once an election timeout has passed since the leader last heard from a
  // majority — the quorum-th most recent contact, itself counting as now. The next check is due
  // exactly when that contact expires (checking only every `window` ms let an isolated leader
  // linger for up to two election timeouts).
  const majorityHeardAt =
    majorityValue(node, (voter) => (voter === node.id ? ctx.now : (node.progress.get(voter)?.lastHeardAt ?? NEVER))) ?? NEVER;
  if (checkQuorumExpired(node, majorityHeardAt, ctx)) {
    becomeFollower(node, node.currentTerm, null, ctx);
    return;
  }
  node.electionDeadline = majorityHeardAt + ctx.settings.timing.electionTimeoutMax;
  if (ctx.out.trace) {
    ctx.out.emit({ type: 'timer', at: ctx.now, node: node.id, kind: 'election', deadline: node.electionDeadline });
  }
}

/**
 * Thesis §4.2.3: a server that heard from a current leader within the minimum election
 * timeout ignores a RequestVote of a higher term — removed servers cannot depose a working
 * leader. Applied with CheckQuorum on (as etcd does); a leadership transfer bypasses it.
 */
export function ignoresDisruptiveVote(node: NodeState, m: RequestVote, ctx: StepContext): boolean {
  if (!ctx.settings.features.checkQuorum || m.transfer === true) return false;
  return heardFromLeaderRecently(node, ctx);
}
