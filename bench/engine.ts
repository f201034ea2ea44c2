// Engine benchmark (issue 2): a cluster with a client put every 20 ms for 600 s of simulated
// time, tracing off; events per wall second and simulated ms per wall second; and the cost of
// checkpoint() + restoreCluster() at the end of the 5-node run. Medians of several runs.

import { createCluster, restoreCluster, type Cluster } from '../src/sim/index.ts';

export interface EngineFigures {
  nodes: number;
  simulatedMs: number;
  events: number;
  medianWallMs: number;
  eventsPerSecond: number;
  simMsPerSecond: number;
  checkpointRestoreMs?: number;
}

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function drive(nodes: number, simulatedMs: number): Cluster {
  const c = createCluster({ seed: 7, nodes, network: { latencyMin: 10, latencyMax: 30 } });
  let i = 0;
  while (c.now < simulatedMs) {
    c.runFor(20);
    c.request({ type: 'put', key: 'k' + String(i % 10), value: String(i) });
    i++;
  }
  return c;
}

export function runEngineBench(nodes: number, simulatedMs = 600_000, runs = 3): EngineFigures {
  const walls: number[] = [];
  let events = 0;
  let last: Cluster | null = null;
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    last = drive(nodes, simulatedMs);
    walls.push(performance.now() - t0);
    events = last.eventsProcessed;
  }
  const wall = median(walls);
  const figures: EngineFigures = {
    nodes,
    simulatedMs,
    events,
    medianWallMs: wall,
    eventsPerSecond: (events / wall) * 1000,
    simMsPerSecond: (simulatedMs / wall) * 1000,
  };
  if (last !== null && nodes === 5) {
    const cluster = last;
    const times: number[] = [];
    for (let r = 0; r < 21; r++) {
      const t0 = performance.now();
      const state = cluster.checkpoint();
      restoreCluster(state);
      times.push(performance.now() - t0);
    }
    figures.checkpointRestoreMs = median(times);
  }
  return figures;
}

export function printEngine(f: EngineFigures): void {
  const line =
    `engine ${String(f.nodes).padStart(3)} nodes: ${(f.simulatedMs / 1000).toFixed(0)} s simulated, ` +
    `${f.events.toLocaleString('en')} events in ${f.medianWallMs.toFixed(0)} ms (median) → ` +
    `${Math.round(f.eventsPerSecond).toLocaleString('en')} events/s, ` +
    `${Math.round(f.simMsPerSecond).toLocaleString('en')} simulated ms/s` +
    (f.checkpointRestoreMs !== undefined ? `; checkpoint + restore ${f.checkpointRestoreMs.toFixed(2)} ms (median of 21)` : '');
  console.log(line);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const n of [5, 25, 101]) printEngine(runEngineBench(n, 600_000, n === 101 ? 1 : 3));
}
