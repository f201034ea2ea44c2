// A stage a lecturer can project (issue 14): server names keep the part that tells them apart
// (the classic lab's ports), the log grid's and the timeline's type grow with the presentation
// type, the logs can be enlarged (X / a button), the lecture library is a searchable grid walked
// by the arrow keys, the log grid follows the tail at any speed and shows every server, and the
// membership lecture draws learners, removed servers and servers not yet added, which keep their
// places on the ring.
// Run: E2E_PORT=4184 npx playwright test e2e/presentation.spec.ts

import type { Page } from '@playwright/test';
import { expect, openApp, screenshots, test } from './support.ts';

const shot = screenshots('e2e-artifacts/presentation');
test.describe.configure({ timeout: 90_000 });

async function openPresenting(page: Page, size: { width: number; height: number }): Promise<void> {
  await page.setViewportSize(size);
  await page.goto('./?present=1');
  await expect(page.locator('[data-node]').first()).toBeVisible();
}

async function openLecture(page: Page, id: string): Promise<void> {
  await page.getByTestId('lectures').click();
  await page.locator(`[data-lecture="${id}"]`).click();
  await expect(page.locator(`[data-lecture="${id}"]`)).toHaveCount(0);
}

/** Shows time t paused, with the tour out of the way. */
async function showAt(page: Page, t: number): Promise<void> {
  await page.evaluate((t) => {
    window.raftlab.pause();
    window.raftlab.seek(t);
  }, t);
}

const PORTS = ['8000', '8001', '8002'];

for (const size of [
  { width: 1920, height: 1080 },
  { width: 1280, height: 720 },
]) {
  test(`the classic lab's servers can be told apart in presentation mode at ${size.width}×${size.height}`, async ({ page }) => {
    await openPresenting(page, size);
    await openLecture(page, 'lab');
    await showAt(page, 1200);
    const stage = (await page.locator('.stage').first().boundingBox())!;
    // on the stage: each name shows its port, and lies wholly inside the stage
    for (const port of PORTS) {
      const name = page.locator(`.stage [data-node="127.0.0.1:${port}"] text.name`);
      await expect(name).toContainText(port);
      const box = (await name.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(stage.x);
      expect(box.x + box.width).toBeLessThanOrEqual(stage.x + stage.width);
    }
    // the log grid's rows, the text not cut by the column
    for (const port of PORTS) {
      const row = page.getByTestId(`log-row-127.0.0.1:${port}`);
      await expect(row).toContainText(port);
      expect(await row.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    }
    await shot(page, `lab-${size.width}`);
    // the space-time diagram's lanes
    await page.keyboard.press('F2');
    const lanes = await page.locator('.st-lane-label').allTextContents();
    for (const port of PORTS) expect(lanes.some((l) => l.includes(port))).toBe(true);
  });
}

test('60-character names sharing a long prefix keep their distinct ends on the stage, the log rows and the server chips', async ({ page }) => {
  await openPresenting(page, { width: 1280, height: 720 });
  const ids = await page.evaluate(() => {
    const ids = ['0001', '0002', '0003', '0004', '0005'].map((s) => `datacenter-frankfurt-rack-17-host-raft-consensus-node-${s}`.padStart(60, 'x'));
    window.raftlab.restart({ nodes: ids });
    window.raftlab.pause();
    window.raftlab.seek(1500);
    return ids;
  });
  expect(ids[0]).toHaveLength(60);
  const stage = (await page.locator('.stage').first().boundingBox())!;
  for (const id of ids) {
    const end = id.slice(-4);
    const name = page.locator(`.stage [data-node="${id}"] text.name`);
    await expect(name).toContainText(end);
    const box = (await name.boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(stage.x);
    expect(box.x + box.width).toBeLessThanOrEqual(stage.x + stage.width);
    await expect(page.getByTestId(`log-row-${id}`)).toContainText(end);
    await expect(page.locator('.node-panel, .empty').getByRole('button', { name: new RegExp(end) })).toBeVisible();
  }
  await shot(page, 'long-names-1280');
});

test('at 1920×1080 in presentation mode the log cells, the term caption and the timeline axis grow with the type', async ({ page }) => {
  await openPresenting(page, { width: 1920, height: 1080 });
  await showAt(page, 1500);
  const px = (sel: string) => page.locator(sel).first().evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  const body = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
  expect(body).toBeGreaterThanOrEqual(23);
  expect(await px('.lg-cell')).toBeGreaterThanOrEqual(18); // was 11 px
  expect(await px('.lg-idx')).toBeGreaterThanOrEqual(16);
  expect(await px('.node text.term-caption')).toBeGreaterThanOrEqual(14); // was 9 px
  expect(await px('[data-testid="timeline"] .axis text')).toBeGreaterThanOrEqual(14); // was 9 px
  // the axis labels sit below the track, inside the timeline
  const svg = (await page.getByTestId('timeline').boundingBox())!;
  const label = (await page.locator('[data-testid="timeline"] .axis text').first().boundingBox())!;
  expect(label.y + label.height).toBeLessThanOrEqual(svg.y + svg.height + 1);
  // the charts' titles too, and the plot starts below them
  await page.keyboard.press('F3');
  const title = page.locator('.charts .chart-title').first();
  await expect(title).toBeVisible();
  expect(await px('.charts .chart-title')).toBeGreaterThanOrEqual(18); // was 11 px
  const titleBox = (await title.boundingBox())!;
  const chart = (await page.locator('.charts svg').first().boundingBox())!;
  expect(titleBox.y).toBeGreaterThanOrEqual(chart.y - 1);
  const cursor = (await page.locator('.charts svg .st-now').first().boundingBox())!;
  expect(cursor.y).toBeGreaterThanOrEqual(titleBox.y + titleBox.height - 1);
});

test('X and the Logs tab’s button enlarge the logs and give the stage back', async ({ page }) => {
  await openApp(page, { width: 1366, height: 768 });
  await showAt(page, 1500);
  const grid = page.getByTestId('log-grid');
  const before = (await grid.boundingBox())!;
  const cellBefore = (await page.locator('.lg-cell').first().boundingBox())!;
  await page.keyboard.press('x');
  await expect(page.getByTestId('logs-large')).toHaveAttribute('aria-pressed', 'true');
  const after = (await grid.boundingBox())!;
  const stage = (await page.locator('.stage').first().boundingBox())!;
  expect(after.height).toBeGreaterThan(before.height * 2);
  expect(after.height).toBeGreaterThan(stage.height);
  expect((await page.locator('.lg-cell').first().boundingBox())!.width).toBeGreaterThan(cellBefore.width * 1.4);
  await shot(page, 'logs-large-1366');
  await page.getByTestId('logs-large').click();
  await expect(page.getByTestId('logs-large')).toHaveAttribute('aria-pressed', 'false');
  expect((await grid.boundingBox())!.height).toBeCloseTo(before.height, 0);
});

test('the lecture library: a grid many lectures fit on, a search field, arrow keys between cards, Enter opens', async ({ page }) => {
  await openPresenting(page, { width: 1280, height: 720 });
  await page.evaluate(() => window.raftlab.pause());
  await page.getByTestId('lectures').click();
  const dialog = page.getByRole('dialog', { name: 'Lectures' });
  await expect(dialog).toBeVisible();
  // most of the sixteen lectures are in view at once (one narrow column showed 1.3)
  const inView = await page.locator('[data-lecture]').evaluateAll((els) => {
    const d = els[0].closest('dialog')!.getBoundingClientRect();
    return els.filter((e) => {
      const r = e.getBoundingClientRect();
      return r.top >= d.top && r.bottom <= d.bottom && r.right <= d.right;
    }).length;
  });
  expect(inView).toBeGreaterThanOrEqual(8);
  await shot(page, 'library-1280');
  // search: the field has focus; every word counts
  await page.keyboard.type('broken figure');
  await expect(page.locator('[data-lecture]')).toHaveCount(1);
  await page.locator('#library-search').fill('figure');
  await expect(page.locator('[data-lecture]')).toHaveCount(3);
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('[data-lecture="figure-7"]')).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(page.locator('[data-lecture="figure-8"]')).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(page.locator('[data-lecture="figure-8-broken"]')).toBeFocused();
  await page.keyboard.press('ArrowLeft');
  await expect(page.locator('[data-lecture="figure-8"]')).toBeFocused();
  // the arrows moved focus, not the simulation
  const t = await page.evaluate(() => window.raftlab.displayedTime);
  await page.keyboard.press('ArrowRight');
  expect(await page.evaluate(() => window.raftlab.displayedTime)).toBe(t);
  await page.keyboard.press('Enter');
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('tour-count').or(page.locator('.sc-tour')).first()).toBeVisible();
  // all lectures again, walked downwards from the search field
  await page.getByTestId('lectures').click();
  await page.locator('#library-search').fill('');
  await page.locator('#library-search').press('ArrowDown');
  await expect(page.locator('[data-lecture]').first()).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('[data-lecture]').nth(1)).toBeFocused();
});

test('with nine servers at 10× the log grid follows the newest entry and shows every row; long indexes never overlap', async ({ page }) => {
  await openApp(page, { width: 1366, height: 768 });
  await page.evaluate(() => {
    window.raftlab.restart({ nodes: 9, workload: { clients: 10, opsPerSecond: 200 } });
    window.raftlab.setSpeed(10);
    window.raftlab.play();
  });
  const grid = page.getByTestId('log-grid');
  // The view keeps up with the tail: whatever the newest entry is now, within a moment the grid
  // shows it (on a busy machine frames are slow and the logs grow by hundreds a frame at 10×, so
  // "now" is read from the grid's own rows). Before, it stayed on the first screen (index 45).
  const newest = () =>
    page.evaluate(() => Math.max(...[...document.querySelectorAll<HTMLElement>('[data-last-index]')].map((el) => Number(el.dataset.lastIndex))));
  // while the run plays the entries are painted (LogCanvas.tsx): the canvas says the newest entry
  // it painted wholly in view; paused, the cells' elements say it
  const shown = () =>
    page.evaluate(() => {
      const g = document.querySelector('[data-testid="log-grid"]')!.getBoundingClientRect();
      const cells = [...document.querySelectorAll<HTMLElement>('.lg-cell[data-cell]')].filter((el) => {
        const r = el.getBoundingClientRect();
        return r.left >= g.left && r.right <= g.right;
      });
      const painted = Number(document.querySelector<HTMLElement>('[data-testid="log-grid"] .lg-canvas')?.dataset.shownLast ?? 0);
      return Math.max(painted, ...cells.map((el) => Number(el.dataset.cell!.split(':').pop())));
    });
  for (let i = 0; i < 3; i++) {
    await page.waitForTimeout(2000);
    const tail = await newest();
    expect(tail).toBeGreaterThan(40 * (i + 1));
    await expect.poll(shown, { timeout: 10_000, intervals: [50] }).toBeGreaterThanOrEqual(tail);
  }
  await page.evaluate(() => window.raftlab.pause());
  const box = (await grid.boundingBox())!;
  for (let i = 1; i <= 9; i++) {
    const row = (await page.getByTestId(`log-row-S${i}`).boundingBox())!;
    expect(row.y + row.height, `S${i}`).toBeLessThanOrEqual(box.y + box.height + 1);
  }
  // header labels: no two drawn labels' texts overlap
  const rects = await page.locator('.lg-idx').evaluateAll((els) =>
    els.map((el) => {
      const range = document.createRange();
      range.selectNodeContents(el);
      const r = range.getBoundingClientRect();
      return { left: r.left, right: r.right, text: el.textContent };
    }),
  );
  expect(rects.length).toBeGreaterThan(3);
  rects.sort((a, b) => a.left - b.left);
  for (let i = 1; i < rects.length; i++) expect(rects[i].left, `${rects[i - 1].text} / ${rects[i].text}`).toBeGreaterThanOrEqual(rects[i - 1].right);
  await shot(page, 'nine-servers-10x');
});

test('the membership lecture draws servers not yet added, learners and the removed leader, and nobody moves', async ({ page }) => {
  await openApp(page, { width: 1366, height: 768 });
  await openLecture(page, 'membership');
  const where = (id: string) => page.locator(`.stage [data-node="${id}"], .stage [data-planned="${id}"]`).first().getAttribute('transform');
  await showAt(page, 800);
  await expect(page.locator('.stage [data-planned="S4"]')).toContainText('not yet added');
  await expect(page.locator('.stage [data-planned="S5"]')).toBeVisible();
  const before = { S1: await where('S1'), S2: await where('S2'), S4: await where('S4') };
  await showAt(page, 890);
  await expect(page.locator('.stage [data-node="S4"]')).toHaveClass(/member-learner/);
  await expect(page.locator('.stage [data-node="S4"] text.sub')).toContainText('learner');
  // the log grid's rows say so too: the stage's badge letter before the name
  await expect(page.getByTestId('log-row-S4')).toHaveAttribute('data-member', 'learner');
  await expect(page.getByTestId('log-row-S4').locator('.lg-member')).toHaveText('L');
  await expect(page.getByTestId('log-row-S1')).toHaveAttribute('data-member', 'voter');
  await showAt(page, 2000);
  await expect(page.locator('.stage [data-node="S1"]')).toHaveClass(/member-removed/);
  await expect(page.locator('.stage [data-node="S1"] text.sub')).toContainText('removed');
  await expect(page.getByTestId('log-row-S1')).toHaveAttribute('data-member', 'removed');
  await expect(page.getByTestId('log-row-S1')).toHaveAttribute('title', /^S1 \(removed\):/);
  await expect(page.getByTestId('log-row-S4')).toHaveAttribute('data-member', 'voter');
  await expect(page.locator('.stage [data-planned]')).toHaveCount(0);
  expect({ S1: await where('S1'), S2: await where('S2'), S4: await where('S4') }).toEqual(before);
  await shot(page, 'membership-removed');
  // the legend names them
  await page.keyboard.press('g');
  await expect(page.getByRole('dialog', { name: 'Legend' })).toContainText('Learner');
  await expect(page.getByRole('dialog', { name: 'Legend' })).toContainText('Not yet added');
});
