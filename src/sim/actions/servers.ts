// Actions on one server: crash, restart, and an election timeout forced now.

import * as z from 'zod/mini';
import * as raft from '../../raft/node.ts';
import { nodeRef, wholeMs as at } from '../atoms.ts';
import { checkNodeId } from '../validate.ts';
import { crashDisk } from '../disk.ts';
import { nodeOnly } from './checks.ts';
import { defineAction, type ActionOf, type ActionWire } from './spec.ts';

type ServerAction = 'crash' | 'restart' | 'timeout' | 'addServer' | 'removeServer' | 'transferLeadership';

/** The schema of an action on one server: `{ at, type, node }`. */
export function serverSchema<T extends ServerAction>(type: T) {
  return z.strictObject({ at, type: z.literal(type), node: nodeRef });
}

/** The live call's argument: a node id (`type: node id must be a string`). */
export function parseServer<T extends ServerAction>(type: T) {
  return (raw: Readonly<Record<string, unknown>>, cx: { now: number }) =>
    ({ type, node: checkNodeId(type, raw.node), at: cx.now }) as ActionOf<T>;
}

/** `[Δat, code, node]`, the node as its number in the node table. */
export function serverWire<T extends ServerAction>(code: string): ActionWire<T> {
  return {
    code,
    encode: (a, ref) => [ref(a.node)],
    decode: (args, d) => {
      d.arity(1);
      return { at: d.at, type: d.type, node: d.ref(`${d.field}.node`, args[0]) };
    },
  };
}

export const crash = defineAction<'crash'>({
  type: 'crash',
  label: 'Crash',
  schema: serverSchema('crash'),
  message: false,
  nodes: (a) => [a.node],
  parse: parseServer('crash'),
  check: nodeOnly,
  apply(w, a) {
    const n = w.nodeState('crash', a.node);
    const at = w.s.now;
    w.record({ ...a, at });
    if (!n.alive) return;
    const roleBefore = n.role;
    const termBefore = n.currentTerm;
    const traceLost = crashDisk(w, n); // with a disk latency: writes not yet durable are lost
    raft.crash(n, w.settings);
    if (w.tracing) {
      w.emit({ type: 'crash', at, node: n.id });
      // Volatile state is gone: a crashed leader or candidate is no longer one.
      if (roleBefore !== n.role || termBefore !== n.currentTerm) w.emit({ type: 'role', at, node: n.id, role: n.role, term: n.currentTerm });
    }
    traceLost();
  },
  describe: (a) => `crash ${a.node}`,
  wire: serverWire('c'),
});

export const restart = defineAction<'restart'>({
  type: 'restart',
  label: 'Restart',
  schema: serverSchema('restart'),
  message: false,
  nodes: (a) => [a.node],
  parse: parseServer('restart'),
  check: nodeOnly,
  apply(w, a) {
    const n = w.nodeState('restart', a.node);
    w.record({ ...a, at: w.s.now });
    if (n.alive) return;
    if (w.tracing) w.emit({ type: 'restart', at: w.s.now, node: n.id });
    raft.restart(n, w.context());
    w.syncTimers(n.id);
  },
  describe: (a) => `restart ${a.node}`,
  wire: serverWire('r'),
});

export const timeout = defineAction<'timeout'>({
  type: 'timeout',
  label: 'Force election timeout',
  schema: serverSchema('timeout'),
  message: false,
  nodes: (a) => [a.node],
  parse: parseServer('timeout'),
  check: nodeOnly,
  apply(w, a) {
    const n = w.nodeState('timeout', a.node);
    w.record({ ...a, at: w.s.now });
    raft.forceTimeout(n, w.context());
    w.syncTimers(n.id);
  },
  describe: (a) => `timeout ${a.node}`,
  wire: serverWire('t'),
});

/**
 * A server's timer fires now, as if its deadline had come: a follower's or candidate's election
 * timer starts an election (PreVote first when on), a leader's runs CheckQuorum; a leader's
 * heartbeat timer sends a round of AppendEntries. Nothing on a crashed server, or on a timer the
 * server has not armed. With a manual network, you are the scheduler (the explorer's replays).
 */
export const fireTimer = defineAction<'fireTimer'>({
  type: 'fireTimer',
  label: 'Fire timer',
  schema: z.strictObject({ at, type: z.literal('fireTimer'), node: nodeRef, timer: z.enum(['election', 'heartbeat']) }),
  message: false,
  nodes: (a) => [a.node],
  parse(raw, cx) {
    const timer = raw.timer;
    if (timer !== 'election' && timer !== 'heartbeat') {
      throw new Error(`fireTimer: timer must be 'election' or 'heartbeat', got ${JSON.stringify(timer) ?? 'nothing'}`);
    }
    return { type: 'fireTimer', node: checkNodeId('fireTimer', raw.node), timer, at: cx.now };
  },
  check: nodeOnly,
  apply(w, a) {
    const n = w.nodeState('fireTimer', a.node);
    w.record({ ...a, at: w.s.now });
    if (!n.alive) return;
    if (a.timer === 'election') {
      if (n.electionDeadline !== null) raft.electionTimerFired(n, w.context());
    } else if (n.heartbeatDue !== null) {
      raft.heartbeatTimerFired(n, w.context());
    }
    w.syncTimers(n.id);
  },
  describe: (a) => `fire ${a.node}'s ${a.timer} timer`,
  wire: {
    code: 'f',
    encode: (a, ref) => [ref(a.node), a.timer === 'election' ? 0 : 1],
    decode: (args, d) => {
      d.arity(2);
      return { at: d.at, type: d.type, node: d.ref(`${d.field}.node`, args[0]), timer: args[1] === 0 ? 'election' : args[1] === 1 ? 'heartbeat' : args[1] };
    },
  },
});
