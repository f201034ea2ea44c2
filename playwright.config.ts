import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

// Chromium: $CHROMIUM_PATH, else the system's /usr/bin/chromium, else Playwright's own
// (scripts/e2e.mjs installs that one when neither exists).
function chromiumPath(): string | undefined {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) return fromEnv;
  if (existsSync('/usr/bin/chromium')) return '/usr/bin/chromium';
  return undefined;
}

// E2E_PORT lets several checkouts (or people) run the e2e tests at once on one machine, each
// with its own build directory.
const PORT = Number(process.env.E2E_PORT ?? 4173);
const OUT = process.env.E2E_PORT ? `dist-e2e-${PORT}` : 'dist';
const baseURL = `http://127.0.0.1:${PORT}`;
const CI = Boolean(process.env.CI);

export default defineConfig({
  testDir: 'e2e',
  // Playwright empties outputDir at start: keep it away from test-results/unit.json.
  outputDir: process.env.E2E_PORT ? `e2e-artifacts/results-${PORT}` : 'e2e-artifacts/results',
  fullyParallel: true,
  forbidOnly: CI,
  retries: 0,
  workers: 2,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: [
    ['list'],
    ['json', { outputFile: process.env.E2E_PORT ? `test-results/e2e-${PORT}.json` : 'test-results/e2e.json' }],
  ],
  use: {
    baseURL,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    actionTimeout: 10_000,
    navigationTimeout: 15_000,
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        launchOptions: {
          executablePath: chromiumPath(),
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
          ],
        },
      },
    },
  ],
  // Build the static site once, then serve it as a user's web server would. The typecheck
  // is its own stage of `npm test`, so `vite build` alone here.
  webServer: {
    command: `npx vite build --outDir ${OUT} && npx vite preview --outDir ${OUT} --host 127.0.0.1 --port ${PORT} --strictPort`,
    url: baseURL,
    reuseExistingServer: !CI,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
