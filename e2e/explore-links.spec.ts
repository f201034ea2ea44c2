import { withMutations } from '../src/raft/mutations.ts';
import { explore } from '../src/check/explore.ts';
import { BUG_3 } from '../src/check/exploreBugs.test-support.ts';
import { counterexampleLink } from '../src/check/exploreReplay.ts';
import { scenarioToHash } from '../src/scenario/url.ts';
import { expect, openLink, screenshots, test } from './support.ts';

// An explorer counterexample of issue #12's bug 3, as the CLI's link, opened in the app (the
// built app: correct Raft; the link was found with the test-only mutation that puts the bug
// back). It opens without error paused at the stuck state in "You are the scheduler" mode, its
// steps in the event log; played on, the network turns automatic and correct Raft elects a
// leader — the state the bug could never leave (exploreMutations.test.ts: no leader in 30 s).

test.describe.configure({ timeout: 180_000 });

const shot = screenshots('e2e-artifacts/explore-links');

test('bug 3’s stuck-state link opens with its steps, and correct Raft elects when it is played on', async ({ context, errors }) => {
  const r = withMutations(['removed-server-never-campaigns'], () => explore(BUG_3));
  const st = r.stuck;
  if (st === null || st === undefined) throw new Error('bug 3 was not found');
  expect(st.path).toHaveLength(13);
  const link = counterexampleLink(r.config, { kind: 'stuck', goal: st.goal, message: st.message, path: st.path });

  const page = await openLink(context, `./#${scenarioToHash(link.scenario, link.t)}`, errors);
  expect(await page.evaluate(() => ({ t: window.raftlab.displayedTime, playing: window.raftlab.playing }))).toEqual({ t: link.t, playing: false });
  expect(await page.evaluate(() => window.raftlab.cluster.network().settings)).toMatchObject({ manual: true, frozenTimers: true });
  expect(await page.evaluate(() => window.raftlab.cluster.refusedActions())).toEqual([]);
  await expect(page.getByTestId('refused-actions')).toHaveCount(0);

  // the steps: every event of the path is one of "your" actions in the event log
  await page.keyboard.press('F4');
  const log = page.getByTestId('event-log');
  await expect(log).toContainText('you: removeServer S1');
  await expect(log).toContainText('you: crash S4');
  const script = await page.evaluate(() => window.raftlab.cluster.actions().map((a) => ({ type: a.type, at: a.at })));
  expect(script.filter((a) => a.at <= link.t && a.type !== 'duplicate')).toHaveLength(13); // one action an event
  expect(script.filter((a) => a.at > link.t)).toEqual([{ type: 'setNetwork', at: link.until }]); // then left to itself
  await shot(page, 'stuck-1366x768');

  // played on: the network turns automatic and a leader is elected
  await page.evaluate((t) => window.raftlab.seek(t), link.until + 5_000);
  expect(await page.evaluate(() => window.raftlab.cluster.network().settings)).toMatchObject({ manual: false, frozenTimers: false });
  expect(await page.evaluate(() => window.raftlab.cluster.leader())).not.toBeNull();
  await page.getByRole('tab', { name: /^Safety/ }).click();
  await expect(page.locator('[data-testid^="prop-"]').first()).toBeVisible();
  expect((await page.locator('[data-testid^="prop-"]').allInnerTexts()).join('\n')).not.toMatch(/violated/);
  await shot(page, 'elected-1366x768');
});
