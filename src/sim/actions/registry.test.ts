// The action registry: one complete row per action type, and cluster.apply(action) doing any
// action exactly as its own call does (same script, same trace, same refusals).

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { stableStringify } from '../../check/invariants.ts';
import { ACTIONS, ACTION_TYPES, actionFields, actionLabel, actionSchema, actionTypeOfCode, createCluster, describeAction } from '../index.ts';
import type { Action, Cluster } from '../index.ts';

function traced(c: Cluster): string[] {
  const out: string[] = [];
  c.subscribe((e) => out.push(createHash('sha256').update(stableStringify(e)).digest('hex')));
  return out;
}

/** A live session with every action type (several at one moment), as the live calls record it. */
function session(): { cluster: Cluster; trace: string[] } {
  const c = createCluster({ seed: 5, nodes: 3, network: { latencyMin: 5, latencyMax: 30, duplicateRate: 0.05 } });
  const trace = traced(c);
  c.runUntil((x) => x.leader() !== null, 1000);
  c.runFor(100);
  const leader = c.leader() as string;
  c.addServer('S4');
  c.setLink(leader, 'S4', { latencyMin: 20, latencyMax: 40 });
  c.request({ type: 'put', key: 'k', value: '1' }, { client: 'C1' });
  c.runUntil((x) => x.node(leader).config.voters.includes('S4'), 3000);
  c.runFor(100);
  const follower = c.ids.find((id) => id !== leader && id !== 'S4') as string;
  c.transferLeadership(follower);
  c.runFor(400);
  c.propose(c.leader() ?? follower, { y: 2 });
  c.request({ type: 'get', key: 'k' }, { to: follower });
  c.runFor(50);
  const waiting = () => c.inFlight().find((m) => m.deliverAt !== null && m.deliverAt > c.now);
  for (const act of [(id: number) => c.duplicate(id), (id: number) => c.delay(id, 25), (id: number) => c.drop(id)]) {
    const m = waiting();
    if (m !== undefined) act(m.id);
    c.runFor(7);
  }
  c.removeServer('S4');
  c.partition([[follower]]);
  c.setNetwork({ lossRate: 0.1 });
  c.runFor(500);
  c.heal();
  c.setNetwork({ lossRate: 0, manual: true });
  c.runFor(60);
  const held = c.inFlight().find((m) => m.deliverAt === null);
  if (held !== undefined) c.deliver(held.id);
  c.setNetwork({ manual: false });
  c.timeout(c.ids.find((id) => id !== c.leader() && c.node(id).alive) ?? 'S1');
  c.crash('S2');
  c.runFor(300);
  c.restart('S2');
  c.request({ type: 'append', key: 'k', value: '2' });
  c.apply({ type: 'fireTimer', node: c.leader() ?? 'S1', timer: 'heartbeat', tests: [false] });
  c.runFor(1000);
  return { cluster: c, trace };
}

describe('the action registry', () => {
  it('has one complete row per action type, in the order the schema names them', () => {
    expect(ACTION_TYPES).toEqual([
      'crash', 'restart', 'timeout', 'addServer', 'removeServer', 'transferLeadership', 'partition', 'heal',
      'setNetwork', 'setLink', 'propose', 'request', 'deliver', 'drop', 'duplicate', 'delay', 'fireTimer',
    ]);
    const codes = new Set<string>();
    for (const t of ACTION_TYPES) {
      const row = ACTIONS[t];
      expect(row.type).toBe(t);
      expect(actionLabel(t)).toMatch(/^[A-Z]/);
      expect(actionFields(t).slice(0, 2)).toEqual(['at', 'type']);
      expect(row.wire.code).toHaveLength(1);
      expect(codes.has(row.wire.code), row.wire.code).toBe(false);
      codes.add(row.wire.code);
      expect(actionTypeOfCode(row.wire.code)).toBe(t);
    }
    expect(ACTION_TYPES.filter((t) => ACTIONS[t].message)).toEqual(['deliver', 'drop', 'duplicate', 'delay']);
  });

  it('describes every action type in words, and its schema accepts what the cluster records', () => {
    const { cluster } = session();
    const script = cluster.actions();
    expect(new Set(script.map((a) => a.type))).toEqual(new Set(ACTION_TYPES));
    for (const a of script) {
      expect(actionSchema.safeParse(a).success, JSON.stringify(a)).toBe(true);
      expect(describeAction(a).length).toBeGreaterThan(0);
    }
    const samples: [Action, string][] = [
      [{ type: 'crash', node: 'S1', at: 0 }, 'crash S1'],
      [{ type: 'transferLeadership', node: 'S2', at: 0 }, 'transfer leadership to S2'],
      [{ type: 'partition', groups: [['S1'], ['S2', 'S3']], at: 0 }, 'partition {S1} | {S2,S3}'],
      [{ type: 'heal', at: 0 }, 'heal the network'],
      [{ type: 'setNetwork', network: { lossRate: 0.1, manual: true }, at: 0 }, 'network lossRate=0.1 manual=true'],
      [{ type: 'setLink', from: 'S1', to: 'S2', link: { up: false }, at: 0 }, 'link S1→S2 up=false'],
      [{ type: 'propose', node: 'S1', command: 1, at: 0 }, 'propose on S1'],
      [{ type: 'request', op: { type: 'put', key: 'x', value: '1' }, to: 'S2', at: 0 }, 'client put x=1 → S2'],
      [{ type: 'request', op: { type: 'get', key: 'x' }, at: 0 }, 'client get x'],
      [{ type: 'duplicate', message: 7, at: 0 }, 'duplicate message #7'],
      [{ type: 'delay', message: 7, ms: 20, at: 0 }, 'delay message #7 by 20 ms'],
      [{ type: 'fireTimer', node: 'S3', timer: 'election', at: 0 }, "fire S3's election timer"],
    ];
    for (const [a, text] of samples) expect(describeAction(a)).toBe(text);
  });
});

describe('cluster.apply(action)', () => {
  it('replays a live script action by action to the same script and the same trace, hash for hash', () => {
    const { cluster: live, trace } = session();
    const script = live.actions();
    const c = createCluster(live.options);
    const replayed = traced(c);
    for (const a of script) {
      c.runFor(a.at - c.now);
      c.apply(a);
    }
    c.runFor(live.now - c.now);
    expect(JSON.stringify(c.actions())).toBe(JSON.stringify(script));
    expect(replayed.length).toBeGreaterThan(500);
    expect(replayed).toEqual(trace);
  });

  it('refuses what the call refuses, with its message, and changes nothing', () => {
    const c = createCluster({ nodes: 3 });
    c.runFor(500);
    const before = stableStringify({ s: c.checkpoint(), a: c.actions() });
    const cases: [unknown, string][] = [
      [5, 'apply: action: must be an action object like { type: \'crash\', node: \'S1\' }, got 5'],
      [null, 'apply: action: must be an action object like { type: \'crash\', node: \'S1\' }, got null'],
      [{ type: 'explode' }, "apply: action.type: 'explode' is not an action type (one of crash, restart, timeout, addServer, removeServer, transferLeadership, partition, heal, setNetwork, setLink, propose, request, deliver, drop, duplicate, delay, fireTimer)"],
      [{ type: 'crash', node: 'S1', force: true }, "crash: unexpected field 'force' (an action 'crash' has at, type, node)"],
      [{ type: 'crash', node: 'S1', at: 499 }, "crash: at: 499 is not now (500 ms); run the cluster to the action's time first"],
      [{ type: 'crash', node: 'S9' }, "crash: unknown node id 'S9' (known: S1, S2, S3)"],
      [{ type: 'partition', groups: ['S1'] }, `partition: groups: must be an array of arrays of node ids, like [['S1','S2'],['S3']], got ["S1"]`],
      [{ type: 'setLink', from: 'S1', to: 'S1', link: {} }, "setLink: from and to are both 'S1': a link joins two different nodes"],
      [{ type: 'request', op: { type: 'get', key: 'x' }, client: 'S1' }, "request: opts.client: 'S1' is a server, not a client"],
      [{ type: 'deliver', message: 1.5 }, 'deliver: messageId must be an integer, got 1.5'],
      [{ type: 'delay', message: 999, ms: 5 }, 'delay: messageId 999 is not on the wire (delivered, dropped, or never sent)'],
      [{ type: 'addServer', node: 'C3' }, 'addServer: names C1, C2, … are reserved for simulated clients'],
    ];
    for (const [action, message] of cases) {
      expect(() => c.apply(action as Action), message).toThrow(message);
    }
    expect(stableStringify({ s: c.checkpoint(), a: c.actions() })).toBe(before);
  });

  it('acts now when `at` is left out, recorded as its call records it', () => {
    const a = createCluster({ nodes: 3 });
    const b = createCluster({ nodes: 3 });
    a.runFor(300);
    b.runFor(300);
    a.request({ type: 'put', key: 'x', value: '1' }, { client: 'C2' });
    b.apply({ type: 'request', op: { type: 'put', key: 'x', value: '1' }, client: 'C2' });
    a.setNetwork({ lossRate: 0.2, latencyMin: 3 });
    b.apply({ type: 'setNetwork', network: { lossRate: 0.2, latencyMin: 3 } });
    expect(JSON.stringify(b.actions())).toBe(JSON.stringify(a.actions()));
    expect(b.history()).toEqual(a.history());
  });
});
