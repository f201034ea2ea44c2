// Long runs and the views that must keep up with them (issue 14, "Memory and long runs" and
// "Views keep up"): the Charts tab drops an abandoned branch's curves at once; runs longer than
// an hour stay shareable and exportable; a long link opens with progress and a cancel.

import type { Page } from '@playwright/test';
import { expect, openApp, test } from './support.ts';

test.beforeEach(async ({ page }) => {
  await openApp(page);
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

/** Three servers whose run is cheap to compute: an hour is ~40,000 events. */
const QUIET = { nodes: 3, timing: { electionTimeoutMin: 5000, electionTimeoutMax: 9000, heartbeatInterval: 1000 } };

test('a run longer than one hour stays shareable and exportable', async ({ page }) => {
  await page.evaluate((o) => {
    window.raftlab.restart(o);
    window.raftlab.pause();
    window.raftlab.cluster.runFor(3_840_000);
    window.raftlab.cluster.crash('S2'); // an action after the first simulated hour
  }, QUIET);
  const url = await page.evaluate(() => window.raftlab.shareUrl());
  expect(url).toMatch(/&t=3840000/);
  // the share dialog shows the link and the exports (no raw validation message)
  await page.setViewportSize({ width: 1920, height: 1080 }); // the Share button on the toolbar, not folded into More
  await page.getByRole('button', { name: 'Share link' }).click();
  await expect(page.getByTestId('share-url')).toHaveValue(/&t=3840000/);
  await expect(page.getByTestId('export-scenario')).toBeVisible();
  await expect(page.getByText(/invalid scenario|cannot be shared/)).toHaveCount(0);
  await page.keyboard.press('Escape');
  // the link opens at its moment, with the crash
  await page.goto(url.replace(/^https?:\/\/[^/]+\//, './'));
  await expect.poll(() => page.evaluate(() => window.raftlab.displayedTime), { timeout: 20_000 }).toBe(3_840_000);
  expect(await page.evaluate(() => window.raftlab.cluster.node('S2').alive)).toBe(false);
});

/** A link to the default 3-server cluster at `t` (heartbeats every 50 ms: ~210 events per simulated second). */
async function linkAt(page: Page, t: number): Promise<string> {
  const url = await page.evaluate(() => {
    window.raftlab.restart({ nodes: 3 });
    window.raftlab.pause();
    return window.raftlab.shareUrl();
  });
  return url.replace(/^https?:\/\/[^/]+\//, './').replace(/&t=\d+/, `&t=${t}`).replace(/&f=[0-9a-f]+/, '');
}

test('a long link opens with its progress and a cancel, and cancelling shows the run where the replay got', async ({ page }) => {
  const link = await linkAt(page, 3_700_000);
  await page.goto(link);
  const dialog = page.getByRole('dialog', { name: 'Opening a long run' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('progressbar', { name: 'Replay progress' })).toBeVisible();
  await expect(dialog).toContainText('of 1 h 2 min');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  const shown = await page.evaluate(() => ({ t: window.raftlab.displayedTime, now: window.raftlab.cluster.now, playing: window.raftlab.playing }));
  expect(shown.t).toBeLessThan(3_700_000);
  expect(shown.t).toBe(shown.now);
  expect(shown.playing).toBe(false);
  await expect(page.getByTestId('toast-info')).toContainText(/Stopped opening the run at \d+ (s|min) of 1 h 2 min/);
});

test('a long link replays to its time with progress when left alone', async ({ page }) => {
  test.setTimeout(120_000);
  const link = await linkAt(page, 2_400_000);
  await page.goto(link);
  const dialog = page.getByRole('dialog', { name: 'Opening a long run' });
  await expect(dialog).toBeVisible();
  await expect(dialog).toBeHidden({ timeout: 100_000 });
  expect(await page.evaluate(() => window.raftlab.displayedTime)).toBe(2_400_000);
  expect(await page.evaluate(() => window.raftlab.playing)).toBe(false);
});

test('a link beyond the bound on replay work is refused in words, naming the limit', async ({ page }) => {
  const url = await page.evaluate(() => {
    window.raftlab.restart({ nodes: 9, workload: { clients: 10, opsPerSecond: 200 } });
    window.raftlab.pause();
    return window.raftlab.shareUrl();
  });
  await page.goto(url.replace(/^https?:\/\/[^/]+\//, './').replace(/&t=\d+/, '&t=36000000').replace(/&f=[0-9a-f]+/, ''));
  await expect(page.getByText(/replaying this run to 10 h of simulated time is about \d+ million events of work .*more than the limit of 100 million/)).toBeVisible();
  await expect(page.getByText(/invalid scenario/)).toHaveCount(0);
});

test('under heavy load the space-time diagram bundles what it cannot draw apart, and shows single arrows in a short window', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.evaluate(() => {
    window.raftlab.restart({ nodes: 9, workload: { clients: 10, opsPerSecond: 200 } });
    window.raftlab.pause();
    window.raftlab.cluster.runFor(4000);
  });
  await page.keyboard.press('F2');
  const diagram = page.getByTestId('spacetime');
  await page.getByRole('checkbox', { name: /hide heartbeats/ }).uncheck();
  await page.getByRole('combobox', { name: /window/ }).selectOption('2000');
  await expect(diagram).toHaveAttribute('data-bundles', /^[1-9]\d*$/);
  const drawn = await diagram.evaluate((el) => Number(el.getAttribute('data-arrows')) + Number(el.getAttribute('data-bundles')));
  const width = await diagram.evaluate((el) => el.getBoundingClientRect().width);
  expect(drawn).toBeLessThanOrEqual(Math.floor(width / 12)); // arrowBudget: 12 px of width per arrow
  await expect(diagram).toHaveAttribute('aria-label', /bundles of messages of one kind between two servers/);
  // a short window of the same moment: every message its own arrow
  await page.getByRole('combobox', { name: /window/ }).selectOption('100');
  await expect(diagram).toHaveAttribute('data-bundles', '0');
});

test('as the space-time window slides an arrow keeps its element and its place in time; a click on it selects its message', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.evaluate(() => {
    window.raftlab.restart({ nodes: 5, workload: { clients: 1, opsPerSecond: 4 } });
    window.raftlab.pause();
    window.raftlab.cluster.runFor(3000);
  });
  await page.keyboard.press('F2');
  const diagram = page.getByTestId('spacetime');
  await page.getByRole('combobox', { name: /window/ }).selectOption('1000');
  await expect(diagram).toHaveAttribute('data-bundles', '0'); // every message its own arrow
  // an arrow: where its send is on screen, and the axis's ticks
  const at = () =>
    diagram.evaluate((svg) => {
      // the newest arrow that has arrived (it stays in the window when the window moves on)
      const arrived = [...svg.querySelectorAll<SVGLineElement>('.st-arrow[data-message]')].filter((l) => l.parentElement!.querySelector('.st-head') !== null);
      const line = arrived.sort((a, b) => b.getBoundingClientRect().x - a.getBoundingClientRect().x)[0];
      const ticks = [...svg.querySelectorAll<SVGGElement>('.st-tick')].map((g) => ({ x: g.querySelector('line')!.getBoundingClientRect().x, label: g.textContent }));
      return { id: line.dataset.message!, sendX: line.getBoundingClientRect().x, ticks };
    });
  const before = await at();
  const line = diagram.locator(`.st-arrow[data-message="${before.id}"]`);
  const element = await line.elementHandle();
  await page.evaluate(() => window.raftlab.seek(window.raftlab.displayedTime + 300));
  await expect.poll(async () => (await at()).ticks.map((t) => t.label).join()).not.toBe(before.ticks.map((t) => t.label).join());
  // the same element (not made anew), moved left with the window by 300 ms of the axis's scale
  expect(await line.evaluate((el, old) => el === old, element)).toBe(true);
  const after = await line.evaluate((el) => el.getBoundingClientRect().x);
  const plot = await diagram.evaluate((svg) => svg.getBoundingClientRect().width);
  const pxPerMs = (plot - 8 - 92) / 1000;
  expect(after).toBeCloseTo(before.sendX - 300 * pxPerMs, -0.5);
  // a click on the arrow selects its message (the diagram handles the arrows' clicks)
  await diagram.locator(`.st-arrow-hit[data-hit="${before.id}"]`).dispatchEvent('click');
  await expect(diagram.locator(`.st-arrow.selected[data-message="${before.id}"]`)).toHaveCount(1);
});

test('after acting in the past, the space-time diagram draws the new branch’s messages, none of the abandoned future’s', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.evaluate(() => {
    window.raftlab.restart({ nodes: 5, workload: { clients: 2, opsPerSecond: 10 } });
    window.raftlab.pause();
    window.raftlab.cluster.runFor(3000);
  });
  await page.keyboard.press('F2');
  const diagram = page.getByTestId('spacetime');
  await page.getByRole('combobox', { name: /window/ }).selectOption('1000');
  await expect(diagram.locator('.st-arrow[data-message]').first()).toBeVisible();
  const leader = (await page.evaluate(() => window.raftlab.cluster.leader()))!;
  // the leader sent messages after 2 s in this future
  const sentBy = (who: string, after: number) =>
    diagram.evaluate(
      (svg, { who, after }) =>
        [...svg.querySelectorAll('.st-arrow-hit title')]
          .map((t) => /^#\d+ .*: (\S+) → \S+, sent (\d+(?:\.\d+)?) (ms|s)/.exec(t.textContent ?? ''))
          .filter((r) => r !== null && r[1] === who && Number(r[2]) * (r[3] === 's' ? 1000 : 1) > after).length,
      { who, after },
    );
  expect(await sentBy(leader, 2000)).toBeGreaterThan(0);
  // back to 2 s, crash the leader there: a new branch, in which it sends nothing after 2 s
  await page.evaluate((id) => {
    window.raftlab.seek(2000);
    window.raftlab.cluster.crash(id);
    window.raftlab.cluster.runFor(900);
  }, leader);
  await expect.poll(() => page.evaluate(() => window.raftlab.displayedTime)).toBeGreaterThan(2800);
  await expect(diagram.locator('.st-arrow[data-message]').first()).toBeVisible();
  expect(await sentBy(leader, 2001)).toBe(0);
});

test('under heavy load while the run plays the bundles are a few paths; paused, each bundle is an element with its title', async ({ page }) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.evaluate(() => {
    window.raftlab.restart({ nodes: 9, workload: { clients: 10, opsPerSecond: 200 } });
    window.raftlab.pause();
    window.raftlab.cluster.runFor(3000);
  });
  await page.keyboard.press('F2');
  const diagram = page.getByTestId('spacetime');
  await page.evaluate(() => {
    window.raftlab.setSpeed(10);
    window.raftlab.play();
  });
  await expect(diagram.locator('path.st-bundle').first()).toBeAttached();
  const playing = await diagram.evaluate((svg) => ({ paths: svg.querySelectorAll('path.st-bundle').length, bundles: Number(svg.getAttribute('data-bundles')), lines: svg.querySelectorAll('line.st-bundle').length }));
  expect(playing.bundles).toBeGreaterThan(playing.paths);
  expect(playing.lines).toBe(0);
  // every bundle's segment is in the paths
  expect(await diagram.evaluate((svg) => [...svg.querySelectorAll('path.st-bundle')].reduce((n, p) => n + (p.getAttribute('d')!.match(/M/g) ?? []).length, 0) === Number(svg.getAttribute('data-bundles')))).toBe(true);
  await page.evaluate(() => window.raftlab.pause());
  await expect(diagram.locator('path.st-bundle')).toHaveCount(0);
  const bundles = Number(await diagram.getAttribute('data-bundles'));
  await expect(diagram.locator('line.st-bundle')).toHaveCount(bundles);
  await expect(diagram.locator('.st-arrow-hit title').first()).toContainText(/messages .* → .*, sent/);
});
