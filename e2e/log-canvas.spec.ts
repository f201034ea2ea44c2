// The log grid paints its entries on a canvas while the run plays (LogCanvas.tsx): it must show
// what the cells' elements showed — each entry in its term's colour where its cell is — follow the
// tail, and answer a click on a painted entry as a click on its cell did. Paused, every entry is an
// element again (titles, keyboard, tests, assistive technology).

import type { Page } from '@playwright/test';
import { expect, openApp, test } from './support.ts';

/** The canvas's pixel at a page point, as [r, g, b, alpha]. */
async function canvasPixel(page: Page, x: number, y: number): Promise<number[]> {
  return page.evaluate(
    ({ x, y }) => {
      const c = document.querySelector<HTMLCanvasElement>('[data-testid="log-grid"] .lg-canvas')!;
      const r = c.getBoundingClientRect();
      const k = c.width / r.width;
      const d = c.getContext('2d')!.getImageData(Math.floor((x - r.left) * k), Math.floor((y - r.top) * k), 1, 1).data;
      return [d[0], d[1], d[2], d[3]];
    },
    { x, y },
  );
}

/** A CSS colour as [r, g, b] (the browser parses it). */
async function rgb(page: Page, color: string): Promise<number[]> {
  return page.evaluate((c) => {
    const ctx = document.createElement('canvas').getContext('2d')!;
    ctx.fillStyle = c;
    ctx.fillRect(0, 0, 1, 1);
    const d = ctx.getImageData(0, 0, 1, 1).data;
    return [d[0], d[1], d[2]];
  }, color);
}

const close = (a: number[], b: number[]) => [0, 1, 2].every((i) => Math.abs(a[i] - b[i]) <= 3);

test('while the run plays the entries are painted in their terms’ colours, and paused they are elements at the same places', async ({ page }) => {
  await openApp(page, { width: 1920, height: 1080 });
  await page.evaluate(() => {
    window.raftlab.restart({ nodes: 9, workload: { clients: 10, opsPerSecond: 200 } });
    window.raftlab.pause();
    window.raftlab.cluster.runFor(3000);
    window.raftlab.play();
  });
  const grid = page.getByTestId('log-grid');
  await expect(grid.locator('.lg-canvas')).toBeVisible();
  // playing: no entry is an element (only the snapshot box and the markers are)
  await expect.poll(() => grid.locator('.lg-row > .lg-cell:not(.snap)').count()).toBe(0);
  // and the grid follows the tail: the newest entries are in view
  await page.waitForTimeout(500);
  await page.evaluate(() => window.raftlab.pause());
  const cells = grid.locator('.lg-row > .lg-cell:not(.snap)');
  await expect.poll(() => cells.count()).toBeGreaterThan(100);
  const view = (await grid.boundingBox())!;
  const lastIndex = Number(await grid.locator('[data-testid^="log-row-"]').first().getAttribute('data-last-index'));
  const tail = grid.locator(`.lg-cell[data-cell$=":${lastIndex}"]`).first();
  const tailBox = (await tail.boundingBox())!;
  expect(tailBox.x + tailBox.width).toBeLessThanOrEqual(view.x + view.width);
  expect(tailBox.x).toBeGreaterThan(view.x);
  // every committed entry in view is painted in its term's colour, where its element is
  const sample = await cells.evaluateAll((els) =>
    els
      .filter((el) => !el.classList.contains('uncommitted') && !el.classList.contains('down'))
      .map((el) => {
        const r = el.getBoundingClientRect();
        const term = [...el.classList].find((c) => /^term-\d$/.test(c))!;
        return { x: r.left + 4, y: r.top + r.height / 2, right: r.right, term, label: el.getAttribute('aria-label') };
      })
      .filter((_c, i) => i % 17 === 0),
  );
  expect(sample.length).toBeGreaterThan(5);
  for (const c of sample) {
    if (c.x < view.x + 200 || c.x > view.x + view.width - 4) continue; // under the names column, or cut at the right
    const want = await rgb(page, await page.evaluate((t) => getComputedStyle(document.documentElement).getPropertyValue(`--${t}`), c.term));
    const got = await canvasPixel(page, c.x, c.y);
    // painted where the cell is, and not in the gap after it (an entry painted a column off fails)
    expect((await canvasPixel(page, c.right + 1, c.y))[3], `${c.label}: the gap after it`).toBe(0);
    expect(close(got, want), `${c.label}: painted ${got.join(",")}, its term’s colour is ${want.join(",")}`).toBe(true);
  }
});

test('a click on a painted entry while the run plays explains it, as a click on its cell does', async ({ page }) => {
  await openApp(page);
  await page.evaluate(() => {
    window.raftlab.restart({ nodes: 3, workload: { clients: 1, opsPerSecond: 1 } });
    window.raftlab.pause();
    window.raftlab.cluster.runFor(4000);
  });
  const leader = await page.evaluate(() => window.raftlab.cluster.leader());
  expect(leader).not.toBeNull();
  const cell = page.getByTestId('log-grid').locator(`.lg-cell[aria-label^="${leader} entry 1,"]`);
  const box = (await cell.boundingBox())!;
  await page.evaluate(() => {
    window.raftlab.setSpeed(0.05);
    window.raftlab.play();
  });
  await expect(cell).toHaveCount(0); // painted only
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  // the click paused the run and explained the entry: its element is back, marked
  await expect(page.getByTestId('log-grid').locator(`.lg-cell.why[aria-label^="${leader} entry 1,"]`)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Play', exact: true })).toBeVisible();
});

test('scrolled back by the user, the painted entries move with the grid', async ({ page }) => {
  await openApp(page, { width: 1366, height: 768 });
  await page.evaluate(() => {
    window.raftlab.restart({ nodes: 5, workload: { clients: 4, opsPerSecond: 60 } });
    window.raftlab.pause();
    window.raftlab.cluster.runFor(4000);
  });
  const grid = page.getByTestId('log-grid');
  // the grid follows the tail; the user scrolls back to the start with the wheel
  await expect.poll(() => grid.evaluate((el) => el.scrollLeft)).toBeGreaterThan(500);
  await grid.hover();
  for (let i = 0; i < 40 && (await grid.evaluate((el) => el.scrollLeft)) > 0; i++) await page.mouse.wheel(-2000, 0);
  await expect.poll(() => grid.evaluate((el) => el.scrollLeft)).toBe(0);
  const first = grid.locator('.lg-cell[data-cell$=":1"]').first();
  const box = (await first.boundingBox())!;
  const term = await first.evaluate((el) => [...el.classList].find((c) => /^term-\d$/.test(c))!);
  const want = await rgb(page, await page.evaluate((t) => getComputedStyle(document.documentElement).getPropertyValue(`--${t}`), term));
  await expect.poll(async () => close(await canvasPixel(page, box.x + 4, box.y + box.height / 2), want)).toBe(true);
  expect((await canvasPixel(page, box.x + box.width + 1, box.y + box.height / 2))[3]).toBe(0);
});

test('the painted entries and messages take the theme’s colours, on opening in a theme and on switching it', async ({ page }) => {
  await page.addInitScript(() => localStorage.setItem('raftlab.ui', JSON.stringify({ theme: 'dark' })));
  await openApp(page);
  await page.evaluate(() => {
    window.raftlab.restart({ nodes: 3, workload: { clients: 1, opsPerSecond: 2 } });
    window.raftlab.pause();
    window.raftlab.cluster.runFor(3000);
  });
  const cell = page.getByTestId('log-grid').locator('.lg-cell[data-cell$=":1"]').first();
  const painted = async () => {
    const box = (await cell.boundingBox())!;
    return canvasPixel(page, box.x + 4, box.y + box.height / 2);
  };
  const termColour = async () =>
    rgb(page, await cell.evaluate((el) => getComputedStyle(document.documentElement).getPropertyValue(`--${[...el.classList].find((c) => /^term-\d$/.test(c))!}`)));
  // the messages in flight, each sampled below its glyph: its fill, in its type's colour of the theme
  const messages = async () =>
    page.evaluate(() => {
      const c = document.querySelector<HTMLCanvasElement>('.stage canvas.messages-canvas')!;
      const drawn = JSON.parse(c.dataset.drawn ?? '[]') as [number, number, number, string][];
      const r = c.getBoundingClientRect();
      const k = c.width / r.width;
      return drawn.map(([, x, y]) => [...c.getContext('2d')!.getImageData(Math.round(x * k), Math.round((y + 6) * k), 1, 1).data].slice(0, 3));
    });
  const themeColours = () =>
    page.evaluate(() => {
      const cs = getComputedStyle(document.documentElement);
      const ctx = document.createElement('canvas').getContext('2d')!;
      return ['--m-vote', '--m-granted', '--m-denied', '--m-append', '--m-heartbeat', '--m-ok', '--m-fail', '--m-client', '--stage'].map((v) => {
        ctx.fillStyle = cs.getPropertyValue(v);
        ctx.fillRect(0, 0, 1, 1);
        return [...ctx.getImageData(0, 0, 1, 1).data].slice(0, 3);
      });
    });
  expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
  await expect.poll(async () => close(await painted(), await termColour())).toBe(true);
  const dark = await themeColours();
  const among = (px: number[], colours: number[][]) => colours.some((c) => close(px, c));
  expect((await messages()).some((px) => among(px, dark))).toBe(true);
  // switch to the high-contrast theme: the painted cells and messages follow
  await page.getByRole('button', { name: /^Theme: dark/ }).click();
  expect(await page.evaluate(() => document.documentElement.dataset.theme)).not.toBe('dark');
  await expect.poll(async () => close(await painted(), await termColour())).toBe(true);
  const now = await themeColours();
  const darkOnly = dark.filter((c) => !among(c, now));
  await expect.poll(async () => (await messages()).some((px) => among(px, now))).toBe(true);
  expect((await messages()).filter((px) => among(px, darkOnly))).toEqual([]);
});

test('while the run plays the rows’ marks are painted where their elements are when paused', async ({ page }) => {
  await openApp(page);
  await page.evaluate(() => {
    window.raftlab.restart({ nodes: 3, workload: { clients: 1, opsPerSecond: 2 } });
    window.raftlab.pause();
    window.raftlab.cluster.runFor(4000);
  });
  const grid = page.getByTestId('log-grid');
  const bar = grid.locator('.lg-commit').first();
  const match = grid.locator('.lg-matchbar').first();
  const barBox = (await bar.boundingBox())!;
  const matchBox = (await match.boundingBox())!;
  const colour = async (v: string) => rgb(page, await page.evaluate((name) => getComputedStyle(document.documentElement).getPropertyValue(name), v));
  await page.evaluate(() => {
    window.raftlab.setSpeed(0.02);
    window.raftlab.play();
  });
  await expect(grid.locator('.lg-commit, .lg-matchbar, .lg-next, .lg-applied')).toHaveCount(0);
  await expect.poll(async () => close(await canvasPixel(page, barBox.x + 1, barBox.y + barBox.height / 2), await colour('--ok'))).toBe(true);
  await expect.poll(async () => close(await canvasPixel(page, matchBox.x + matchBox.width / 2, matchBox.y + 1), await colour('--accent'))).toBe(true);
  await page.evaluate(() => window.raftlab.pause());
  await expect(grid.locator('.lg-commit').first()).toBeAttached();
});
