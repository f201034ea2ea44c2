// Stable storage (Figure 2: "Persistent state on all servers: updated on stable storage before
// responding to RPCs"). With a disk latency, a write takes time: the simulator's disk
// (src/sim/disk.ts) holds a server's replies until the write they follow is durable, and loses
// the writes still in flight when the server crashes. The node's side is small: what it has on
// disk (a copy of its persistent state), how much of its log that covers, and the leader's rule
// that it counts itself toward a commit only for entries on its own disk (thesis §10.2.1: the
// leader may write in parallel with replicating, but its own vote in the commit is its write).

import { copyList, itemAt, lastPosition } from './chunked.ts';
import { maybeCommit } from './commit.ts';
import type { StepContext } from './context.ts';
import { lastLogIndex } from './log.ts';
import { refreshVoters } from './logChanges.ts';
import { quorumSize } from './quorum.ts';
import { becomeLeader } from './roles.ts';
import type { NodeState, RaftLog, Snapshot } from './types.ts';

/** The persistent half of a node's state, as written to its disk. */
export interface Persistent {
  currentTerm: number;
  votedFor: string | null;
  log: RaftLog;
  snapshot: Snapshot | null;
}

/** A copy of the node's persistent state (log chunks shared: O(chunks)). */
export function persistentState(node: NodeState): Persistent {
  return { currentTerm: node.currentTerm, votedFor: node.votedFor, log: copyList(node.log), snapshot: node.snapshot };
}

function termIn(log: RaftLog, snapshot: Snapshot | null, index: number): number {
  if (snapshot !== null && index === snapshot.index) return snapshot.term;
  const e = itemAt(log, index);
  return e === undefined ? -1 : e.term;
}

/**
 * How much of the node's log the written copy `p` holds: the largest index both hold with the
 * same term (Log Matching makes that a prefix, so a binary search finds it). An index inside
 * both snapshots is held by both (committed on both). Up to the later snapshot's index, the
 * other copy agrees only if it has the snapshot's term there (Log Matching): a snapshot that
 * InstallSnapshot laid over uncommitted entries of another term does not (fuzz seed 104026,
 * where the crash that lost that write reported the restored log from the wrong index).
 */
export function storedPrefix(p: Persistent, node: NodeState): number {
  const a = p.snapshot?.index ?? 0;
  const b = node.snapshot?.index ?? 0;
  const later = a >= b ? { snap: p.snapshot, other: node.log, otherSnap: node.snapshot } : { snap: node.snapshot, other: p.log, otherSnap: p.snapshot };
  const laterAgrees = later.snap === null || termIn(later.other, later.otherSnap, later.snap.index) === later.snap.term;
  const compacted = laterAgrees ? Math.max(a, b) : Math.min(a, b);
  const same = (i: number) => i <= compacted || termIn(p.log, p.snapshot, i) === termIn(node.log, node.snapshot, i);
  let lo = 0;
  let hi = Math.min(lastPosition(p.log), lastLogIndex(node));
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (same(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The leader's own entry in the commit count (Figure 2's majority of matchIndex, itself
 * included): its last log index, or with a disk latency only what its disk holds.
 */
export function ownMatchIndex(node: NodeState): number {
  const last = lastLogIndex(node);
  return node.durableIndex === undefined ? last : Math.min(last, node.durableIndex);
}

/**
 * Whether the node's vote for itself in its current term is on its disk (always, without a disk
 * latency). The term and the vote are written together (one input, one write), so the disk's term
 * tells. A vote is persistent state, "updated on stable storage before responding" (Figure 2):
 * a candidate that led on an unwritten vote could crash, come back in the older term and win the
 * same term again with a different log (fuzz seed 12229: a one-voter cluster, slow disk).
 */
export function ownVoteWritten(node: NodeState): boolean {
  return node.durableTerm === undefined || node.durableTerm === node.currentTerm;
}

/**
 * A write finished: the disk now holds `p`. A leader may now count itself for more entries; a
 * candidate whose votes (its own now written) make a majority becomes leader.
 */
export function storageWritten(node: NodeState, p: Persistent, ctx: StepContext): void {
  node.durableIndex = storedPrefix(p, node);
  node.durableTerm = p.currentTerm;
  if (!node.alive) return;
  if (node.role === 'leader') maybeCommit(node, ctx);
  else if (node.role === 'candidate' && ownVoteWritten(node) && node.votes.length >= quorumSize(node)) becomeLeader(node, ctx);
}

/**
 * A crash (before `crash` resets the volatile state): what was not yet on the disk is gone —
 * the node comes back with the term, vote, log and snapshot of its last finished write.
 */
export function loseUnwritten(node: NodeState, durable: Persistent): void {
  node.currentTerm = durable.currentTerm;
  node.votedFor = durable.votedFor;
  node.log = copyList(durable.log);
  node.snapshot = durable.snapshot;
  refreshVoters(node);
  node.durableIndex = lastLogIndex(node);
  node.durableTerm = durable.currentTerm;
}
