// The exhaustive explorer (src/check/explore.ts): taking one step from a state: the choices of the next event, and running one.

import { crash, createNode, propose, receive, restart, start, electionTimerFired, heartbeatTimerFired, addServer, removeServer, transferLeadership, configChangeRefusal } from '../../raft/node.ts';
import type { StepContext, TimeTest } from '../../raft/node.ts';
import type { Message, Outgoing } from '../../raft/messages.ts';
import type { NodeState, RaftSettings } from '../../raft/types.ts';
import { copyNode } from '../../raft/node.ts';
import { mutated } from '../../raft/mutations.ts';

import { NOW, type XState, hash32, messageKey, nodeKey } from './state.ts';
import type { ExploreConfig, ExploreEvent } from './types.ts';

// ---------------------------------------------------------------------------------------------
// Taking one step from a state

export interface StepOutcome {
  state: XState;
  /** Indexes of the nodes the step changed. */
  changed: number[];
  tests: boolean[];
  /** How many time tests the step asked (≥ tests answered from the prefix). */
  asked: number;
}

export function cloneState(s: XState): XState {
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
export function msgLaneHashes(key: string, left: number): [number, number] {
  const k = left === 0 ? key : `${key}#${left}`;
  return [hash32(k, 0x811c9dc5), hash32(k, 0x9e3779b9)];
}

export function addMsg(next: XState, key: string, sign: 1 | -1, left: number): void {
  const [a, b] = msgLaneHashes(key, left);
  next.msgHash = (next.msgHash + sign * a) >>> 0;
  next.msgHash2 = (next.msgHash2 + sign * b) >>> 0;
}

export function stepOn(
  s: XState,
  settings: RaftSettings,
  prefix: readonly boolean[],
  act: (next: XState, ctx: StepContext) => void,
  maxCopies = 0,
  consume: string | null = null,
): StepOutcome {
  const next = cloneState(s);
  const sent: Outgoing[] = (shared.sent = []);
  const answers: boolean[] = (shared.answers = []);
  shared.prefix = prefix;
  const ctx = shared.ctx;
  ctx.settings = settings;
  touched.length = 0;
  act(next, ctx);
  for (const i of touched) {
    // Interned: equal keys behave alike (what deduplication already assumes), so states share
    // one object per distinct server state, and the fresh copy is short-lived garbage.
    const k = nodeKey(next.nodes[i]);
    const ik = `${next.names[i]}#${k}`; // the key leaves the server's own name out
    const known = interned.nodes.get(ik);
    if (known !== undefined) {
      next.nodes[i] = known.node;
      next.h1[i] = known.a;
      next.h2[i] = known.b;
    } else {
      const a = hash32(k, 0x811c9dc5);
      const b = hash32(k, 0x9e3779b9);
      interned.nodes.set(ik, { node: next.nodes[i], a, b });
      next.h1[i] = a;
      next.h2[i] = b;
    }
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
  collectStale(next, s);
  if (next.msgs !== s.msgs || next.left !== s.left) {
    // One object per distinct message set, shared by every state that has it.
    const known = interned.msgs.get(next.msgHash);
    if (known !== undefined && known.b === next.msgHash2 && known.msgs.size === next.msgs.size) {
      next.msgs = known.msgs;
      next.left = known.left;
    } else if (known === undefined) {
      interned.msgs.set(next.msgHash, { b: next.msgHash2, msgs: next.msgs, left: next.left });
    }
  }
  return { state: next, changed: touched.slice(), tests: answers, asked: answers.length };
}

/**
 * A reply whose term is below its receiver's can never change anything again (terms only grow,
 * even across a crash, and every server ignores a reply from an earlier term: §5.1), so it is
 * left out of the state: delivering it is a no-op, and a state that still holds it has the same
 * futures as one that does not. States that differ only in such replies become one.
 */
function stale(m: Message, receiver: NodeState | undefined): boolean {
  if (receiver === undefined) return false;
  switch (m.type) {
    case 'RequestVoteReply':
    case 'AppendEntriesReply':
    case 'InstallSnapshotReply':
      return m.term < receiver.currentTerm;
    case 'PreVoteReply':
      return m.term <= receiver.currentTerm;
    default:
      return false;
  }
}

function collectStale(next: XState, s: XState): void {
  if (next.msgs.size === 0) return;
  let doomed: string[] | null = null;
  for (const [key, m] of next.msgs) {
    if (!stale(m, next.nodes[next.names.indexOf(m.to)])) continue;
    (doomed ??= []).push(key);
  }
  if (doomed === null) return;
  if (next.msgs === s.msgs) next.msgs = new Map(next.msgs);
  if (next.left === s.left && next.left.size > 0) next.left = new Map(next.left);
  for (const key of doomed) {
    addMsg(next, key, -1, next.left.get(key) ?? 0);
    next.msgs.delete(key);
    next.left.delete(key);
  }
}

/** Per search (resetInterned): the distinct server states and message sets met so far. */
export const interned = {
  nodes: new Map<string, { node: NodeState; a: number; b: number }>(),
  msgs: new Map<number, { b: number; msgs: Map<string, Message>; left: Map<string, number> }>(),
};

export function resetInterned(): void {
  interned.nodes = new Map();
  interned.msgs = new Map();
}

// One context for every step (a step runs to completion before the next): no per-step closures.
const shared: { sent: Outgoing[]; answers: boolean[]; prefix: readonly boolean[]; ctx: StepContext } = {
  sent: [],
  answers: [],
  prefix: [],
  ctx: {
    now: NOW,
    settings: undefined as unknown as RaftSettings,
    out: { trace: false, send: (m) => shared.sent.push(m), emit: () => undefined },
    timeTests: (_test: TimeTest) => {
      const { answers, prefix } = shared;
      const a = answers.length < prefix.length ? prefix[answers.length] : false;
      answers.push(a);
      return a;
    },
  },
};

/** Indexes of the nodes the step in progress changed (their hashes are recomputed). */
export const touched: number[] = [];

/** A node to change: copied into `next` first, so the parent's stays as it was. */
export function own(next: XState, i: number): NodeState {
  const n = copyNode(next.nodes[i]);
  next.nodes[i] = n;
  touched.push(i);
  return n;
}

export interface Choice {
  base: ExploreEvent;
  /** A delivery: the key of the message it uses a copy of. */
  consume?: string;
  act: (next: XState, ctx: StepContext) => void;
}

export function choices(s: XState, config: ExploreConfig, settings: RaftSettings): Choice[] {
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
      if (on.has('timeout') && n.electionDeadline !== null && (config.maxTimeouts === 0 || s.timeouts < config.maxTimeouts)) {
        out.push({
          base: { kind: 'timeout', node: id },
          act: (next, ctx) => {
            if (config.maxTimeouts > 0) next.timeouts += 1; // counted only where bounded: no extra states otherwise
            electionTimerFired(own(next, i), ctx);
          },
        });
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
          // As the simulator's addServer makes it (src/sim/actions/membership.ts), including
          // the test-only mutation that puts issue #12's bug 5 back.
          const boot = mutated('added-server-empty-boot-config') ? [] : next.names.slice(0, config.servers);
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
