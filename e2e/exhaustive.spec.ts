import { expect, openApp, screenshots, test } from './support.ts';

// "Find a counterexample", every run (issue 12): with forget-vote, the exhaustive search of 3
// servers runs in a Web Worker with progress, finds a shortest counterexample, and opens it
// paused at its start; each Next event is one event, and the violated property shows at the end.

test.describe.configure({ timeout: 150_000 });
const shot = screenshots('e2e-artifacts/exhaustive');

test('the exhaustive search finds forget-vote’s shortest counterexample and walks through it', async ({ page }) => {
  await openApp(page, { width: 1366, height: 768 });
  await page.getByRole('tab', { name: /Safety/ }).click();
  const panel = page.getByTestId('counterexample');
  await panel.getByRole('radio', { name: /Every run/ }).check();
  await panel.getByLabel('Broken variant').selectOption('forget-vote');
  await panel.getByRole('button', { name: 'Restart with “forget-vote”' }).click(); // it says first that the run restarts
  await expect.poll(() => page.evaluate(() => window.raftlab.cluster.options.features.variant)).toBe('forget-vote');
  await expect(panel.getByTestId('cx-depth')).toHaveValue('9'); // the variant's own default bound
  await panel.getByTestId('cx-start-exhaustive').click();

  const result = panel.getByTestId('cx-result');
  await expect(result).toBeVisible({ timeout: 120_000 });
  await expect(result).toContainText('Election Safety');
  const steps = result.getByTestId('cx-steps').locator('li');
  const n = await steps.count();
  expect(n).toBeGreaterThan(3);

  // paused at the start, in scheduler mode, no event yet, no violation shown
  expect(await page.evaluate(() => ({ t: window.raftlab.displayedTime, playing: window.raftlab.playing }))).toEqual({ t: 0, playing: false });
  expect(await page.evaluate(() => window.raftlab.cluster.network().settings)).toMatchObject({ manual: true, frozenTimers: true });
  await expect(result.getByTestId('cx-step')).toContainText(`At the start (${n} events to go)`);
  const prop = page.getByTestId('prop-election-safety');
  await expect(prop).toContainText('holds');
  await shot(page, 'start');

  // one event per step; the property still holds until the last
  for (let k = 1; k < n; k++) {
    await result.getByTestId('cx-next').click();
    await expect(result.getByTestId('cx-step')).toHaveText(`Event ${k} of ${n}`);
  }
  await expect(prop).toContainText('holds');
  await expect(result.getByTestId('cx-message')).toHaveCount(0);
  await result.getByTestId('cx-next').click();
  await expect(result.getByTestId('cx-step')).toHaveText(`Event ${n} of ${n}`);
  await expect(prop).toContainText('violated');
  await expect(prop).toHaveClass(/cx-highlight/);
  await expect(result.getByTestId('cx-message')).toContainText('Violated: Election Safety');
  await expect(prop.getByTestId('cx-note')).toContainText('exhaustive search');
  await shot(page, 'violation');
});

test('progress and cancel on 4 servers; correct Raft on 2 servers: no violation within the bounds, and what that covered', async ({ page }) => {
  await openApp(page, { width: 1366, height: 768 });
  await page.getByRole('tab', { name: /Safety/ }).click();
  const panel = page.getByTestId('counterexample');
  await panel.getByRole('radio', { name: /Every run/ }).check();
  // 4 servers to depth 12 takes long: progress shows, and Cancel says what was covered
  await panel.getByTestId('cx-servers').selectOption('4');
  await panel.getByTestId('cx-depth').fill('12');
  await panel.getByTestId('cx-start-exhaustive').click();
  await expect(panel.getByTestId('cx-progress')).toContainText(/depth [1-9]\d* \/ 12/, { timeout: 30_000 });
  await expect(panel.getByTestId('cx-progress')).toContainText(/[\d,]+ distinct/);
  await shot(page, 'progress');
  await panel.getByTestId('cx-cancel').click();
  await expect(panel.getByTestId('cx-cancelled')).toContainText(/Search cancelled at depth \d+ \([\d,]+ distinct states\): runs up to \d+ events were all explored/);

  await panel.getByTestId('cx-servers').selectOption('2');
  await panel.getByTestId('cx-depth').fill('6');
  await panel.getByTestId('cx-start-exhaustive').click();
  const covered = panel.getByTestId('cx-covered');
  await expect(covered).toBeVisible({ timeout: 60_000 });
  await expect(covered).toContainText('No violation within the bounds');
  await expect(covered).toContainText('Every run of 2 servers of up to 6 events was explored');
  await expect(covered).toContainText(/Reached: term \d/);
  await shot(page, 'covered');
});
