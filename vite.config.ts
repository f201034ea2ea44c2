import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Plugin } from 'vite';

// The offline lecture template (issue 16) beside index.html, for the app's "Download as an
// offline lecture": the app as one self-contained .html (vite.offline.config.ts, ~0.8 MB), which
// no page loads unless that download is asked for.
function offlineTemplate(): Plugin {
  let outDir = 'dist';
  let skip = false;
  return {
    name: 'raftlab-offline-template',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
      skip = config.mode === 'offline';
    },
    async closeBundle() {
      if (skip) return;
      const { buildOfflineTemplate } = await import('./scripts/offline-template.ts');
      writeFileSync(join(outDir, 'raftlab-offline.html'), await buildOfflineTemplate());
    },
  };
}

// base './' makes the static build work from any path (a course page, a sub-folder, file hosting).
export default defineConfig({
  base: './',
  plugins: [react(), offlineTemplate()],
  // the offline lecture file's switch (src/offline/env.d.ts); vite.offline.config.ts sets it true
  define: { __RAFTLAB_OFFLINE__: 'false' },
  build: { target: 'es2022', sourcemap: false, chunkSizeWarningLimit: 900 },
  worker: { format: 'es' },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    environment: 'node',
    testTimeout: 120_000,
  },
});
