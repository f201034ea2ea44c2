// What every e2e journey shares: no console error or uncaught exception is allowed, the app
// is opened the way a student sees it, and screenshots are kept in e2e-artifacts/.

import { mkdirSync } from 'node:fs';
import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';

export { expect };

/** Records the page's console errors and uncaught exceptions into `errors`. */
export function watchErrors(page: Page, errors: string[]): void {
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
}

/**
 * Playwright's `test`, in which every test fails if its page logged a console error or threw;
 * a test records another page's into the same list by taking `errors` (or with `openLink`).
 */
export const test = base.extend<{ errors: string[] }>({
  errors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      watchErrors(page, errors);
      await use(errors);
      expect(errors).toEqual([]);
    },
    { auto: true },
  ],
});

/** Opens the app at 1280×720 (or `size`) and waits until the cluster is drawn. */
export async function openApp(page: Page, size = { width: 1280, height: 720 }): Promise<void> {
  await page.setViewportSize(size);
  await page.goto('./');
  await expect(page.locator('[data-node]').first()).toBeVisible();
}

/** Opens `url` (a share link) in a new page of `context` at `size`, its errors recorded into `errors`, and waits until the stage draws a server. */
export async function openLink(context: BrowserContext, url: string, errors: string[], size = { width: 1366, height: 768 }): Promise<Page> {
  const page = await context.newPage();
  watchErrors(page, errors);
  await page.setViewportSize(size);
  await page.goto(url);
  await expect(page.locator('.stage [data-node]').first()).toBeVisible();
  return page;
}

/** A screenshot taker writing `<dir>/<name>.png`. */
export function screenshots(dir: string): (page: Page, name: string) => Promise<void> {
  mkdirSync(dir, { recursive: true });
  return async (page, name) => {
    await page.screenshot({ path: `${dir}/${name}.png` });
  };
}

/** A message drawn on the stage's canvas: its id, where it is on the page, and h(ighlighted) / s(elected). */
export interface DrawnMessage {
  id: number;
  x: number;
  y: number;
  flags: string;
}

/** The messages the stage's canvas shows now (from its data-drawn attribute), in page coordinates. */
export async function drawnMessages(page: Page): Promise<DrawnMessage[]> {
  const canvas = page.getByTestId('messages').first();
  const box = await canvas.boundingBox();
  const raw = await canvas.getAttribute('data-drawn');
  if (box === null || raw === null) return [];
  return (JSON.parse(raw) as [number, number, number, string][]).map(([id, x, y, flags]) => ({ id, x: box.x + x, y: box.y + y, flags }));
}
