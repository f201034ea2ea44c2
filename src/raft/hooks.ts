// Where the thesis's extensions attach to the Figure 2 core. The core (replication, commit)
// calls these few named points; each extension adds its step here rather than as conditionals
// inside the core's handlers.

import type { StepContext } from './context.ts';
import { advanceCatchUp, afterCommitAsLeader, checkCatchUp } from './membership.ts';
import { confirmReads, noteReadAck, serveReads } from './readindex.ts';
import { maybeSnapshot } from './snapshot.ts';
import { advanceTransfer, checkTransfer } from './transfer.ts';
import type { NodeState } from './types.ts';

/** A follower answered the leader (any reply of its term): ReadIndex counts the round (§6.4). */
export function heardFrom(node: NodeState, peer: string, round: number, ctx: StepContext): void {
  noteReadAck(node, peer, round, ctx);
}

/** A follower's matchIndex/nextIndex moved: catch-up rounds (§4.2.1) and transfers (§3.10) advance. */
export function afterProgress(node: NodeState, peer: string, ctx: StepContext): void {
  advanceCatchUp(node, peer, ctx);
  advanceTransfer(node, peer, ctx);
}

/** Entries were applied: reads are served (§6.4), membership settles (§4.2.2), compaction (§5.1). */
export function afterApplied(node: NodeState, ctx: StepContext): void {
  if (node.role === 'leader') {
    serveReads(node, ctx);
    afterCommitAsLeader(node, ctx);
  }
  maybeSnapshot(node, ctx);
}

/** The leader's heartbeat timer fired, before it sends: deadlines of transfers and catch-ups. */
export function onHeartbeatTimer(node: NodeState, ctx: StepContext): void {
  checkTransfer(node, ctx);
  checkCatchUp(node, ctx);
}

/** A heartbeat round went out: a one-voter cluster confirms its pending reads at once (§6.4). */
export function afterHeartbeat(node: NodeState, ctx: StepContext): void {
  confirmReads(node, ctx);
}
