// `npm run experiment -- figure-16 [--trials N] [--json]` (also figure-16-bottom, or a file
// holding an experiment as JSON). Runs the experiment on this thread and prints, per value:
// trials, median, p90, p99, max and the trials that never reached the metric within the trial's
// limit; with --json, the one object `raftlab.experiment(spec)` resolves to in the page (per-value
// statistics and every trial as { seed, metric, link }, links relative: `#s=…&t=…`).
// Exit code: 0, or 2 for bad arguments or a bad experiment.

import { readFileSync } from 'node:fs';
import { BUILTIN_EXPERIMENTS } from '../src/experiment/builtins.ts';
import { PAPER_FINDINGS } from '../src/experiment/figure16.ts';
import { runExperiment } from '../src/experiment/run.ts';
import { parseExperiment, withTrials } from '../src/experiment/spec.ts';

function usage(message: string): never {
  process.stderr.write(`${message}\nusage: npm run experiment -- <${Object.keys(BUILTIN_EXPERIMENTS).join('|')}|file.json> [--trials N] [--json]\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
let name: string | null = null;
let trials: number | null = null;
let json = false;
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  if (a === '--json') json = true;
  else if (a === '--trials') {
    const n = Number(args[++i]);
    if (!Number.isInteger(n) || n < 1) usage(`--trials: a whole number of trials per value, at least 1, got ${String(args[i])}`);
    trials = n;
  } else if (a.startsWith('--')) usage(`unknown option ${a}`);
  else if (name === null) name = a;
  else usage(`one experiment at a time (got '${name}' and '${a}')`);
}
if (name === null) usage('name an experiment');

let input: unknown = BUILTIN_EXPERIMENTS[name];
if (input === undefined) {
  try {
    input = JSON.parse(readFileSync(name, 'utf8')) as unknown;
  } catch (e) {
    usage(`'${name}' is neither a built-in experiment nor a readable JSON file (${e instanceof Error ? e.message : String(e)})`);
  }
}
const checked = parseExperiment(trials === null ? input : withTrials(input, trials));
if (!checked.ok) usage(checked.error);
const spec = checked.spec;

const started = performance.now();
const result = runExperiment(spec, {
  links: json,
  onTrial: (done, total) => {
    if (!json && process.stderr.isTTY && (done % 100 === 0 || done === total)) process.stderr.write(`\r${done}/${total} trials`);
  },
});
const seconds = (performance.now() - started) / 1000;

if (json) {
  process.stdout.write(JSON.stringify(result) + '\n');
} else {
  if (process.stderr.isTTY) process.stderr.write('\n');
  const show = (x: number | null) => (x === null ? 'never' : String(x));
  const rows = [['value', 'trials', 'median', 'p90', 'p99', 'max', 'mean', 'never elected', 'broadcast time']];
  for (const v of result.values) {
    rows.push([v.label, String(v.trials), show(v.median), show(v.p90), show(v.p99), show(v.max), v.mean === null ? '–' : String(v.mean), String(v.never), v.broadcastTime?.medianMs != null ? `${v.broadcastTime.medianMs} ms` : '–']);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  console.log(`${result.title}\n${result.metricName}, in ${result.unit}; "never": the trial's limit passed first; mean over elected trials\n`);
  for (const r of rows) console.log(r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '));
  if (name.startsWith('figure-16')) {
    console.log('\nThe paper (§9.3) found:');
    for (const f of PAPER_FINDINGS) console.log(`  - ${f}`);
  }
  console.log(`\n${result.values.reduce((a, v) => a + v.trials, 0)} trials in ${seconds.toFixed(1)} s`);
}
