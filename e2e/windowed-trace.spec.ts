// A long run keeps only the trace near the displayed time and the horizon (issue 14, bounded
// memory; store/traceWindow.ts): scrubbing back far into it must show exactly what the page
// showed there before the run went on — the servers, a console, the Safety tab with its
// violations, the event log.

import type { Page } from '@playwright/test';
import { FIGURE_8_ACTIONS, FIGURE_8_OPTIONS } from '../src/scenario/library/figure8Run.ts';
import { expect, openApp, test } from './support.ts';

test.beforeEach(async ({ page }) => {
  await openApp(page, { width: 1366, height: 768 });
});

// Figure 8 with the broken commit rule (the "Figure 8, broken" lecture) and a client workload:
// violations at ~1.6 s, then ~2,000 events per simulated second — 60 s are ~60 chunks of the
// trace, of which those more than 7 s from 60 s are dropped.
const OPTIONS = {
  ...FIGURE_8_OPTIONS,
  features: { ...FIGURE_8_OPTIONS.features, variant: 'commit-old-terms' },
  workload: { clients: 3, opsPerSecond: 60 },
};

/** What the page shows at the displayed time: the servers, S5's console, the Safety tab, the event log's last rows. */
async function shown(page: Page) {
  const state = await page.evaluate(() => {
    const c = window.raftlab.cluster;
    return { t: window.raftlab.displayedTime, nodes: c.ids.map((id) => c.node(id)), inFlight: c.inFlight(), history: c.history() };
  });
  await page.locator('[data-node="S5"] .body').click();
  const console = page.getByTestId('node-console');
  await expect(console).toBeVisible();
  const consoleText = await console.innerText();
  await page.getByRole('tab', { name: /^Safety/ }).click();
  const props = page.locator('[data-testid^="prop-"]');
  await expect(props.first()).toBeVisible();
  const safety = await props.allInnerTexts();
  await page.keyboard.press('F4');
  const log = page.getByTestId('event-log');
  await expect(log).toBeVisible();
  const label = await log.getAttribute('aria-label');
  const rows = await log.innerText();
  await page.getByRole('tab', { name: /^Server/ }).click();
  return { state, consoleText, safety, label, rows };
}

test('scrubbing back far into a long run shows what it showed there before the run went on', async ({ page }) => {
  test.setTimeout(120_000);
  await page.evaluate(
    ({ o, a }) => {
      window.raftlab.restart(o as never, a);
      window.raftlab.pause();
      window.raftlab.cluster.runFor(2_500);
      window.raftlab.seek(2_000);
    },
    { o: OPTIONS, a: FIGURE_8_ACTIONS },
  );
  const before = await shown(page);
  expect(before.state.t).toBe(2_000);
  expect(before.safety.join('\n')).toMatch(/violated/); // the broken rule's violation is on screen
  expect(before.consoleText).toMatch(/\S/);
  // the run goes on for a minute: the trace near 2 s is dropped from memory
  await page.evaluate(() => {
    window.raftlab.seek(2_500);
    window.raftlab.cluster.runFor(57_500);
  });
  expect(await page.evaluate(() => window.raftlab.displayedTime)).toBe(60_000);
  await page.evaluate(() => window.raftlab.seek(2_000));
  const after = await shown(page);
  expect(after).toEqual(before);
  // and back to the horizon, and once more into the past by the timeline's keys
  await page.evaluate(() => window.raftlab.seek(60_000));
  await page.evaluate(() => window.raftlab.seek(2_000));
  expect(await shown(page)).toEqual(before);
});
