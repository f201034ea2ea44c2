import type { Page } from '@playwright/test';
import lzString from 'lz-string';
import { expect, openApp, screenshots, test } from './support.ts';

// Challenges (issue 15): a student opens a challenge from the library, acts with clicks, plays,
// and sees it pass (graded live); progress is kept; the console's raftlab.challenge opens,
// reports and grades; a link with bad goal data is refused with the field named.

const shot = screenshots('e2e-artifacts/challenges');

async function nodeMenu(page: Page, id: string, item: RegExp): Promise<void> {
  await page.locator(`[data-node="${id}"] .body`).click({ button: 'right' });
  await page.getByTestId('node-menu').getByRole('menuitem', { name: item }).click();
}

test('a student opens a challenge from the library, acts by clicks and sees it pass', async ({ page }) => {
  await openApp(page, { width: 1366, height: 768 });
  await page.evaluate(() => {
    localStorage.removeItem('raftlab.challenges');
    window.raftlab.pause();
  });
  await page.getByTestId('lectures').click();
  // the count names every kind in the library
  await expect(page.locator('.lib-count')).toHaveText(/lectures, \d+ experiments and \d+ challenges$/);
  await page.locator('#library-search').fill('make S3');
  await expect(page.locator('.lib-count')).toContainText('1 challenge');
  await page.locator('[data-challenge="elect-s3"]').click();
  const card = page.getByTestId('challenge-card');
  await expect(card).toBeVisible();
  await expect(card).toHaveAttribute('data-state', 'playing');
  await expect(card).toContainText('S3 becomes leader');
  await expect(page.getByTestId('challenge-meter')).toContainText('Actions used: 0 of 1');
  // it opened paused at its start
  expect(await page.evaluate(() => [window.raftlab.displayedTime, window.raftlab.playing])).toEqual([500, false]);
  await page.getByTestId('challenge-hint').click();
  await expect(page.getByTestId('challenge-hints')).toContainText('election timer');
  await shot(page, 'open-1366');
  // act by clicks: S3's menu, force its election timeout; then play
  await nodeMenu(page, 'S3', /timeout/i);
  await expect(page.getByTestId('challenge-meter')).toContainText('Actions used: 1 of 1');
  await page.evaluate(() => window.raftlab.setSpeed(1));
  await page.getByRole('button', { name: /^▶ Play|Play$/ }).first().click();
  await expect(card).toHaveAttribute('data-state', 'passed', { timeout: 15_000 });
  await expect(page.getByTestId('challenge-status')).toContainText(/Solved! The goal was reached \d+ ms after the start, with 1 action\./);
  await expect(page.getByTestId('challenge-solution-link')).toBeVisible();
  await shot(page, 'solved-1366');
  // progress is kept: the library marks it solved
  const stored = await page.evaluate(() => JSON.parse(localStorage.getItem('raftlab.challenges') ?? 'null'));
  expect(stored.v).toBe(1);
  expect(stored.solved['elect-s3'].actions).toBe(1);
  await page.evaluate(() => window.raftlab.pause());
  await page.getByTestId('lectures').click();
  await expect(page.locator('[data-challenge="elect-s3"]')).toContainText('✓ solved');
  await page.keyboard.press('Escape');
  // the address holds the challenge: a reload opens it again at its start
  await page.reload();
  await expect(card).toBeVisible();
  await expect(card).toHaveAttribute('data-state', 'playing');
  expect(await page.evaluate(() => window.raftlab.displayedTime)).toBe(500);
  await expect(card).toContainText('Solved before in this browser with 1 action.');
  // Reset starts it again: nothing used, paused at the start
  await page.getByTestId('challenge-reset').click();
  await expect(card).toHaveAttribute('data-state', 'playing');
  await expect(page.getByTestId('challenge-meter')).toContainText('Actions used: 0 of 1');
  // progress can be forgotten from the library
  await page.getByTestId('lectures').click();
  await page.getByTestId('challenge-forget-progress').click();
  await expect(page.locator('[data-challenge="elect-s3"]')).not.toContainText('✓ solved');
  expect(await page.evaluate(() => localStorage.getItem('raftlab.challenges'))).toBe(null);
});

test('the console opens, reports and grades a challenge; its solution link replays it; breaking the rules cannot count', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openApp(page, { width: 1920, height: 1080 });
  const list = await page.evaluate(() => window.raftlab.challenges());
  expect(list.length).toBeGreaterThanOrEqual(12);
  expect(list[0]).toEqual({ id: 'elect-s3', title: 'Make S3 the leader', topic: 'Elections' });
  const opened = await page.evaluate(() => window.raftlab.challenge('split-vote'));
  expect(opened).toMatchObject({ id: 'split-vote', solved: false, actionsUsed: 0, budget: 3, broken: null });
  await page.evaluate(() => {
    const c = window.raftlab.cluster;
    c.crash('S1');
    c.timeout('S2');
    c.timeout('S3');
    window.raftlab.seek(900);
  });
  await expect(page.getByTestId('challenge-card')).toHaveAttribute('data-state', 'passed');
  expect(await page.evaluate(() => window.raftlab.challengeStatus())).toMatchObject({ id: 'split-vote', solved: true, actionsUsed: 3, broken: null, doneAt: 767 });
  expect(await page.evaluate(() => window.raftlab.challenge.grade())).toMatchObject({ passed: true, doneAt: 767, actionsUsed: 3 });
  await shot(page, 'solved-1920');
  // the solution link replays the solution to the moment the goal was reached: solved there
  await page.getByTestId('challenge-solution-link').click();
  await expect(page.getByTestId('challenge-solution-link')).toHaveText('Copied ✓');
  const solution = await page.evaluate(() => navigator.clipboard.readText());
  const other = await context.newPage();
  await other.setViewportSize({ width: 1366, height: 768 });
  await other.goto(solution);
  await expect(other.getByTestId('challenge-card')).toHaveAttribute('data-state', 'passed');
  expect(await other.evaluate(() => window.raftlab.displayedTime)).toBe(767);
  await other.close();
  // one more action of a kind not allowed: the attempt is broken, said in words
  await page.evaluate(() => {
    window.raftlab.seek(500);
    window.raftlab.cluster.partition([['S4']]);
    window.raftlab.seek(900);
  });
  await expect(page.getByTestId('challenge-card')).toHaveAttribute('data-state', 'broken');
  await expect(page.getByTestId('challenge-status')).toContainText('Partition is not allowed in this challenge.');
  expect(await page.evaluate(() => window.raftlab.challengeStatus()?.solved)).toBe(false);
  // a bad id is refused with the known ones named
  const bad = await page.evaluate(() => window.raftlab.challenge('nope').then(() => 'opened', (e: Error) => e.message));
  expect(bad).toMatch(/^challenge: no built-in challenge 'nope' \(known: elect-s3, /);
});

test('presentation mode at 1280×720: the goal card keeps its status in view', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto('./?present=1');
  await expect(page.locator('[data-node]').first()).toBeVisible();
  await page.evaluate(() => window.raftlab.challenge('figure-8'));
  const status = page.getByTestId('challenge-status');
  await expect(status).toBeVisible();
  const box = await status.boundingBox();
  expect(box !== null && box.y + box.height <= 720).toBe(true);
  await shot(page, 'present-1280');
});

test('a link with bad goal data is refused with the field named, and nothing is run', async ({ page }) => {
  await openApp(page);
  const link = await page.evaluate(() => window.raftlab.shareUrl());
  // take this run's wire form and add a hostile challenge
  const s = new URL(link).hash.match(/s=([^&]+)/)![1];
  const wire = JSON.parse(lzString.decompressFromEncodedURIComponent(s)) as Record<string, unknown>;
  wire.ch = { v: 1, title: '<img src=x onerror=alert(1)>', goal: { kind: 'leader', node: 'S1', run: 'alert(1)' }, rules: { allow: [] } };
  await page.goto(`./#s=${lzString.compressToEncodedURIComponent(JSON.stringify(wire))}`);
  await expect(page.locator('.app-banner')).toContainText("challenge.goal: unexpected field 'run'");
  await expect(page.getByTestId('challenge-card')).toHaveCount(0);
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
});
