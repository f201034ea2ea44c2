import { expect, openApp, test } from './support.ts';

// Disk latency (issue 15): set in Settings beside the network, a server writing to its disk
// carries a disk on the stage, the Server panel lists the write not yet durable, and a crash
// before the write is durable loses it.

test('disk latency: settings, the disk on the stage and the Server panel, a crash losing a write', async ({ page }) => {
  await openApp(page, { width: 1366, height: 768 });
  await page.keyboard.press(',');
  await page.getByLabel('Disk write min (ms)').fill('40');
  await page.getByLabel('Disk write max (ms)').fill('40');
  await page.getByTestId('apply-settings').click();
  expect(await page.evaluate(() => window.raftlab.cluster.options.timing)).toMatchObject({ diskLatencyMin: 40, diskLatencyMax: 40 });

  // a bad value is refused, naming the field
  await page.keyboard.press(',');
  await page.getByLabel('Disk write max (ms)').fill('20');
  await page.getByTestId('apply-settings').click();
  await expect(page.getByText(/diskLatencyMin must not exceed diskLatencyMax/).first()).toBeVisible();
  await page.getByRole('button', { name: 'Cancel' }).click();

  // back to time 0; S1 campaigns: its term and vote are written first, for 40 ms
  await page.evaluate(() => {
    window.raftlab.pause();
    window.raftlab.seek(0);
    window.raftlab.cluster.timeout('S1');
  });
  await page.keyboard.press('1');
  await expect(page.locator('.disk-mark[data-disk="S1"]')).toHaveCount(1);
  const pending = page.getByTestId('disk-pending');
  await expect(pending).toContainText('term 1, votedFor S1');
  await expect(page.getByTestId('disk-durable')).toContainText('term 0, votedFor null');
  expect(await page.evaluate(() => window.raftlab.cluster.inFlight().length)).toBe(0); // RequestVotes wait for the write

  // a crash now loses the write: S1 comes back in term 0
  await page.evaluate(() => {
    window.raftlab.cluster.crash('S1');
    window.raftlab.cluster.restart('S1');
  });
  await expect(page.locator('.disk-mark[data-disk="S1"]')).toHaveCount(0);
  await expect(page.getByTestId('current-term')).toHaveText('0');
  await expect(page.getByTestId('disk-idle')).toBeVisible();
});
