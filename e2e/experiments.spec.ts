import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lzString from 'lz-string';
import { expect, openApp, test } from './support.ts';

// Experiments (issue 15): an experiment runs in Web Workers with progress; its CDF is drawn; a
// click on a point opens that trial's run in the simulator paused just before the crash; the
// console's raftlab.experiment gives the object `npm run experiment -- --json` prints, whatever
// the number of workers; an experiment travels in a link, a hostile one is refused.

test.describe.configure({ timeout: 120_000 });

const SMALL = {
  v: 1,
  title: 'Small Figure 16',
  base: { nodes: 5, network: { latencyMin: 5, latencyMax: 9 } },
  sweep: [{ param: 'electionTimeout', values: [[150, 155], [150, 300]] }],
  trial: { kind: 'leader-crash', varyLogs: true, limitMs: 60000 },
  metric: 'election-time',
  trials: 8,
  heartbeatHalfTimeout: true,
};

test('runs an experiment, draws it, and a point opens its run paused just before the crash', async ({ page }) => {
  await openApp(page, { width: 1366, height: 768 });
  await page.getByTestId('experiments-open').click();
  const dialog = page.getByTestId('experiments');
  await expect(dialog).toBeVisible();
  await page.getByTestId('experiment-choice').selectOption('figure-16-bottom');
  await page.getByTestId('experiment-trials').fill('6');
  await page.getByTestId('experiment-run').click();
  const status = page.getByTestId('experiment-status');
  await expect(status).toHaveAttribute('data-phase', 'done', { timeout: 60_000 });
  await expect(status).toContainText('30 / 30 trials');
  // the CDF: every trial that elected a leader is a point; the table has a row per value
  await expect(page.locator('.xp-point')).toHaveCount(30);
  await expect(page.getByTestId('experiment-table').locator('tbody tr')).toHaveCount(5);
  await expect(page.getByTestId('broadcast-time')).toHaveText(/^\d+ ms$/);

  // the 150–300 ms line's slowest trial
  const points = page.locator('.xp-point[data-value="4"]');
  const last = points.last();
  const seed = Number(await last.getAttribute('data-seed'));
  const metric = Number(await last.getAttribute('data-metric'));
  expect(seed).toBeGreaterThan(0);
  await last.click({ force: true });
  await expect(dialog).toBeHidden();
  await expect(page).toHaveURL(/#s=.+&t=\d+/);

  // paused 1 ms before the crash: the leader is still up; 1 ms later it is down, and `metric`
  // ms after the crash a server is leader of a higher term
  await expect.poll(() => page.evaluate(() => window.raftlab.cluster.actions().some((a) => a.type === 'crash'))).toBe(true);
  const state = await page.evaluate(() => {
    const r = window.raftlab;
    const crash = r.cluster.actions().find((a) => a.type === 'crash');
    return { t: r.displayedTime, playing: r.playing, crashAt: crash?.at ?? -1, node: crash && 'node' in crash ? crash.node : '', alive: crash && 'node' in crash ? r.cluster.node(crash.node).alive : false };
  });
  expect(state.playing).toBe(false);
  expect(state.t).toBe(state.crashAt - 1);
  expect(state.alive).toBe(true);
  await expect(page.getByTestId('clock')).toContainText(String(state.t));
  const after = await page.evaluate(
    ({ crashAt, metric, node }) => {
      const r = window.raftlab;
      const term = r.cluster.node(node).term;
      r.seek(crashAt + metric - 1);
      const before = r.cluster.ids.some((id) => r.cluster.node(id).alive && r.cluster.node(id).role === 'leader' && r.cluster.node(id).term > term);
      r.seek(crashAt + metric);
      const elected = r.cluster.ids.some((id) => r.cluster.node(id).alive && r.cluster.node(id).role === 'leader' && r.cluster.node(id).term > term);
      return { before, elected, crashed: !r.cluster.node(node).alive };
    },
    { crashAt: state.crashAt, metric, node: state.node },
  );
  expect(after).toEqual({ before: false, elected: true, crashed: true });
});

test('raftlab.experiment gives the object npm run experiment --json prints, for 1 and 2 workers', async ({ page }) => {
  await openApp(page);
  const one = await page.evaluate((spec) => window.raftlab.experiment(spec, { workers: 1 }), SMALL);
  const two = await page.evaluate((spec) => window.raftlab.experiment(spec, { workers: 2 }), SMALL);
  expect(two).toEqual(one);
  const dir = mkdtempSync(join(tmpdir(), 'raftlab-xp-'));
  writeFileSync(join(dir, 'small.json'), JSON.stringify(SMALL));
  const cli = execFileSync('npx', ['tsx', 'scripts/experiment.ts', join(dir, 'small.json'), '--json'], { encoding: 'utf8' });
  expect(JSON.parse(cli)).toEqual(one);
  // a bad experiment: a clear message, nothing run
  const refused = await page.evaluate((spec) => window.raftlab.experiment({ ...spec, trials: 1e9 }).then(() => 'ran', (e: Error) => e.message), SMALL);
  expect(refused).toBe('experiment.trials: must be from 1 to 5000, got 1000000000');
});

test('an experiment travels as a link; a hostile one is refused with a clear message', async ({ page }) => {
  await openApp(page);
  await page.evaluate(() => window.raftlab.cluster.runFor(300));
  // the lecture library lists the built-in experiments; a card opens one in the dialog
  await page.getByTestId('lectures').click();
  await page.locator('[data-experiment="prevote-election-time"]').click();
  await expect(page.getByTestId('experiment-choice')).toHaveValue('prevote-election-time', { timeout: 15_000 });
  await page.getByRole('button', { name: 'Copy link' }).click();
  await expect(page).toHaveURL(/#s=/);
  const link = page.url();
  const wire = JSON.parse(lzString.decompressFromEncodedURIComponent(new URL(link).hash.slice(3).split('&')[0]) ?? 'null') as { xp: { title: string; trials: number } };
  expect(wire.xp.title).toBe('PreVote and the time without a leader');

  // opened elsewhere: the dialog shows the experiment, not run
  const other = await page.context().newPage();
  await other.goto(link);
  await expect(other.getByTestId('experiments')).toBeVisible({ timeout: 15_000 });
  await expect(other.getByTestId('experiment-choice')).toHaveValue('prevote-election-time');
  await expect(other.getByTestId('experiment-status')).toHaveAttribute('data-phase', 'idle');

  // a link asking for a hundred million trials: refused, named, the default scenario, no dialog
  wire.xp.trials = 100_000_000;
  const hostile = `${link.split('#')[0]}#s=${lzString.compressToEncodedURIComponent(JSON.stringify(wire))}`;
  const bad = await page.context().newPage();
  await bad.goto(hostile);
  await expect(bad.getByRole('alert').filter({ hasText: 'experiment.trials' })).toContainText('must be from 1 to 5000');
  await expect(bad.getByTestId('experiments')).toHaveCount(0);
});
