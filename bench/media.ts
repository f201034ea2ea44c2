// Video, GIF and offline-file benchmark (issue 16): in headless Chromium on the built app, the
// default scenario's first 20 s at 1× as a 1280×720 30 fps stage-only video (budget < 60 s) and
// as a 640 px 15 fps GIF (budget < 30 s and < 8 MB); then the same two of the whole app as in
// presentation mode (parts 'app', quoted separately: it copies the page's panels every frame);
// with the machine's load average before and after (other work on the cores slows all of them);
// then the sizes of the offline lecture template and of the first page load. BENCH_PORT and
// BENCH_DIST choose the preview port and build directory. A benchmark, not a test: it reports.
//
//   npm run bench -- --only media          (--quick: 5 s of video instead of 20 s)

import { existsSync, readFileSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from '@playwright/test';
import { openPreview } from './preview.ts';

interface Encoded {
  frames: number;
  seconds: number;
  bytes: number;
}

export interface MediaBenchResult {
  cores: number;
  /** Simulated (and video) seconds of each export. */
  clipSeconds: number;
  video: Encoded & { codec: string };
  gif: Encoded;
  /** The whole app ('app') at the same sizes and rates. */
  appVideo: Encoded & { codec: string };
  appGif: Encoded;
  offlineBytes: number | null;
  firstLoad: { bytes: number; gzipBytes: number };
  loadBefore: number[];
  loadAfter: number[];
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

function exportVideo(page: Page, to: number, parts: 'stage' | 'app'): Promise<Encoded & { codec: string }> {
  return page.evaluate(
    async ([end, p]) => {
      const t0 = performance.now();
      const r = await window.raftlab.exportVideo({ from: 0, to: end, speed: 1, width: 1280, height: 720, fps: 30, parts: p });
      return { frames: r.frames, seconds: (performance.now() - t0) / 1000, bytes: r.video.size, codec: r.codec };
    },
    [to, parts] as const,
  );
}

function exportGif(page: Page, to: number, parts: 'stage' | 'app'): Promise<Encoded> {
  return page.evaluate(
    async ([end, p]) => {
      const t0 = performance.now();
      const b = await window.raftlab.exportGif({ from: 0, to: end, speed: 1, width: 640, fps: 15, parts: p });
      return { frames: Math.round((end / 1000) * 15) + 1, seconds: (performance.now() - t0) / 1000, bytes: b.size };
    },
    [to, parts] as const,
  );
}

export async function runMediaBench(opts: { build?: boolean; quick?: boolean } = {}): Promise<MediaBenchResult> {
  const preview = await openPreview({ build: opts.build, defaultPort: 4177 });
  const loadBefore = loadavg();
  try {
    const page = await preview.browser.newPage({ viewport: { width: 1280, height: 720 } });
    await page.addInitScript('globalThis.__name = (f) => f;');
    await page.goto(preview.url);
    await page.waitForSelector('[data-node]');
    await page.evaluate(() => window.raftlab.pause());
    const to = opts.quick === true ? 5000 : 20_000;
    const video = await exportVideo(page, to, 'stage');
    const gif = await exportGif(page, to, 'stage');
    const appVideo = await exportVideo(page, to, 'app');
    const appGif = await exportGif(page, to, 'app');
    const offline = join(preview.dist, 'raftlab-offline.html');
    return {
      cores: cpus().length,
      clipSeconds: to / 1000,
      video,
      gif,
      appVideo,
      appGif,
      offlineBytes: existsSync(offline) ? statSync(offline).size : null,
      firstLoad: firstLoad(preview.dist),
      loadBefore,
      loadAfter: loadavg(),
    };
  } finally {
    await preview.close();
  }
}

export function printMedia(r: MediaBenchResult): void {
  const s = (x: number) => `${x.toFixed(1)} s`;
  const mb = (x: number) => `${(x / 1048576).toFixed(2)} MB`;
  const perFrame = (e: Encoded) => `${Math.round((e.seconds * 1000) / e.frames)} ms a frame`;
  const load = (l: number[]) => l.map((x) => x.toFixed(1)).join(' ');
  const clip = `${r.clipSeconds} s of the default scenario`;
  console.log(`media export (${r.cores} cores; load average before ${load(r.loadBefore)}, after ${load(r.loadAfter)}); ${clip}, each`);
  console.log(`  video 1280×720 30 fps, stage: ${r.video.frames} frames in ${s(r.video.seconds)} (${perFrame(r.video)}; budget 60 s for 20 s), ${mb(r.video.bytes)} ${r.video.codec.toUpperCase()}`);
  console.log(`  GIF 640 px 15 fps, stage: ${r.gif.frames} frames in ${s(r.gif.seconds)} (${perFrame(r.gif)}; budget 30 s), ${mb(r.gif.bytes)} (budget 8 MB)`);
  console.log(`  video 1280×720 30 fps, whole app: ${r.appVideo.frames} frames in ${s(r.appVideo.seconds)} (${perFrame(r.appVideo)}; no budget), ${mb(r.appVideo.bytes)} ${r.appVideo.codec.toUpperCase()}`);
  console.log(`  GIF 640 px 15 fps, whole app: ${r.appGif.frames} frames in ${s(r.appGif.seconds)} (${perFrame(r.appGif)}; no budget), ${mb(r.appGif.bytes)}`);
  console.log(`  offline lecture template: ${r.offlineBytes === null ? 'not built' : `${(r.offlineBytes / 1024).toFixed(0)} KB (budget 1536 KB)`}`);
  console.log(`  first page load: ${(r.firstLoad.bytes / 1024).toFixed(0)} KB, ${(r.firstLoad.gzipBytes / 1024).toFixed(1)} KB gzipped`);
}
