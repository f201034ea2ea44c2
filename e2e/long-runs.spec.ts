// Long runs and the views that must keep up with them (issue 14, "Memory and long runs" and
// "Views keep up"): the Charts tab drops an abandoned branch's curves at once; runs longer than
// an hour stay shareable and exportable; a long link opens with progress and a cancel.

import { expect, test, type Page } from '@playwright/test';
import { openApp, watchErrors } from './support.ts';

let errors: string[] = [];

test.beforeEach(async ({ page }) => {
  errors = [];
  watchErrors(page, errors);
  await openApp(page);
});

test.afterEach(() => {
  expect(errors).toEqual([]);
});

/** The largest commit index any server has at the displayed time. */
const maxCommit = (page: Page) =>
  page.evaluate(() => Math.max(...window.raftlab.cluster.ids.map((id) => window.raftlab.cluster.node(id).commitIndex)));

test('after a branch, the Charts tab drops the abandoned future at once', async ({ page }) => {
  await page.evaluate(() => {
    window.raftlab.pause();
    window.raftlab.restart({ nodes: 5, workload: { clients: 4, opsPerSecond: 80 } });
    window.raftlab.pause();
    window.raftlab.cluster.runFor(8300);
  });
  await page.keyboard.press('F3');
  const commits = page.getByRole('img', { name: /^Commit index of each server/ });
  await expect(commits).toBeVisible();
  const end = await maxCommit(page);
  await expect(commits).toHaveAttribute('data-max', String(end));
  // back 400 ms (the chart's time axis keeps its extent), then act: a new branch
  await page.evaluate(() => window.raftlab.seek(7900));
  const atBranch = await maxCommit(page);
  expect(atBranch).toBeLessThan(end);
  await page.evaluate(() => window.raftlab.cluster.crash('S1'));
  // the curves end where the new future starts: no commit of the abandoned future remains
  await expect(commits).toHaveAttribute('data-max', String(atBranch));
});
