// Playwright config for e2e/scenarios.spec.ts on its own port (4178) and build directory, so it
// can run beside the main suite: `npx playwright test -c e2e/scenarios.config.ts`.
import { defineConfig } from '@playwright/test';
import base from '../playwright.config.ts';

const PORT = 4178;
const OUT = process.env.RAFTLAB_E2E_DIST ?? 'e2e-artifacts/dist-scenarios';

export default defineConfig({
  ...base,
  testDir: '.',
  testMatch: 'scenarios.spec.ts',
  outputDir: '../e2e-artifacts/results-scenarios',
  reporter: [['list']],
  workers: 1,
  use: { ...base.use, baseURL: `http://127.0.0.1:${PORT}` },
  webServer: {
    command: `npx vite build --outDir ${OUT} --emptyOutDir && npx vite preview --outDir ${OUT} --host 127.0.0.1 --port ${PORT} --strictPort`,
    cwd: '..',
    url: `http://127.0.0.1:${PORT}`,
    reuseExistingServer: true,
    timeout: 180_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
