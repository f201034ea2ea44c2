// Rendering benchmark: drives the built app in headless Chromium and reports frame times
// (p50/p95 of the intervals between animation frames, and of the script time spent in each
// frame) while the simulation plays at 1× and 10×, for: 5 servers with steady client load;
// 9 servers with ~200 messages in flight; 25 servers. Then the time to seek to random points
// of a 10-minute 5-server run under load, and the size of the production bundle.
//
//   npx tsx bench/render.ts            (builds the app first)
//   npx tsx bench/render.ts --no-build --quick
//   npx tsx bench/render.ts --no-build --heavy     (the heavy load alone; npm run bench -- --only render-heavy)
//
// Exported as runRenderBench() for bench/run.ts. Targets (issue 4): p95 ≤ 16.7 ms for 5 and 9
// servers; seek ≤ 50 ms; bundle ≤ 250 KB gzipped. Issue 14's heavy load (9 servers, 10 clients
// at 200 ops/s) at 1920×1080 on the log grid and the space-time diagram, median of 3 runs
// (targets: interval p95 ≤ 17 ms at 1×, ≤ 33.4 ms at 10×, script p95 ≤ 12 ms), and the page's
// retained heap against simulated time at 100×. BENCH_PORT and BENCH_DIST choose the preview
// port and build directory. A benchmark, not a test: it reports.

import { spawn, execSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from '@playwright/test';

export interface FrameStats {
  scenario: string;
  speed: number;
  frames: number;
  /** Interval between animation frames (what the user sees), ms. */
  intervalP50: number;
  intervalP95: number;
  /** Script time inside the frame (playback tick + React render), ms. */
  scriptP50: number;
  scriptP95: number;
  inFlight: number;
}

export interface HeavyStats {
  speed: number;
  tab: string;
  /** Medians over the runs of each run's p95 (and p50), ms. */
  intervalP50: number;
  intervalP95: number;
  scriptP95: number;
  runs: number;
}

export interface HeapSample {
  simulatedMs: number;
  retainedMB: number;
}

export interface RenderBenchResult {
  frames: FrameStats[];
  /** 9 servers, 10 clients at 200 ops/s at 1920×1080 (issue 14). */
  heavy: HeavyStats[];
  /** The same load played at 100×: retained heap after a forced GC against simulated time, then after seeking back and forth. */
  heap: { samples: HeapSample[]; slopeMBPerSimSecond: number; afterSeeksMB: number; load: string };
  seek: { runMs: number; buildMs: number; seeks: number; p50: number; p95: number; max: number };
  bundle: { files: number; bytes: number; gzipBytes: number };
}

/** --only render-heavy: the heavy-load frames alone. */
export interface HeavyOnlyResult {
  frames: FrameStats[];
  heavy: HeavyStats[];
}

const PORT = Number(process.env.BENCH_PORT ?? 4175);
/** Build directory (BENCH_DIST lets several people run the benchmark at once). */
const DIST = process.env.BENCH_DIST ?? 'dist';
const HEAVY_OPTIONS = { nodes: 9, workload: { clients: 10, opsPerSecond: 200 } };
const ROOT = join(import.meta.dirname, '..');

interface Scenario {
  name: string;
  options: Record<string, unknown>;
}

const SCENARIOS: Scenario[] = [
  { name: '5 servers, steady client load', options: { nodes: 5, workload: { clients: 3, opsPerSecond: 30 } } },
  {
    name: '9 servers, ~200 messages in flight',
    options: {
      nodes: 9,
      // heartbeats every 20 ms over 200–300 ms links: ~200 messages on the wire, steadily
      timing: { electionTimeoutMin: 2000, electionTimeoutMax: 4000, heartbeatInterval: 20 },
      network: { latencyMin: 200, latencyMax: 300 },
    },
  },
  { name: '25 servers', options: { nodes: 25 } },
];

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

function chromiumPath(): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  return existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined;
}

async function waitForServer(url: string, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the preview server did not start at ${url}`);
}

function bundleSize(): RenderBenchResult['bundle'] {
  const dir = join(ROOT, DIST, 'assets');
  let bytes = 0;
  let gzipBytes = 0;
  let files = 0;
  for (const f of readdirSync(dir)) {
    if (!f.endsWith('.js')) continue;
    const data = readFileSync(join(dir, f));
    bytes += data.length;
    gzipBytes += gzipSync(data, { level: 9 }).length;
    files++;
  }
  return { files, bytes, gzipBytes };
}

/** Frame intervals and per-frame script time, measured in the page for `ms` of wall time. */
async function measureFrames(page: Page, ms: number): Promise<{ intervals: number[]; script: number[]; inFlight: number }> {
  return page.evaluate(
    (duration) =>
      new Promise<{ intervals: number[]; script: number[]; inFlight: number }>((resolve) => {
        const intervals: number[] = [];
        const script: number[] = [];
        let inFlight = 0;
        let samples = 0;
        let last = 0;
        const start = performance.now();
        // registered before the app's loop runs in each frame: marks the frame's start; a
        // message posted now is handled after the frame's script work (tick + React render)
        const frame = (ts: number) => {
          if (last > 0) intervals.push(ts - last);
          last = ts;
          const t0 = performance.now();
          const ch = new MessageChannel();
          ch.port1.onmessage = () => {
            script.push(performance.now() - t0);
          };
          ch.port2.postMessage(0);
          if (samples++ % 10 === 0) inFlight += window.raftlab.cluster.inFlight().length;
          if (performance.now() - start < duration) requestAnimationFrame(frame);
          else resolve({ intervals, script, inFlight: inFlight / Math.max(1, Math.ceil(samples / 10)) });
        };
        requestAnimationFrame(frame);
      }),
    ms,
  );
}

/** p-th percentile of a list (unsorted). */
function pct(xs: number[], p: number): number {
  return percentile(xs.slice().sort((a, b) => a - b), p);
}

function median(xs: number[]): number {
  return pct(xs, 0.5);
}

/**
 * Issue 14's heavy load — 9 servers, 10 clients at 200 ops/s — at 1920×1080, at 1× and 10×, on
 * the log grid (the default tab) and on the space-time diagram: frame interval and script time,
 * the median over `runs` runs of each run's percentile.
 */
async function heavyFrames(page: Page, quick: boolean): Promise<HeavyStats[]> {
  await page.setViewportSize({ width: 1920, height: 1080 });
  const runs = quick ? 1 : 3;
  const out: HeavyStats[] = [];
  for (const tab of ['logs', 'space-time']) {
    for (const speed of [1, 10]) {
      const p50: number[] = [];
      const p95: number[] = [];
      const s95: number[] = [];
      for (let r = 0; r < runs; r++) {
        await page.goto(`http://127.0.0.1:${PORT}/`);
        await page.evaluate((o) => {
          window.raftlab.restart(o);
          window.raftlab.pause();
          window.raftlab.cluster.runFor(3000);
        }, HEAVY_OPTIONS);
        if (tab === 'space-time') await page.keyboard.press('F2');
        await page.evaluate((x) => {
          window.raftlab.setSpeed(x);
          window.raftlab.play();
        }, speed);
        await page.waitForTimeout(quick ? 500 : 1000);
        const m = await measureFrames(page, quick ? 2000 : 5000);
        p50.push(pct(m.intervals, 0.5));
        p95.push(pct(m.intervals, 0.95));
        s95.push(pct(m.script, 0.95));
      }
      out.push({ speed, tab, intervalP50: median(p50), intervalP95: median(p95), scriptP95: median(s95), runs });
    }
  }
  await page.setViewportSize({ width: 1280, height: 720 });
  return out;
}

/**
 * The heavy load played at 100× for a while: retained heap (after the collector is forced,
 * through the DevTools protocol) against simulated time, then after seeking back and forth.
 */
async function heavyHeap(page: Page, quick: boolean): Promise<RenderBenchResult['heap']> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  const retained = async (): Promise<number> => {
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    const h = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
    return h.usedSize / 1e6;
  };
  await page.goto(`http://127.0.0.1:${PORT}/`);
  await page.evaluate((o) => {
    window.raftlab.restart(o);
    window.raftlab.setSpeed(100);
    window.raftlab.play();
  }, HEAVY_OPTIONS);
  const samples: HeapSample[] = [];
  const n = quick ? 3 : 6;
  for (let i = 0; i < n; i++) {
    await page.waitForTimeout(quick ? 5000 : 10_000);
    await page.evaluate(() => window.raftlab.pause());
    const simulatedMs = await page.evaluate(() => window.raftlab.displayedTime);
    samples.push({ simulatedMs, retainedMB: await retained() });
    await page.evaluate(() => window.raftlab.play());
  }
  await page.evaluate(() => window.raftlab.pause());
  const end = samples[samples.length - 1].simulatedMs;
  await page.evaluate(async (ms) => {
    let x = 777;
    for (let i = 0; i < 30; i++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      window.raftlab.seek(Math.floor((x / 2147483648) * ms));
      await new Promise<void>((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    }
    window.raftlab.seek(ms);
  }, end);
  const afterSeeksMB = await retained();
  // past the warm-up: from the second sample on
  const a = samples[1] ?? samples[0];
  const b = samples[samples.length - 1];
  const slopeMBPerSimSecond = (b.retainedMB - a.retainedMB) / Math.max(1, (b.simulatedMs - a.simulatedMs) / 1000);
  await cdp.detach();
  return { samples, slopeMBPerSimSecond, afterSeeksMB, load: '9 servers, 10 clients at 200 ops/s, 100×' };
}

export async function runRenderBench(opts: { build?: boolean; quick?: boolean; heavyOnly?: boolean } = {}): Promise<RenderBenchResult | HeavyOnlyResult> {
  const build = opts.build ?? true;
  const quick = opts.quick ?? false;
  if (build || !existsSync(join(ROOT, DIST, 'index.html'))) {
    execSync(`npx vite build --outDir ${DIST}`, { cwd: ROOT, stdio: 'ignore' });
  }
  const server: ChildProcess = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(PORT), '--strictPort', '--outDir', DIST], {
    cwd: ROOT,
    stdio: 'ignore',
    detached: true,
  });
  const url = `http://127.0.0.1:${PORT}/`;
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    await waitForServer(url, 60_000);
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    // tsx compiles functions passed to page.evaluate with esbuild's __name helper: define it there
    await page.addInitScript('globalThis.__name = (f) => f;');
    const frames: FrameStats[] = [];
    const measureMs = quick ? 2000 : 5000;
    // A browser just started is still compiling, caching fonts and settling its first
    // allocations: play once, unmeasured, so the first scenario is not charged for that.
    await page.goto(url);
    await page.evaluate(() => {
      window.raftlab.setSpeed(10);
      window.raftlab.play();
    });
    await page.waitForTimeout(quick ? 1000 : 3000);
    // --only render-heavy: issue 14's heavy-load frames alone (to compare before and after on a busy machine)
    if (opts.heavyOnly === true) return { frames: [], heavy: await heavyFrames(page, quick) };
    for (const sc of SCENARIOS) {
      for (const speed of [1, 10]) {
        await page.goto(url);
        await page.evaluate((o) => {
          window.raftlab.restart(o);
          window.raftlab.setSpeed(1);
          window.raftlab.pause();
          // start from a settled cluster (a leader, the messages of steady state in flight)
          window.raftlab.cluster.runFor(3000);
        }, sc.options);
        await page.evaluate((x) => {
          window.raftlab.setSpeed(x);
          window.raftlab.play();
        }, speed);
        await page.waitForTimeout(quick ? 500 : 1000); // warm-up
        const m = await measureFrames(page, measureMs);
        const iv = m.intervals.slice().sort((a, b) => a - b);
        const sc2 = m.script.slice().sort((a, b) => a - b);
        frames.push({
          scenario: sc.name,
          speed,
          frames: iv.length,
          intervalP50: percentile(iv, 0.5),
          intervalP95: percentile(iv, 0.95),
          scriptP50: percentile(sc2, 0.5),
          scriptP95: percentile(sc2, 0.95),
          inFlight: m.inFlight,
        });
      }
    }

    // Seeking in a 10-minute 5-server run under load.
    await page.goto(url);
    const runMs = quick ? 60_000 : 600_000;
    const buildMs = await page.evaluate((ms) => {
      window.raftlab.restart({ nodes: 5, workload: { clients: 3, opsPerSecond: 30 } });
      window.raftlab.pause();
      const t0 = performance.now();
      window.raftlab.cluster.runFor(ms);
      return performance.now() - t0;
    }, runMs);
    // A person scrubs a run some moments after it was computed, not within the same
    // millisecond: let the page be idle briefly, as it is then, so the garbage collector can
    // digest the two million trace events just made (otherwise the first seeks pay for it).
    await page.waitForTimeout(1500);
    const seeks = quick ? 20 : 60;
    const times = await page.evaluate(
      async ({ n, ms }) => {
        // deterministic pseudo-random targets (an LCG), backwards and forwards
        let x = 12345;
        const out: number[] = [];
        for (let i = 0; i < n; i++) {
          x = (x * 1103515245 + 12345) % 2147483648;
          const target = Math.floor((x / 2147483648) * ms);
          const t0 = performance.now();
          window.raftlab.seek(target);
          // until the frame showing it has been rendered
          await new Promise<void>((r) => requestAnimationFrame(() => setTimeout(r, 0)));
          out.push(performance.now() - t0);
        }
        return out;
      },
      { n: seeks, ms: runMs },
    );
    const st = times.slice().sort((a, b) => a - b);
    const heavy = await heavyFrames(page, quick);
    const heap = await heavyHeap(page, quick);
    return {
      frames,
      heavy,
      heap,
      seek: { runMs, buildMs, seeks, p50: percentile(st, 0.5), p95: percentile(st, 0.95), max: st[st.length - 1] },
      bundle: bundleSize(),
    };
  } finally {
    await browser.close();
    if (server.pid !== undefined) {
      try {
        process.kill(-server.pid);
      } catch {
        server.kill();
      }
    }
  }
}

export function printRender(r: RenderBenchResult | HeavyOnlyResult): void {
  const f = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '—');
  if (!('seek' in r)) {
    printHeavy(r.heavy, f);
    return;
  }
  console.log('render (headless Chromium, 1280×720): frame interval and script time per frame, ms');
  console.log('  scenario                              speed  frames  interval p50/p95   script p50/p95   in flight');
  for (const s of r.frames) {
    console.log(
      `  ${s.scenario.padEnd(38)}${String(s.speed + '×').padStart(5)}  ${String(s.frames).padStart(6)}   ${f(s.intervalP50).padStart(6)} / ${f(s.intervalP95).padEnd(6)}   ${f(s.scriptP50).padStart(5)} / ${f(s.scriptP95).padEnd(6)}  ${s.inFlight.toFixed(0).padStart(6)}`,
    );
  }
  console.log(
    `seek in a ${r.seek.runMs / 60000}-minute 5-server run under load (computed in ${(r.seek.buildMs / 1000).toFixed(1)} s): ${r.seek.seeks} seeks, p50 ${f(r.seek.p50)} ms, p95 ${f(r.seek.p95)} ms, max ${f(r.seek.max)} ms`,
  );
  printHeavy(r.heavy, f);
  console.log(
    `page heap (${r.heap.load}): ${r.heap.samples.map((x) => `${(x.simulatedMs / 1000).toFixed(0)} s → ${x.retainedMB.toFixed(1)} MB`).join(', ')}; ` +
      `${r.heap.slopeMBPerSimSecond.toFixed(3)} MB per simulated second; ${r.heap.afterSeeksMB.toFixed(1)} MB after 30 seeks back and forth`,
  );
  console.log(`bundle: ${r.bundle.files} JS file(s), ${(r.bundle.bytes / 1024).toFixed(1)} KB, ${(r.bundle.gzipBytes / 1024).toFixed(1)} KB gzipped`);
}

function printHeavy(heavy: HeavyStats[], f: (x: number) => string): void {
  console.log('heavy load (9 servers, 10 clients at 200 ops/s) at 1920×1080: median of each run\'s percentile, ms');
  console.log('  tab          speed  runs  interval p50/p95   script p95');
  for (const h of heavy) {
    console.log(`  ${h.tab.padEnd(12)}${String(h.speed + '×').padStart(5)}  ${String(h.runs).padStart(4)}   ${f(h.intervalP50).padStart(6)} / ${f(h.intervalP95).padEnd(6)}   ${f(h.scriptP95).padStart(6)}`);
  }
}

const invokedDirectly = process.argv[1] !== undefined && process.argv[1].endsWith('render.ts');
if (invokedDirectly) {
  const args = process.argv.slice(2);
  runRenderBench({ build: !args.includes('--no-build'), quick: args.includes('--quick'), heavyOnly: args.includes('--heavy') })
    .then(printRender)
    .catch((e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    });
}
