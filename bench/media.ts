// Video, GIF and offline-file benchmark (issue 16): in headless Chromium on the built app, the
// default scenario's first 20 s at 1× as a 1280×720 30 fps stage-only video (budget < 60 s) and
// as a 640 px 15 fps GIF (budget < 30 s and < 8 MB), with the machine's load average before and
// after (other work on the cores slows both); then the sizes of the offline lecture template
// and of the first page load. BENCH_PORT and BENCH_DIST choose the preview port and build
// directory. A benchmark, not a test: it reports.
//
//   npm run bench -- --only media

import { execSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';

const ROOT = join(import.meta.dirname, '..');
const PORT = Number(process.env.BENCH_PORT ?? 4177);
const DIST = process.env.BENCH_DIST ?? 'dist';

export interface MediaBenchResult {
  cores: number;
  video: { frames: number; seconds: number; bytes: number; codec: string };
  gif: { frames: number; seconds: number; bytes: number };
  offlineBytes: number | null;
  firstLoad: { bytes: number; gzipBytes: number };
  loadBefore: number[];
  loadAfter: number[];
}

async function waitForServer(url: string, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the preview server did not start at ${url}`);
}

/** The bytes index.html makes the browser load before anything is used: its scripts, preloads and styles. */
function firstLoad(dist: string): { bytes: number; gzipBytes: number } {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  let bytes = 0;
  let gzipBytes = 0;
  for (const m of html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+\.(?:js|css))"/g)) {
    const data = readFileSync(join(dist, m[1]));
    bytes += data.length;
    gzipBytes += gzipSync(data, { level: 9 }).length;
  }
  return { bytes, gzipBytes };
}

export async function runMediaBench(opts: { build?: boolean; quick?: boolean } = {}): Promise<MediaBenchResult> {
  if ((opts.build ?? true) || !existsSync(join(ROOT, DIST, 'index.html'))) execSync(`npx vite build --outDir ${DIST}`, { cwd: ROOT, stdio: 'ignore' });
  const server: ChildProcess = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(PORT), '--strictPort', '--outDir', DIST], {
    cwd: ROOT,
    stdio: 'ignore',
    detached: true,
  });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined),
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const loadBefore = loadavg();
  try {
    const url = `http://127.0.0.1:${PORT}/`;
    await waitForServer(url, 60_000);
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.addInitScript('globalThis.__name = (f) => f;');
    await page.goto(url);
    await page.waitForSelector('[data-node]');
    await page.evaluate(() => window.raftlab.pause());
    const to = opts.quick ? 5000 : 20_000;
    const video = await page.evaluate(async (end) => {
      const t0 = performance.now();
      const r = await window.raftlab.exportVideo({ from: 0, to: end, speed: 1, width: 1280, height: 720, fps: 30, parts: 'stage' });
      return { frames: r.frames, seconds: (performance.now() - t0) / 1000, bytes: r.video.size, codec: r.codec };
    }, to);
    const gif = await page.evaluate(async (end) => {
      const t0 = performance.now();
      const b = await window.raftlab.exportGif({ from: 0, to: end, speed: 1, width: 640, fps: 15 });
      return { frames: Math.round((end / 1000) * 15) + 1, seconds: (performance.now() - t0) / 1000, bytes: b.size };
    }, to);
    const offline = join(ROOT, DIST, 'raftlab-offline.html');
    return {
      cores: cpus().length,
      video,
      gif,
      offlineBytes: existsSync(offline) ? statSync(offline).size : null,
      firstLoad: firstLoad(join(ROOT, DIST)),
      loadBefore,
      loadAfter: loadavg(),
    };
  } finally {
    await browser.close();
    if (server.pid !== undefined) process.kill(-server.pid);
  }
}

export function printMedia(r: MediaBenchResult): void {
  const s = (x: number) => `${x.toFixed(1)} s`;
  const mb = (x: number) => `${(x / 1048576).toFixed(2)} MB`;
  const load = (l: number[]) => l.map((x) => x.toFixed(1)).join(' ');
  console.log(`media export (${r.cores} cores; load average before ${load(r.loadBefore)}, after ${load(r.loadAfter)})`);
  console.log(`  video 1280×720 30 fps, stage: ${r.video.frames} frames in ${s(r.video.seconds)} (budget 60 s for 20 s of video), ${mb(r.video.bytes)} ${r.video.codec.toUpperCase()}`);
  console.log(`  GIF 640 px 15 fps: ${r.gif.frames} frames in ${s(r.gif.seconds)} (budget 30 s), ${mb(r.gif.bytes)} (budget 8 MB)`);
  console.log(`  offline lecture template: ${r.offlineBytes === null ? 'not built' : `${(r.offlineBytes / 1024).toFixed(0)} KB (budget 1536 KB)`}`);
  console.log(`  first page load: ${(r.firstLoad.bytes / 1024).toFixed(0)} KB, ${(r.firstLoad.gzipBytes / 1024).toFixed(1)} KB gzipped`);
}
