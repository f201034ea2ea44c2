// Log compaction and InstallSnapshot (thesis ch. 5; paper §7): a server snapshots its applied
// state and drops the covered log prefix; a leader sends its snapshot to a follower that needs
// entries it no longer has.

import { dropThrough, emptyList } from './chunked.ts';
import { applyCommitted, maybeCommit } from './commit.ts';
import { emitConfig, resetElectionTimer, type StepContext } from './context.ts';
import { afterProgress, heardFrom } from './hooks.ts';
import { lastLogIndex, snapshotIndex, termAt } from './log.ts';
import { refreshVoters, truncateLog, votersAt } from './logChanges.ts';
import { farewellDone } from './membership.ts';
import type { InstallSnapshot, InstallSnapshotReply } from './messages.ts';
import { mutated } from './mutations.ts';
import { replySnapshot } from './replies.ts';
import { hasEntriesFor, sendAppend } from './replication.ts';
import { copySessions } from './state.ts';
import { followerActive } from './time.ts';
import type { LogEntry, NodeState, Snapshot } from './types.ts';

export function sendSnapshot(node: NodeState, peer: string, snap: Snapshot, ctx: StepContext): void {
  ctx.out.send({
    id: 0,
    sentAt: 0,
    deliverAt: 0,
    type: 'InstallSnapshot',
    from: node.id,
    to: peer,
    term: node.currentTerm,
    leaderId: node.id,
    lastIncludedIndex: snap.index,
    lastIncludedTerm: snap.term,
    snapshot: snap,
    round: node.heartbeatRound,
  });
}

/** Thesis §5.3, InstallSnapshot receiver. */
export function handleInstallSnapshot(node: NodeState, m: InstallSnapshot, ctx: StepContext): void {
  if (m.term < node.currentTerm) {
    replySnapshot(ctx, node, m.from, 0, m.round);
    return;
  }
  node.leaderId = m.leaderId;
  node.lastLeaderContact = ctx.now;
  resetElectionTimer(node, ctx);
  const index = m.lastIncludedIndex;
  // Never go backwards: what we already committed covers an old snapshot.
  if (index > node.commitIndex) installSnapshot(node, m.snapshot, ctx);
  replySnapshot(ctx, node, m.from, index, m.round);
}

function installSnapshot(node: NodeState, snapshot: Snapshot, ctx: StepContext): void {
  const index = snapshot.index;
  if (termAt(node, index) === snapshot.term) {
    // Our log matches the snapshot's last entry: keep the entries that follow it.
    node.log = dropThrough(node.log, index);
  } else {
    if (lastLogIndex(node) > snapshotIndex(node) && ctx.out.trace) {
      truncateLog(node, snapshotIndex(node) + 1, ctx);
    }
    node.log = emptyList<LogEntry>(index);
  }
  node.snapshot = snapshot;
  refreshVoters(node);
  node.commitIndex = Math.max(node.commitIndex, index);
  node.lastApplied = index;
  node.kv = new Map(snapshot.state);
  node.sessions = copySessions(snapshot.sessions);
  if (ctx.out.trace) {
    ctx.out.emit({ type: 'snapshot', at: ctx.now, node: node.id, index, term: snapshot.term, voters: snapshot.voters.slice() });
    ctx.out.emit({ type: 'commit', at: ctx.now, node: node.id, commitIndex: node.commitIndex });
  }
  emitConfig(node, ctx);
  applyCommitted(node, ctx);
}

/** The leader's side: the follower now holds everything up to the snapshot. */
export function handleInstallSnapshotReply(node: NodeState, m: InstallSnapshotReply, ctx: StepContext): void {
  if (m.term < node.currentTerm) return;
  const pr = node.progress.get(m.from);
  if (pr === undefined) return;
  pr.lastHeardAt = ctx.now;
  heardFrom(node, m.from, m.round, ctx);
  if (farewellDone(node, m.from, m.round, m.matchIndex)) return;
  const advanced = m.matchIndex > pr.matchIndex;
  if (advanced) pr.matchIndex = m.matchIndex;
  if (pr.nextIndex < pr.matchIndex + 1) pr.nextIndex = pr.matchIndex + 1;
  maybeCommit(node, ctx);
  if (node.role !== 'leader') return;
  afterProgress(node, m.from, ctx);
  // As for AppendEntries replies: only a reply that advanced the follower sends more.
  if ((advanced || mutated('reply-always-resends')) && hasEntriesFor(node, pr)) sendAppend(node, m.from, ctx);
}

/** Compaction (thesis §5.1): snapshot the applied state and discard the covered log prefix. */
export function maybeSnapshot(node: NodeState, ctx: StepContext): void {
  const threshold = ctx.settings.features.snapshotThreshold;
  // Compact once the entries applied since the last snapshot *exceed* the threshold (issue #5's
  // rule, docs/extensions.md): with threshold N the log holds up to N applied entries.
  if (threshold <= 0 || node.lastApplied - snapshotIndex(node) <= threshold) return;
  if (node.role === 'leader' && node.lastApplied - snapshotIndex(node) <= 2 * threshold) {
    // Paper §7 / thesis §5.1: InstallSnapshot is for followers that lag behind; "a follower that
    // has kept up with the leader would already have this entry". Compacting the moment an entry
    // commits would discard entries still on their way to the followers that have not acked them
    // yet, sending healthy followers whole snapshots. So the leader waits until every follower
    // it heard from within an election timeout has them — at most up to twice the threshold,
    // so a slow follower cannot stall compaction.
    for (const pr of node.progress.values()) {
      if (pr.matchIndex < node.lastApplied && followerActive(node, pr, ctx)) return;
    }
  }
  const index = node.lastApplied;
  node.snapshot = {
    index,
    term: termAt(node, index),
    state: new Map(node.kv),
    sessions: copySessions(node.sessions),
    voters: votersAt(node, index),
  };
  node.log = dropThrough(node.log, index);
  if (ctx.out.trace) {
    ctx.out.emit({ type: 'snapshot', at: ctx.now, node: node.id, index, term: node.snapshot.term, voters: node.snapshot.voters.slice() });
  }
}
