// Benchmark: the exhaustive explorer's throughput on one core (issue "Safe under every action a
// student can take"): distinct states per second for 3 servers with the default bounds and
// features. Target: ≥ 50,000 distinct states/s.
//
//   npx tsx bench/explore.ts [--quick]

import { pathToFileURL } from 'node:url';
import { explore } from '../src/check/explore.ts';

export interface ExploreBenchResult {
  /** Median over the runs. */
  distinctPerSecond: number;
  distinct: number;
  runs: number[];
}

export async function runExploreBench(options: { quick?: boolean } = {}): Promise<ExploreBenchResult> {
  const quick = options.quick ?? false;
  const depth = quick ? 8 : 10;
  const runs = quick ? 1 : 3;
  explore({ depth: 6 }); // warm-up (JIT), not measured
  const rates: number[] = [];
  let distinct = 0;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const r = explore({ depth });
    const s = (performance.now() - start) / 1000;
    distinct = r.distinctStates;
    rates.push(r.distinctStates / s);
    await Promise.resolve();
  }
  const sorted = [...rates].sort((a, b) => a - b);
  const result = { distinctPerSecond: sorted[Math.floor(sorted.length / 2)], distinct, runs: rates };
  console.log(
    `explore: 3 servers, default bounds to depth ${depth} (${distinct.toLocaleString('en')} distinct states): ` +
      `${Math.round(result.distinctPerSecond).toLocaleString('en')} distinct states/s (median of ${runs}; runs ${rates.map((r) => Math.round(r).toLocaleString('en')).join(', ')})`,
  );
  return result;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await runExploreBench({ quick: process.argv.includes('--quick') });
}
