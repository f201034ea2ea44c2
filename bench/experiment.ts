// Experiment benchmark (issue 15): the Figure 16 top graph (100 + 5 × 1,000 trials) run in the
// built app in headless Chromium, as the Experiments dialog runs it (Web Workers, no link per
// trial), with 1 and with 2 workers; wall seconds, median over runs, and the machine's load
// (other work shares the cores). Target: under 60 s on a 2-core machine.
//
//   npx tsx bench/experiment.ts [--quick] [--no-build]
//
// BENCH_PORT and BENCH_DIST choose the preview port and build directory.

import { cpus, loadavg } from 'node:os';
import { openPreview } from './preview.ts';

export interface ExperimentBenchResult {
  cores: number;
  trials: number;
  /** Workers → wall seconds of each run. */
  runs: { workers: number; seconds: number[]; medianSeconds: number }[];
  /** The page's own choice on this machine (experimentWorkerCount). */
  policyWorkers: number;
  loadBefore: number[];
  loadAfter: number[];
}

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export async function runExperimentBench(opts: { build?: boolean; quick?: boolean } = {}): Promise<ExperimentBenchResult> {
  const preview = await openPreview({ build: opts.build, defaultPort: 4176 });
  const loadBefore = loadavg();
  try {
    const url = preview.url;
    const page = await preview.browser.newPage();
    await page.addInitScript('globalThis.__name = (f) => f;');
    await page.goto(url);
    await page.evaluate(() => window.raftlab.pause());
    const repeat = opts.quick ? 1 : 3;
    const runs: ExperimentBenchResult['runs'] = [];
    let trials = 0;
    for (const workers of [1, 2]) {
      const seconds: number[] = [];
      for (let i = 0; i < repeat; i++) {
        const r = await page.evaluate(async (w) => {
          const t0 = performance.now();
          const res = (await window.raftlab.experiment('figure-16', { workers: w, links: false })) as { values: { trials: number }[] };
          return { ms: performance.now() - t0, trials: res.values.reduce((a, v) => a + v.trials, 0) };
        }, workers);
        trials = r.trials;
        seconds.push(Math.round(r.ms / 100) / 10);
      }
      runs.push({ workers, seconds, medianSeconds: median(seconds) });
    }
    const policyWorkers = await page.evaluate(() => navigator.hardwareConcurrency);
    return { cores: cpus().length, trials, runs, policyWorkers: policyWorkers === 2 ? 2 : Math.max(1, Math.min(4, policyWorkers - 1)), loadBefore, loadAfter: loadavg() };
  } finally {
    await preview.close();
  }
}

export function printExperiment(r: ExperimentBenchResult): void {
  const load = (l: number[]) => l.map((x) => x.toFixed(1)).join(' ');
  console.log(`experiment: Figure 16 top graph (${r.trials} trials) in headless Chromium, ${r.cores} cores; load average before ${load(r.loadBefore)}, after ${load(r.loadAfter)}`);
  for (const run of r.runs) console.log(`  ${run.workers} worker${run.workers === 1 ? ' ' : 's'}: median ${run.medianSeconds} s (runs: ${run.seconds.join(', ')} s)`);
  console.log(`  the page uses ${r.policyWorkers} worker(s) here; target < 60 s`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  printExperiment(await runExperimentBench({ quick: args.includes('--quick'), build: !args.includes('--no-build') }));
}
