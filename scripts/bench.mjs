// `npm run bench`: bundles bench/run.ts with esbuild (so the figures measure the engine, not a
// TypeScript loader's per-call wrappers) and runs it with the arguments given.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';

mkdirSync('node_modules/.cache', { recursive: true });
const dir = mkdtempSync(join('node_modules/.cache', 'raftlab-bench-'));
const outfile = join(dir, 'run.mjs');
try {
  await build({
    entryPoints: ['bench/run.ts'],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    packages: 'external',
    // Bundled, every module shares one URL: make the modules' "run me directly" guards false.
    define: {
      'import.meta.url': JSON.stringify('raftlab:bench-bundle'),
      'import.meta.dirname': JSON.stringify(join(process.cwd(), 'bench')),
    },
    logLevel: 'warning',
  });
  const r = spawnSync(process.execPath, [outfile, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exitCode = r.status ?? 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
