// The exhaustive explorer (src/check/explore.ts): the explored state and its canonical fingerprint.

import { itemAt, lastPosition } from '../../raft/chunked.ts';
import type { Message } from '../../raft/messages.ts';
import type { LogEntry, NodeState, RaftSettings } from '../../raft/types.ts';
import { hash32 } from '../../raft/rng.ts';
import { stableStringify } from '../invariants.ts';

import type { ExploreConfig } from './types.ts';
import type { NodeInfo } from './intern.ts';

// ---------------------------------------------------------------------------------------------
// The explored state

export interface XState {
  names: string[];
  nodes: NodeState[];
  /** Per node, what is known of its state (hash lanes of its canonical key, steps taken from it): explore/intern.ts. */
  infos: NodeInfo[];
  /**
   * Every message ever sent and not yet stale, as sorted ids (explore/intern.ts): a set, a
   * delivery does not remove it.
   */
  msgs: number[];
  /** With maxCopies > 0: deliveries left, parallel to msgs; null otherwise. */
  left: number[] | null;
  /** Order-independent hash of the message set (sum of per-message hashes). */
  msgHash: number;
  msgHash2: number;
  // History variables, part of the state as in a TLA+ spec: what the checks need to judge a
  // state without its path.
  leaders: Map<number, string>;
  committed: string[];
  committedTerm: number[];
  applied: string[];
  crashes: number;
  /** Election timer firings so far (bounded by maxTimeouts). */
  timeouts: number;
  requests: number;
  membership: number;
  transfers: number;
  /** The history variables' hash, cached while they are shared with the parent. */
  hist: HistHash | undefined;
}

interface HistHash {
  leaders: Map<number, string>;
  committed: string[];
  committedTerm: number[];
  applied: string[];
  withLeaders: boolean;
  a: number;
  b: number;
}

export const TIMING = { electionTimeoutMin: 150, electionTimeoutMax: 300, heartbeatInterval: 50 };
export const NOW = 1_000;

export function settingsOf(config: ExploreConfig): RaftSettings {
  return {
    timing: TIMING,
    features: {
      preVote: config.features.preVote,
      checkQuorum: config.features.checkQuorum,
      snapshotThreshold: config.features.snapshotThreshold,
      readIndex: false,
      noopOnElection: config.features.noopOnElection,
      variant: config.variant,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Canonical keys and hashes: leave out what does not change behaviour (random-stream state,
// timestamps, message ids and envelope times, heartbeat rounds, the order of votes and of maps,
// the log's chunk layout).

export const commandKeys = new WeakMap<object, string>();

export function entryKey(e: LogEntry): string {
  if (e.kind === 'config') return `${e.term}c${(e.voters ?? []).join(',')}`;
  if (e.kind === 'noop') return `${e.term}n`;
  const c = e.command;
  if (typeof c === 'object' && c !== null) {
    let k = commandKeys.get(c);
    if (k === undefined) {
      k = stableStringify(c);
      commandKeys.set(c, k);
    }
    return `${e.term}:${k}`;
  }
  return `${e.term}:${stableStringify(c)}`;
}

export function snapshotIndexOf(n: NodeState): number {
  return n.snapshot === null ? 0 : n.snapshot.index;
}

export function logKey(n: NodeState): string {
  const parts: string[] = [];
  const last = lastPosition(n.log);
  for (let i = snapshotIndexOf(n) + 1; i <= last; i++) {
    const e = itemAt(n.log, i);
    if (e !== undefined) parts.push(entryKey(e));
  }
  return parts.join(';');
}

export function nodeKey(n: NodeState): string {
  const snap = n.snapshot === null ? '' : `${n.snapshot.index}/${n.snapshot.term}/${n.snapshot.voters.join(',')}`;
  const progress: string[] = [];
  for (const [peer, p] of [...n.progress].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    progress.push(`${peer}:${p.nextIndex}:${p.matchIndex}${p.farewell !== undefined ? 'f' : ''}`);
  }
  const c = n.catchUp;
  return [
    n.alive ? 'A' : 'D',
    n.role[0],
    n.currentTerm,
    n.votedFor ?? '-',
    n.leaderId ?? '-',
    n.commitIndex,
    n.lastApplied,
    logKey(n),
    snap,
    [...n.votes].sort().join(','),
    n.electionDeadline === null ? 'e0' : 'e1',
    n.heartbeatDue === null ? 'h0' : 'h1',
    progress.join(','),
    n.learners.join(','),
    c === null ? '' : `${c.server}:${c.roundEnd}:${c.rounds}`,
    n.transferTarget ?? '',
  ].join('|');
}

/** A renaming of the servers (symmetry reduction, explore/symmetry.ts); the identity by default. */
export type Rename = (id: string) => string;
const asIs: Rename = (id) => id;

/** Server names as a set: renamed, sorted, joined. */
export const sortedNames = (ids: readonly string[], r: Rename): string => ids.map(r).sort().join(',');

/** entryKey with a configuration entry's voters renamed and sorted (a set). */
export function entryKeyRenamed(e: LogEntry, r: Rename): string {
  return e.kind === 'config' ? `${e.term}c${sortedNames(e.voters ?? [], r)}` : entryKey(e);
}

/**
 * A message without its id and envelope times, its server names renamed by `r`. One key for the
 * plain and the renamed fingerprints: the voters a configuration entry or a snapshot carries are
 * a set, sorted in both (in the order listed they would differ between a state and a renaming).
 */
export function messageKey(m: Message, r: Rename = asIs): string {
  const head = `${m.type}|${r(m.from)}|${r(m.to)}|${m.term}`;
  switch (m.type) {
    case 'RequestVote':
    case 'PreVote':
      return `${head}|${m.lastLogIndex}|${m.lastLogTerm}${m.type === 'RequestVote' && m.transfer === true ? '|t' : ''}`;
    case 'RequestVoteReply':
    case 'PreVoteReply':
      return `${head}|${m.voteGranted ? 1 : 0}`;
    case 'AppendEntries':
      return `${head}|${m.prevLogIndex}|${m.prevLogTerm}|${m.leaderCommit}|${m.entries.map((e) => entryKeyRenamed(e, r)).join(';')}`;
    case 'AppendEntriesReply':
      return `${head}|${m.success ? 1 : 0}|${m.matchIndex}|${m.conflictIndex}|${m.conflictTerm}`;
    case 'InstallSnapshot':
      return `${head}|${m.lastIncludedIndex}|${m.lastIncludedTerm}|${sortedNames(m.snapshot.voters, r)}`;
    case 'InstallSnapshotReply':
      return `${head}|${m.matchIndex}`;
    case 'TimeoutNow':
      return head;
    case 'ClientRequest':
    case 'ClientReply':
      return `${head}|${m.client}|${m.seq}`;
  }
}

// Fingerprints are two lanes of hash32 (src/raft/rng.ts: FNV-1a with the fmix32 finish) with
// different seeds, 64 bits as TLC keeps. The finish matters here: plain FNV-1a of keys differing
// in one last character differ by ±prime, so the sums the message set is hashed by collided
// ({A granted, B refused} = {A refused, B granted}) and merged states that differ.

export function mix(h: number, v: number): number {
  h ^= v;
  h = Math.imul(h, 0x01000193);
  h ^= h >>> 15;
  return Math.imul(h, 0x2c1b3c6d) >>> 0;
}

/** The history variables without the leaders (their names are renamed under symmetry). */
export function historyHash(s: XState, withLeaders: boolean): HistHash {
  const h = s.hist;
  if (h !== undefined && h.committed === s.committed && h.committedTerm === s.committedTerm && h.applied === s.applied && h.withLeaders === withLeaders && (!withLeaders || h.leaders === s.leaders)) return h;
  let text = `${s.committed.join(';')}\n${s.committedTerm.join(',')}\n${s.applied.join(';')}`;
  if (withLeaders) text += `\n${leadersKey(s.leaders, (id) => id)}`;
  const fresh = { leaders: s.leaders, committed: s.committed, committedTerm: s.committedTerm, applied: s.applied, withLeaders, a: hash32(text, 0x811c9dc5), b: hash32(text, 0x9e3779b9) };
  s.hist = fresh;
  return fresh;
}

export function leadersKey(leaders: Map<number, string>, rename: (id: string) => string): string {
  if (leaders.size === 0) return '';
  return [...leaders].sort((x, y) => x[0] - y[0]).map(([t, id]) => `${t}:${rename(id)}`).join(',');
}

/** The state's 64-bit fingerprint, as two 32-bit lanes. */
export function fingerprint(s: XState): [number, number] {
  const h = historyHash(s, true);
  let a = mix(h.a ^ s.msgHash, s.timeouts * 0x10001 + s.crashes + 31 * (s.requests + 31 * (s.membership + 31 * (s.transfers + 31 * s.names.length))));
  let b = mix(h.b ^ s.msgHash2, s.timeouts * 0x10001 + s.crashes + 37 * (s.requests + 37 * (s.membership + 37 * (s.transfers + 37 * s.names.length))));
  for (let i = 0; i < s.infos.length; i++) {
    a = mix(a, s.infos[i].a);
    b = mix(b, s.infos[i].b);
  }
  return [a, b];
}

/** An open-addressing set of 64-bit fingerprints → state ids (no per-state garbage). */
export class FingerprintTable {
  private keys = new Uint32Array(2 << 16);
  private ids = new Int32Array(1 << 16).fill(-1);
  size = 0;

  /** The id stored for (a, b), or -1; `insert` stores `id` when absent. */
  lookup(a: number, b: number, insert: number): number {
    if (this.size * 2 >= this.ids.length) this.grow();
    const mask = this.ids.length - 1;
    let i = (a ^ Math.imul(b, 0x9e3779b1)) & mask;
    for (;;) {
      const id = this.ids[i];
      if (id === -1) {
        if (insert >= 0) {
          this.ids[i] = insert;
          this.keys[2 * i] = a;
          this.keys[2 * i + 1] = b;
          this.size++;
        }
        return -1;
      }
      if (this.keys[2 * i] === a && this.keys[2 * i + 1] === b) return id;
      i = (i + 1) & mask;
    }
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldIds = this.ids;
    this.keys = new Uint32Array(oldKeys.length * 2);
    this.ids = new Int32Array(oldIds.length * 2).fill(-1);
    this.size = 0;
    for (let i = 0; i < oldIds.length; i++) if (oldIds[i] !== -1) this.lookup(oldKeys[2 * i], oldKeys[2 * i + 1], oldIds[i]);
  }
}
