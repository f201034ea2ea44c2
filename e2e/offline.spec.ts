// The offline lecture file (issue 16): `npm run build:offline` writes one .html that opens from
// disk with every network request refused, plays, steps and scrubs, runs its tour to the end,
// says plainly which features it leaves out, and makes share links against its public address.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from '@playwright/test';
import { watchErrors } from './support.ts';

const PUBLIC_URL = 'https://example.org/raftlab/';
let file = '';

test.beforeAll(() => {
  test.setTimeout(180_000);
  const dir = mkdtempSync(join(tmpdir(), 'raftlab-offline-e2e-'));
  const lecture = join(dir, 'election.json');
  // the Elections lecture (with its tour) as the scenario file Share › Download saves
  const json = execFileSync(
    'npx',
    ['tsx', '-e', "import { libraryScenario } from './src/scenario/library.ts'; import { scenarioToJson } from './src/scenario/api.ts'; process.stdout.write(scenarioToJson(libraryScenario('election')!));"],
    { encoding: 'utf8' },
  );
  writeFileSync(lecture, json);
  file = join(dir, 'lecture.html');
  execFileSync('npx', ['tsx', 'scripts/build-offline.ts', '--out', file, '--public-url', PUBLIC_URL, lecture], { stdio: 'pipe' });
});

test('the offline file opens from disk with the network blocked, plays, scrubs and runs its tour to the end', async ({ page, context }) => {
  test.setTimeout(120_000);
  expect(statSync(file).size, 'under 1.5 MB').toBeLessThan(1.5 * 1024 * 1024);
  const errors: string[] = [];
  watchErrors(page, errors);
  const network: string[] = [];
  page.on('request', (r) => {
    if (!/^(file|data|blob|about):/.test(r.url())) network.push(r.url());
  });
  await context.route('**/*', (route) => {
    if (route.request().url().startsWith('file:')) return route.continue();
    network.push(route.request().url());
    return route.abort();
  });
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto(pathToFileURL(file).href);
  await expect(page.locator('[data-node]').first()).toBeVisible();
  // the lecture inside opens with its tour
  await expect(page.getByTestId('tour')).toBeVisible();
  await expect(page.getByTestId('tour-count')).toBeVisible();

  // play, pause, scrub
  await page.evaluate(() => window.raftlab.setSpeed(4));
  const t0 = await page.evaluate(() => window.raftlab.cluster.now);
  await page.evaluate(() => window.raftlab.play());
  await expect.poll(() => page.evaluate(() => window.raftlab.cluster.now)).toBeGreaterThan(t0 + 200);
  await page.evaluate(() => window.raftlab.pause());
  await page.evaluate(() => window.raftlab.seek(100));
  await expect.poll(() => page.evaluate(() => window.raftlab.cluster.now)).toBe(100);

  // the tour, step by step to its end (Next is disabled for a moment while a step plays to its
  // time: wait for it rather than take that moment for the end)
  const counter = page.getByTestId('tour-count');
  const stepOf = async () => {
    const count = await counter.textContent();
    const notStarted = /^(\d+) steps?$/.exec(count ?? ''); // before the first step: "7 steps"
    if (notStarted !== null) return { step: 0, total: Number(notStarted[1]) };
    const m = /Step (\d+) of (\d+)/.exec(count ?? '');
    expect(m, `the tour's counter (${count})`).not.toBeNull();
    return { step: Number(m?.[1]), total: Number(m?.[2]) };
  };
  for (let i = 0; i < 30; i++) {
    const { step, total } = await stepOf();
    if (step === total) break;
    const next = page.getByTestId('tour-next');
    await expect(next).toBeEnabled();
    await next.click();
    await expect(counter).toContainText(`Step ${step + 1} of ${total}`);
  }
  const end = await stepOf();
  expect(end.step).toBe(end.total);

  // share links point at the public address written into the file
  const link = await page.evaluate(() => window.raftlab.shareUrl());
  expect(link.startsWith(PUBLIC_URL + '#s=')).toBe(true);

  expect(network, 'no network request').toEqual([]);
  expect(errors).toEqual([]);
});

test('the offline file says which features it leaves out', async ({ page, context }) => {
  await context.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort()));
  await page.goto(pathToFileURL(file).href);
  await expect(page.locator('[data-node]').first()).toBeVisible();
  const features = await page.evaluate(() => window.raftlab.offline);
  expect(features?.file).toBe(true);
  expect(features?.leftOut).toEqual(expect.arrayContaining(['counterexample search', 'exhaustive search', 'experiments', 'video and GIF export']));
  expect(features?.publicUrl).toBe(PUBLIC_URL);
  // and on screen, in Share › Download, where the exports would be
  await page.getByRole('button', { name: 'Share link' }).click();
  await expect(page.getByTestId('offline-features')).toContainText('It leaves out counterexample search');
  await expect(page.getByTestId('export-video')).toHaveCount(0);
  await expect(page.getByTestId('export-offline')).toHaveCount(0);
  await page.keyboard.press('Escape');
  // a lecture of the library, a chunk online, is inside the file
  await page.getByTestId('lectures').click();
  await page.locator('[data-lecture="figure-8"]').click();
  await expect(page.getByTestId('tour')).toBeVisible();
  // the video export says it is left out, in words
  const refused = await page.evaluate(() => window.raftlab.exportVideo().then(() => 'exported', (e: unknown) => (e instanceof Error ? e.message : String(e))));
  expect(refused).toMatch(/^Video export is not in the offline lecture file/);
});

test('build:offline refuses what is not a scenario, in words', () => {
  let out = '';
  let status = 0;
  try {
    execFileSync('npx', ['tsx', 'scripts/build-offline.ts', '--out', join(tmpdir(), 'never.html'), '#s=notalink'], { encoding: 'utf8', stdio: 'pipe' });
  } catch (err) {
    const e = err as { status: number; stderr: string };
    status = e.status;
    out = e.stderr;
  }
  expect(status).toBe(2);
  expect(out).toMatch(/^build:offline: #s=notalink is neither a scenario file nor a raftlab link: /);
});
