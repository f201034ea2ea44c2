// Compact consoles and fates (issue 14, bounded memory) read exactly as the full ones did.

import { describe, expect, it } from 'vitest';
import { createCluster, type TraceEvent } from '../sim/index.ts';
import { eventLine } from './consoles.ts';
import { FateTable } from './fates.ts';
import { TraceIndex } from './traceIndex.ts';

function busyRun() {
  const c = createCluster({ seed: 3, workload: { clients: 2, opsPerSecond: 40 } });
  const trace: TraceEvent[] = [];
  c.subscribe((e) => trace.push(e));
  c.runFor(1500);
  const leader = c.leader() as string;
  c.crash(leader);
  c.runFor(1000);
  c.restart(leader);
  c.runFor(1000);
  const index = new TraceIndex(c.options);
  for (const e of trace) index.add(e);
  return { c, trace, index, leader };
}

describe('consoles', () => {
  it('write every line from its event, except the ones that depend on the past, which keep their text', () => {
    const { c, trace, index, leader } = busyRun();
    for (const id of c.ids) {
      const lines = index.consoles.lines(id, trace.length, (i) => trace[i]);
      expect(lines.length).toBeGreaterThan(10);
      for (const l of lines) {
        const own = eventLine(trace[l.index]);
        expect(l.at).toBe(trace[l.index].at);
        if (own === null) expect(l.text).toMatch(/^(LEADER => |\*\*\* restarted from disk)/);
        else if (!l.text.startsWith('LEADER => ')) expect(l.text).toBe(own);
      }
    }
    const mine = index.consoles.lines(leader, trace.length, (i) => trace[i]).map((l) => l.text);
    expect(mine).toContain('*** crashed: volatile state lost');
    expect(mine.some((t) => /^\*\*\* restarted from disk: term \d+, voted for \S+, \d+ log entries$/.test(t))).toBe(true);
    expect(mine.some((t) => /^applied #\d+ (put|get|append) /.test(t))).toBe(true);
  });

  it('give the last lines before the displayed moment', () => {
    const { trace, index, leader } = busyRun();
    const all = index.consoles.lines(leader, trace.length, (i) => trace[i]);
    const cut = all[20].index;
    const before = index.consoles.lines(leader, cut, (i) => trace[i], 5);
    expect(before).toEqual(all.filter((l) => l.index < cut).slice(-5));
  });
});

describe('FateTable', () => {
  it('reads like the Map it replaces', () => {
    const f = new FateTable();
    expect(f.get(1)).toBeUndefined();
    f.sent(1, 10);
    f.sent(5000, 11);
    expect(f.has(1) && f.has(5000) && !f.has(2)).toBe(true);
    expect(f.get(1)).toEqual({ sent: 10 });
    f.ended(1, 14);
    f.ended(7, 15); // never sent: ignored
    expect(f.get(1)).toEqual({ sent: 10, ended: 14 });
    expect(f.get(7)).toBeUndefined();
    f.sent(1, 20); // a duplicate sent later
    expect(f.get(1)).toEqual({ sent: 20, ended: 14 });
    expect(f.size).toBe(2);
  });

  it('keeps an end far from its send, a re-send and ids across pages exactly', () => {
    const f = new FateTable();
    f.sent(3, 100);
    f.ended(3, 100 + 70_000); // held long: more than 16 bits from its send
    expect(f.get(3)).toEqual({ sent: 100, ended: 70_100 });
    f.sent(3, 70_050); // sent again: the end is now near
    expect(f.get(3)).toEqual({ sent: 70_050, ended: 70_100 });
    f.ended(3, 70_200);
    expect(f.get(3)).toEqual({ sent: 70_050, ended: 70_200 });
    f.sent(4, 5);
    f.ended(4, 5); // delivered at once
    expect(f.get(4)).toEqual({ sent: 5, ended: 5 });
    f.sent(4, 9); // a duplicate sent after the end
    expect(f.get(4)).toEqual({ sent: 9, ended: 5 });
    for (let id = 0; id < 20_000; id += 7) {
      f.sent(id, id * 4);
      if (id % 3 === 0) f.ended(id, id * 4 + (id % 500));
    }
    for (let id = 0; id < 20_000; id += 7) {
      expect(f.get(id)).toEqual(id % 3 === 0 ? { sent: id * 4, ended: id * 4 + (id % 500) } : { sent: id * 4 });
    }
    expect(f.has(20_001)).toBe(false);
    expect(f.get(99_999)).toBeUndefined();
  });

  it('matches the trace: every message sent has its send index, every ended one its end', () => {
    const { trace, index } = busyRun();
    trace.forEach((e, i) => {
      if (e.type === 'deliver' || e.type === 'drop') expect(index.fates.get(e.message.id)?.ended).toBeGreaterThanOrEqual(i);
      if (e.type === 'send') expect(index.fates.get(e.message.id)?.sent).toBeGreaterThanOrEqual(i);
    });
  });
});
