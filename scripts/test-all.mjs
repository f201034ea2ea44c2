#!/usr/bin/env node
// `npm test`: lint, typecheck, unit + property tests (Vitest), e2e (Playwright in Chromium).
// Every stage runs even when an earlier one failed; the runners' own output streams through.
// The totals are summed from the runners' JSON reports (a failed lint or typecheck counts as
// one failed test) and the very last line printed is exactly `N passed, N failed`.
// Exits non-zero when anything failed or when no test ran at all.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const shell = process.platform === 'win32';
const UNIT_JSON = 'test-results/unit.json';
const E2E_JSON = 'test-results/e2e.json';

mkdirSync('test-results', { recursive: true });
rmSync(UNIT_JSON, { force: true });
rmSync(E2E_JSON, { force: true });

function run(title, cmd, args) {
  console.log(`\n=== ${title}: ${[cmd, ...args].join(' ')}\n`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit', shell });
  if (r.error) console.error(`${title}: could not run ${cmd}: ${r.error.message}`);
  const status = r.status ?? 1;
  return { status, seconds: (Date.now() - started) / 1000 };
}

function readJson(path) {
  try {
    return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : null;
  } catch (e) {
    console.error(`cannot read ${path}: ${e instanceof Error ? e.message : String(e)}`);
    return null;
  }
}

const stages = [];

// A stage without a report: pass counts nothing, failure counts one failed.
function check(name, cmd, args) {
  const { status, seconds } = run(name, cmd, args);
  stages.push({ name, passed: 0, failed: status === 0 ? 0 : 1, status, seconds });
}

// A stage with a JSON report; a runner that failed without a failing test in its report
// (crash, unhandled error, web server that did not start) counts as one failed.
function tests(name, cmd, args, report, count) {
  const { status, seconds } = run(name, cmd, args);
  const json = readJson(report);
  let { passed, failed } = json ? count(json) : { passed: 0, failed: 0 };
  if (status !== 0 && failed === 0) {
    console.error(`${name}: exited with ${status} and no failing test in ${json ? report : 'a report'}`);
    failed = 1;
  }
  stages.push({ name, passed, failed, status, seconds });
}

check('lint', 'npm', ['run', 'lint']);
check('typecheck', 'npx', ['tsc', '-b']);

tests(
  'unit',
  'npx',
  ['vitest', 'run', '--passWithNoTests', '--reporter=default', '--reporter=json', `--outputFile=${UNIT_JSON}`],
  UNIT_JSON,
  (j) => {
    const files = Array.isArray(j.testResults) ? j.testResults : [];
    // A test file that fails to load has no failing test of its own: count it once.
    const brokenFiles = files.filter(
      (f) => f.status === 'failed' && !(f.assertionResults ?? []).some((a) => a.status === 'failed'),
    ).length;
    return { passed: j.numPassedTests ?? 0, failed: (j.numFailedTests ?? 0) + brokenFiles };
  },
);

tests('e2e', 'node', ['scripts/e2e.mjs'], E2E_JSON, (j) => {
  const s = j.stats ?? {};
  const errors = Array.isArray(j.errors) ? j.errors.length : 0;
  return { passed: (s.expected ?? 0) + (s.flaky ?? 0), failed: (s.unexpected ?? 0) + errors };
});

const passed = stages.reduce((n, s) => n + s.passed, 0);
const failed = stages.reduce((n, s) => n + s.failed, 0);

console.log('\n=== summary');
for (const s of stages) {
  const verdict = s.failed ? 'FAILED' : 'ok';
  const counts = s.passed || s.failed ? ` (${s.passed} passed / ${s.failed} failed)` : '';
  console.log(`  ${s.name.padEnd(10)} ${verdict}${counts} in ${s.seconds.toFixed(1)} s`);
}
if (passed + failed === 0) console.log('  no test ran');
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
