// The windowed trace (issue 14, bounded memory): which chunks it keeps, and that what it
// recomputes is exactly what was dropped — for a synthetic trace and for a real run with an
// action script, seeks and a branch.

import { describe, expect, it } from 'vitest';
import { createCluster, type Action, type TraceEvent } from '../sim/index.ts';
import { createSession } from './session.ts';
import { TimeMachine } from './timeMachine.ts';
import { CHUNK, chunksToKeep, RECENT_CHUNKS, WindowedTrace } from './traceWindow.ts';

describe('chunksToKeep', () => {
  it('keeps chunks whose span comes within the window of a focus, the last chunk, and the recent ones', () => {
    // chunks start at 0, 10, 20, … 90 s; the run is at 100 s
    const firstAt = Array.from({ length: 10 }, (_, k) => k * 10_000);
    expect(chunksToKeep(firstAt, 100_000, [], 5_000)).toEqual([9]);
    // 42 s: chunk 4 holds it; 37 s and 47 s reach chunks 3 (ends at 40 s) and 4 only
    expect(chunksToKeep(firstAt, 100_000, [42_000], 5_000)).toEqual([3, 4, 9]);
    // 50 s is the boundary of chunks 4 and 5: both, and 45 s reaches back into 4 only
    expect(chunksToKeep(firstAt, 100_000, [50_000], 5_000)).toEqual([4, 5, 9]);
    expect(chunksToKeep(firstAt, 100_000, [12_000, 98_000], 1_000, [6])).toEqual([1, 6, 9]);
    expect(chunksToKeep([], 0, [0])).toEqual([]);
  });
  it('keeps every chunk of a moment many chunks long', () => {
    expect(chunksToKeep([0, 700, 700, 700, 900], 1000, [700], 0)).toEqual([0, 1, 2, 3, 4]);
  });
});

/** A synthetic trace: event i at time 10·i ms, recomputable from its index alone. */
function synthetic(i: number): TraceEvent {
  return { type: 'timer', at: 10 * i, node: `S${(i % 5) + 1}`, kind: 'election' } as unknown as TraceEvent;
}

describe('WindowedTrace', () => {
  function filled(n: number) {
    const calls: [number, number][] = [];
    const t = new WindowedTrace((from, to, sink) => {
      calls.push([from, to]);
      for (let i = from; i < to; i++) sink(synthetic(i), i);
    });
    for (let i = 0; i < n; i++) t.push(synthetic(i));
    return { t, calls };
  }

  it('drops chunks far from the focus and recomputes them when read, the same events', () => {
    const n = CHUNK * 10 + 17;
    const { t, calls } = filled(n);
    expect(t.resident).toBe(11);
    t.thin([10 * (CHUNK * 5 + 100)], 10 * (n - 1), 100);
    expect(t.resident).toBe(2); // chunk 5 and the last
    expect(calls).toEqual([]);
    expect(t.get(CHUNK * 2 + 5)).toEqual(synthetic(CHUNK * 2 + 5));
    expect(calls).toEqual([[CHUNK * 2, CHUNK * 3]]);
    expect(t.resident).toBe(3);
    expect(t.at(n)).toBeUndefined();
    expect(t.at(-1)).toBeUndefined();
    expect(() => t.get(n)).toThrow(/no trace event/);
    expect(t.slice(0, n)).toEqual(Array.from({ length: n }, (_, i) => synthetic(i)));
  });

  it('scans a run of dropped chunks with one recomputation and does not keep it', () => {
    const { t, calls } = filled(CHUNK * 8);
    t.thin([0], 10 * (CHUNK * 8 - 1), 10);
    const seen: number[] = [];
    t.forEach(5, CHUNK * 8, (e, i) => {
      expect(e).toEqual(synthetic(i));
      seen.push(i);
    });
    expect(seen.length).toBe(CHUNK * 8 - 5);
    expect(calls).toEqual([[CHUNK, CHUNK * 7]]);
    expect(t.resident).toBe(2);
  });

  it('cuts back and grows again, recomputing a dropped last chunk before appending to it', () => {
    const { t, calls } = filled(CHUNK * 4);
    t.thin([], 0, 0);
    t.truncate(CHUNK * 2 + 9);
    expect(t.length).toBe(CHUNK * 2 + 9);
    t.push(synthetic(CHUNK * 2 + 9));
    expect(calls).toEqual([[CHUNK * 2, CHUNK * 2 + 9]]);
    expect(t.slice(CHUNK * 2, CHUNK * 2 + 10)).toEqual(Array.from({ length: 10 }, (_, i) => synthetic(CHUNK * 2 + i)));
    t.truncate(0);
    expect(t.length).toBe(0);
    expect(t.resident).toBe(0);
  });

  it('keeps chunks recomputed on demand until the next thinning, then only the last few', () => {
    const { t, calls } = filled(CHUNK * 20);
    t.thin([], 0, 0);
    for (let k = 0; k < 19; k++) t.get(k * CHUNK + 1);
    for (let k = 0; k < 19; k++) t.get(k * CHUNK + 2); // a view reading them again recomputes none
    expect(calls.length).toBe(19);
    expect(t.resident).toBe(20);
    t.thin([], 0, 0);
    expect(t.resident).toBe(1 + RECENT_CHUNKS);
    expect(t.get(18 * CHUNK)).toEqual(synthetic(18 * CHUNK));
    expect(calls.length).toBe(19);
  });
});

/** Five servers under load, with faults on the way: ~2,000 events per simulated second. */
const OPTIONS = { seed: 11, nodes: 5, workload: { clients: 4, opsPerSecond: 80 } };
const SCRIPT: Action[] = [
  { type: 'crash', node: 'S2', at: 6_000 },
  { type: 'partition', groups: [['S1', 'S3'], ['S2', 'S4', 'S5']], at: 14_000 },
  { type: 'heal', at: 17_000 },
  { type: 'restart', node: 'S2', at: 21_000 },
];

function reference(until: number): TraceEvent[] {
  const c = createCluster(OPTIONS, SCRIPT);
  const trace: TraceEvent[] = [];
  c.subscribe((e) => trace.push(e));
  c.runFor(until);
  return trace;
}

describe('the time machine with a windowed trace', () => {
  it('drops most of a long run and reads back every event exactly as a fresh run emits it', () => {
    const tm = new TimeMachine(OPTIONS, SCRIPT);
    tm.runTo(40_000);
    const ref = reference(40_000);
    expect(tm.trace.length).toBe(ref.length);
    const chunks = Math.ceil(ref.length / CHUNK);
    expect(tm.trace.resident).toBeLessThan(chunks / 2);
    // scrub far back: the state and the events there are the fresh run's
    tm.seek(7_000);
    expect(tm.trace.get(tm.traceLength - 1)).toEqual(ref[tm.traceLength - 1]);
    tm.seek(40_000);
    expect(tm.trace.slice()).toEqual(ref);
    expect(tm.trace.refills).toBeGreaterThan(0);
  });

  it('rebuilds the index after a branch far into a windowed run as from the whole trace', () => {
    const s = createSession(OPTIONS, SCRIPT);
    s.tm.runTo(30_000);
    s.tm.seek(9_000);
    s.tm.act((c) => c.crash('S4')); // a new future: the trace is cut back and the index rebuilt
    s.tm.runTo(12_000);
    const c = createCluster(OPTIONS, [...SCRIPT.filter((a) => a.at < 9_000), { type: 'crash', node: 'S4', at: 9_000 }]);
    const trace: TraceEvent[] = [];
    c.subscribe((e) => trace.push(e));
    c.runFor(12_000);
    expect(s.tm.trace.slice()).toEqual(trace);
    const fresh = createSession(OPTIONS);
    for (const e of trace) fresh.index.add(e);
    expect(s.index.properties()).toEqual(fresh.index.properties());
    expect(s.index.marks).toEqual(fresh.index.marks);
    expect(s.index.milestones).toEqual(fresh.index.milestones);
    const read = (i: number) => trace[i];
    expect(s.index.clientStatus(trace.length, (i) => s.tm.trace.get(i))).toEqual(fresh.index.clientStatus(trace.length, read));
    expect(s.index.clientStatus(trace.length >> 1, (i) => s.tm.trace.get(i))).toEqual(fresh.index.clientStatus(trace.length >> 1, read));
    for (const id of s.tm.cluster.ids) expect(s.index.commits.get(id)?.points).toEqual(fresh.index.commits.get(id)?.points);
    for (const id of s.tm.cluster.ids) {
      expect(s.index.consoles.lines(id, trace.length, read)).toEqual(fresh.index.consoles.lines(id, trace.length, read));
    }
    s.dispose();
    fresh.dispose();
  });
});

describe('WindowedTrace, read by time and refilled by replays', () => {
  function filled(n: number) {
    let refills = 0;
    const t = new WindowedTrace((from, to, sink) => {
      refills++;
      for (let i = from; i < to; i++) sink(synthetic(i), i);
    });
    for (let i = 0; i < n; i++) t.push(synthetic(i));
    return { t, refills: () => refills };
  }

  it('finds the first event at or after a time without recomputing more than one chunk', () => {
    const { t, refills } = filled(CHUNK * 6);
    t.thin([], 0, 0);
    expect(t.firstIndexAt(-5)).toBe(0);
    expect(t.firstIndexAt(10 * (CHUNK * 3 + 7))).toBe(CHUNK * 3 + 7);
    expect(t.firstIndexAt(10 * (CHUNK * 3 + 7) - 3)).toBe(CHUNK * 3 + 7);
    expect(t.firstIndexAt(10 * CHUNK * 6)).toBe(CHUNK * 6);
    expect(refills()).toBe(1);
  });

  it('keeps a dropped chunk again when a replay emits it from its start, and not a partial one', () => {
    const { t, refills } = filled(CHUNK * 4);
    t.thin([], 0, 0);
    expect(t.resident).toBe(1);
    for (let i = CHUNK + 5; i < CHUNK * 3 + 9; i++) t.replayed(i, synthetic(i));
    expect(t.resident).toBe(2); // chunk 2 whole; chunk 1 was joined in its middle
    expect(t.get(CHUNK * 2 + 100)).toEqual(synthetic(CHUNK * 2 + 100));
    expect(refills()).toBe(0);
    expect(t.get(CHUNK + 100)).toEqual(synthetic(CHUNK + 100));
    expect(refills()).toBe(1);
  });
});
