// Log replication (Figure 2, AppendEntries; §5.3): the leader's side — sending, heartbeats,
// handling replies with fast backtracking — and the follower's consistency check.

import { sliceItems } from './chunked.ts';
import { maybeCommit, setCommitIndex } from './commit.ts';
import { resetElectionTimer, type StepContext } from './context.ts';
import { afterHeartbeat, afterProgress, heardFrom, onHeartbeatTimer } from './hooks.ts';
import { firstIndexOfTerm, lastIndexOfTerm, lastLogIndex, snapshotIndex, termAt } from './log.ts';
import { appendToLog, truncateLog } from './logChanges.ts';
import { farewellDone } from './membership.ts';
import type { AppendEntries, AppendEntriesReply } from './messages.ts';
import { replyAppend } from './replies.ts';
import { maybeSnapshot, sendSnapshot } from './snapshot.ts';
import { mutated } from './mutations.ts';
import type { LogEntry, NodeState, Progress } from './types.ts';
import { truncatesAlways } from './variants.ts';

/** At most this many entries per AppendEntries, so a far-behind follower catches up in batches. */
export const MAX_ENTRIES_PER_APPEND = 64;

/** Figure 2, "Leaders": send `peer` the entries from its nextIndex (or the snapshot, §5). */
export function sendAppend(node: NodeState, peer: string, ctx: StepContext): void {
  const pr = node.progress.get(peer);
  if (pr === undefined) return;
  const snap = node.snapshot;
  if (snap !== null && pr.nextIndex <= snap.index) {
    // The entries this follower needs were compacted away: send the snapshot instead.
    sendSnapshot(node, peer, snap, ctx);
    return;
  }
  const prevLogIndex = pr.nextIndex - 1;
  const last = Math.min(lastLogIndex(node), prevLogIndex + MAX_ENTRIES_PER_APPEND);
  ctx.out.send({
    id: 0,
    sentAt: 0,
    deliverAt: 0,
    type: 'AppendEntries',
    from: node.id,
    to: peer,
    term: node.currentTerm,
    leaderId: node.id,
    prevLogIndex,
    prevLogTerm: termAt(node, prevLogIndex),
    entries: prevLogIndex < last ? sliceItems(node.log, prevLogIndex + 1, last) : [],
    leaderCommit: node.commitIndex,
    round: node.heartbeatRound,
  });
}

/** Figure 2, "Leaders": "if last log index ≥ nextIndex for a follower" — it has entries to be sent. */
export function hasEntriesFor(node: NodeState, pr: Progress): boolean {
  return lastLogIndex(node) >= pr.nextIndex;
}

/** The follower holds the leader's whole log (a transfer's target may now be told to campaign, §3.10). */
export function holdsWholeLog(node: NodeState, pr: Progress): boolean {
  return pr.matchIndex >= lastLogIndex(node);
}

/** Figure 2, "Leaders": heartbeats (AppendEntries to every peer) each heartbeat interval. */
export function broadcastHeartbeat(node: NodeState, ctx: StepContext): void {
  node.heartbeatRound += 1;
  for (const peer of node.progress.keys()) sendAppend(node, peer, ctx);
  node.heartbeatDue = ctx.now + ctx.settings.timing.heartbeatInterval;
  if (ctx.out.trace) {
    ctx.out.emit({ type: 'timer', at: ctx.now, node: node.id, kind: 'heartbeat', deadline: node.heartbeatDue });
  }
  afterHeartbeat(node, ctx);
}

export function heartbeatTimerFired(node: NodeState, ctx: StepContext): void {
  if (!node.alive || node.role !== 'leader') return;
  onHeartbeatTimer(node, ctx);
  broadcastHeartbeat(node, ctx);
}

/** A leader appends a new entry of its term and sends it to the followers that are caught up. */
export function leaderAppend(node: NodeState, entry: LogEntry, ctx: StepContext): void {
  appendToLog(node, [entry], ctx);
  for (const [peer, pr] of node.progress) {
    // Followers that were caught up (the new entry is the only one they lack) get it now;
    // others are being repaired and get it with the reply that advances them.
    if (pr.nextIndex === lastLogIndex(node)) sendAppend(node, peer, ctx);
  }
  maybeCommit(node, ctx);
}

/** Figure 2, AppendEntries receiver: the consistency check, then rules 3–5. */
export function handleAppendEntries(node: NodeState, m: AppendEntries, ctx: StepContext): void {
  // 1. Reply false if term < currentTerm.
  if (m.term < node.currentTerm) {
    replyAppend(ctx, node, m.from, false, 0, 0, 0, m.round);
    return;
  }
  node.leaderId = m.leaderId;
  node.lastLeaderContact = ctx.now;
  resetElectionTimer(node, ctx);

  let prevLogIndex = m.prevLogIndex;
  let entries = m.entries;
  const snapIndex = snapshotIndex(node);
  // 2. Reply false if the log has no entry at prevLogIndex whose term matches prevLogTerm.
  if (prevLogIndex > lastLogIndex(node)) {
    replyAppend(ctx, node, m.from, false, 0, lastLogIndex(node) + 1, 0, m.round);
    return;
  }
  if (prevLogIndex < snapIndex) {
    // Entries up to the snapshot are committed, hence identical to the leader's: skip them.
    entries = entries.slice(Math.min(entries.length, snapIndex - prevLogIndex));
    prevLogIndex = snapIndex;
  } else if (termAt(node, prevLogIndex) !== m.prevLogTerm) {
    const conflictTerm = termAt(node, prevLogIndex);
    replyAppend(ctx, node, m.from, false, 0, firstIndexOfTerm(node, prevLogIndex), conflictTerm, m.round);
    return;
  }

  if (truncatesAlways(ctx.settings)) {
    // Broken on purpose: drop everything after prevLogIndex, even entries that match.
    truncateLog(node, prevLogIndex + 1, ctx);
    appendToLog(node, entries, ctx);
  } else {
    // 3. If an existing entry conflicts with a new one (same index, different term), delete
    //    it and all that follow. 4. Append any new entries not already in the log. A
    //    matching or stale message never truncates (it may arrive late or twice).
    const last = lastLogIndex(node);
    let i = 0;
    for (; i < entries.length; i++) {
      const index = prevLogIndex + 1 + i;
      if (index > last) break;
      if (termAt(node, index) !== entries[i].term) {
        truncateLog(node, index, ctx);
        break;
      }
    }
    if (i < entries.length) appendToLog(node, entries.slice(i), ctx);
  }
  if (node.commitIndex > lastLogIndex(node)) node.commitIndex = lastLogIndex(node); // only broken variants

  // 5. If leaderCommit > commitIndex, commitIndex = min(leaderCommit, index of last new entry).
  const lastNew = prevLogIndex + entries.length;
  if (m.leaderCommit > node.commitIndex) {
    const next = Math.min(m.leaderCommit, lastNew);
    if (next > node.commitIndex) setCommitIndex(node, next, ctx);
  }
  replyAppend(ctx, node, m.from, true, lastNew, 0, 0, m.round);
}

/**
 * Where to retry after a rejection, by the follower's conflict hint: one round trip per term
 * instead of per entry (thesis §5.3; the 6.824 optimisation). Figure 2's plain rule —
 * "decrement nextIndex and retry" — is the option `conflictHint: false`.
 */
function hintedNextIndex(node: NodeState, m: AppendEntriesReply): number {
  let next = m.conflictIndex;
  if (m.conflictTerm > 0) {
    const last = lastIndexOfTerm(node, m.conflictTerm);
    if (last > 0) next = last + 1;
  }
  return next;
}

/** Figure 2, "Leaders": on success update nextIndex and matchIndex; on failure back nextIndex off. */
export function handleAppendEntriesReply(node: NodeState, m: AppendEntriesReply, ctx: StepContext): void {
  if (m.term < node.currentTerm) return; // stale: from an earlier term
  const pr = node.progress.get(m.from);
  if (pr === undefined) return;
  pr.lastHeardAt = ctx.now;
  heardFrom(node, m.from, m.round, ctx);
  if (m.success) {
    if (farewellDone(node, m.from, m.round, m.matchIndex)) return;
    // matchIndex only grows: a stale or duplicated reply cannot move it backwards.
    const advanced = m.matchIndex > pr.matchIndex;
    if (advanced) {
      pr.matchIndex = m.matchIndex;
      if (pr.matchIndex > node.commitIndex) maybeCommit(node, ctx);
      if (node.role !== 'leader') return;
      maybeSnapshot(node, ctx); // a compaction waiting for this follower (see maybeSnapshot)
    }
    if (pr.nextIndex < pr.matchIndex + 1) pr.nextIndex = pr.matchIndex + 1;
    afterProgress(node, m.from, ctx);
    // Send more only on a reply that advanced the follower: a duplicated or late reply with
    // the same matchIndex would start a second AppendEntries chain that keeps itself alive
    // under load. Anything it leaves unsent goes with the next heartbeat.
    const resend = mutated('reply-always-resends') && m.matchIndex >= pr.nextIndex - 1;
    if ((advanced || resend) && hasEntriesFor(node, pr)) sendAppend(node, m.from, ctx);
    return;
  }
  if (m.conflictIndex === 0) return; // not a log mismatch: nothing to learn
  const next = ctx.settings.features.conflictHint === false ? pr.nextIndex - 1 : hintedNextIndex(node, m);
  // Only ever move back, and never below what is known to match (stale replies are harmless).
  // Retry at once only when nextIndex did move back: a stale or duplicated rejection then costs
  // nothing, and a follower that cannot be repaired (the broken variants) is retried once per
  // heartbeat instead of in an endless reject/resend loop (as etcd does).
  const before = pr.nextIndex;
  pr.nextIndex = Math.max(pr.matchIndex + 1, Math.min(next, pr.nextIndex));
  if (pr.nextIndex < before) sendAppend(node, m.from, ctx);
}
