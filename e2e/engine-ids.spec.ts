// Engine ids in links (docs/scenarios.md, "Engine ids"), in headless Chromium: a link shared
// before links named their engine (no `e`: raftlab-1) opens, plays, and says in a plain notice
// (not an error) that the run may differ; sharing it again writes this page's id; a fresh share
// link opens without a notice. Screenshots of the notice at 1920×1080 and 1366×768 in
// e2e-artifacts/engine-ids/.

import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import LZString from 'lz-string';
import { expect, openLink, screenshots, test } from './support.ts';

const shot = screenshots('e2e-artifacts/engine-ids');
const NOTICE = 'This link was made with an older raftlab (raftlab-1); the run you see may differ from the one that was shared.';

/** The golden raftlab-1 links: the built-in scenarios as shared before links named their engine. */
const OLD = JSON.parse(readFileSync(new URL('../src/scenario/golden/raftlab-1.json', import.meta.url), 'utf8')) as Record<string, { link: string }>;

/** The wire form a link carries (its `e` is the engine it was made with). */
function wireOf(url: string): Record<string, unknown> {
  const s = /#s=([^&]+)/.exec(url)?.[1] ?? '';
  return JSON.parse(LZString.decompressFromEncodedURIComponent(s) ?? 'null') as Record<string, unknown>;
}

const notice = (page: Page) => page.getByTestId('engine-notice');

test('a link without an engine id (raftlab-1) opens with a plain notice, plays, and is shared again as raftlab-5', async ({ page }) => {
  const link = OLD.replication.link;
  expect('e' in wireOf(`#s=${link}`)).toBe(false);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto(`./#s=${link}&t=0`);
  await expect(page.locator('.stage [data-node]').first()).toBeVisible();

  // a notice, not an error: role=status, no alert, the scenario and its tour are there
  await expect(notice(page)).toBeVisible();
  await expect(notice(page)).toHaveText(new RegExp(NOTICE.replace(/[()]/g, '\\$&')));
  await expect(page.getByRole('status').filter({ hasText: 'older raftlab' })).toHaveCount(1);
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.getByTestId('tour')).toBeVisible();
  expect(await page.evaluate(() => window.raftlab.scenario().title)).toMatch(/./);
  await shot(page, '1-notice-1920x1080');
  await page.setViewportSize({ width: 1366, height: 768 });
  await expect(notice(page)).toBeVisible();
  await shot(page, '2-notice-1366x768');

  // the run plays
  expect(await page.evaluate(() => window.raftlab.displayedTime)).toBe(0);
  await page.getByTestId('play').click();
  await expect.poll(() => page.evaluate(() => window.raftlab.displayedTime), { timeout: 10_000 }).toBeGreaterThan(0);
  await expect(notice(page)).toBeVisible(); // playing the shared run keeps the notice

  // what the viewer sees is the current engine: sharing it again says so
  expect(await page.evaluate(() => window.raftlab.scenario().engine)).toBe('raftlab-5');
  expect(wireOf(await page.evaluate(() => window.raftlab.shareUrl())).e).toBe('raftlab-5');

  await page.getByTestId('engine-notice-dismiss').click();
  await expect(notice(page)).toHaveCount(0);
});

test('a fresh share link opens without a notice; raftlab.load of an old link returns and shows it', async ({ page, context, errors }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto('./');
  await expect(page.locator('.stage [data-node]').first()).toBeVisible();
  await page.evaluate(() => {
    window.raftlab.pause();
    window.raftlab.seek(700);
  });
  const url = await page.evaluate(() => window.raftlab.shareUrl());
  expect(url).toMatch(/&t=700&f=[0-9a-f]{12}$/);
  expect(wireOf(url).e).toBe('raftlab-5');

  const other = await openLink(context, url, errors);
  await expect(other.getByTestId('clock')).toHaveText('t = 700 ms');
  await expect(notice(other)).toHaveCount(0);
  await expect(other.getByRole('alert')).toHaveCount(0);
  await other.close();

  // the console: load() returns the engine it was made with and the notice, shown on the page too
  const report = await page.evaluate((link) => window.raftlab.load(`#s=${link}`), OLD.lab.link);
  expect(report).toEqual({ recordedWith: 'raftlab-1', notice: NOTICE });
  await expect(notice(page)).toHaveText(new RegExp(NOTICE.replace(/[()]/g, '\\$&')));
  await shot(page, '3-console-load-1366x768');
  expect(await page.evaluate((u) => window.raftlab.load(u), url)).toEqual({ recordedWith: 'raftlab-5' });
  await expect(notice(page)).toHaveCount(0);
});
