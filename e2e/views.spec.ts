// Views keep up (issue 14): Duplicate shows the copy (its own id, drawn beside the original),
// the client column stays on the stage however many clients there are, and choosing a variant
// in the Safety tab says it restarts the run before doing it.

import type { Page } from '@playwright/test';
import { drawnMessages, expect, openApp, test } from './support.ts';

test.beforeEach(async ({ page }) => {
  await openApp(page, { width: 1366, height: 768 });
});

async function runTo(page: Page, t: number): Promise<void> {
  await page.evaluate((t) => {
    window.raftlab.pause();
    window.raftlab.seek(t);
  }, t);
}

test('Duplicate selects the copy, names its id, and draws it beside the original', async ({ page }) => {
  await runTo(page, 2500);
  // a message just sent: the copy made now would start exactly where the original is
  const m = await page.evaluate(() => window.raftlab.cluster.inFlight().find((x) => x.deliverAt !== null && x.deliverAt - x.sentAt >= 8)!);
  await runTo(page, m.sentAt);
  const original = (await drawnMessages(page)).find((d) => d.id === m.id)!;
  expect(original).toBeDefined();
  await page.mouse.click(original.x, original.y);
  const inspector = page.getByTestId('message-inspector');
  await expect(inspector).toContainText(`#${m.id} `);
  await inspector.getByRole('button', { name: 'Duplicate' }).click();
  const copy = await page.evaluate((id) => window.raftlab.cluster.inFlight().find((x) => x.copyOf === id)!, m.id);
  expect(copy.id).not.toBe(m.id);
  // the inspector moved to the copy: its own id, "copy of" the original
  await expect(inspector).toContainText(`#${copy.id} `);
  await expect(inspector).toContainText(`copy of#${m.id}`);
  await expect(page.getByTestId('toast-info').filter({ hasText: `Copy #${copy.id} of message #${m.id}` })).toBeVisible();
  // on the stage the copy is beside the original, not on it
  const drawn = await drawnMessages(page);
  const a = drawn.find((d) => d.id === m.id)!;
  const b = drawn.find((d) => d.id === copy.id)!;
  expect(Math.hypot(a.x - b.x, a.y - b.y)).toBeGreaterThan(8);
  expect(b.flags).toContain('s'); // the copy is the selected one
});

test('thirty pending requests: every client box stays on the stage, the rest folded into "+ n more"', async ({ page }) => {
  await runTo(page, 1500);
  // no majority: every request stays pending, so each needs a client of its own
  await page.evaluate(() => {
    for (const id of ['S1', 'S2', 'S3']) window.raftlab.cluster.crash(id);
  });
  for (let i = 0; i < 30; i++) await page.keyboard.press('q');
  await expect.poll(() => page.evaluate(() => window.raftlab.cluster.history().filter((r) => r.completedAt === undefined).length)).toBe(30);
  const stage = (await page.locator('.stage svg').first().boundingBox())!;
  const boxes = await page.locator('.stage .clients rect.client-box').evaluateAll((els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom };
    }),
  );
  expect(boxes.length).toBeGreaterThan(5);
  for (const b of boxes) {
    expect(b.top).toBeGreaterThanOrEqual(stage.y - 0.5);
    expect(b.bottom).toBeLessThanOrEqual(stage.y + stage.height + 0.5);
  }
  // no two boxes overlap
  const sorted = boxes.map((b) => b.top).sort((x, y) => x - y);
  for (let i = 1; i < sorted.length; i++) expect(sorted[i] - sorted[i - 1]).toBeGreaterThan(10);
  await expect(page.getByTestId('clients-more').locator('text')).toHaveText(/^\+\d+ more · \d+ …$/);
});

test('choosing a variant in the Safety tab says it restarts the run before it does', async ({ page }) => {
  await runTo(page, 1200);
  await page.getByRole('tab', { name: /Safety/ }).click();
  const picker = page.getByTestId('cx-variant');
  await picker.selectOption('commit-old-terms');
  const confirm = page.getByTestId('cx-variant-confirm');
  await expect(confirm).toContainText('Switching to the broken variant “commit-old-terms” restarts the run from 0 s');
  // nothing happened yet
  expect(await page.evaluate(() => window.raftlab.scenario().options.features.variant)).toBe('none');
  expect(await page.evaluate(() => window.raftlab.displayedTime)).toBe(1200);
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(picker).toHaveValue('none');
  expect(await page.evaluate(() => window.raftlab.scenario().options.features.variant)).toBe('none');
  // confirmed: it restarts with the variant
  await picker.selectOption('commit-old-terms');
  await page.getByRole('button', { name: 'Restart with “commit-old-terms”' }).click();
  await expect.poll(() => page.evaluate(() => window.raftlab.scenario().options.features.variant)).toBe('commit-old-terms');
  await expect(picker).toHaveValue('commit-old-terms');
});
