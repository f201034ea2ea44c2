import { mkdirSync } from 'node:fs';
import { expect, openApp, test } from './support.ts';

// "Find a counterexample" (issue 3): with a broken variant chosen in the Safety tab, the search
// runs in a Web Worker, and the shrunk failing run opens paused just before the violation, with
// the violated property highlighted and a share link for it.

test.describe.configure({ timeout: 120_000 });

test('finds, shrinks and opens a counterexample of a broken variant', async ({ page }) => {
  await openApp(page, { width: 1280, height: 800 });

  await page.getByRole('tab', { name: /Safety/ }).click();
  const panel = page.getByTestId('counterexample');
  const start = panel.getByRole('button', { name: 'Find a counterexample' });
  // correct Raft: nothing to find, the button says so by being disabled
  await expect(start).toBeDisabled();
  await expect(panel).toContainText('Correct Raft has no counterexample');

  await panel.getByLabel('Broken variant').selectOption('vote-without-log-check');
  await panel.getByRole('button', { name: 'Restart with “vote-without-log-check”' }).click(); // it asks first (issue 14)
  await expect.poll(() => page.evaluate(() => window.raftlab.cluster.options.features.variant)).toBe('vote-without-log-check');
  await expect(start).toBeEnabled();
  await start.click();

  const result = page.getByTestId('cx-result');
  await expect(result).toBeVisible({ timeout: 90_000 });
  await expect(result).toContainText('Leader Completeness');

  // the violated property is highlighted in the safety panel, with the checker's message
  const prop = page.getByTestId('prop-leader-completeness');
  await expect(prop).toHaveClass(/cx-highlight/);
  await expect(prop.getByTestId('cx-note')).toContainText(/Counterexample: violated at/);
  const message = (await page.getByTestId('cx-message').textContent()) ?? '';
  expect(message.length).toBeGreaterThan(10);
  await expect(prop.getByTestId('cx-note')).toContainText(message);

  // paused just before the violation: the property still holds at the displayed time
  const state = await page.evaluate(() => ({ t: window.raftlab.displayedTime, playing: window.raftlab.playing }));
  expect(state.playing).toBe(false);
  const note = (await prop.getByTestId('cx-note').textContent()) ?? '';
  const m = /violated at ([\d.]+) (ms|s)/.exec(note);
  expect(m).not.toBeNull();
  const at = m === null ? NaN : m[2] === 's' ? Math.round(Number(m[1]) * 1000) : Number(m[1]);
  expect(state.t).toBe(at - 1);
  await expect(prop).toContainText('holds');
  await expect(page.getByTestId('cx-link')).toHaveValue(/#s=.+&t=\d+$/);

  mkdirSync('e2e-artifacts', { recursive: true });
  await page.screenshot({ path: 'e2e-artifacts/counterexample.png' });

  // one step further the checker flags it
  await result.getByRole('button', { name: 'Show the violation' }).click();
  await expect(prop).toContainText('violated');
  expect(await page.evaluate(() => window.raftlab.displayedTime)).toBe(at);
  await page.screenshot({ path: 'e2e-artifacts/counterexample-violation.png' });
});
