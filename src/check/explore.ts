// A bounded model checker over the engine itself (issue "Safe under every action a student can
// take"): every state of a small cluster reachable within bounds by every choice of the next
// event — deliver any message in flight, fire any server's election or heartbeat timer, crash
// or restart a server, a client request, a membership change, a leadership transfer — with time
// abstracted away: a timer firing is a choice, and so is every test of elapsed time the engine
// makes (src/raft/time.ts), resolved both ways.
//
// As TLC, Stateright and DSLabs' search tests do: breadth-first, states deduplicated by a
// canonical hash, so the first counterexample found is a shortest one. Messages form a set: a
// delivered message stays deliverable (duplication and reordering without unbounded copies;
// dropping a message adds no reachable state for safety).

import { crash, createNode, propose, receive, restart, start, electionTimerFired, heartbeatTimerFired, addServer, removeServer, transferLeadership, configChangeRefusal } from '../raft/node.ts';
import type { Outbox, StepContext, TimeTest } from '../raft/node.ts';
import { itemAt, lastPosition } from '../raft/chunked.ts';
import type { Message, Outgoing } from '../raft/messages.ts';
import type { LogEntry, NodeState, RaftSettings, Variant } from '../raft/types.ts';
import { copyNode } from '../raft/node.ts';
import { stableStringify } from './invariants.ts';
import type { PropertyId } from './invariants.ts';

export const EXPLORE_ACTIONS = ['deliver', 'timeout', 'heartbeat', 'crash', 'restart', 'request', 'add', 'remove', 'transfer'] as const;
export type ExploreAction = (typeof EXPLORE_ACTIONS)[number];

export interface ExploreFeatures {
  preVote: boolean;
  checkQuorum: boolean;
  /** Entries applied beyond the last snapshot before a server compacts; 0 = off. */
  snapshotThreshold: number;
  noopOnElection: boolean;
}

export interface ExploreConfig {
  servers: number;
  /** Longest path explored (events from the initial state). */
  depth: number;
  /** States with a term above this are checked but not expanded. */
  maxTerm: number;
  /** States with a log longer than this (entries) are checked but not expanded. */
  maxLog: number;
  maxCrashes: number;
  maxRequests: number;
  /** addServer + removeServer, in all. */
  maxMembership: number;
  maxTransfers: number;
  actions: readonly ExploreAction[];
  variant: Variant | 'none';
  features: ExploreFeatures;
  /** Stop after this many distinct states (the search then reports the bound it stopped at). */
  maxStates: number;
  /**
   * How many times one sent message may be delivered: 0 = without limit (messages form a set; a
   * delivered message stays deliverable, which models duplication), 1 = at most once (no
   * duplication), k = up to k copies.
   */
  maxCopies: number;
}

export const DEFAULT_EXPLORE: ExploreConfig = {
  servers: 3,
  depth: 10,
  maxTerm: 2,
  maxLog: 2,
  maxCrashes: 1,
  maxRequests: 1,
  maxMembership: 0,
  maxTransfers: 0,
  actions: ['deliver', 'timeout', 'heartbeat', 'crash', 'restart', 'request'],
  variant: 'none',
  features: { preVote: false, checkQuorum: false, snapshotThreshold: 0, noopOnElection: false },
  maxStates: 2_000_000,
  maxCopies: 0,
};

/** One event of a path: what happened, to whom, and how the time tests it asked were answered. */
export type ExploreEvent =
  | { kind: 'deliver'; message: Message }
  | { kind: 'timeout' | 'heartbeat' | 'crash' | 'restart' | 'request' | 'remove' | 'transfer' | 'add'; node: string };
export type ExploreStep = ExploreEvent & { tests: boolean[] };

export interface ExploreViolation {
  property: PropertyId;
  message: string;
  /** The shortest path from the initial state to the violating state. */
  path: ExploreStep[];
}

export interface ExploreCoverage {
  maxTerm: number;
  /** Terms in which some server became leader. */
  termsWithLeader: number;
  /** Highest index committed by a leader in any state. */
  maxCommitted: number;
  configChanges: number;
  snapshots: number;
  transfers: number;
  crashes: number;
}

export interface ExploreResult {
  /** 'exhausted': every state within the bounds was explored; 'max-states': stopped at maxStates. */
  finished: 'exhausted' | 'max-states' | 'violation';
  statesExplored: number;
  distinctStates: number;
  depthReached: number;
  coverage: ExploreCoverage;
  violation: ExploreViolation | null;
  config: ExploreConfig;
}

// ---------------------------------------------------------------------------------------------
// The explored state

interface XState {
  names: string[];
  nodes: NodeState[];
  /** Per node, the two hash lanes of its canonical key (recomputed only for nodes a step touched). */
  h1: number[];
  h2: number[];
  /** Every message ever sent, by canonical key (a set: a delivery does not remove it). */
  msgs: Map<string, Message>;
  /** With maxCopies > 0: deliveries left per message key. */
  left: Map<string, number>;
  /** Order-independent hash of the message set (sum of per-key hashes). */
  msgHash: number;
  msgHash2: number;
  // History variables, part of the state as in a TLA+ spec: what the checks need to judge a
  // state without its path.
  leaders: Map<number, string>;
  committed: string[];
  committedTerm: number[];
  applied: string[];
  crashes: number;
  requests: number;
  membership: number;
  transfers: number;
}

const TIMING = { electionTimeoutMin: 150, electionTimeoutMax: 300, heartbeatInterval: 50 };
const NOW = 1_000;

function settingsOf(config: ExploreConfig): RaftSettings {
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

function initialState(config: ExploreConfig, settings: RaftSettings): XState {
  const names = Array.from({ length: config.servers }, (_, i) => `S${i + 1}`);
  const sink: Outbox = { trace: false, send: () => undefined, emit: () => undefined };
  const nodes = names.map((id) => {
    const n = createNode(id, names, 1);
    start(n, { now: 0, settings, out: sink });
    return n;
  });
  const keys = nodes.map(nodeKey);
  return {
    names,
    nodes,
    h1: keys.map((k) => hash32(k, 0x811c9dc5)),
    h2: keys.map((k) => hash32(k, 0x9e3779b9)),
    msgs: new Map(),
    left: new Map(),
    msgHash: 0,
    msgHash2: 0,
    leaders: new Map(),
    committed: [''],
    committedTerm: [0],
    applied: [''],
    crashes: 0,
    requests: 0,
    membership: 0,
    transfers: 0,
  };
}

// ---------------------------------------------------------------------------------------------
// Canonical keys and hashes: leave out what does not change behaviour (random-stream state,
// timestamps, message ids and envelope times, heartbeat rounds, the order of votes and of maps,
// the log's chunk layout).

const commandKeys = new WeakMap<object, string>();

function entryKey(e: LogEntry): string {
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

function snapshotIndexOf(n: NodeState): number {
  return n.snapshot === null ? 0 : n.snapshot.index;
}

function logKey(n: NodeState): string {
  const parts: string[] = [];
  const last = lastPosition(n.log);
  for (let i = snapshotIndexOf(n) + 1; i <= last; i++) {
    const e = itemAt(n.log, i);
    if (e !== undefined) parts.push(entryKey(e));
  }
  return parts.join(';');
}

function nodeKey(n: NodeState): string {
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

export function messageKey(m: Message): string {
  const head = `${m.type}|${m.from}|${m.to}|${m.term}`;
  switch (m.type) {
    case 'RequestVote':
    case 'PreVote':
      return `${head}|${m.lastLogIndex}|${m.lastLogTerm}${m.type === 'RequestVote' && m.transfer === true ? '|t' : ''}`;
    case 'RequestVoteReply':
    case 'PreVoteReply':
      return `${head}|${m.voteGranted ? 1 : 0}`;
    case 'AppendEntries':
      return `${head}|${m.prevLogIndex}|${m.prevLogTerm}|${m.leaderCommit}|${m.entries.map(entryKey).join(';')}`;
    case 'AppendEntriesReply':
      return `${head}|${m.success ? 1 : 0}|${m.matchIndex}|${m.conflictIndex}|${m.conflictTerm}`;
    case 'InstallSnapshot':
      return `${head}|${m.lastIncludedIndex}|${m.lastIncludedTerm}|${m.snapshot.voters.join(',')}`;
    case 'InstallSnapshotReply':
      return `${head}|${m.matchIndex}`;
    case 'TimeoutNow':
      return head;
    case 'ClientRequest':
    case 'ClientReply':
      return `${head}|${m.client}|${m.seq}`;
  }
}

/** FNV-1a, two independent 32-bit lanes: a 64-bit fingerprint, as TLC keeps. */
function hash32(s: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function mix(h: number, v: number): number {
  h ^= v;
  h = Math.imul(h, 0x01000193);
  h ^= h >>> 15;
  return Math.imul(h, 0x2c1b3c6d) >>> 0;
}

/** The state's 64-bit fingerprint, as two 32-bit lanes. */
function fingerprint(s: XState): [number, number] {
  const leaders = [...s.leaders].sort((a, b) => a[0] - b[0]).map(([t, id]) => `${t}:${id}`);
  const history = `${leaders.join(',')}\n${s.committed.join(';')}\n${s.committedTerm.join(',')}\n${s.applied.join(';')}\n${s.crashes},${s.requests},${s.membership},${s.transfers},${s.names.length}`;
  let a = hash32(history, 0x811c9dc5) ^ s.msgHash;
  let b = hash32(history, 0x9e3779b9) ^ s.msgHash2;
  for (let i = 0; i < s.nodes.length; i++) {
    a = mix(a, s.h1[i]);
    b = mix(b, s.h2[i]);
  }
  return [a, b];
}

/** An open-addressing set of 64-bit fingerprints → state ids (no per-state garbage). */
class FingerprintTable {
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

// ---------------------------------------------------------------------------------------------
// Taking one step from a state

interface StepOutcome {
  state: XState;
  /** Indexes of the nodes the step changed. */
  changed: number[];
  tests: boolean[];
  /** How many time tests the step asked (≥ tests answered from the prefix). */
  asked: number;
}

function cloneState(s: XState): XState {
  return {
    ...s,
    names: s.names,
    nodes: s.nodes.slice(),
    h1: s.h1.slice(),
    h2: s.h2.slice(),
    leaders: s.leaders,
    committed: s.committed,
    committedTerm: s.committedTerm,
    applied: s.applied,
  };
}

/** Runs `act` on a copy of node `i` of `s` (other nodes are shared, never mutated). */
function msgLaneHashes(key: string, left: number): [number, number] {
  const k = left === 0 ? key : `${key}#${left}`;
  return [hash32(k, 0x811c9dc5), hash32(k, 0x9e3779b9)];
}

function addMsg(next: XState, key: string, sign: 1 | -1, left: number): void {
  const [a, b] = msgLaneHashes(key, left);
  next.msgHash = (next.msgHash + sign * a) >>> 0;
  next.msgHash2 = (next.msgHash2 + sign * b) >>> 0;
}

function stepOn(
  s: XState,
  settings: RaftSettings,
  prefix: readonly boolean[],
  act: (next: XState, ctx: StepContext) => void,
  maxCopies = 0,
  consume: string | null = null,
): StepOutcome {
  const next = cloneState(s);
  const sent: Outgoing[] = [];
  const answers: boolean[] = [];
  const out: Outbox = { trace: false, send: (m) => sent.push(m), emit: () => undefined };
  const ctx: StepContext = {
    now: NOW,
    settings,
    out,
    timeTests: (_test: TimeTest) => {
      const a = answers.length < prefix.length ? prefix[answers.length] : false;
      answers.push(a);
      return a;
    },
  };
  touched.length = 0;
  act(next, ctx);
  for (const i of touched) {
    const k = nodeKey(next.nodes[i]);
    next.h1[i] = hash32(k, 0x811c9dc5);
    next.h2[i] = hash32(k, 0x9e3779b9);
  }
  if (maxCopies > 0 && consume !== null) {
    // One copy of the delivered message is used up.
    const left = next.left.get(consume) ?? 0;
    next.msgs = new Map(next.msgs);
    next.left = new Map(next.left);
    addMsg(next, consume, -1, left);
    if (left <= 1) {
      next.msgs.delete(consume);
      next.left.delete(consume);
    } else {
      next.left.set(consume, left - 1);
      addMsg(next, consume, 1, left - 1);
    }
  }
  if (sent.length > 0) {
    let msgs: Map<string, Message> | null = null;
    for (const m of sent) {
      if (m.type === 'ClientReply') continue;
      const key = messageKey(m);
      if (maxCopies === 0) {
        if ((msgs ?? next.msgs).has(key)) continue;
        msgs ??= new Map(next.msgs);
        msgs.set(key, m);
        addMsg(next, key, 1, 0);
        continue;
      }
      // Sent again: its copies in flight are topped up to maxCopies (identical copies are alike).
      msgs ??= new Map(next.msgs);
      if (next.left === s.left) next.left = new Map(next.left);
      const before = next.left.get(key);
      if (before !== undefined) addMsg(next, key, -1, before);
      msgs.set(key, m);
      next.left.set(key, maxCopies);
      addMsg(next, key, 1, maxCopies);
    }
    if (msgs !== null) next.msgs = msgs;
  }
  return { state: next, changed: touched.slice(), tests: answers, asked: answers.length };
}

/** Indexes of the nodes the step in progress changed (their hashes are recomputed). */
const touched: number[] = [];

/** A node to change: copied into `next` first, so the parent's stays as it was. */
function own(next: XState, i: number): NodeState {
  const n = copyNode(next.nodes[i]);
  next.nodes[i] = n;
  touched.push(i);
  return n;
}

interface Choice {
  base: ExploreEvent;
  /** A delivery: the key of the message it uses a copy of. */
  consume?: string;
  act: (next: XState, ctx: StepContext) => void;
}

function choices(s: XState, config: ExploreConfig, settings: RaftSettings): Choice[] {
  const out: Choice[] = [];
  const on = new Set(config.actions);
  const index = new Map(s.names.map((id, i) => [id, i]));
  const leaderIndex = s.nodes.findIndex((n) => n.alive && n.role === 'leader' && n.currentTerm === Math.max(...s.nodes.filter((x) => x.alive && x.role === 'leader').map((x) => x.currentTerm)));
  if (on.has('deliver')) {
    for (const [key, m] of s.msgs) {
      const i = index.get(m.to);
      if (i === undefined || !s.nodes[i].alive) continue;
      out.push({ base: { kind: 'deliver', message: m }, consume: key, act: (next, ctx) => receive(own(next, i), m, ctx) });
    }
  }
  s.nodes.forEach((n, i) => {
    const id = s.names[i];
    if (n.alive) {
      if (on.has('timeout') && n.electionDeadline !== null) {
        out.push({ base: { kind: 'timeout', node: id }, act: (next, ctx) => electionTimerFired(own(next, i), ctx) });
      }
      if (on.has('heartbeat') && n.role === 'leader') {
        out.push({ base: { kind: 'heartbeat', node: id }, act: (next, ctx) => heartbeatTimerFired(own(next, i), ctx) });
      }
      if (on.has('crash') && s.crashes < config.maxCrashes) {
        out.push({
          base: { kind: 'crash', node: id },
          act: (next) => {
            crash(own(next, i), settings);
            next.crashes += 1;
          },
        });
      }
    } else if (on.has('restart')) {
      out.push({ base: { kind: 'restart', node: id }, act: (next, ctx) => restart(own(next, i), ctx) });
    }
  });
  if (leaderIndex >= 0) {
    const leader = s.nodes[leaderIndex];
    const lid = s.names[leaderIndex];
    if (on.has('request') && s.requests < config.maxRequests && leader.transferTarget === null) {
      out.push({
        base: { kind: 'request', node: lid },
        act: (next, ctx) => {
          next.requests += 1;
          propose(own(next, leaderIndex), { type: 'put', key: 'x', value: String(next.requests) }, ctx);
        },
      });
    }
    const canChange = configChangeRefusal(leader) === null && s.membership < config.maxMembership;
    if (on.has('add') && canChange) {
      const name = `S${s.names.length + 1}`;
      out.push({
        base: { kind: 'add', node: name },
        act: (next, ctx) => {
          const boot = next.names.slice(0, config.servers);
          const fresh = createNode(name, boot, 1);
          start(fresh, ctx);
          next.names = [...next.names, name];
          next.nodes.push(fresh);
          next.h1.push(0);
          next.h2.push(0);
          touched.push(next.nodes.length - 1);
          next.membership += 1;
          addServer(own(next, leaderIndex), name, ctx);
        },
      });
    }
    if (on.has('remove') && canChange && leader.voters.length > 1) {
      for (const v of leader.voters) {
        out.push({
          base: { kind: 'remove', node: v },
          act: (next, ctx) => {
            next.membership += 1;
            removeServer(own(next, leaderIndex), v, ctx);
          },
        });
      }
    }
    if (on.has('transfer') && s.transfers < config.maxTransfers && leader.transferTarget === null) {
      for (const v of leader.voters) {
        if (v === lid) continue;
        out.push({
          base: { kind: 'transfer', node: v },
          act: (next, ctx) => {
            next.transfers += 1;
            transferLeadership(own(next, leaderIndex), v, ctx);
          },
        });
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The checks, on a successor state and the events of the step that made it

function entryKeyAt(n: NodeState, i: number): string | null {
  if (i <= snapshotIndexOf(n)) return null; // compacted: committed content, judged when committed
  const e = itemAt(n.log, i);
  return e === undefined ? '?' : entryKey(e);
}

function termOf(n: NodeState, i: number): number {
  if (i === 0) return 0;
  if (n.snapshot !== null && i === n.snapshot.index) return n.snapshot.term;
  const e = itemAt(n.log, i);
  return e === undefined ? -1 : e.term;
}

interface Found {
  property: PropertyId;
  message: string;
}

/**
 * The checks, from the difference a step made to the nodes it touched (the engine runs without
 * building trace events: that is most of a step's cost). History variables carry what Figure 3
 * needs beyond one state: the leader of each term, the committed and the applied entries.
 */
function check(prev: XState, next: XState, changed: readonly number[], bootVoters: readonly string[]): Found | null {
  let leaders = next.leaders;
  let committed = next.committed;
  let committedTerm = next.committedTerm;
  let applied = next.applied;
  for (const i of changed) {
    const n = next.nodes[i];
    const before: NodeState | undefined = prev.nodes[i];
    const id = next.names[i];
    const wasLeader = before !== undefined && before.role === 'leader' && before.currentTerm === n.currentTerm;
    // Election Safety: a new leader of a term that already had one.
    if (n.role === 'leader' && !wasLeader) {
      const first = leaders.get(n.currentTerm);
      if (first !== undefined && first !== id) {
        return { property: 'election-safety', message: `${first} and ${id} were both leader of term ${n.currentTerm}.` };
      }
      if (first === undefined) {
        if (leaders === next.leaders) leaders = new Map(leaders);
        leaders.set(n.currentTerm, id);
      }
    }
    if (before === undefined) continue;
    // Leader Append-Only: a leader's log keeps every entry it had.
    if (wasLeader && n.role === 'leader') {
      const last = lastPosition(before.log);
      for (let k = Math.max(snapshotIndexOf(n), snapshotIndexOf(before)) + 1; k <= last; k++) {
        if (k > lastPosition(n.log) || entryKeyAt(n, k) !== entryKeyAt(before, k)) {
          return { property: 'leader-append-only', message: `${id} deleted or overwrote entry ${k} of its own log while leader of term ${n.currentTerm}.` };
        }
      }
    }
    // What a leader commits is committed: it must agree with what was committed before.
    if ((n.role === 'leader' || wasLeader) && n.commitIndex > before.commitIndex) {
      for (let k = 1; k <= n.commitIndex; k++) {
        const key = entryKeyAt(n, k);
        if (key === null) continue;
        if (k < committed.length && committed[k] !== '') {
          if (committed[k] !== key) {
            return {
              property: 'leader-completeness',
              message: `Index ${k} was committed twice with different entries (${committed[k]} in term ${committedTerm[k]}, then ${key} by ${id} in term ${n.currentTerm}).`,
            };
          }
          continue;
        }
        if (committed === next.committed) {
          committed = committed.slice();
          committedTerm = committedTerm.slice();
        }
        while (committed.length <= k) {
          committed.push('');
          committedTerm.push(0);
        }
        committed[k] = key;
        committedTerm[k] = n.currentTerm;
      }
    }
    // State Machine Safety: what a server applies at an index, nobody applies differently.
    if (n.lastApplied > before.lastApplied) {
      for (let k = Math.max(before.lastApplied, snapshotIndexOf(n)) + 1; k <= n.lastApplied; k++) {
        const key = entryKeyAt(n, k);
        if (key === null) continue;
        if (k < applied.length && applied[k] !== '') {
          if (applied[k] !== key) {
            return { property: 'state-machine-safety', message: `${id} applied ${key} at index ${k}, where ${applied[k]} was applied before.` };
          }
          continue;
        }
        if (applied === next.applied) applied = applied.slice();
        while (applied.length <= k) applied.push('');
        applied[k] = key;
      }
    }
    // Snapshot Configuration (thesis §5.1): the configuration in force at its index.
    if (n.snapshot !== null && n.snapshot !== before.snapshot) {
      const index = n.snapshot.index;
      if (index < committed.length && committed[index] !== '') {
        let inForce: readonly string[] | null = bootVoters;
        for (let k = 1; k <= index; k++) {
          if (committed[k] === '') {
            inForce = null;
            continue;
          }
          const m = /^\d+c(.*)$/.exec(committed[k]);
          if (m !== null) inForce = m[1] === '' ? [] : m[1].split(',');
        }
        const voters = n.snapshot.voters;
        if (inForce !== null && [...inForce].sort().join(',') !== [...voters].sort().join(',')) {
          return {
            property: 'snapshot-configuration',
            message: `${id}'s snapshot through index ${index} records {${voters.join(', ')}}, but {${inForce.join(', ')}} is in force there.`,
          };
        }
      }
    }
  }
  next.leaders = leaders;
  next.committed = committed;
  next.committedTerm = committedTerm;
  next.applied = applied;
  // Leader Completeness on the state: every leader holds what was committed in earlier terms.
  for (let k = 0; k < next.nodes.length; k++) {
    const n = next.nodes[k];
    if (!n.alive || n.role !== 'leader') continue;
    for (let i = 1; i < committed.length; i++) {
      if (committed[i] === '' || committedTerm[i] >= n.currentTerm) continue;
      const key = i <= lastPosition(n.log) ? entryKeyAt(n, i) : undefined;
      if (key === null) continue;
      if (key !== committed[i]) {
        return {
          property: 'leader-completeness',
          message: `${next.names[k]} is leader of term ${n.currentTerm}, but its log lacks the entry committed at index ${i} (${committed[i]}).`,
        };
      }
    }
  }
  // Log Matching on the state: same index and term ⇒ identical prefixes (pairs with a changed node).
  for (const a of changed) {
    for (let b = 0; b < next.nodes.length; b++) {
      if (b === a) continue;
      const x = next.nodes[a];
      const y = next.nodes[b];
      const last = Math.min(lastPosition(x.log), lastPosition(y.log));
      for (let i = last; i >= 1; i--) {
        if (termOf(x, i) !== termOf(y, i) || termOf(x, i) < 0) continue;
        for (let j = i; j >= 1; j--) {
          const kx = entryKeyAt(x, j);
          const ky = entryKeyAt(y, j);
          if (kx === null || ky === null) break;
          if (kx !== ky) {
            return {
              property: 'log-matching',
              message: `${next.names[a]} and ${next.names[b]} both have an entry of term ${termOf(x, i)} at index ${i}, but their logs differ at index ${j}.`,
            };
          }
        }
        break;
      }
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// The search

function withinBounds(s: XState, config: ExploreConfig): boolean {
  for (const n of s.nodes) {
    if (n.currentTerm > config.maxTerm) return false;
    if (lastPosition(n.log) > config.maxLog) return false;
  }
  return true;
}

export interface ExploreProgress {
  states: number;
  distinct: number;
  depth: number;
  frontier: number;
}

/** Growable typed arrays: per distinct state, its parent, the choice and the time-test answers. */
class Parents {
  parent = new Int32Array(1 << 16);
  choice = new Int32Array(1 << 16);
  tests = new Int32Array(1 << 16);
  length = 0;

  add(parent: number, choice: number, tests: readonly boolean[]): number {
    if (this.length === this.parent.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.parent = grow(this.parent);
      this.choice = grow(this.choice);
      this.tests = grow(this.tests);
    }
    let bits = 1; // a leading 1 marks how many answers there are
    for (const t of tests) bits = (bits << 1) | (t ? 1 : 0);
    this.parent[this.length] = parent;
    this.choice[this.length] = choice;
    this.tests[this.length] = bits;
    return this.length++;
  }
}

function answersOf(bits: number): boolean[] {
  const out: boolean[] = [];
  for (let b = bits; b > 1; b >>>= 1) out.push((b & 1) === 1);
  return out.reverse();
}

/** Breadth-first search; `onProgress` is called after each depth level. */
export function explore(input: Partial<ExploreConfig> = {}, onProgress?: (p: ExploreProgress) => void): ExploreResult {
  const config = resolveExploreConfig(input);
  const settings = settingsOf(config);
  const boot = Array.from({ length: config.servers }, (_, i) => `S${i + 1}`);
  const root = initialState(config, settings);
  const seen = new FingerprintTable();
  const parents = new Parents();
  const [ra, rb] = fingerprint(root);
  seen.lookup(ra, rb, parents.add(-1, -1, []));
  let frontier: { id: number; state: XState }[] = [{ id: 0, state: root }];
  let states = 1;
  let depth = 0;
  const coverage: ExploreCoverage = { maxTerm: 0, termsWithLeader: 0, maxCommitted: 0, configChanges: 0, snapshots: 0, transfers: 0, crashes: 0 };
  const leaderTerms = new Set<number>();

  /** The path to state `id`, rebuilt by replaying the recorded choices from the initial state. */
  const pathTo = (id: number, last: { choice: number; tests: boolean[] } | null): ExploreStep[] => {
    const chain: { choice: number; tests: boolean[] }[] = [];
    if (last !== null) chain.push(last);
    for (let k = id; k > 0; k = parents.parent[k]) chain.push({ choice: parents.choice[k], tests: answersOf(parents.tests[k]) });
    chain.reverse();
    const path: ExploreStep[] = [];
    let s = root;
    for (const { choice, tests } of chain) {
      const c = choices(s, config, settings)[choice];
      const outcome = stepOn(s, settings, tests, c.act, config.maxCopies, c.consume ?? null);
      check(s, outcome.state, outcome.changed, boot);
      path.push({ ...c.base, tests });
      s = outcome.state;
    }
    return path;
  };

  const result = (finished: ExploreResult['finished'], violation: ExploreViolation | null): ExploreResult => ({
    finished,
    statesExplored: states,
    distinctStates: seen.size,
    depthReached: depth,
    coverage: { ...coverage, termsWithLeader: leaderTerms.size },
    violation,
    config,
  });

  while (frontier.length > 0 && depth < config.depth) {
    const nextFrontier: { id: number; state: XState }[] = [];
    depth++;
    for (const { id, state } of frontier) {
      if (!withinBounds(state, config)) continue;
      const options = choices(state, config, settings);
      for (let ci = 0; ci < options.length; ci++) {
        const choice = options[ci];
        // Enumerate every answer to the step's time tests (a trie over answer vectors).
        const prefixes: boolean[][] = [[]];
        while (prefixes.length > 0) {
          const prefix = prefixes.pop() as boolean[];
          const outcome = stepOn(state, settings, prefix, choice.act, config.maxCopies, choice.consume ?? null);
          for (let i = prefix.length; i < outcome.asked; i++) prefixes.push([...outcome.tests.slice(0, i), true]);
          states++;
          const next = outcome.state;
          const found = check(state, next, outcome.changed, boot);
          if (found !== null) {
            return result('violation', { ...found, path: pathTo(id, { choice: ci, tests: outcome.tests }) });
          }
          const [a, b] = fingerprint(next);
          if (seen.lookup(a, b, parents.length) !== -1) continue;
          const nextId = parents.add(id, ci, outcome.tests);
          note(coverage, leaderTerms, state, next, outcome.changed);
          nextFrontier.push({ id: nextId, state: next });
          if (seen.size >= config.maxStates) return result('max-states', null);
        }
      }
    }
    frontier = nextFrontier;
    onProgress?.({ states, distinct: seen.size, depth, frontier: frontier.length });
  }
  return result('exhausted', null);
}

function note(c: ExploreCoverage, leaderTerms: Set<number>, prev: XState, s: XState, changed: readonly number[]): void {
  for (const n of s.nodes) if (n.currentTerm > c.maxTerm) c.maxTerm = n.currentTerm;
  if (s.committed.length - 1 > c.maxCommitted) c.maxCommitted = s.committed.length - 1;
  c.crashes = Math.max(c.crashes, s.crashes);
  c.transfers = Math.max(c.transfers, s.transfers);
  for (const i of changed) {
    const n = s.nodes[i];
    const before = prev.nodes[i] as NodeState | undefined;
    if (n.role === 'leader') leaderTerms.add(n.currentTerm);
    if (before !== undefined && n.snapshot !== before.snapshot) c.snapshots++;
    if (before !== undefined && n.votersIndex > before.votersIndex) c.configChanges++;
  }
}


// ---------------------------------------------------------------------------------------------
// Configuration and reporting

export class ExploreConfigError extends Error {}

/**
 * Each broken variant's own default bounds: what it takes to reach its bug (docs/safety.md
 * lists the depth at which each counterexample is found).
 */
export const VARIANT_BOUNDS: Readonly<Record<string, Partial<ExploreConfig>>> = {
  'vote-without-log-check': { depth: 10 },
  'forget-vote': { depth: 9 },
  'truncate-always': { depth: 11 },
  'commit-old-terms': {
    depth: 20,
    maxTerm: 4,
    maxLog: 1,
    maxRequests: 2,
    maxCrashes: 0,
    maxCopies: 1,
    actions: ['deliver', 'timeout', 'request'],
  },
};

/** Defaults (the variant's own bounds first), then validation naming the field. */
export function resolveExploreConfig(input: Partial<ExploreConfig> = {}): ExploreConfig {
  const variant = input.variant ?? 'none';
  const base = { ...DEFAULT_EXPLORE, ...(VARIANT_BOUNDS[variant] ?? {}) };
  const config: ExploreConfig = { ...base, ...input, features: { ...base.features, ...input.features } };
  const whole = (name: keyof ExploreConfig, min: number, max: number) => {
    const v: unknown = config[name];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      throw new ExploreConfigError(`${name}: must be a whole number from ${min} to ${max}, got ${JSON.stringify(v) ?? 'nothing'}`);
    }
  };
  whole('servers', 1, 4);
  whole('depth', 1, 200);
  whole('maxTerm', 1, 20);
  whole('maxLog', 0, 20);
  whole('maxCrashes', 0, 20);
  whole('maxRequests', 0, 20);
  whole('maxMembership', 0, 10);
  whole('maxTransfers', 0, 10);
  whole('maxCopies', 0, 10);
  whole('maxStates', 1, 100_000_000);
  const variants = ['none', 'commit-old-terms', 'vote-without-log-check', 'forget-vote', 'truncate-always', 'local-reads'];
  if (!variants.includes(variant)) throw new ExploreConfigError(`variant: unknown variant '${String(variant)}' (known: ${variants.join(', ')})`);
  if (variant === 'local-reads') {
    throw new ExploreConfigError("variant: 'local-reads' breaks linearizability, not a state invariant: the fuzzer finds it (npm run fuzz -- --variant local-reads)");
  }
  const actions: unknown = config.actions;
  if (!Array.isArray(actions) || actions.length === 0) throw new ExploreConfigError('actions: name at least one action');
  for (const a of actions as unknown[]) {
    if (typeof a !== 'string' || !(EXPLORE_ACTIONS as readonly string[]).includes(a)) {
      throw new ExploreConfigError(`actions: unknown action ${JSON.stringify(a) ?? 'nothing'} (known: ${EXPLORE_ACTIONS.join(', ')})`);
    }
  }
  if (config.features.snapshotThreshold < 0) throw new ExploreConfigError('features.snapshotThreshold: must not be negative');
  return config;
}

/** One line a student can read. */
export function describeStep(s: ExploreStep): string {
  const tests = s.tests.length > 0 ? ` [time tests answered: ${s.tests.map((t) => (t ? 'yes' : 'no')).join(', ')}]` : '';
  switch (s.kind) {
    case 'deliver': {
      const m = s.message;
      return `deliver ${m.type} ${m.from} → ${m.to} (term ${m.term})${tests}`;
    }
    case 'timeout':
      return `${s.node}'s election timer fires${tests}`;
    case 'heartbeat':
      return `${s.node}'s heartbeat timer fires${tests}`;
    case 'crash':
      return `${s.node} crashes${tests}`;
    case 'restart':
      return `${s.node} restarts${tests}`;
    case 'request':
      return `a client request reaches the leader ${s.node}${tests}`;
    case 'add':
      return `the leader adds ${s.node}${tests}`;
    case 'remove':
      return `the leader removes ${s.node}${tests}`;
    case 'transfer':
      return `the leader transfers leadership to ${s.node}${tests}`;
  }
}
