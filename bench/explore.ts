// Benchmark: the exhaustive explorer's throughput on one core (issue "Safe under every action a
// student can take"): distinct states per second for 3 servers with the default bounds and
// features. Target: ≥ 50,000 distinct states/s.
//
//   npx tsx bench/explore.ts [--quick]

import { pathToFileURL } from 'node:url';
import { explore } from '../src/check/explore.ts';

export interface ExploreBenchResult {
  /** Median over the runs, default options (symmetry reduction on). */
  distinctPerSecond: number;
  distinct: number;
  runs: number[];
  /** The same per CPU second of this process (what one core gives when others share the machine). */
  distinctPerCpuSecond: number;
  /** Without symmetry reduction: every renaming a state of its own (the engine's raw step rate). */
  unreduced: { distinct: number; distinctPerSecond: number; distinctPerCpuSecond: number };
}

function measure(depth: number, runs: number, input: Parameters<typeof explore>[0]) {
  const rates: number[] = [];
  const cpuRates: number[] = [];
  let distinct = 0;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const cpu0 = process.cpuUsage();
    const r = explore({ depth, ...input });
    const s = (performance.now() - start) / 1000;
    const c = process.cpuUsage(cpu0);
    distinct = r.distinctStates;
    rates.push(r.distinctStates / s);
    cpuRates.push(r.distinctStates / ((c.user + c.system) / 1e6));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return { distinct, rates, distinctPerSecond: median(rates), distinctPerCpuSecond: median(cpuRates) };
}

export async function runExploreBench(options: { quick?: boolean } = {}): Promise<ExploreBenchResult> {
  const quick = options.quick ?? false;
  const depth = quick ? 8 : 10;
  const runs = quick ? 1 : 3;
  explore({ depth: 6 }); // warm-up (JIT), not measured
  const reduced = measure(depth, runs, {});
  await Promise.resolve();
  const full = measure(quick ? 7 : 9, runs, { symmetry: false });
  const fmt = (x: number) => Math.round(x).toLocaleString('en');
  console.log(
    `explore: 3 servers, default bounds to depth ${depth} (${reduced.distinct.toLocaleString('en')} distinct states, symmetry-reduced): ` +
      `${fmt(reduced.distinctPerSecond)} distinct states/s, ${fmt(reduced.distinctPerCpuSecond)} per CPU second (median of ${runs}; runs ${reduced.rates.map(fmt).join(', ')})`,
  );
  console.log(
    `explore: the same without symmetry reduction, depth ${quick ? 7 : 9} (${full.distinct.toLocaleString('en')} distinct states): ` +
      `${fmt(full.distinctPerSecond)} distinct states/s, ${fmt(full.distinctPerCpuSecond)} per CPU second`,
  );
  return {
    distinctPerSecond: reduced.distinctPerSecond,
    distinct: reduced.distinct,
    runs: reduced.rates,
    distinctPerCpuSecond: reduced.distinctPerCpuSecond,
    unreduced: { distinct: full.distinct, distinctPerSecond: full.distinctPerSecond, distinctPerCpuSecond: full.distinctPerCpuSecond },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await runExploreBench({ quick: process.argv.includes('--quick') });
}
