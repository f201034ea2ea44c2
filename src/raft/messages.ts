// The RPCs of the paper (Figure 2) and the thesis, as flat records: the envelope (id, from,
// to, sentAt, deliverAt) and the RPC's own fields side by side, named as in the paper.

import type { ClientOp, LogEntry, Snapshot } from './types.ts';

interface Envelope {
  /** Stable id, assigned by the network when the message is sent. */
  id: number;
  from: string;
  to: string;
  term: number;
  sentAt: number;
  /** null while a manual-mode network holds the message. */
  deliverAt: number | null;
  /** The network's verdict drawn at send time: it will be lost on arrival (DESIGN.md). */
  lost?: boolean;
  /** A copy made by the network or by the user: the id of the original. */
  copyOf?: number;
}

export interface RequestVote extends Envelope {
  type: 'RequestVote';
  candidateId: string;
  lastLogIndex: number;
  lastLogTerm: number;
  /** Set when the election was started by TimeoutNow (thesis §3.10): bypasses §4.2.3. */
  transfer?: boolean;
}
export interface RequestVoteReply extends Envelope {
  type: 'RequestVoteReply';
  voteGranted: boolean;
}
/** PreVote (thesis §9.6) carries the term the candidate would use, without adopting it. */
export interface PreVote extends Envelope {
  type: 'PreVote';
  candidateId: string;
  lastLogIndex: number;
  lastLogTerm: number;
}
export interface PreVoteReply extends Envelope {
  type: 'PreVoteReply';
  voteGranted: boolean;
}
export interface AppendEntries extends Envelope {
  type: 'AppendEntries';
  leaderId: string;
  prevLogIndex: number;
  prevLogTerm: number;
  entries: readonly LogEntry[];
  leaderCommit: number;
  /** Heartbeat round, echoed in the reply (ReadIndex confirmation, thesis §6.4). */
  round: number;
}
export interface AppendEntriesReply extends Envelope {
  type: 'AppendEntriesReply';
  success: boolean;
  /** On success: the index of the last entry known to match the leader's log. */
  matchIndex: number;
  /** On failure: where the leader should retry (thesis §5.3 / the 6.824 conflict hint). */
  conflictIndex: number;
  conflictTerm: number;
  round: number;
}
export interface InstallSnapshot extends Envelope {
  type: 'InstallSnapshot';
  leaderId: string;
  lastIncludedIndex: number;
  lastIncludedTerm: number;
  snapshot: Snapshot;
  round: number;
}
export interface InstallSnapshotReply extends Envelope {
  type: 'InstallSnapshotReply';
  /** The snapshot's last index, so the leader can advance matchIndex. */
  matchIndex: number;
  round: number;
}
export interface TimeoutNow extends Envelope {
  type: 'TimeoutNow';
}
export interface ClientRequest extends Envelope {
  type: 'ClientRequest';
  client: string;
  seq: number;
  op: ClientOp;
}
export interface ClientReply extends Envelope {
  type: 'ClientReply';
  client: string;
  seq: number;
  ok: boolean;
  /** A get's value (null: key absent). */
  result?: string | null;
  /** Not the leader: who this node believes leads, if anyone. */
  leaderHint: string | null;
}

export type Message =
  | RequestVote
  | RequestVoteReply
  | PreVote
  | PreVoteReply
  | AppendEntries
  | AppendEntriesReply
  | InstallSnapshot
  | InstallSnapshotReply
  | TimeoutNow
  | ClientRequest
  | ClientReply;

export type MessageType = Message['type'];

export const MESSAGE_TYPES: readonly MessageType[] = [
  'RequestVote',
  'RequestVoteReply',
  'PreVote',
  'PreVoteReply',
  'AppendEntries',
  'AppendEntriesReply',
  'InstallSnapshot',
  'InstallSnapshotReply',
  'TimeoutNow',
  'ClientRequest',
  'ClientReply',
];

/**
 * What a node asks the network to carry: a whole message whose envelope (id, sentAt,
 * deliverAt) holds placeholders the network fills in. Building it whole keeps every message
 * of a type one object shape (the hot path of the simulator).
 */
export type Outgoing = Message;
