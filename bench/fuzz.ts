// Benchmark: fuzzer throughput on one core (issue 3, "Speed"): seeds per minute for 5 nodes ×
// 20 s simulated, with every check on — the five safety properties after every event, liveness
// and linearizability at the end. Target: ≥ 1,000 seeds/min on one core.
//
//   npx tsx bench/fuzz.ts [--quick]

import { pathToFileURL } from 'node:url';
import { fuzzSeed, resolveFuzzConfig } from '../src/check/fuzz.ts';

export interface FuzzBenchResult {
  name: string;
  /** Median over the runs. */
  seedsPerMinute: number;
  /** Trace events checked per second (median run). */
  eventsPerSecond: number;
  runs: { seeds: number; ms: number; events: number }[];
}

export async function runFuzzBench(options: { seeds?: number; runs?: number; quick?: boolean } = {}): Promise<FuzzBenchResult> {
  const quick = options.quick ?? false;
  const seeds = options.seeds ?? (quick ? 20 : 100);
  const runs = options.runs ?? (quick ? 1 : 3);
  const config = resolveFuzzConfig({ nodes: 5, ms: 20_000 });
  // Warm-up (JIT), not measured.
  for (let seed = 1_000_001; seed <= 1_000_005; seed++) fuzzSeed(seed, config);
  const results: FuzzBenchResult['runs'] = [];
  for (let run = 0; run < runs; run++) {
    let events = 0;
    const start = performance.now();
    for (let i = 0; i < seeds; i++) {
      const r = fuzzSeed(1 + run * seeds + i, config);
      events += r.stats.events;
      if (r.failure !== null) throw new Error(`fuzz benchmark: seed ${1 + run * seeds + i} failed: ${r.failure.message}`);
    }
    results.push({ seeds, ms: performance.now() - start, events });
    await Promise.resolve();
  }
  const sorted = [...results].sort((a, b) => a.ms - b.ms);
  const median = sorted[Math.floor(sorted.length / 2)];
  const seedsPerMinute = (median.seeds / median.ms) * 60_000;
  const eventsPerSecond = (median.events / median.ms) * 1000;
  const name = 'fuzz: 5 nodes × 20 s simulated, every invariant after every event + liveness + linearizability, one core';
  console.log(
    `${name}: ${Math.round(seedsPerMinute).toLocaleString('en')} seeds/min (median of ${runs} run${runs === 1 ? '' : 's'} of ${seeds} seeds; ` +
      `${(eventsPerSecond / 1e6).toFixed(2)} M events/s; target ≥ 1,000 seeds/min)`,
  );
  return { name, seedsPerMinute, eventsPerSecond, runs: results };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runFuzzBench({ quick: process.argv.includes('--quick') });
}
