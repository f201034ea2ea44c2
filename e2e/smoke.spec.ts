import { mkdirSync } from 'node:fs';
import { expect, test } from './support.ts';

// The built app loads in Chromium, is titled raftlab, renders something, and logs no error.
test('the app loads without errors', async ({ page, errors }) => {
  page.on('requestfailed', (req) => errors.push(`requestfailed: ${req.url()} ${req.failure()?.errorText ?? ''}`));

  await page.goto('./');
  await expect(page).toHaveTitle(/raftlab/i);
  await expect(page.locator('#root > *').first()).toBeAttached();
  // Let a couple of frames run so errors thrown by first effects and animations show up.
  await page.evaluate(
    () => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))),
  );

  mkdirSync('e2e-artifacts', { recursive: true });
  await page.screenshot({ path: 'e2e-artifacts/smoke.png', fullPage: true });
});
