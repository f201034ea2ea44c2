import { describe, expect, it } from 'vitest';
import { createCluster } from '../sim/index.ts';
import type { TraceEvent } from '../sim/index.ts';
import { describeEvent, messageLabel } from './describe.ts';
import { TraceIndex } from './traceIndex.ts';
import { whyCommitted, whyLeader } from './why.ts';

function run() {
  const c = createCluster({ seed: 7 });
  const trace: TraceEvent[] = [];
  c.subscribe((e) => trace.push(e));
  c.runUntil((x) => x.leader() !== null, 2000);
  const leader = c.leader() as string;
  c.request({ type: 'put', key: 'x', value: '1' }, { to: leader });
  c.runFor(500);
  c.crash(leader);
  c.runFor(1500);
  const index = new TraceIndex(c.options);
  for (const e of trace) index.add(e);
  return { c, trace, index, leader };
}

describe('TraceIndex', () => {
  it('writes each server console as a student would print it', () => {
    const { c, trace, index, leader } = run();
    const lines = (id: string) => index.consoles.lines(id, trace.length, (i) => trace[i]).map((l) => l.text);
    expect(lines(leader)).toContain(`LEADER => ${leader}`);
    expect(lines(leader).some((l) => /^term \d+: became leader$/.test(l))).toBe(true);
    expect(lines(leader)).toContain('*** crashed: volatile state lost');
    const other = c.ids.find((id) => id !== leader) as string;
    expect(lines(other)).toContain(`LEADER => ${leader}`);
    expect(lines(other)).toContain('applied #2 put x=1');
    const next = c.leader() as string;
    expect(lines(next)).toContain(`LEADER => ${next}`);
  });

  it('marks elections and crashes on the timeline, and tracks clients', () => {
    const { index, leader, trace } = run();
    expect(index.marks.filter((m) => m.kind === 'leader').length).toBeGreaterThanOrEqual(2);
    expect(index.marks.some((m) => m.kind === 'crash' && m.node === leader)).toBe(true);
    const clients = index.clientStatus(index.length, (i) => trace[i]);
    expect(clients).toHaveLength(1);
    expect(clients[0]).toMatchObject({ id: 'C1', pending: null, completed: 1 });
    expect(index.clientStatus(0, (i) => trace[i])).toEqual([]);
    expect(index.violations).toEqual([]);
  });

  it("reads each client's state at any moment from its compact track as from the trace itself", () => {
    const c = createCluster({ seed: 4, workload: { clients: 3, opsPerSecond: 30 } });
    const trace: TraceEvent[] = [];
    c.subscribe((e) => trace.push(e));
    c.runFor(3000);
    const index = new TraceIndex(c.options);
    for (const e of trace) index.add(e);
    for (const length of [0, 1, 200, 777, trace.length >> 1, trace.length]) {
      const expected = new Map<string, { id: string; pending: unknown; last: unknown; completed: number }>();
      for (const e of trace.slice(0, length)) {
        if (e.type !== 'client-invoke' && e.type !== 'client-ok') continue;
        const id = e.record.client;
        const was = expected.get(id) ?? { id, pending: null, last: null, completed: 0 };
        if (e.type === 'client-ok') expected.set(id, { id, pending: null, last: e.record, completed: was.completed + 1 });
        else expected.set(id, { ...was, pending: e.record });
      }
      const want = [...expected.values()].sort((x, y) => Number(x.id.slice(1)) - Number(y.id.slice(1)));
      expect(index.clientStatus(length, (i) => trace[i])).toEqual(want);
    }
    expect(index.clientStatus(trace.length, (i) => trace[i]).every((x) => x.completed > 5)).toBe(true);
  });

  it("answers Why? from the index's milestones exactly as from a scan of the whole trace", () => {
    const { trace, index, c } = run();
    let checked = 0;
    for (const e of trace) {
      if (e.type === 'role' && e.role === 'leader') {
        expect(whyLeader(trace, trace.length, e.node, e.term, index.milestones)).toEqual(whyLeader(trace, trace.length, e.node, e.term));
        checked++;
      }
    }
    for (let i = 1; i <= Math.max(...c.ids.map((id) => c.node(id).commitIndex)); i++) {
      expect(whyCommitted(trace, trace.length, i, index.milestones)).toEqual(whyCommitted(trace, trace.length, i));
      checked++;
    }
    expect(checked).toBeGreaterThan(2);
  });

  it('rebuilds to a shorter trace', () => {
    const { trace, index } = run();
    const full = index.marks.length;
    index.rebuild(trace, 10);
    expect(index.length).toBe(10);
    expect(index.marks.length).toBeLessThan(full);
  });
});

describe('why', () => {
  it('names the votes that elected a leader', () => {
    const { trace, leader } = run();
    const role = trace.find((e) => e.type === 'role' && e.role === 'leader' && e.node === leader);
    if (role?.type !== 'role') throw new Error('no election');
    const w = whyLeader(trace, trace.length, leader, role.term);
    expect(w).not.toBeNull();
    expect(w?.nodes[0]).toBe(leader);
    expect(w?.nodes.length).toBeGreaterThanOrEqual(3); // a majority of five
    expect(w?.messages.length).toBeGreaterThanOrEqual(2);
    expect(whyLeader(trace, trace.length, leader, 999)).toBeNull();
  });

  it('names the acknowledgements that committed an entry', () => {
    const { trace, leader } = run();
    const w = whyCommitted(trace, trace.length, 2);
    expect(w?.nodes[0]).toBe(leader);
    expect(w?.nodes.length).toBeGreaterThanOrEqual(3);
    expect(w?.logIndex).toBe(2);
    expect(whyCommitted(trace, trace.length, 99)).toBeNull();
  });
});

describe('describe', () => {
  it('says what every event is in plain words', () => {
    const { trace } = run();
    for (const e of trace) expect(describeEvent(e).length).toBeGreaterThan(3);
    const send = trace.find((e) => e.type === 'send' && e.message.type === 'RequestVote');
    if (send?.type !== 'send') throw new Error('no vote request');
    expect(messageLabel(send.message)).toMatch(/^RequestVote t\d+$/);
  });
});
