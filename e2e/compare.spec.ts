// Compare shows both runs' outcomes (issue 14): Figure 8 in correct Raft (A) against the broken
// commit rule 'commit-old-terms' (B). Both stages look alike; what differs is what is committed
// and whether safety holds — so pane B's logs, state machines and safety status are on screen,
// and where the outcomes first differ is marked (not only the first differing event).

import type { Page } from '@playwright/test';
import { expect, openApp, test } from './support.ts';

// two runs and the scout ahead of them: slower than one run on a loaded machine
test.describe.configure({ timeout: 90_000 });

test.beforeEach(async ({ page }) => {
  await openApp(page, { width: 1366, height: 768 });
});

async function compareFigure8(page: Page): Promise<void> {
  await page.getByTestId('lectures').click();
  await page.locator('[data-lecture="figure-8"]').click();
  await expect(page.getByRole('dialog', { name: 'Lectures' })).toHaveCount(0);
  await page.evaluate(() => window.raftlab.pause());
  await page.getByTestId('compare').click();
  const dialog = page.getByRole('dialog', { name: 'Compare side by side' });
  await dialog.getByTestId('preset-variant').check();
  await dialog.getByRole('combobox').selectOption('commit-old-terms');
  await expect(page.getByTestId('compare-preview')).toContainText('B: broken: commit-old-terms');
  await page.getByTestId('compare-start').click();
  await expect(page.getByTestId('compare-panes')).toBeVisible();
}

const seek = (page: Page, t: number) => page.evaluate((t) => window.raftlab.seek(t), t);

test('pane B’s logs are on screen: at 1.3 s B has committed index 2 of term 2, A has not', async ({ page }) => {
  await compareFigure8(page);
  await page.keyboard.press('F1');
  await seek(page, 1300);
  const rowA = page.getByTestId('log-grid').getByTestId('log-row-S1');
  const rowB = page.getByTestId('log-grid-b').getByTestId('log-row-S1');
  await expect(rowA).toHaveAttribute('data-last-index', '2');
  await expect(rowB).toHaveAttribute('data-last-index', '2');
  await expect(rowA).toHaveAttribute('data-commit-index', '0');
  await expect(rowB).toHaveAttribute('data-commit-index', '2');
  // each pane's outcome line, the part that differs marked
  const committedA = page.locator('.compare-pane[data-pane="a"]').getByTestId('outcome-a').locator('[data-aspect="committed"]');
  const committedB = page.locator('.compare-pane[data-pane="b"]').getByTestId('outcome-b').locator('[data-aspect="committed"]');
  await expect(committedA).toHaveText('0 committed');
  await expect(committedB).toHaveText('2 committed');
  await expect(committedB).toHaveClass(/differs/);
  await expect(page.locator('.compare-pane[data-pane="b"]').getByTestId('outcome-b').locator('[data-aspect="leader"]')).not.toHaveClass(/differs/);
});

test('pane B’s state machines: B applied x = 2 at index 2, which correct Raft never applies there', async ({ page }) => {
  await compareFigure8(page);
  await page.keyboard.press('F1');
  await seek(page, 1300);
  await page.getByTestId('compare-machines').click();
  await expect(page.getByTestId('machine-b-S1')).toContainText('#2');
  await expect(page.getByTestId('machine-b-S1')).toContainText('x=2');
  await expect(page.getByTestId('machine-a-S1')).toContainText('(empty)');
  await expect(page.getByTestId('machine-b-S1')).toHaveClass(/differs/);
  await expect(page.getByTestId('machine-b-S4')).not.toHaveClass(/differs/); // S4 applied nothing in either run
});

test('where the outcomes first differ is marked: committed entries, then safety; B’s header shows the violation', async ({ page }) => {
  await compareFigure8(page);
  const bar = page.getByTestId('compare-bar');
  await expect(bar).toContainText('The runs diverge at 1.099 s');
  await expect(page.getByTestId('outcome-jump-committed')).toHaveText('committed entries 1.099 s');
  await expect(page.getByTestId('outcome-jump-safety')).toHaveText('safety 1.585 s');
  await expect(page.getByTestId('outcome-mark-committed')).toBeAttached();
  await expect(page.getByTestId('outcome-mark-safety')).toBeAttached();
  // before the violation both panes say safe
  await seek(page, 1500);
  const headerA = page.locator('.compare-pane[data-pane="a"]').getByTestId('outcome-a');
  const headerB = page.locator('.compare-pane[data-pane="b"]').getByTestId('outcome-b');
  await expect(headerA.locator('[data-aspect="safety"]')).toHaveText('✓ safe');
  await expect(headerB.locator('[data-aspect="safety"]')).toHaveText('✓ safe');
  // jump to where safety first differs: B's header names the violated property, A's stays safe
  await page.getByTestId('outcome-jump-safety').click();
  await expect.poll(() => page.evaluate(() => window.raftlab.displayedTime)).toBe(1585);
  await expect(headerB.locator('[data-aspect="safety"]')).toContainText('✗ Leader Completeness violated');
  await expect(headerB.locator('[data-aspect="safety"]')).toHaveClass(/differs/);
  await expect(headerA.locator('[data-aspect="safety"]')).toHaveText('✓ safe');
  // the Safety tab names run B's violation too (its list is run A's)
  await page.getByRole('tab', { name: /Safety/ }).click();
  await expect(page.getByTestId('compare-safety')).toContainText('✗ Leader Completeness violated');
  await expect(page.getByTestId('compare-safety')).toContainText('1.585 s');
  // the timeline's flag says it in words
  await expect(page.getByTestId('outcome-mark-safety')).toHaveAttribute('aria-label', /safety first differ — A: safe; B: Leader Completeness violated/);
});
