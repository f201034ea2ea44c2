// Bad input, small (issue 14): a binary file renamed .json, a file over the size limit, a link
// with only a time, long unbroken words, and a long script's span on the timeline.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, openApp, test } from './support.ts';

async function openFile(page: Page, name: string, buffer: Buffer): Promise<void> {
  await page.getByRole('button', { name: 'Share link' }).click();
  // through a file on disk: a large buffer sent over the protocol is slow
  const dir = mkdtempSync(join(tmpdir(), 'raftlab-e2e-'));
  const path = join(dir, name);
  writeFileSync(path, buffer);
  await page.getByTestId('import-file').setInputFiles(path);
}

// wide enough that the toolbar folds nothing: the Share button is on it
const WIDE = { width: 1920, height: 1080 };

test('a binary file renamed .json is "not a raftlab scenario", not a broken link', async ({ page }) => {
  await openApp(page, WIDE);
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 1, 0, 0, 0, 1, 0, 8, 6, 0, 0, 0]);
  await openFile(page, 'photo.json', png);
  const alert = page.getByTestId('toast-error');
  await expect(alert).toContainText('Could not open photo.json: it is not a raftlab scenario');
  await expect(alert).toContainText('binary data');
  await expect(alert).not.toContainText(/link|#s=/);
  // the default run is still there
  await expect(page.locator('.stage [data-node]')).toHaveCount(5);
});

test('a file over the limit: the message names its size and the limit', async ({ page }) => {
  await openApp(page, WIDE);
  await openFile(page, 'huge.json', Buffer.alloc(6_000_000, 0x20));
  await expect(page.getByTestId('toast-error')).toContainText('Could not open huge.json: the file is too large (6 MB; a scenario file may be at most 5 MB).');
});

test('a broken link ends its sentence before "Showing the default scenario instead."', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  // a link whose scenario has a field this page does not know ({"v":1,"o":{"n":[]}}): the validator's words, then a full stop
  await page.goto('./#s=N4IgbiBcCMA0IHsqgHZQNoF0C+2g');
  const banner = page.getByRole('alert').filter({ hasText: 'Could not open' });
  await expect(banner).toContainText('Showing the default scenario instead.');
  const text = (await banner.textContent()) ?? '';
  expect(text).toMatch(/[.!?…]['"’”)\]]* Showing the default scenario instead\./);
});

test('a link with only #t=500 opens the default scenario at 500 ms and says so', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('./#t=500');
  await expect(page.locator('[data-node]').first()).toBeVisible();
  await expect.poll(() => page.evaluate(() => window.raftlab.displayedTime)).toBe(500);
  expect(await page.evaluate(() => window.raftlab.playing)).toBe(false);
  await expect(page.getByTestId('toast-info')).toContainText('This link has a time (t=500) but no scenario');
  // a time that is not one is named
  await page.goto('./#t=soon');
  await expect(page.getByRole('alert').filter({ hasText: 't=soon' })).toContainText('is not a number of milliseconds');
});

test('long unbroken words wrap in the tour panel and the side panel', async ({ page }) => {
  await openApp(page);
  const word = 'x'.repeat(300);
  const name = 'S'.repeat(60);
  await page.evaluate(
    ({ word, name }) => {
      const base = window.raftlab.scenario();
      window.raftlab.load({
        ...base,
        options: { ...base.options, nodes: [name, 'S2', 'S3'] },
        actions: [],
        title: `Title ${word.slice(0, 150)}`,
        tour: [{ at: 0, text: `A step with ${word} in it` }],
      });
    },
    { word, name },
  );
  const tour = page.getByTestId('tour');
  await expect(tour).toBeVisible();
  const overflow = (sel: string) =>
    page.evaluate((sel) => {
      const el = document.querySelector(sel);
      if (el === null) return null;
      const box = el.getBoundingClientRect();
      let worst = 0;
      for (const d of el.querySelectorAll('*')) {
        const r = d.getBoundingClientRect();
        if (r.width > 0) worst = Math.max(worst, r.right - box.right);
      }
      return { scroll: el.scrollWidth - el.clientWidth, worst };
    }, sel);
  const t = await overflow('.sc-tour');
  expect(t).not.toBeNull();
  expect(t!.scroll).toBeLessThanOrEqual(0);
  expect(t!.worst).toBeLessThanOrEqual(1);
  // the side panel with a 60-character server name: nothing sticks out
  await page.getByRole('tab', { name: 'Server' }).click();
  const side = await overflow('.side .tabpanel');
  expect(side!.scroll).toBeLessThanOrEqual(0);
  expect(side!.worst).toBeLessThanOrEqual(1);
});

test('after loading a 5,000-action script the timeline spans the whole script', async ({ page }) => {
  await openApp(page);
  await page.evaluate(() => {
    const actions = Array.from({ length: 5000 }, (_, i) => ({ at: 1000 + i * 100, type: 'setNetwork' as const, network: { lossRate: 0 } }));
    window.raftlab.load({ ...window.raftlab.scenario(), actions });
    window.raftlab.pause();
  });
  const last = 1000 + 4999 * 100;
  const ticks = (await page.getByTestId('timeline').locator('.axis text').allTextContents()).map((s) => (s.endsWith('s') ? Number(s.slice(0, -1)) * 1000 : Number(s)));
  expect(Math.max(...ticks)).toBeGreaterThanOrEqual(last * 0.8);
  // the whole span is on the track: a click near the right end goes near the script's end
  const box = (await page.locator('.tl-track').boundingBox())!;
  await page.mouse.click(box.x + box.width - 3, box.y + box.height / 2);
  await expect.poll(() => page.evaluate(() => window.raftlab.displayedTime), { timeout: 20_000 }).toBeGreaterThan(last * 0.9);
});
