#!/usr/bin/env node
// Runs the Playwright e2e tests in Chromium (`npm run test:e2e`; extra arguments go to
// `playwright test`). Which Chromium: $CHROMIUM_PATH, else /usr/bin/chromium, else
// Playwright's own build; when none exists, `npx playwright install chromium` fetches it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';

const shell = process.platform === 'win32';

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', shell });
  if (r.error) console.error(`e2e: could not run ${cmd}: ${r.error.message}`);
  return r.status ?? 1;
}

function playwrightsOwn() {
  try {
    const path = chromium.executablePath();
    return path && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

if (process.env.CHROMIUM_PATH) {
  if (!existsSync(process.env.CHROMIUM_PATH)) {
    console.error(`e2e: CHROMIUM_PATH=${process.env.CHROMIUM_PATH} does not exist`);
  }
  console.log(`e2e: Chromium from CHROMIUM_PATH: ${process.env.CHROMIUM_PATH}`);
} else if (existsSync('/usr/bin/chromium')) {
  console.log('e2e: Chromium: /usr/bin/chromium');
} else {
  const own = playwrightsOwn();
  if (own) {
    console.log(`e2e: Chromium: Playwright's own, ${own}`);
  } else {
    console.log('e2e: no Chromium found; running `npx playwright install chromium`');
    const status = run('npx', ['playwright', 'install', 'chromium']);
    if (status !== 0) {
      console.error(
        'e2e: could not install Chromium. Install one (`apt-get install chromium`) or set CHROMIUM_PATH.',
      );
      process.exit(status);
    }
  }
}

process.exit(run('npx', ['playwright', 'test', ...process.argv.slice(2)]));
