import type { Page } from '@playwright/test';
import { drawnMessages, expect, openApp, screenshots, test } from './support.ts';

// The journeys a student takes through the visual simulator (issue 4), in headless Chromium,
// with a screenshot of each kept in e2e-artifacts/ and no console error allowed.

const SHOTS = 'e2e-artifacts/journeys';
// Generous: the machine running these may be busy; each journey finishes in seconds when idle.
test.describe.configure({ timeout: 120_000 });

test.beforeEach(async ({ page }) => {
  await openApp(page);
});

const shot = screenshots(SHOTS);

/** A server drawn as leader (hexagon, class r-leader) other than `not`, or null. */
async function drawnLeader(page: Page, not?: string): Promise<string | null> {
  const ids = await page.locator('.node.r-leader').evaluateAll((els) => els.map((e) => e.getAttribute('data-node')));
  return ids.find((id) => id !== null && id !== not) ?? null;
}

async function waitForDrawnLeader(page: Page, not?: string): Promise<string> {
  await expect.poll(() => drawnLeader(page, not), { timeout: 45_000 }).not.toBeNull();
  return (await drawnLeader(page, not)) as string;
}

async function setSpeed(page: Page, x: number): Promise<void> {
  await page.evaluate((s) => window.raftlab.setSpeed(s), x);
}

async function nodeMenu(page: Page, id: string, item: RegExp): Promise<void> {
  await page.locator(`[data-node="${id}"] .body`).click({ button: 'right' });
  await page.getByTestId('node-menu').getByRole('menuitem', { name: item }).click();
}

test('the page loads and a leader is elected', async ({ page }) => {
  await expect(page).toHaveTitle(/raftlab/);
  await setSpeed(page, 0.5);
  const leader = await waitForDrawnLeader(page);
  // the drawing, the scripting API and the node panel agree
  expect(await page.evaluate(() => window.raftlab.cluster.leader())).toBe(leader);
  await page.locator(`[data-node="${leader}"] .body`).click();
  await expect(page.getByTestId('node-role')).toHaveText('leader');
  await expect(page.getByTestId('node-console')).toContainText('became leader');
  await expect(page.getByTestId('node-console')).toContainText(`LEADER => ${leader}`);
  await shot(page, '1-leader-elected');
  // a message in flight reached by keyboard: the Message tab lists them, Enter inspects one
  await page.evaluate(() => {
    window.raftlab.pause();
    // a moment with something on the wire (heartbeats leave every 50 ms)
    for (let i = 0; i < 20 && window.raftlab.cluster.inFlight().length === 0; i++) window.raftlab.seek(Math.floor(window.raftlab.displayedTime) + 5);
  });
  await page.getByRole('tab', { name: /Message/ }).click();
  const first = page.getByTestId('in-flight-list').getByRole('button').first();
  const label = (await first.getAttribute('aria-label')) as string;
  const id = /#(\d+)/.exec(label)?.[1];
  await first.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByText(`#${id} `, { exact: false }).first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Close the message' })).toBeVisible();
});

test('crash the leader and see a new one elected', async ({ page }) => {
  await setSpeed(page, 0.5);
  const first = await waitForDrawnLeader(page);
  await nodeMenu(page, first, /^Crash/);
  await expect(page.locator(`[data-node="${first}"]`)).toHaveClass(/r-crashed/);
  await shot(page, '2a-leader-crashed');
  const second = await waitForDrawnLeader(page, first);
  expect(second).not.toBe(first);
  // the new leader's term is higher; the crashed one kept its disk
  await page.locator(`[data-node="${second}"] .body`).click();
  const term = Number(await page.getByTestId('current-term').textContent());
  expect(term).toBeGreaterThan(1);
  await shot(page, '2b-new-leader');
  // restart the old leader from the keyboard: it comes back as a follower of the new term
  await page.keyboard.press('Escape');
  await page.locator(`[data-node="${first}"] .body`).click();
  await page.keyboard.press('r');
  await expect(page.locator(`[data-node="${first}"]`)).not.toHaveClass(/r-crashed/);
  await expect.poll(async () => Number(await page.getByTestId('current-term').textContent()), { timeout: 45_000 }).toBe(term);
});

test('partition the cluster: the minority stalls, then recovers after healing', async ({ page }) => {
  await setSpeed(page, 1);
  const leader = await waitForDrawnLeader(page);
  const ids = await page.evaluate(() => [...window.raftlab.cluster.ids]);
  const buddy = ids.find((id) => id !== leader) as string;
  // drag the leader onto another server: {leader, buddy} | the other three
  const from = await page.locator(`[data-node="${leader}"] .body`).boundingBox();
  const to = await page.locator(`[data-node="${buddy}"] .body`).boundingBox();
  if (from === null || to === null) throw new Error('nodes not drawn');
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 20, from.y + from.height / 2 + 20, { steps: 4 });
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 8 });
  await page.mouse.up();
  await expect(page.locator('.group-blob')).toHaveCount(2);
  const groups = await page.evaluate(() => window.raftlab.cluster.network().groups);
  expect(groups.some((g) => g.includes(leader) && g.includes(buddy) && g.length === 2)).toBe(true);

  // the majority elects a new leader; a request sent now commits there only
  const majorityLeader = await waitForDrawnLeader(page, leader);
  expect([leader, buddy]).not.toContain(majorityLeader);
  await page.getByRole('button', { name: '+ Request' }).click();
  const minorityCommit = await page.getByTestId(`log-row-${leader}`).getAttribute('data-commit-index');
  await expect
    .poll(async () => Number(await page.getByTestId(`log-row-${majorityLeader}`).getAttribute('data-commit-index')), { timeout: 45_000 })
    .toBeGreaterThan(Number(minorityCommit));
  // the minority stalls: its commit index does not move
  await page.waitForTimeout(1000);
  expect(await page.getByTestId(`log-row-${leader}`).getAttribute('data-commit-index')).toBe(minorityCommit);
  expect(await page.getByTestId(`log-row-${buddy}`).getAttribute('data-commit-index')).toBe(minorityCommit);
  await shot(page, '3a-partitioned');

  // heal: every log converges on the majority's
  await page.keyboard.press('h');
  await expect(page.locator('.group-blob')).toHaveCount(0);
  const target = await page.getByTestId(`log-row-${majorityLeader}`).getAttribute('data-commit-index');
  for (const id of ids) {
    await expect
      .poll(async () => Number(await page.getByTestId(`log-row-${id}`).getAttribute('data-commit-index')), { timeout: 45_000 })
      .toBeGreaterThanOrEqual(Number(target));
  }
  await shot(page, '3b-healed');
});

test('client requests are committed in every log', async ({ page }) => {
  await setSpeed(page, 1);
  await waitForDrawnLeader(page);
  for (let i = 0; i < 3; i++) {
    await page.getByRole('button', { name: '+ Request' }).click();
    await page.getByRole('button', { name: /Settle/ }).click();
  }
  const ids = await page.evaluate(() => [...window.raftlab.cluster.ids]);
  const last = await page.getByTestId(`log-row-${ids[0]}`).getAttribute('data-last-index');
  expect(Number(last)).toBeGreaterThanOrEqual(4); // the leader's no-op and three puts
  for (const id of ids) {
    await expect(page.getByTestId(`log-row-${id}`)).toHaveAttribute('data-last-index', last as string);
    await expect(page.getByTestId(`log-row-${id}`)).toHaveAttribute('data-commit-index', last as string);
  }
  // every state machine holds the values: x=1, y=2, z=3
  for (const id of ids) {
    await page.locator(`[data-node="${id}"] .body`).click();
    const kv = page.getByTestId('kv-table');
    await expect(kv).toContainText('x');
    await expect(kv).toContainText('z');
    await expect(page.getByTestId('node-console')).toContainText('applied #4 put z=3');
  }
  await shot(page, '4-committed-everywhere');
  // the log grid by keyboard: into the newest entry, one back, one server down, Enter explains it
  await page.getByTestId('log-grid').focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.locator(':focus')).toHaveAttribute('aria-label', new RegExp(`^${ids[0]} entry ${last},`));
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowDown');
  await expect(page.locator(':focus')).toHaveAttribute('aria-label', new RegExp(`^${ids[1]} entry ${Number(last) - 1}, .*, committed`));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: new RegExp(`Why is entry #${Number(last) - 1} committed`) })).toBeVisible();
});

test('scrub back in time and see the earlier state exactly', async ({ page }) => {
  await setSpeed(page, 1);
  const leader = await waitForDrawnLeader(page);
  await page.getByRole('button', { name: '+ Request' }).click();
  await page.getByTestId('play').click(); // pause
  // go to exactly t = 1000 ms with the timeline's keyboard: Home, then 10 × 100 ms
  const timeline = page.getByTestId('timeline');
  const goTo1000 = async () => {
    await timeline.focus();
    await page.keyboard.press('Home');
    for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.evaluate(() => window.raftlab.displayedTime)).toBe(1000);
  };
  await page.evaluate(() => window.raftlab.seek(1600));
  await goTo1000();
  await page.locator(`[data-node="${leader}"] .body`).click();
  const read = async () => ({
    term: await page.getByTestId('current-term').textContent(),
    votedFor: await page.getByTestId('voted-for').textContent(),
    commit: await page.getByTestId('commit-index').textContent(),
    applied: await page.getByTestId('last-applied').textContent(),
    log: await page.getByTestId('log-file').textContent(),
    role: await page.getByTestId('node-role').textContent(),
  });
  const before = await read();
  await shot(page, '5a-at-1000ms');

  // later, the future changes: the leader crashes, a new one is elected, more requests
  await page.evaluate(() => window.raftlab.seek(1600));
  await page.keyboard.press('c');
  await page.getByTestId('play').click();
  await waitForDrawnLeader(page, leader);
  await page.getByRole('button', { name: '+ Request' }).click();
  await page.getByRole('button', { name: /Settle/ }).click();
  expect(await read()).not.toEqual(before);

  // scrub backwards with the mouse: the view follows the handle
  const box = await timeline.boundingBox();
  if (box === null) throw new Error('no timeline');
  const t0 = await page.evaluate(() => window.raftlab.displayedTime);
  await page.mouse.move(box.x + box.width * 0.8, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2, { steps: 10 });
  await page.mouse.move(box.x + box.width * 0.1, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  expect(await page.evaluate(() => window.raftlab.displayedTime)).toBeLessThan(t0);

  // back at 1000 ms: the node panel shows exactly what it showed then
  await goTo1000();
  await page.locator(`[data-node="${leader}"] .body`).click();
  expect(await read()).toEqual(before);
  await shot(page, '5b-back-at-1000ms');
});

test('manual network mode delivers a chosen message', async ({ page }) => {
  await setSpeed(page, 1);
  await waitForDrawnLeader(page);
  await page.getByRole('button', { name: 'Manual' }).click();
  await expect(page.getByText('You are the network.')).toBeVisible();
  // taking over the network pauses time; let it run until servers have sent a few messages
  await expect(page.getByTestId('play')).toHaveAccessibleName('Play');
  await expect(page.getByRole('tab', { name: /Message/ })).toHaveAttribute('aria-selected', 'true');
  await page.getByTestId('play').click();
  const list = page.getByTestId('waiting-list');
  await expect(list.getByRole('button', { name: /^Deliver message/ }).nth(1)).toBeVisible({ timeout: 45_000 });
  await page.getByTestId('play').click(); // pause: nothing changes while we choose
  // choose the second waiting message, not the first: any order the student likes
  const deliver = list.getByRole('button', { name: /^Deliver message/ }).nth(1);
  const label = (await deliver.getAttribute('aria-label')) as string;
  const id = Number(/(\d+)$/.exec(label)?.[1]);
  const waitingBefore = await page.evaluate(() => window.raftlab.cluster.inFlight().filter((m) => m.deliverAt === null).map((m) => m.id));
  expect(waitingBefore).toContain(id);
  // hovering a message labels it (type, ids, route, that it waits for you)
  const drawn = (await drawnMessages(page)).find((m) => m.id === id);
  expect(drawn).toBeDefined();
  await page.mouse.move(drawn!.x, drawn!.y);
  await expect(page.locator('.stage').first()).toHaveAttribute('title', new RegExp(`^#\\d+ .*→.*waiting for you to deliver it`));
  await shot(page, '6a-manual-waiting');
  await deliver.click();
  const after = await page.evaluate(() => ({
    inFlight: window.raftlab.cluster.inFlight().map((m) => m.id),
    last: window.raftlab.cluster.actions().at(-1),
  }));
  expect(after.inFlight).not.toContain(id);
  expect(after.last).toMatchObject({ type: 'deliver', message: id });
  // the others are still waiting for the student
  for (const other of waitingBefore.filter((x) => x !== id)) expect(after.inFlight).toContain(other);
  // the delivery is in the event log
  await page.keyboard.press('F4');
  await expect(page.getByTestId('event-log')).toContainText(`you: deliver message #${id}`);
  await shot(page, '6b-manual-delivered');
});

test('a share link reopens exactly this run; a broken link says so and shows the default', async ({ page, context }) => {
  await setSpeed(page, 1);
  const leader = await waitForDrawnLeader(page);
  await page.getByRole('button', { name: '+ Request' }).click();
  await page.getByRole('button', { name: /Settle/ }).click();
  await page.locator(`[data-node="${leader}"] .body`).click();
  const read = async (p: Page) => ({
    t: await p.getByTestId('clock').textContent(),
    term: await p.getByTestId('current-term').textContent(),
    log: await p.getByTestId('log-file').textContent(),
    kv: await p.getByTestId('kv-table').textContent(),
  });
  const here = await read(page);
  const url = await page.evaluate(() => window.raftlab.shareUrl());
  const other = await context.newPage();
  await other.setViewportSize({ width: 1280, height: 720 });
  await other.goto(url);
  await other.locator(`[data-node="${leader}"] .body`).click();
  expect(await read(other)).toEqual(here);
  await other.screenshot({ path: `${SHOTS}/7a-shared-link.png` });
  await other.close();

  await page.goto('./#s=not-a-scenario');
  await expect(page.getByRole('alert')).toContainText('Could not open the shared scenario');
  await expect(page.locator('[data-node]')).toHaveCount(5);
  await shot(page, '7b-broken-link');
});
