// One Raft server as a deterministic state machine (Ongaro & Ousterhout 2014, Figure 2, and
// Ongaro's thesis): the front door of src/raft. The caller owns the state and hands in each
// input — a message, a timer that fired, a client command — with the current simulated time;
// the node mutates its state and reports everything it wants done (messages to send, what
// happened) through an Outbox. No timers, no clocks, no global randomness: the node's own PRNG
// stream lives in its state.
//
// The files follow the paper (docs/figure2.md maps every rule to its function):
//   step.ts         receive → stepLeader / stepCandidate / stepFollower; the timers (etcd's Step)
//   roles.ts        becoming follower or leader            election.ts   RequestVote, candidates
//   replication.ts  AppendEntries, both sides               commit.ts     commitIndex, applying
//   quorum.ts       majorities of the configuration         clients.ts    requests, sessions
//   state.ts        creating, crashing, restarting, copying logChanges.ts appending, truncating
//   time.ts         every test of elapsed time, by name     variants.ts   the broken Rafts
//   storage.ts      stable storage with a disk latency (the disk itself: src/sim/disk.ts)
// and one file per extension of the thesis, attached at the named points of hooks.ts:
//   prevote.ts (§9.6)  checkquorum.ts (§6.2, §4.2.3)  snapshot.ts (ch. 5)  membership.ts (ch. 4)
//   transfer.ts (§3.10)  readindex.ts (§6.4)

export type { Outbox, StepContext } from './context.ts';
export type { TimeTest, TimeTestResolver } from './time.ts';
export { CATCH_UP_PATIENCE_TIMEOUTS } from './time.ts';
export { createNode, start, crash, restart, copyNode, type InitialState } from './state.ts';
export { receive, electionTimerFired, forceTimeout } from './step.ts';
export { heartbeatTimerFired, MAX_ENTRIES_PER_APPEND } from './replication.ts';
export { propose, type ProposeOutcome } from './clients.ts';
export {
  addServer,
  removeServer,
  configChangeRefusal,
  mayCampaign,
  MAX_CATCH_UP_ROUNDS,
  type ChangeRefusal,
} from './membership.ts';
export { transferLeadership } from './transfer.ts';

import type { NodeState, Role } from './types.ts';

export function roleOf(node: NodeState): Role {
  return node.role;
}
