// Memory benchmark (issue 14): what a long run keeps, as retained heap after a forced garbage
// collection against simulated time, for 9 servers with 10 clients at 200 ops/s (the load a
// lecturer might leave on a projector).
//
// - engine: the cluster alone (its logs, client history, messages) — the engine's own state;
// - page: the app's model of the run (store/session.ts: the time machine with its windowed trace
//   and checkpoints, and the trace index with consoles, fates, series and the safety monitor),
//   the same code the page runs, driven as playing does; its growth beyond the engine's is the
//   figure issue 14 bounds (target ≤ 0.05 MB per simulated second);
// - how much of the trace stays in memory at the end, and what reading a dropped event costs
//   (recomputing its chunk from a checkpoint, store/traceWindow.ts);
// - then seeking back and forth over the run (what a lecturer scrubbing does) and measuring again;
// - the engine with snapshots on (every 1,000 entries), to show what they bound.
//
// A benchmark, not a test: it reports medians of the slopes over `runs` runs. The browser's
// figure (the whole page, React and all) is in bench/render.ts.

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createCluster, type ClusterOptions } from '../src/sim/index.ts';
import { createSession } from '../src/store/session.ts';
import { CHUNK } from '../src/store/traceWindow.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

export const HEAVY: ClusterOptions = { nodes: 9, workload: { clients: 10, opsPerSecond: 200 } };

/** Retained MB: the JavaScript heap and the array buffers (typed arrays live outside the heap). */
function retainedMB(): number {
  gc();
  gc();
  const m = process.memoryUsage();
  return (m.heapUsed + m.arrayBuffers) / 1e6;
}

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export interface MemoryFigures {
  simulatedMs: number;
  /** MB per simulated second, between the first and the last sample (past the warm-up). */
  engineSlope: number;
  engineSnapshotsSlope: number;
  pageSlope: number;
  /** Page beyond the engine. */
  pageBeyondEngineSlope: number;
  /** Retained MB at the end, and after seeking back and forth. */
  pageEndMB: number;
  pageAfterSeeksMB: number;
  engineEndMB: number;
  /** Client history records and log entries (largest log) at the end, snapshots off and on. */
  historyRecords: number;
  logEntries: number;
  logEntriesWithSnapshots: number;
  /** Trace chunks held at the end, of all. */
  traceResident: number;
  traceChunks: number;
  /** Median wall ms to read an event of a dropped chunk (one replay from a checkpoint). */
  refillMs: number;
}

function slope(samples: [number, number][]): number {
  const [t0, m0] = samples[0];
  const [t1, m1] = samples[samples.length - 1];
  return (m1 - m0) / ((t1 - t0) / 1000);
}

function engineRun(options: ClusterOptions, simulatedMs: number, from: number): { slope: number; end: number; history: number; log: number } {
  const base = retainedMB();
  const c = createCluster(options);
  const samples: [number, number][] = [];
  for (let t = from; t <= simulatedMs; t += from) {
    c.runFor(t - c.now);
    samples.push([t, retainedMB() - base]);
  }
  const log = Math.max(...c.ids.map((id) => c.peek(id).log.length));
  return { slope: slope(samples), end: samples[samples.length - 1][1], history: c.history().length, log };
}

export function runMemoryBench(opts: { quick?: boolean } = {}): MemoryFigures {
  const quick = opts.quick ?? false;
  const simulatedMs = quick ? 60_000 : 240_000;
  const from = simulatedMs / 4; // samples past the warm-up (first quarter)
  const runs = quick ? 1 : 3;
  const page: number[] = [];
  const beyond: number[] = [];
  const engine: number[] = [];
  const engineSnap: number[] = [];
  const refill: number[] = [];
  let last: Omit<MemoryFigures, 'engineSlope' | 'engineSnapshotsSlope' | 'pageSlope' | 'pageBeyondEngineSlope' | 'refillMs'> | null = null;
  for (let r = 0; r < runs; r++) {
    const e = engineRun(HEAVY, simulatedMs, from);
    const es = engineRun({ ...HEAVY, features: { snapshotThreshold: 1000 } }, simulatedMs, from);
    const base = retainedMB();
    const s = createSession(HEAVY);
    const samples: [number, number][] = [];
    for (let t = from; t <= simulatedMs; t += from) {
      // as playing does: a frame's worth of simulated time at a time (100× at 60 Hz ≈ 1.7 s)
      while (s.tm.now < t) s.tm.runTo(Math.min(t, s.tm.now + 1667));
      samples.push([t, retainedMB() - base]);
    }
    if (process.env.BENCH_VERBOSE) console.log(samples.map(([t, m]) => `${t / 1000} s: ${m.toFixed(1)} MB`).join(', '));
    const endMB = samples[samples.length - 1][1];
    const traceResident = s.tm.trace.resident;
    const traceChunks = Math.ceil(s.tm.trace.length / CHUNK);
    // reading events far from the displayed time: each recomputes its chunk
    for (let k = 1; k <= 5; k++) {
      const i = Math.floor((s.tm.trace.length * k) / 8);
      const before = s.tm.trace.refills;
      const t0 = performance.now();
      s.tm.trace.get(i);
      if (s.tm.trace.refills > before) refill.push(performance.now() - t0);
    }
    // scrubbing: back and forth over the whole run, ending at its end
    let x = 12345;
    for (let i = 0; i < 40; i++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      s.tm.seek(Math.floor((x / 2147483648) * simulatedMs));
    }
    s.tm.seek(simulatedMs);
    const afterSeeks = retainedMB() - base;
    const pageSlope = slope(samples);
    page.push(pageSlope);
    engine.push(e.slope);
    engineSnap.push(es.slope);
    beyond.push(pageSlope - e.slope);
    // absolute figures from the first run (later runs' baselines can include the previous run's garbage; slopes do not mind)
    if (last === null) last = {
      simulatedMs,
      pageEndMB: endMB,
      pageAfterSeeksMB: afterSeeks,
      engineEndMB: e.end,
      historyRecords: e.history,
      logEntries: e.log,
      logEntriesWithSnapshots: es.log,
      traceResident,
      traceChunks,
    };
    s.dispose();
  }
  if (last === null) throw new Error('no run');
  return {
    ...last,
    engineSlope: median(engine),
    engineSnapshotsSlope: median(engineSnap),
    pageSlope: median(page),
    pageBeyondEngineSlope: median(beyond),
    refillMs: refill.length > 0 ? median(refill) : 0,
  };
}

export function printMemory(m: MemoryFigures): void {
  const f = (x: number) => x.toFixed(3);
  console.log(`memory: 9 servers, 10 clients at 200 ops/s, ${m.simulatedMs / 1000} s simulated; retained heap after a forced GC, MB per simulated second (median)`);
  console.log(`  engine (cluster alone)            ${f(m.engineSlope)} MB/s   ${m.engineEndMB.toFixed(1)} MB at the end; ${m.historyRecords} client records, ${m.logEntries} log entries`);
  console.log(`  engine, snapshots every 1,000     ${f(m.engineSnapshotsSlope)} MB/s   ${m.logEntriesWithSnapshots} log entries`);
  console.log(`  page model (time machine + index) ${f(m.pageSlope)} MB/s   ${m.pageEndMB.toFixed(1)} MB at the end, ${m.pageAfterSeeksMB.toFixed(1)} MB after 40 seeks back and forth`);
  console.log(`  page beyond the engine            ${f(m.pageBeyondEngineSlope)} MB/s   (target ≤ 0.050)`);
  console.log(`  trace kept at the end             ${m.traceResident} of ${m.traceChunks} chunks of ${CHUNK} events; reading a dropped one recomputes it in ${m.refillMs.toFixed(0)} ms (median)`);
}
