// What the browser benchmarks share: the built app served by `vite preview` and a headless
// Chromium to open it in. BENCH_PORT and BENCH_DIST choose the port and the build directory (so
// several people can run benchmarks at once); the app is built first unless asked not to and
// already built.

import { execSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from '@playwright/test';

export const ROOT = join(import.meta.dirname, '..');

export interface Preview {
  /** The app's address, ending in '/'. */
  url: string;
  /** The build directory being served (absolute). */
  dist: string;
  browser: Browser;
  /** Closes the browser and stops the server. */
  close(): Promise<void>;
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

/** Builds (unless `build` is false and a build exists), serves the build and launches Chromium. */
export async function openPreview(opts: { build?: boolean; defaultPort: number }): Promise<Preview> {
  const port = Number(process.env.BENCH_PORT ?? opts.defaultPort);
  const distName = process.env.BENCH_DIST ?? 'dist';
  const dist = join(ROOT, distName);
  if ((opts.build ?? true) || !existsSync(join(dist, 'index.html'))) execSync(`npx vite build --outDir ${distName}`, { cwd: ROOT, stdio: 'ignore' });
  const server: ChildProcess = spawn('npx', ['vite', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort', '--outDir', distName], {
    cwd: ROOT,
    stdio: 'ignore',
    detached: true,
  });
  const stop = () => {
    if (server.pid !== undefined) process.kill(-server.pid);
  };
  let browser: Browser;
  try {
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined),
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  } catch (err) {
    stop();
    throw err;
  }
  const url = `http://127.0.0.1:${port}/`;
  const close = async () => {
    await browser.close();
    stop();
  };
  try {
    await waitForServer(url, 60_000);
  } catch (err) {
    await close();
    throw err;
  }
  return { url, dist, browser, close };
}
