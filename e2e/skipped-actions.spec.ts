// One validation for live and scripted actions (docs/design.md): a link whose script holds an
// action the live API refuses — here a transfer to a learner, hand-edited in — opens, plays,
// skips that action and says on the stage which one and why (the list compare mode shows under
// each pane). Screenshot in e2e-artifacts/skipped-actions/.

import { expect, openApp, openLink, screenshots, test } from './support.ts';

const shot = screenshots('e2e-artifacts/skipped-actions');

const REPRO = [
  { type: 'addServer', node: 'S4', at: 283 },
  { type: 'setLink', from: 'S1', to: 'S4', link: { latencyMin: 200, latencyMax: 200 }, at: 283 },
  { type: 'transferLeadership', node: 'S4', at: 283 },
];

test('a shared link with a refused action: the stage lists it as skipped, and so does raftlab.cluster', async ({ page, context, errors }) => {
  await openApp(page);
  const url = await page.evaluate((actions) => {
    window.raftlab.pause();
    window.raftlab.restart({ seed: 1, nodes: 3 }, actions as never);
    return window.raftlab.shareUrl();
  }, REPRO);

  const other = await openLink(context, url, errors);
  const skipped = other.getByTestId('refused-actions');
  await expect(skipped).toHaveCount(0); // nothing skipped yet at 0 ms
  await other.evaluate(() => {
    window.raftlab.pause();
    window.raftlab.seek(1000);
  });
  await expect(skipped).toBeVisible();
  await expect(skipped).toHaveText("Skipped: transfer leadership to S4 at 283 ms — 'S4' is not a voting member");
  await expect(skipped).toHaveAttribute('title', "283 ms: transfer leadership to S4 — 'S4' is not a voting member");
  expect(await other.evaluate(() => window.raftlab.cluster.refusedActions())).toEqual([{ action: REPRO[2], reason: "'S4' is not a voting member" }]);
  expect(await other.evaluate(() => window.raftlab.cluster.leader())).not.toBe('S4');
  await shot(other, '1-skipped-1366x768');
});
