import type { Locator, Page } from '@playwright/test';
import { expect, openApp, screenshots, test } from './support.ts';

// "You are the scheduler" (issue 14): timers frozen, every message waiting; the student fires a
// chosen server's election timer, delivers with the keyboard (Enter, D), delivers all, drops the
// stale ones, and the run is a link that replays. Banners never sit on a server; toasts never
// cover the log grid.

const shot = screenshots('e2e-artifacts/scheduler');

async function box(l: Locator) {
  const b = await l.boundingBox();
  if (b === null) throw new Error('not drawn');
  return b;
}

function overlaps(a: { x: number; y: number; width: number; height: number }, b: { x: number; y: number; width: number; height: number }) {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** No server's shape is under the stage banner. */
async function bannerClearOfServers(page: Page) {
  const banner = await box(page.locator('.stage-banner'));
  const nodes = page.locator('[data-node] .body');
  for (let i = 0; i < (await nodes.count()); i++) {
    const n = await box(nodes.nth(i));
    expect(overlaps(banner, n), `banner over server ${i + 1}`).toBe(false);
  }
}

test('you are the scheduler: timers frozen, every event chosen, keyboard flow, a link that replays', async ({ page }) => {
  await openApp(page, { width: 1366, height: 768 });
  await page.getByRole('tab', { name: /Message/ }).click();
  await page.getByRole('radio', { name: 'You are the scheduler' }).check();
  await expect(page.locator('.stage-banner')).toContainText('You are the scheduler');
  const settings = await page.evaluate(() => window.raftlab.cluster.network().settings);
  expect(settings).toMatchObject({ manual: true, frozenTimers: true });
  // the stage draws every live server's timer as frozen (a dashed ring), none running down
  const timerRings = await page.locator('.timers > g').count();
  expect(timerRings).toBeGreaterThan(0);
  await expect(page.locator('.timers g[data-timer-frozen]')).toHaveCount(timerRings);
  await expect(page.locator('.timers .timer-arc[d^="M"]')).toHaveCount(0);

  // time runs, nothing happens: no timer fires on its own (messages already on their way land first)
  await page.evaluate(() => window.raftlab.cluster.runFor(100));
  const termsBefore = await page.evaluate(() => window.raftlab.cluster.ids.map((id) => window.raftlab.cluster.node(id).term));
  await page.evaluate(() => window.raftlab.cluster.runFor(3000));
  expect(await page.evaluate(() => window.raftlab.cluster.ids.map((id) => window.raftlab.cluster.node(id).term))).toEqual(termsBefore);
  await bannerClearOfServers(page);

  // fire S2's election timer: S2 campaigns, its RequestVotes wait
  const events = page.getByTestId('server-events');
  const list = page.getByTestId('waiting-list');
  const waitingBefore = await page.evaluate(() => window.raftlab.cluster.inFlight().length);
  await events.getByRole('button', { name: 'Fire election timer of S2' }).click();
  await expect(list.getByRole('option')).toHaveCount(waitingBefore + 4);
  expect(await list.getByRole('option').last().textContent()).toMatch(/S2→S5 RequestVote/);
  const s2 = await page.evaluate(() => window.raftlab.cluster.node('S2'));
  expect(s2.role).toBe('candidate');
  await shot(page, 'fired');

  // keyboard: the first row, Enter delivers it, D drops the next one
  const first = list.getByRole('option').first();
  await first.focus();
  const firstId = Number((await first.getAttribute('data-testid'))?.replace('waiting-', ''));
  await page.keyboard.press('Enter');
  await expect(page.getByTestId(`waiting-${firstId}`)).toHaveCount(0);
  const focused = page.locator('[role="option"]:focus');
  await expect(focused).toHaveCount(1);
  const secondId = Number((await focused.getAttribute('data-testid'))?.replace('waiting-', ''));
  await page.keyboard.press('d');
  await expect(page.getByTestId(`waiting-${secondId}`)).toHaveCount(0);
  const kinds = await page.evaluate(() => window.raftlab.cluster.actions().slice(-2).map((a) => `${a.type} ${'message' in a ? a.message : ''}`));
  expect(kinds).toEqual([`deliver ${firstId}`, `drop ${secondId}`]);

  // group by destination, then deliver all
  await page.getByTestId('group-by').selectOption('destination');
  await expect(list.locator('.waiting-group').first()).toContainText(/^to /);
  await page.getByTestId('deliver-all').click();

  // a second candidate in a higher term makes earlier replies stale: Drop stale removes exactly them
  await events.getByRole('button', { name: 'Fire election timer of S3' }).click();
  await page.evaluate(() => {
    const c = window.raftlab.cluster;
    for (const m of c.inFlight()) if (m.from === 'S3' && m.type === 'RequestVote') c.deliver(m.id);
  });
  await page.getByRole('radio', { name: 'You are the scheduler' }).focus();
  await shot(page, 'stale');
  const staleCount = await list.locator('.waiting-row.stale').count();
  if (staleCount > 0) {
    await page.getByTestId('drop-stale').click();
    await expect(list.locator('.waiting-row.stale')).toHaveCount(0);
  }

  // the run is a link: opening it replays to the same state, still in scheduler mode
  const state = await page.evaluate(() => ({
    url: window.raftlab.shareUrl(),
    terms: window.raftlab.cluster.ids.map((id) => [window.raftlab.cluster.node(id).role, window.raftlab.cluster.node(id).term]),
    waiting: window.raftlab.cluster.inFlight().map((m) => m.id),
  }));
  await page.goto(state.url);
  await expect(page.locator('[data-node]').first()).toBeVisible();
  await expect
    .poll(() => page.evaluate(() => window.raftlab.cluster.ids.map((id) => [window.raftlab.cluster.node(id).role, window.raftlab.cluster.node(id).term])))
    .toEqual(state.terms);
  expect(await page.evaluate(() => window.raftlab.cluster.inFlight().map((m) => m.id))).toEqual(state.waiting);
  expect(await page.evaluate(() => window.raftlab.cluster.network().settings.frozenTimers)).toBe(true);

  // back to automatic: the clock runs again and a leader is elected
  await page.getByRole('tab', { name: /Message/ }).click();
  await page.getByRole('radio', { name: 'Automatic' }).check();
  await page.evaluate(() => window.raftlab.cluster.runFor(2000));
  expect(await page.evaluate(() => window.raftlab.cluster.leader())).not.toBeNull();
});

test('banners never sit on a server and toasts never cover the log grid', async ({ page }) => {
  for (const [size, query] of [
    [{ width: 1920, height: 1080 }, ''],
    [{ width: 1366, height: 768 }, ''],
    [{ width: 1280, height: 720 }, '?present=1'],
  ] as const) {
    await page.setViewportSize(size);
    await page.goto(`./${query}`);
    await expect(page.locator('[data-node]').first()).toBeVisible();
    await page.keyboard.press('m'); // you are the network: banner and a toast
    await expect(page.locator('.stage-banner')).toBeVisible();
    await bannerClearOfServers(page);
    const toast = page.locator('.toast').first();
    await expect(toast).toBeVisible();
    const toastBox = await box(toast); // measured once: a notice fades after a while
    const grid = page.getByTestId('log-grid');
    if (await grid.isVisible()) expect(overlaps(toastBox, await box(grid)), `toast over the log grid at ${size.width}`).toBe(false);
    const bodies = page.locator('[data-node] .body');
    for (let i = 0; i < (await bodies.count()); i++) {
      expect(overlaps(toastBox, await box(bodies.nth(i))), `toast over server ${i + 1} at ${size.width}`).toBe(false);
    }
    await page.keyboard.press('m');
    await page.evaluate(() => window.raftlab.cluster.partition([['S1'], ['S2', 'S3', 'S4', 'S5']]));
    await expect(page.locator('.stage-banner')).toContainText('partitioned');
    await bannerClearOfServers(page);
  }
});
