// The offline lecture template (issue 16): the app built as one self-contained .html by
// vite.offline.config.ts, with no lecture in it yet. Used by scripts/build-offline.ts and by the
// main build (vite.config.ts), which ships it as raftlab-offline.html for the app's
// "Download as an offline lecture".

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Builds the offline template and returns its HTML text. */
export async function buildOfflineTemplate(): Promise<string> {
  const { build } = await import('vite');
  const dir = mkdtempSync(join(tmpdir(), 'raftlab-offline-'));
  try {
    await build({
      root: ROOT,
      configFile: join(ROOT, 'vite.offline.config.ts'),
      mode: 'offline',
      logLevel: 'warn',
      build: { outDir: dir, emptyOutDir: true },
    });
    return readFileSync(join(dir, 'index.html'), 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The offline file's size budget (issue 16). */
export const OFFLINE_MAX_BYTES = 1.5 * 1024 * 1024;
