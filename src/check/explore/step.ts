// The exhaustive explorer (src/check/explore.ts): taking one step from a state: the choices of the next event, and running one.

import { crash, createNode, propose, receive, restart, start, electionTimerFired, heartbeatTimerFired, addServer, removeServer, transferLeadership, configChangeRefusal } from '../../raft/node.ts';
import type { StepContext, TimeTest } from '../../raft/node.ts';
import type { Outgoing } from '../../raft/messages.ts';
import type { NodeState, RaftSettings } from '../../raft/types.ts';
import { copyNode } from '../../raft/node.ts';
import { mutated } from '../../raft/mutations.ts';

import { NOW, type XState } from './state.ts';
import { type NodeInfo, type NodeOutcome, Staleness, internMessage, internNode, interned, laneA, laneB } from './intern.ts';
import type { ExploreConfig, ExploreEvent } from './types.ts';

export { resetInterned } from './intern.ts';

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

/** What a choice does to the one server it touches (every action but `add`). */
const enum Act {
  Deliver = 0,
  Timeout = 1,
  Heartbeat = 2,
  Crash = 3,
  Restart = 4,
  Request = 5,
  Transfer = 6,
  Remove = 7,
  Add = 8,
}

export interface Choice {
  base: ExploreEvent;
  act: Act;
  /** The server it touches (Add: the leader). */
  i: number;
  /** Deliver: the message id; Request: the request's number; Transfer, Remove: the target's name. */
  msg: number;
  target: string;
}

export function cloneState(s: XState): XState {
  // Spelled out, not spread: one object shape for every state.
  return {
    names: s.names,
    nodes: s.nodes.slice(),
    infos: s.infos.slice(),
    msgs: s.msgs,
    left: s.left,
    msgHash: s.msgHash,
    msgHash2: s.msgHash2,
    leaders: s.leaders,
    committed: s.committed,
    committedTerm: s.committedTerm,
    applied: s.applied,
    crashes: s.crashes,
    timeouts: s.timeouts,
    requests: s.requests,
    membership: s.membership,
    transfers: s.transfers,
    hist: s.hist,
  };
}

function runOn(n: NodeState, c: Choice, ctx: StepContext, settings: RaftSettings): void {
  switch (c.act) {
    case Act.Deliver:
      receive(n, interned.msg[c.msg], ctx);
      return;
    case Act.Timeout:
      electionTimerFired(n, ctx);
      return;
    case Act.Heartbeat:
      heartbeatTimerFired(n, ctx);
      return;
    case Act.Crash:
      crash(n, settings);
      return;
    case Act.Restart:
      restart(n, ctx);
      return;
    case Act.Request:
      propose(n, { type: 'put', key: 'x', value: String(c.msg) }, ctx);
      return;
    case Act.Transfer:
      transferLeadership(n, c.target, ctx);
      return;
    case Act.Remove:
      removeServer(n, c.target, ctx);
      return;
    case Act.Add:
      return;
  }
}

/** The memo key of a choice and the answers given so far (a leading 1 marks their number). */
function memoKey(c: Choice, prefix: readonly boolean[]): number {
  let bits = 1;
  for (const t of prefix) bits = (bits << 1) | (t ? 1 : 0);
  const arg = c.act === Act.Deliver || c.act === Act.Request ? c.msg : c.act === Act.Transfer || c.act === Act.Remove ? Number(c.target.slice(1)) : 0;
  return (arg * 16 + c.act) * 1024 + bits;
}

function beginStep(settings: RaftSettings, prefix: readonly boolean[]): StepContext {
  shared.sent = [];
  shared.answers = [];
  shared.prefix = prefix;
  shared.ctx.settings = settings;
  return shared.ctx;
}

function sentIds(sent: readonly Outgoing[]): number[] {
  const out: number[] = [];
  for (const m of sent) if (m.type !== 'ClientReply') out.push(internMessage(m));
  return out;
}

/** The step of choice `c` from server state `n`: run once per (state, event, answers), then looked up. */
function nodeStep(n: NodeState, info: NodeInfo, name: string, c: Choice, settings: RaftSettings, prefix: readonly boolean[]): NodeOutcome {
  const key = prefix.length < 10 ? memoKey(c, prefix) : -1;
  const known = key < 0 ? undefined : info.steps.get(key);
  if (known !== undefined) return known;
  const ctx = beginStep(settings, prefix);
  const copy = copyNode(n);
  runOn(copy, c, ctx, settings);
  const after = internNode(copy, name);
  const outcome: NodeOutcome = { node: after.node, info: after.info, sent: sentIds(shared.sent), tests: shared.answers, asked: shared.answers.length };
  if (key >= 0) info.steps.set(key, outcome);
  return outcome;
}

function indexOf(xs: readonly number[], id: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid] < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Copies `s` into `into` (a scratch state reused for successors that turn out to be known). */
function cloneInto(s: XState, into: XState): XState {
  into.names = s.names;
  into.nodes.length = 0;
  into.infos.length = 0;
  for (let i = 0; i < s.nodes.length; i++) {
    into.nodes.push(s.nodes[i]);
    into.infos.push(s.infos[i]);
  }
  into.msgs = s.msgs;
  into.left = s.left;
  into.msgHash = s.msgHash;
  into.msgHash2 = s.msgHash2;
  into.leaders = s.leaders;
  into.committed = s.committed;
  into.committedTerm = s.committedTerm;
  into.applied = s.applied;
  into.crashes = s.crashes;
  into.timeouts = s.timeouts;
  into.requests = s.requests;
  into.membership = s.membership;
  into.transfers = s.transfers;
  into.hist = s.hist;
  return into;
}

/**
 * One step. With `into`, the successor is written into that scratch state (the caller keeps a
 * copy, cloneState, only when it is new): most successors are states already seen.
 */
export function stepOn(s: XState, settings: RaftSettings, prefix: readonly boolean[], c: Choice, config: ExploreConfig, into?: XState): StepOutcome {
  const next = into === undefined ? cloneState(s) : cloneInto(s, into);
  let changed: number[];
  let sent: readonly number[];
  let tests: boolean[];
  let asked: number;
  if (c.act === Act.Add) {
    const ctx = beginStep(settings, prefix);
    const name = `S${s.names.length + 1}`;
    // As the simulator's addServer makes it (src/sim/actions/membership.ts), including the
    // test-only mutation that puts issue #12's bug 5 back.
    const boot = mutated('added-server-empty-boot-config') ? [] : next.names.slice(0, config.servers);
    const fresh = createNode(name, boot, 1);
    start(fresh, ctx);
    next.names = [...next.names, name];
    next.nodes.push(fresh);
    next.infos.push(next.infos[0]); // replaced below
    next.membership += 1;
    const leader = copyNode(next.nodes[c.i]);
    addServer(leader, name, ctx);
    next.nodes[c.i] = leader;
    changed = [next.nodes.length - 1, c.i];
    for (const i of changed) {
      const { node, info } = internNode(next.nodes[i], next.names[i]);
      next.nodes[i] = node;
      next.infos[i] = info;
    }
    sent = sentIds(shared.sent);
    tests = shared.answers;
    asked = tests.length;
  } else {
    const o = nodeStep(s.nodes[c.i], s.infos[c.i], s.names[c.i], c, settings, prefix);
    next.nodes[c.i] = o.node;
    next.infos[c.i] = o.info;
    changed = ONE[c.i] ?? [c.i];
    sent = o.sent;
    tests = o.tests;
    asked = o.asked;
    switch (c.act) {
      case Act.Timeout:
        if (config.maxTimeouts > 0) next.timeouts += 1; // counted only where bounded: no extra states otherwise
        break;
      case Act.Crash:
        next.crashes += 1;
        break;
      case Act.Request:
        next.requests += 1;
        break;
      case Act.Transfer:
        next.transfers += 1;
        break;
      case Act.Remove:
        next.membership += 1;
        break;
      default:
    }
  }
  // Which messages may have gone stale: those sent now, and those to a server whose term moved.
  const scan = c.act === Act.Add ? -2 : next.nodes[c.i].currentTerm !== s.nodes[c.i].currentTerm ? c.i : -1;
  updateMessages(next, s, c, sent, config.maxCopies, config.dropStaleRequests, scan);
  return { state: next, changed, tests, asked };
}

/** The message set after a step: a copy of the delivered one used up, the sent ones added, stale replies collected. */
/** Shared one-element `changed` arrays (never mutated). */
const ONE: readonly number[][] = [[0], [1], [2], [3], [4], [5]];

/** `scan`: -2 every message may have gone stale; i ≥ 0 those to server i and those sent; -1 only those sent. */
function updateMessages(next: XState, s: XState, c: Choice, sent: readonly number[], maxCopies: number, dropStaleRequests: boolean, scan: number): void {
  let msgs = s.msgs;
  let left = s.left;
  let owned = false;
  let a = next.msgHash;
  let b = next.msgHash2;
  if (maxCopies > 0 && c.act === Act.Deliver && left !== null) {
    // One copy of the delivered message is used up.
    const at = indexOf(msgs, c.msg);
    if (at < msgs.length && msgs[at] === c.msg) {
      if (!owned) {
        msgs = msgs.slice();
        if (left !== null) left = left.slice();
        owned = true;
      }
      const l = (left)[at];
      a = (a - laneA(c.msg, l)) >>> 0;
      b = (b - laneB(c.msg, l)) >>> 0;
      if (l <= 1) {
        msgs.splice(at, 1);
        (left).splice(at, 1);
      } else {
        (left)[at] = l - 1;
        a = (a + laneA(c.msg, l - 1)) >>> 0;
        b = (b + laneB(c.msg, l - 1)) >>> 0;
      }
    }
  }
  for (const id of sent) {
    const at = indexOf(msgs, id);
    const present = at < msgs.length && msgs[at] === id;
    if (maxCopies === 0 || left === null) {
      if (present) continue;
      if (!owned) {
        msgs = msgs.slice();
        if (left !== null) left = left.slice();
        owned = true;
      }
      msgs.splice(at, 0, id);
      a = (a + laneA(id, 0)) >>> 0;
      b = (b + laneB(id, 0)) >>> 0;
      continue;
    }
    // Sent again: its copies in flight are topped up to maxCopies (identical copies are alike).
    if (!owned) {
      msgs = msgs.slice();
      if (left !== null) left = left.slice();
      owned = true;
    }
    if (present) {
      const l = (left)[at];
      a = (a - laneA(id, l)) >>> 0;
      b = (b - laneB(id, l)) >>> 0;
      (left)[at] = maxCopies;
    } else {
      msgs.splice(at, 0, id);
      (left).splice(at, 0, maxCopies);
    }
    a = (a + laneA(id, maxCopies)) >>> 0;
    b = (b + laneB(id, maxCopies)) >>> 0;
  }
  // A reply whose term is below its receiver's can never change anything again (terms only grow,
  // even across a crash, and every server ignores a reply from an earlier term: §5.1), so it is
  // left out of the state: delivering it is a no-op, and a state that still holds it has the same
  // futures as one that does not. States that differ only in such replies become one.
  const t = interned;
  for (let k = msgs.length - 1; k >= 0 && (scan !== -1 || sent.length > 0); k--) {
    const id = msgs[k];
    const kind = t.msgStale[id];
    if (kind === Staleness.Never || (kind === Staleness.Request && !dropStaleRequests)) continue;
    const to = t.msgTo[id];
    if (scan !== -2 && to !== scan && !sent.includes(id)) continue;
    const receiver = to >= 0 && to < next.nodes.length ? next.nodes[to] : undefined;
    if (receiver === undefined) continue;
    const term = t.msgTerm[id];
    if (kind === Staleness.NotAbove ? term <= receiver.currentTerm : term < receiver.currentTerm) {
      if (!owned) {
        msgs = msgs.slice();
        if (left !== null) left = left.slice();
        owned = true;
      }
      const l = left === null ? 0 : left[k];
      a = (a - laneA(id, l)) >>> 0;
      b = (b - laneB(id, l)) >>> 0;
      msgs.splice(k, 1);
      if (left !== null) left.splice(k, 1);
    }
  }
  next.msgHash = a;
  next.msgHash2 = b;
  if (!owned) return;
  // One array per distinct message set, shared by every state that has it.
  const known = t.sets.get(a);
  if (known !== undefined && known.b === b && known.msgs.length === msgs.length) {
    next.msgs = known.msgs;
    next.left = known.left;
    return;
  }
  if (known === undefined) t.sets.set(a, { b, msgs, left });
  next.msgs = msgs;
  next.left = left;
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

function leaderOf(s: XState): number {
  let best = -1;
  for (let i = 0; i < s.nodes.length; i++) {
    const n = s.nodes[i];
    if (n.alive && n.role === 'leader' && (best < 0 || n.currentTerm > s.nodes[best].currentTerm)) best = i;
  }
  return best;
}

export function choices(s: XState, config: ExploreConfig, _settings?: RaftSettings): Choice[] {
  const out: Choice[] = [];
  const on = config.actions;
  const one = (base: ExploreEvent, act: Act, i: number, msg = 0, target = ''): void => {
    out.push({ base, act, i, msg, target });
  };
  if (on.includes('deliver')) {
    for (const id of s.msgs) {
      const m = interned.msg[id];
      const i = s.names.indexOf(m.to);
      if (i < 0 || !s.nodes[i].alive) continue;
      one({ kind: 'deliver', message: m }, Act.Deliver, i, id);
    }
  }
  const timeouts = on.includes('timeout') && (config.maxTimeouts === 0 || s.timeouts < config.maxTimeouts);
  const heartbeats = on.includes('heartbeat');
  const crashes = on.includes('crash') && s.crashes < config.maxCrashes;
  const restarts = on.includes('restart');
  for (let i = 0; i < s.nodes.length; i++) {
    const n = s.nodes[i];
    const id = s.names[i];
    if (n.alive) {
      if (timeouts && n.electionDeadline !== null) one({ kind: 'timeout', node: id }, Act.Timeout, i);
      if (heartbeats && n.role === 'leader') one({ kind: 'heartbeat', node: id }, Act.Heartbeat, i);
      if (crashes) one({ kind: 'crash', node: id }, Act.Crash, i);
    } else if (restarts) {
      one({ kind: 'restart', node: id }, Act.Restart, i);
    }
  }
  const li = leaderOf(s);
  if (li >= 0) {
    const leader = s.nodes[li];
    const lid = s.names[li];
    if (on.includes('request') && s.requests < config.maxRequests && leader.transferTarget === null) {
      one({ kind: 'request', node: lid }, Act.Request, li, s.requests + 1);
    }
    const canChange = s.membership < config.maxMembership && configChangeRefusal(leader) === null;
    if (on.includes('add') && canChange) one({ kind: 'add', node: `S${s.names.length + 1}` }, Act.Add, li);
    if (on.includes('remove') && canChange && leader.voters.length > 1) {
      for (const v of leader.voters) one({ kind: 'remove', node: v }, Act.Remove, li, 0, v);
    }
    if (on.includes('transfer') && s.transfers < config.maxTransfers && leader.transferTarget === null) {
      for (const v of leader.voters) if (v !== lid) one({ kind: 'transfer', node: v }, Act.Transfer, li, 0, v);
    }
  }
  return out;
}
