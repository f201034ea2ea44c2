// Membership (thesis ch. 4) and leadership transfer (§3.10): asked of the leader of the moment.

import { mutated } from '../../raft/mutations.ts';
import * as raft from '../../raft/node.ts';
import type { World } from '../world.ts';
import { NO_LEADER, serverNameProblem, unknownNode } from './checks.ts';
import { parseServer, serverSchema, serverWire } from './servers.ts';
import { defineAction } from './spec.ts';

export const addServer = defineAction<'addServer'>({
  type: 'addServer',
  label: 'Add server',
  schema: serverSchema('addServer'),
  message: false,
  nodes: () => [], // a new name: known to the actions after it
  adds: (a) => a.node,
  parse(raw, cx) {
    const name = serverNameProblem(raw.node);
    if (name !== null) throw new Error(`addServer: ${name}`);
    return { type: 'addServer', node: raw.node as string, at: cx.now };
  },
  check(a, c) {
    const name = serverNameProblem(a.node);
    if (name !== null) return name;
    const leader = c.leader();
    if (leader === null) return NO_LEADER;
    // A server that was removed (or given up on) may come back under its name, with the disk
    // it kept: the leader catches it up like any new server (thesis §4.2.1); entries it holds
    // beyond the leader's log are overwritten by the consistency check as usual.
    if (c.nodes.has(a.node) && (leader.voters.includes(a.node) || leader.learners.includes(a.node))) {
      return `'${a.node}' is already a server of this cluster`;
    }
    const refusal = raft.configChangeRefusal(leader);
    return refusal === null ? null : `cannot add '${a.node}' now: ${refusal}`;
  },
  apply(w, a) {
    w.record({ ...a, at: w.s.now });
    addServerNow(w, a.node);
  },
  describe: (a) => `addServer ${a.node}`,
  wire: {
    code: 'A',
    encode: (a) => [a.node], // by name: it joins the node table here
    decode(args, d) {
      d.arity(1);
      const node = args[0];
      if (typeof node === 'string' && !d.table.includes(node)) d.table.push(node);
      return { at: d.at, type: d.type, node };
    },
  },
});

function addServerNow(w: World, id: string): void {
  const s = w.s;
  const leaderId = w.leader();
  if (leaderId === null) return;
  const leader = w.nodeState('addServer', leaderId);
  if (raft.configChangeRefusal(leader) !== null) return;
  if (leader.voters.includes(id) || leader.learners.includes(id)) return;
  if (!s.nodes.has(id)) {
    const n = raft.createNode(id, mutated('added-server-empty-boot-config') ? [] : s.options.nodes, s.options.seed);
    s.nodes.set(id, n);
    s.timers.set(id, { election: null, heartbeat: null });
    s.ids.push(id);
    if (w.tracing) w.emit({ type: 'server', at: s.now, node: id, change: 'added' });
    raft.start(n, w.context());
    w.syncTimers(id);
  } else if (w.tracing) {
    w.emit({ type: 'server', at: s.now, node: id, change: 'added' });
  }
  raft.addServer(leader, id, w.context());
  w.syncTimers(leaderId);
}

export const removeServer = defineAction<'removeServer'>({
  type: 'removeServer',
  label: 'Remove server',
  schema: serverSchema('removeServer'),
  message: false,
  nodes: (a) => [a.node],
  parse: parseServer('removeServer'),
  check(a, c) {
    const unknown = unknownNode(a.node, c);
    if (unknown !== null) return unknown;
    const leader = c.leader();
    if (leader === null) return NO_LEADER;
    if (!leader.voters.includes(a.node)) return `'${a.node}' is not a voting member of the current configuration`;
    if (leader.voters.length <= 1) return `'${a.node}' is the last voter; a cluster needs at least one`;
    const refusal = raft.configChangeRefusal(leader);
    return refusal === null ? null : `cannot remove '${a.node}' now: ${refusal}`;
  },
  apply(w, a) {
    w.record({ ...a, at: w.s.now });
    const leaderId = w.leader();
    if (leaderId === null) return;
    const leader = w.nodeState('removeServer', leaderId);
    if (raft.configChangeRefusal(leader) !== null || !leader.voters.includes(a.node) || leader.voters.length <= 1) return;
    raft.removeServer(leader, a.node, w.context());
    if (w.tracing) w.emit({ type: 'server', at: w.s.now, node: a.node, change: 'removed' });
    w.syncTimers(leaderId);
  },
  describe: (a) => `removeServer ${a.node}`,
  wire: serverWire('R'),
});

export const transferLeadership = defineAction<'transferLeadership'>({
  type: 'transferLeadership',
  label: 'Transfer leadership',
  schema: serverSchema('transferLeadership'),
  message: false,
  nodes: (a) => [a.node],
  parse: parseServer('transferLeadership'),
  check(a, c) {
    const unknown = unknownNode(a.node, c);
    if (unknown !== null) return unknown;
    const leader = c.leader();
    if (leader === null) return NO_LEADER;
    if (!leader.voters.includes(a.node)) return `'${a.node}' is not a voting member`;
    if (leader.id === a.node) return `'${a.node}' is already the leader`;
    if (leader.transferTarget !== null) return `a transfer to '${leader.transferTarget}' is already under way`;
    return null;
  },
  apply(w, a) {
    w.record({ ...a, at: w.s.now });
    const leaderId = w.leader();
    if (leaderId === null) return;
    const leader = w.nodeState('transferLeadership', leaderId);
    raft.transferLeadership(leader, a.node, w.context());
    w.syncTimers(leaderId);
  },
  describe: (a) => `transfer leadership to ${a.node}`,
  wire: serverWire('T'),
});
