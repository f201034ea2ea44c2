// The exhaustive explorer (src/check/explore.ts): per search, one object per distinct server
// state and one small integer per distinct message, so that a step already taken from a server
// state is looked up instead of run again (the engine is deterministic given the server's state,
// the event and the answers to its time tests), and message sets are short sorted arrays of ids.

import { createNode, start } from '../../raft/node.ts';
import type { Outbox } from '../../raft/node.ts';
import type { Message } from '../../raft/messages.ts';
import type { NodeState, RaftSettings } from '../../raft/types.ts';

import { hash32 } from '../../raft/rng.ts';
import { type XState, messageKey, nodeKey } from './state.ts';
import type { ExploreConfig } from './types.ts';

/** What one step did to one server: its next state and the messages it sent. */
export interface NodeOutcome {
  node: NodeState;
  info: NodeInfo;
  /** Ids of the messages sent, in order (client replies left out). */
  sent: number[];
  tests: boolean[];
  asked: number;
}

export interface NodeInfo {
  /** Hash lanes of the node's canonical key (its own name left out). */
  a: number;
  b: number;
  /** Steps taken from this state, by event code and time-test answers. */
  steps: Map<number, NodeOutcome>;
  /** With symmetry reduction: a name-free signature, and the hashes under each renaming. */
  sig: number;
  renamed: Uint32Array | null;
}

/** How a message's receiver ignores it once its term has moved on (stale-reply collection). */
export const enum Staleness {
  Never = 0,
  Below = 1,
  NotAbove = 2,
  /** A request from an earlier term than its receiver's: dropped only with `dropStaleRequests`. */
  Request = 3,
}

export interface Interned {
  nodes: Map<string, NodeState>;
  info: Map<NodeState, NodeInfo>;
  msgIds: Map<string, number>;
  msg: Message[];
  msgKey: string[];
  msgA: number[];
  msgB: number[];
  msgTerm: number[];
  /** The receiver's index (servers are named S1, S2, … in order); -1 for another name. */
  msgTo: number[];
  msgStale: Staleness[];
  /** Lanes of (message, copies left), index id * 16 + left; 0 = not computed. */
  leftA: number[];
  leftB: number[];
  /** Per message id, its hashes under each renaming (symmetry reduction). */
  msgRenamed: (Uint32Array | null)[];
  sets: Map<number, { b: number; msgs: number[]; left: number[] | null }>;
  /** Name-free server signatures (symmetry reduction), numbered as first met. */
  sigs: Map<string, number>;
}

function fresh(): Interned {
  return { nodes: new Map(), info: new Map(), msgIds: new Map(), msg: [], msgKey: [], msgA: [], msgB: [], msgTerm: [], msgTo: [], msgStale: [], leftA: [], leftB: [], msgRenamed: [], sets: new Map(), sigs: new Map() };
}

export const interned: Interned = fresh();

export function resetInterned(): void {
  Object.assign(interned, fresh());
}

/** The state every search starts from (after resetInterned). */
export function initialState(config: ExploreConfig, settings: RaftSettings): XState {
  const names = Array.from({ length: config.servers }, (_, i) => `S${i + 1}`);
  const sink: Outbox = { trace: false, send: () => undefined, emit: () => undefined };
  const nodes = names.map((id) => {
    const n = createNode(id, names, 1);
    start(n, { now: 0, settings, out: sink });
    return internNode(n, id).node;
  });
  return {
    names,
    nodes,
    infos: nodes.map((n, i) => infoOf(n, names[i])),
    msgs: [],
    left: config.maxCopies > 0 ? [] : null,
    msgHash: 0,
    msgHash2: 0,
    leaders: new Map(),
    committed: [''],
    committedTerm: [0],
    applied: [''],
    crashes: 0,
    timeouts: 0,
    requests: 0,
    membership: 0,
    transfers: 0,
    hist: undefined,
  };
}

/** The one object for this server state (`n` itself when first seen), with its hashes. */
export function internNode(n: NodeState, name: string): { node: NodeState; info: NodeInfo } {
  const known = interned.info.get(n);
  if (known !== undefined) return { node: n, info: known };
  const k = nodeKey(n);
  const ik = `${name}#${k}`; // the key leaves the server's own name out
  const same = interned.nodes.get(ik);
  if (same !== undefined) return { node: same, info: interned.info.get(same) as NodeInfo };
  const info: NodeInfo = { a: hash32(k, 0x811c9dc5), b: hash32(k, 0x9e3779b9), steps: new Map(), sig: -1, renamed: null };
  interned.nodes.set(ik, n);
  interned.info.set(n, info);
  return { node: n, info };
}

export function infoOf(n: NodeState, name: string): NodeInfo {
  return internNode(n, name).info;
}

function stalenessOf(m: Message): Staleness {
  switch (m.type) {
    case 'RequestVoteReply':
    case 'AppendEntriesReply':
    case 'InstallSnapshotReply':
      return Staleness.Below;
    case 'PreVoteReply':
      return Staleness.NotAbove;
    case 'RequestVote':
    case 'PreVote':
    case 'AppendEntries':
    case 'InstallSnapshot':
    case 'TimeoutNow':
      return Staleness.Request;
    default:
      return Staleness.Never;
  }
}

/** The id of a message (by its canonical key; the first object sent with that key stands for all). */
export function internMessage(m: Message): number {
  const key = messageKey(m);
  const known = interned.msgIds.get(key);
  if (known !== undefined) return known;
  const t = interned;
  const id = t.msg.length;
  t.msgIds.set(key, id);
  t.msg.push(m);
  t.msgKey.push(key);
  t.msgA.push(hash32(key, 0x811c9dc5));
  t.msgB.push(hash32(key, 0x9e3779b9));
  t.msgTerm.push(m.term);
  t.msgTo.push(/^S[1-9]\d*$/.test(m.to) ? Number(m.to.slice(1)) - 1 : -1);
  t.msgStale.push(stalenessOf(m));
  t.msgRenamed.push(null);
  return id;
}

/** Hash lanes of a message with `left` copies left (0: the message as a member of a set). */
export function laneA(id: number, left: number): number {
  if (left === 0) return interned.msgA[id];
  const j = id * 16 + left;
  let h = interned.leftA[j];
  if (h === undefined || h === 0) {
    h = hash32(`${interned.msgKey[id]}#${left}`, 0x811c9dc5);
    interned.leftA[j] = h;
  }
  return h;
}

export function laneB(id: number, left: number): number {
  if (left === 0) return interned.msgB[id];
  const j = id * 16 + left;
  let h = interned.leftB[j];
  if (h === undefined || h === 0) {
    h = hash32(`${interned.msgKey[id]}#${left}`, 0x9e3779b9);
    interned.leftB[j] = h;
  }
  return h;
}
