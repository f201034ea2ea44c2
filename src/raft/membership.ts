// Membership changes, one server at a time (thesis ch. 4): catching a new server up as a
// learner (§4.2.1), removing servers and the leader that removes itself (§4.2.2), who may
// campaign while a change is in flight, and the farewell that tells a removed server.

import { stopElectionTimer, emitConfig, NEVER, type StepContext } from './context.ts';
import { lastLogIndex, termAt } from './log.ts';
import { votersAt } from './logChanges.ts';
import type { Message } from './messages.ts';
import { isVoter } from './quorum.ts';
import { leaderAppend, sendAppend } from './replication.ts';
import { becomeFollower } from './roles.ts';
import { catchUpRoundFast, catchUpSilent } from './time.ts';
import { caughtUpVoter, endTransfer, sendTimeoutNow } from './transfer.ts';
import { mutated } from './mutations.ts';
import type { NodeState } from './types.ts';

/** A new server gets this many catch-up rounds before the change is abandoned (thesis §4.2.1). */
export const MAX_CATCH_UP_ROUNDS = 10;

export type ChangeRefusal = string;

/** Has the leader committed an entry of its own term? (§4.1's later fix; ReadIndex step 1.) */
export function committedOwnTerm(node: NodeState): boolean {
  return termAt(node, node.commitIndex) === node.currentTerm;
}

/** Why a configuration change cannot start now, or null when it can. */
export function configChangeRefusal(node: NodeState): ChangeRefusal | null {
  if (!node.alive || node.role !== 'leader') return 'there is no live leader to make the change';
  if (node.votersIndex > node.commitIndex) {
    return 'a configuration change is still uncommitted (one change at a time, thesis §4.1)';
  }
  if (node.catchUp !== null) return `server ${node.catchUp.server} is still being caught up`;
  if (!committedOwnTerm(node)) {
    return 'the new leader has not yet committed an entry of its term (thesis §4.1, the later fix)';
  }
  return null;
}

/**
 * Thesis §4.2.2: a server campaigns (and pre-votes) while its latest configuration names it a
 * voter — and also while that configuration is not yet committed and the one before it names
 * it, since "it might still be needed until the C_new entry is committed": a server removed by
 * an entry that only it received must still be able to lead the old majority to commit it.
 * Learners and servers whose removal they know to be committed stay quiet.
 */
export function mayCampaign(node: NodeState): boolean {
  if (isVoter(node, node.id)) return true;
  if (mutated('removed-server-never-campaigns')) return false;
  return node.votersIndex > node.commitIndex && votersAt(node, node.votersIndex - 1).includes(node.id);
}

/** Starts adding `server`: it joins as a learner and is caught up in rounds (§4.2.1). */
export function addServer(node: NodeState, server: string, ctx: StepContext): void {
  node.learners.push(server);
  node.progress.set(server, { nextIndex: lastLogIndex(node) + 1, matchIndex: 0, lastHeardAt: ctx.now });
  node.catchUp = { server, roundEnd: lastLogIndex(node), roundStart: ctx.now, rounds: 1 };
  emitConfig(node, ctx);
  sendAppend(node, server, ctx);
}

export function removeServer(node: NodeState, server: string, ctx: StepContext): void {
  // Removing the transfer target aborts the transfer (raftlab's rule beside §3.10; etcd alike):
  // a server on its way out must not be told to lead, and the leader takes requests again.
  if (node.transferTarget === server && !mutated('keep-transfer-to-removed-target')) endTransfer(node);
  const voters = node.voters.filter((v) => v !== server);
  // The removed server keeps getting entries until it knows the change committed, so it does
  // not campaign (§4.2.3); pruneProgress and farewellDone forget it afterwards.
  leaderAppend(node, { term: node.currentTerm, command: null, kind: 'config', voters }, ctx);
}

/** The leader applied entries: after a configuration commits, the membership bookkeeping. */
export function afterCommitAsLeader(node: NodeState, ctx: StepContext): void {
  pruneProgress(node);
  // Thesis §4.2.2: a leader that is not in the committed configuration steps down — and
  // hands over first (§3.10: "it may be removed from the cluster … this brief unavailability
  // can be avoided by having the leader transfer its leadership"), so the others need not
  // wait out an election timeout.
  if (!isVoter(node, node.id) && node.votersIndex <= node.commitIndex) {
    const successor = caughtUpVoter(node);
    if (successor !== null) sendTimeoutNow(node, successor, ctx);
    becomeFollower(node, node.currentTerm, null, ctx);
    stopElectionTimer(node, ctx);
  }
}

/**
 * After a configuration commits, servers it no longer names get one farewell: the leader keeps
 * replicating to them until one acknowledges an AppendEntries sent after the commit that holds
 * the configuration entry — its commitIndex then covers C_new, so it knows it was removed and
 * stops campaigning (mayCampaign); then the leader forgets it. A removed server that never
 * hears this may campaign again later (thesis §4.2.3; PreVote and CheckQuorum contain it).
 */
function pruneProgress(node: NodeState): void {
  if (node.votersIndex > node.commitIndex || node.progress.size <= node.voters.length - 1 + node.learners.length) return;
  for (const [peer, pr] of node.progress) {
    if (pr.farewell === undefined && !node.voters.includes(peer) && !node.learners.includes(peer)) {
      // Messages of later heartbeat rounds all carry a leaderCommit ≥ votersIndex.
      pr.farewell = { round: node.heartbeatRound + 1, index: node.votersIndex };
    }
  }
}

/**
 * A removed server answered the farewell with a higher term (it campaigned while cut off): it
 * will not take our entries, so stop telling it. Its term says nothing about the cluster it
 * left — no candidate of the committed configuration asks it for a vote — so the leader does
 * not adopt it; stepping down here would let a removed server depose a working leader, which
 * §4.2.3 sets out to prevent.
 */
export function farewellRefused(node: NodeState, m: Message): boolean {
  if (node.role !== 'leader' || (m.type !== 'AppendEntriesReply' && m.type !== 'InstallSnapshotReply')) return false;
  if (node.progress.get(m.from)?.farewell === undefined) return false;
  node.progress.delete(m.from);
  return true;
}

/** A removed server acknowledged a message that told it its removal committed: forget it. */
export function farewellDone(node: NodeState, peer: string, round: number, matchIndex: number): boolean {
  const f = node.progress.get(peer)?.farewell;
  if (f === undefined || round < f.round || matchIndex < f.index) return false;
  node.progress.delete(peer);
  return true;
}

/** The learner being caught up acknowledged more: end its round, and maybe make it a voter. */
export function advanceCatchUp(node: NodeState, peer: string, ctx: StepContext): void {
  const c = node.catchUp;
  if (c === null || c.server !== peer) return;
  const pr = node.progress.get(peer);
  if (pr === undefined || pr.matchIndex < c.roundEnd) return;
  // A round ends when the learner has what the leader had at its start. If that round took
  // less than an election timeout, the learner is close enough to join as a voter.
  if (catchUpRoundFast(node, c.roundStart, ctx)) {
    node.catchUp = null;
    node.learners = node.learners.filter((l) => l !== peer);
    leaderAppend(node, { term: node.currentTerm, command: null, kind: 'config', voters: [...node.voters, peer] }, ctx);
    return;
  }
  if (c.rounds >= MAX_CATCH_UP_ROUNDS) {
    abortCatchUp(node, 'slow', ctx);
    return;
  }
  node.catchUp = { server: peer, roundEnd: lastLogIndex(node), roundStart: ctx.now, rounds: c.rounds + 1 };
}

/** On the leader's heartbeat timer: give up on a new server that has gone silent (§4.2.1). */
export function checkCatchUp(node: NodeState, ctx: StepContext): void {
  const c = node.catchUp;
  if (c === null || mutated('catch-up-never-aborts')) return;
  if (catchUpSilent(node, node.progress.get(c.server)?.lastHeardAt ?? NEVER, ctx)) abortCatchUp(node, 'silent', ctx);
}

/**
 * Thesis §4.2.1: give up on a new server that is unavailable ('silent') or so slow it would
 * never catch up ('slow'). It leaves the configuration it never joined; the leader takes the
 * next change at once, and the same name may be added again.
 */
function abortCatchUp(node: NodeState, reason: 'silent' | 'slow', ctx: StepContext): void {
  const c = node.catchUp;
  if (c === null) return;
  const server = c.server;
  node.catchUp = null;
  node.learners = node.learners.filter((l) => l !== server);
  node.progress.delete(server);
  if (ctx.out.trace) ctx.out.emit({ type: 'catch-up-aborted', at: ctx.now, node: node.id, server, reason });
  emitConfig(node, ctx);
}
