// Link fingerprints (docs/scenarios.md, "Fingerprints"), in headless Chromium: a share link
// carries the fingerprint of the state it opens at (&f=…). An identical replay says nothing; a
// fingerprint that does not match (a link made on an engine that behaved differently — here
// a tampered one) opens the run with the plain notice, never an error.

import { expect, openLink, screenshots, test } from './support.ts';

const shot = screenshots('e2e-artifacts/fingerprint');

test('a share link replays identically (no notice); a tampered fingerprint opens with the notice', async ({ page, context, errors }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto('./');
  await expect(page.locator('.stage [data-node]').first()).toBeVisible();
  await page.evaluate(() => {
    window.raftlab.pause();
    window.raftlab.seek(900);
  });
  const url = await page.evaluate(() => window.raftlab.shareUrl());
  const f = /&f=([0-9a-f]{12})$/.exec(url)?.[1];
  expect(f).toBeDefined();

  // the identical replay: no notice at all
  const same = await openLink(context, url, errors);
  await expect.poll(() => same.evaluate(() => window.raftlab.displayedTime)).toBe(900);
  await expect(same.getByTestId('engine-notice')).toHaveCount(0);

  // one digit changed: the run opens and plays, with the plain notice
  const flipped = (f as string).slice(0, 11) + ((f as string)[11] === '0' ? '1' : '0');
  const tampered = await openLink(context, url.replace(/&f=[0-9a-f]+$/, `&f=${flipped}`), errors, { width: 1920, height: 1080 });
  const notice = tampered.getByTestId('engine-notice');
  await expect(notice).toBeVisible();
  await expect(notice).toContainText('This link was made with an older raftlab; the run you see may differ from the one that was shared.');
  await expect(tampered.getByRole('alert')).toHaveCount(0);
  await shot(tampered, 'tampered-1920x1080');
  await tampered.getByTestId('play').click();
  await expect.poll(() => tampered.evaluate(() => window.raftlab.displayedTime), { timeout: 10_000 }).toBeGreaterThan(900);
});
