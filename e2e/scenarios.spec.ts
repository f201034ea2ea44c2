// Scenarios you can share (issue 6), in headless Chromium: a shared link opens the exact state
// at its time; a library tour from start to end; a tour built in the editor, shared and opened
// in a new page; the embed view in an iframe; bad links (truncated, garbage, HTML in a text,
// unknown version) show a clear message and the default scenario, execute nothing and log no
// console error; back/forward move between loaded scenarios.
// Run: npx playwright test -c e2e/scenarios.config.ts   (port 4178)

import type { Page } from '@playwright/test';
import { drawnMessages, expect, openApp, screenshots, test, watchErrors } from './support.ts';
import LZString from 'lz-string';

const SHOTS = 'e2e-artifacts/scenarios';
test.describe.configure({ timeout: 150_000 });

test.beforeEach(async ({ page }) => {
  await openApp(page);
});

const shot = screenshots(SHOTS);

async function openLecture(page: Page, id: string): Promise<void> {
  await page.getByTestId('lectures').click();
  await expect(page.getByRole('dialog', { name: 'Lectures' })).toBeVisible();
  await page.locator(`[data-lecture="${id}"]`).click();
  await expect(page.getByRole('dialog', { name: 'Lectures' })).toHaveCount(0);
}

const clock = (page: Page) => page.getByTestId('clock').textContent();

/** Every node's panel values (term, vote, log file, commit, applied, key-value table). */
async function nodePanels(page: Page): Promise<Record<string, Record<string, string | null>>> {
  const ids = await page.locator('.stage [data-node]').evaluateAll((els) => els.map((e) => e.getAttribute('data-node') ?? ''));
  const out: Record<string, Record<string, string | null>> = {};
  for (const id of ids) {
    await page.locator(`.stage [data-node="${id}"] .body`).click();
    await expect(page.getByTestId('node-title')).toContainText(id);
    const read = async (tid: string) => ((await page.getByTestId(tid).count()) > 0 ? await page.getByTestId(tid).first().textContent() : null);
    out[id] = {
      role: await read('node-role'),
      term: await read('current-term'),
      vote: await read('voted-for'),
      log: await read('log-file'),
      commit: await read('commit-index'),
      applied: await read('last-applied'),
      kv: await read('kv-table'),
    };
  }
  return out;
}

test('the lecture library is one click away; a tour plays from start to end', async ({ page }) => {
  await page.getByTestId('lectures').click();
  await expect(page.locator('[data-lecture]')).toHaveCount(16);
  await shot(page, '1-library');
  await page.locator('[data-lecture="election"]').click();
  await expect(page.getByTestId('tour')).toBeVisible();
  expect(await clock(page)).toBe('t = 0 ms');
  expect(await page.evaluate(() => window.raftlab.playing)).toBe(false);
  const tour = await page.evaluate(() => window.raftlab.scenario().tour ?? []);
  expect(tour.length).toBeGreaterThan(2);
  expect(page.url()).toContain('#s=');
  await shot(page, '2-tour-intro');

  let answered = false;
  for (let i = 0; i < tour.length; i++) {
    await page.getByTestId('tour-next').click();
    await expect(page.getByTestId('tour-count')).toHaveText(`Step ${i + 1} of ${tour.length}`, { timeout: 20_000 });
    // played to the step's time, exactly, and paused there
    await expect.poll(() => page.evaluate(() => window.raftlab.playing)).toBe(false);
    expect(await page.evaluate(() => window.raftlab.displayedTime)).toBe(tour[i].at);
    expect(await page.evaluate(() => window.raftlab.cluster.now)).toBeLessThanOrEqual(tour[i].at);
    const words = tour[i].text.replace(/[*`_[\]]/g, '').split(/\s+/).slice(0, 3).join(' ');
    await expect(page.getByTestId('tour-text')).toContainText(words);
    const hl = tour[i].highlights;
    if (hl?.nodes !== undefined && hl.nodes.length > 0) {
      await expect(page.getByTestId('tour-highlights')).toHaveCount(1);
      const stroke = await page.locator(`.stage [data-node="${hl.nodes[0]}"] .body`).evaluate((el) => getComputedStyle(el).strokeWidth);
      expect(stroke).toBe('5px');
    }
    const q = tour[i].question;
    if (q !== undefined && !answered) {
      await expect(page.getByTestId('tour-answer')).toHaveCount(0);
      const wrong = q.answer === 0 ? 1 : 0;
      await page.getByTestId('tour').getByRole('button', { name: q.choices[wrong] }).click();
      await expect(page.getByTestId('tour-answer')).toContainText('Not quite');
      await shot(page, '3-tour-question-answered');
      answered = true;
    }
  }
  expect(answered).toBe(true);
  await expect(page.getByTestId('tour-next')).toBeDisabled();
  await shot(page, '4-tour-end');
  // back and jump
  await page.getByRole('button', { name: 'Previous step' }).click();
  await expect(page.getByTestId('tour-count')).toHaveText(`Step ${tour.length - 1} of ${tour.length}`);
  expect(await page.evaluate(() => window.raftlab.displayedTime)).toBe(tour[tour.length - 2].at);
  await page.getByRole('button', { name: /^Step 1 at/ }).click();
  await expect(page.getByTestId('tour-count')).toHaveText(`Step 1 of ${tour.length}`);
  expect(await page.evaluate(() => window.raftlab.displayedTime)).toBe(tour[0].at);
});

test('a shared link opens exactly the state at its time, tour included', async ({ page, context, errors }) => {
  await openLecture(page, 'lab');
  for (let i = 0; i < 4; i++) {
    await page.getByTestId('tour-next').click();
    await expect(page.getByTestId('tour-count')).toHaveText(new RegExp(`Step ${i + 1} of`), { timeout: 20_000 });
  }
  // act on top of it: a client request through the current leader, run a little
  await page.evaluate(() => {
    window.raftlab.cluster.request({ type: 'put', key: 'data_id', value: '42' });
    window.raftlab.cluster.runFor(137);
  });
  await page.getByRole('button', { name: 'Share link' }).click();
  // a tour's link opens at its start unless its author asks for this step (tours.spec.ts)
  await page.getByTestId('share-at-step').check();
  const url = await page.getByTestId('share-url').inputValue();
  expect(url).toMatch(/#s=[^&]+&t=\d+&f=[0-9a-f]{12}$/);
  expect(url).toBe(await page.evaluate(() => window.raftlab.shareUrl()));
  await shot(page, '5-share-dialog');
  await page.getByRole('button', { name: 'Close', exact: true }).click();
  const here = { t: await clock(page), panels: await nodePanels(page), tour: await page.getByTestId('tour-count').textContent() };

  const other = await context.newPage();
  watchErrors(other, errors);
  await other.setViewportSize({ width: 1280, height: 720 });
  await other.goto(url);
  await expect(other.getByTestId('tour')).toBeVisible();
  const there = { t: await clock(other), panels: await nodePanels(other), tour: await other.getByTestId('tour-count').textContent() };
  expect(there).toEqual(here);
  expect(await other.evaluate(() => window.raftlab.playing)).toBe(false);
  await other.screenshot({ path: `${SHOTS}/6-shared-link-opened.png` });
  await other.close();
});

test('build a tour in the editor, share it, open it in a new page; the draft is offered again', async ({ page, context, baseURL, errors }) => {
  await page.getByTestId('edit-tour').click();
  await expect(page.getByTestId('tour-editor')).toBeVisible();
  await page.getByTestId('tour-editor').getByRole('textbox').first().fill('My election lecture');
  await page.evaluate(() => {
    window.raftlab.pause();
    window.raftlab.seek(0);
    window.raftlab.cluster.runUntil((c) => c.leader() !== null, 5000);
  });
  const leader = await page.evaluate(() => window.raftlab.cluster.leader());
  await page.locator(`.stage [data-node="${leader}"] .body`).click();
  await page.getByTestId('add-step').click();
  await page.getByTestId('step-text').fill('**A leader** is elected: <b>not bold</b>');
  await page.getByTestId('question-prompt').fill('Which term is it?');
  await page.getByTestId('choice-0').fill('0');
  await page.getByTestId('choice-1').fill('1');
  await page.getByRole('radio', { name: 'Choice 2 is the answer' }).check();
  // highlight a message in flight and the leader's first log entry by clicking them in pick mode
  await page.getByTestId('pick-on-screen').click();
  await expect(page.getByTestId('pick-on-screen')).toHaveAttribute('aria-pressed', 'true');
  // a message clear of the servers' circles (the canvas hit-tests it; a click on a server picks the server)
  const servers = await page.locator('.stage [data-node] .body').evaluateAll((els) =>
    els.map((el) => {
      const r = el.getBoundingClientRect();
      return { x: r.x + r.width / 2, y: r.y + r.height / 2, r: r.width / 2 };
    }),
  );
  const candidates = (await drawnMessages(page))
    .filter((m) => servers.every((n) => Math.hypot(n.x - m.x, n.y - m.y) > n.r + 16))
    .filter((m, _i, all) => all.every((o) => o === m || Math.hypot(o.x - m.x, o.y - m.y) > 16));
  expect(candidates.length).toBeGreaterThan(0);
  const message = candidates[0].id;
  await page.mouse.click(candidates[0].x, candidates[0].y);
  await expect(page.getByTestId(`hl-message-${message}`)).toBeVisible();
  await page.getByTestId('log-grid').locator(`.lg-cell[aria-label^="${leader} entry 1,"]`).click();
  await expect(page.getByTestId(`hl-entry-${leader}-1`)).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('pick-on-screen')).toHaveAttribute('aria-pressed', 'false');
  await expect.poll(async () => (await drawnMessages(page)).find((m) => m.id === message)?.flags).toContain('h');
  // record an action while playing: crash the leader, then a second step after re-election
  await page.evaluate((id) => {
    window.raftlab.cluster.crash(id!);
    window.raftlab.cluster.runUntil((c) => c.leader() !== null && c.leader() !== id, 5000);
  }, leader);
  await page.getByTestId('add-step').click();
  await page.getByTestId('step-text').fill('A new leader took over. See [the paper](https://raft.github.io/raft.pdf).');
  await shot(page, '7-tour-editor');
  await page.getByTestId('editor-share').click();
  const url = await page.getByTestId('share-url').inputValue();
  // The snippet points at the page's own address, whichever server the suite runs on.
  const origin = new URL(baseURL ?? page.url()).origin.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  await expect(page.getByTestId('embed-snippet')).toHaveValue(new RegExp(`^<iframe src="${origin}/\\?embed=1#s=`));
  await page.getByRole('button', { name: 'Close', exact: true }).click();

  const other = await context.newPage();
  watchErrors(other, errors);
  await other.setViewportSize({ width: 1280, height: 720 });
  await other.goto(url.replace(/&t=\d+(&f=[0-9a-f]+)?$/, '&t=0'));
  await expect(other.getByTestId('tour')).toContainText('My election lecture');
  await expect(other.getByTestId('tour-count')).toHaveText('2 steps');
  await other.getByTestId('tour-next').click();
  await expect(other.getByTestId('tour-count')).toHaveText('Step 1 of 2', { timeout: 20_000 });
  await expect(other.getByTestId('tour-text').locator('strong')).toHaveText('A leader');
  await expect(other.getByTestId('tour-text')).toContainText('<b>not bold</b>');
  await expect(other.getByTestId('tour-text').locator('b')).toHaveCount(0);
  await expect(other.locator(`.stage [data-node="${leader}"] .body`)).toHaveCSS('stroke-width', '5px');
  await expect.poll(async () => (await drawnMessages(other)).find((m) => m.id === message)?.flags).toContain('h');
  await expect(other.locator(`.lg-cell[aria-label^="${leader} entry 1,"]`)).toHaveCSS('outline-style', 'solid');
  await other.getByRole('tab', { name: 'Space-time' }).click();
  await expect(other.locator(`.st-arrow[data-message="${message}"]`)).toHaveCSS('stroke-width', '4px');
  await other.getByTestId('tour-next').click();
  await expect(other.getByTestId('tour-count')).toHaveText('Step 2 of 2', { timeout: 20_000 });
  // the question of step 1 was revealed by playing on
  await other.getByRole('button', { name: 'Previous step' }).click();
  await expect(other.getByTestId('tour-answer')).toContainText('Answer: 1');
  await other.getByRole('button', { name: /^Step 2 at/ }).click();
  await expect(other.getByRole('link', { name: 'the paper' })).toHaveAttribute('href', 'https://raft.github.io/raft.pdf');
  expect(await other.evaluate((id) => window.raftlab.cluster.node(id!).alive, leader)).toBe(false);
  await other.screenshot({ path: `${SHOTS}/8-built-tour-opened.png` });
  await other.close();

  // the unfinished tour is kept and offered on the next visit
  await page.goto('about:blank');
  await page.goto('./');
  await expect(page.getByTestId('draft-offer')).toContainText('My election lecture');
  await shot(page, '9-draft-offer');
  await page.getByTestId('draft-offer').getByRole('button', { name: 'Resume' }).click();
  await expect(page.getByTestId('tour-editor')).toContainText('2 steps');
  // restarting with other settings keeps the draft; the message highlight is dropped, and says so
  await page.evaluate(() => window.raftlab.restart({ seed: 9 }));
  await expect(page.getByTestId('tour-editor')).toContainText('2 steps');
  await expect(page.locator('.toasts')).toContainText('Tour draft kept.');
});

/** Toolbar height, page overflow and whether every shown toolbar item sits on one line. */
async function toolbarFit(page: Page): Promise<{ height: number; overflowX: number; oneLine: boolean }> {
  return page.evaluate(() => {
    const bar = document.querySelector('.toolbar')!;
    const shown = [...bar.children].filter((c) => !c.classList.contains('sr-only') && c.getBoundingClientRect().width > 0 && c.getBoundingClientRect().height > 0 && getComputedStyle(c).visibility !== 'hidden');
    const rects = shown.map((c) => c.getBoundingClientRect());
    return {
      height: bar.getBoundingClientRect().height,
      overflowX: document.documentElement.scrollWidth - window.innerWidth,
      // on one line, every item's vertical extent overlaps every other's
      oneLine: Math.max(...rects.map((r) => r.top)) < Math.min(...rects.map((r) => r.bottom)),
    };
  });
}

test('presentation mode: one-line toolbar, large type, the rest one key away in More', async ({ page }) => {
  for (const size of [
    { width: 1280, height: 720 },
    { width: 1024, height: 768 },
    { width: 1920, height: 1080 },
  ]) {
    await page.setViewportSize(size);
    await page.goto('./?present=1');
    await expect(page.locator('[data-node]').first()).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('data-presentation', 'true');
    const fit = await toolbarFit(page);
    expect(fit.oneLine, `${size.width}×${size.height}`).toBe(true);
    expect(fit.height).toBeLessThan(64);
    expect(fit.overflowX).toBeLessThanOrEqual(0);
    expect(parseFloat(await page.locator('body').evaluate((b) => getComputedStyle(b).fontSize))).toBeGreaterThanOrEqual(18);
    await shot(page, `10-presentation-${size.width}x${size.height}`);
  }
  // at 1920×1080 the ring uses the stage: servers spread over most of its height
  const stage = await page.locator('.stage').boundingBox();
  const ys = await page.locator('.stage [data-node] .body').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().top));
  expect(Math.max(...ys) - Math.min(...ys)).toBeGreaterThan(stage!.height * 0.5);

  // the folded controls, by keyboard: Enter opens, focus moves in, Esc closes and returns
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.getByTestId('toolbar-more').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('toolbar-more')).toHaveAttribute('aria-expanded', 'true');
  await expect(page.locator('#toolbar-more-panel').getByRole('button', { name: 'Settings' })).toBeVisible();
  await expect(page.locator('#toolbar-more-panel :focus')).toHaveCount(1);
  await shot(page, '11-presentation-more');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('toolbar-more')).toHaveAttribute('aria-expanded', 'false');
  await expect(page.getByTestId('toolbar-more')).toBeFocused();
  await page.getByTestId('toolbar-more').click();
  await page.locator('#toolbar-more-panel').getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('dialog', { name: 'Settings' })).toBeVisible();
  await page.keyboard.press('Escape');

  // outside presentation mode the toolbar stays on one line at 1024×768 too
  await page.keyboard.press('p');
  await expect(page.locator('html')).toHaveAttribute('data-presentation', 'false');
  await page.setViewportSize({ width: 1024, height: 768 });
  await expect.poll(async () => (await toolbarFit(page)).oneLine).toBe(true);
  expect((await toolbarFit(page)).overflowX).toBeLessThanOrEqual(0);
});

test('the embed view renders in an iframe', async ({ page, baseURL }) => {
  await openLecture(page, 'partition');
  const url = await page.evaluate(() => window.raftlab.shareUrl());
  const embed = url.replace('/#s=', '/?embed=1#s=').replace(/&t=\d+(&f=[0-9a-f]+)?$/, '&t=1400');
  await page.setContent(
    `<!doctype html><html><head><link rel="icon" href="data:,"></head><body style="margin:0;background:#ddd"><h1 style="font:16px sans-serif;margin:8px">Course page</h1>` +
      `<iframe src="${embed.replace(/&/g, '&amp;')}" width="960" height="540" style="border:0" title="raft"></iframe></body></html>`,
    { waitUntil: 'load' },
  );
  expect(baseURL).toBeDefined();
  const frame = page.frameLocator('iframe');
  await expect(frame.locator('.stage [data-node]')).toHaveCount(5);
  await expect(frame.getByTestId('clock')).toHaveText('t = 1.400 s');
  await expect(frame.locator('.side')).toBeHidden();
  await expect(frame.getByTestId('lectures')).toBeHidden();
  await expect(frame.getByTestId('tour')).toBeVisible();
  await shot(page, '10-embed-iframe');
});

test('bad links: a clear message, the default scenario, the input to copy, nothing executed', async ({ page }) => {
  const good = await page.evaluate(() => window.raftlab.shareUrl());
  const hash = good.slice(good.indexOf('#'));
  const s = (raw: object) => '#s=' + LZString.compressToEncodedURIComponent(JSON.stringify(raw));
  // a valid scenario whose texts are HTML: shown as text, never run
  const htmlScenario = await page.evaluate(() => {
    const sc = window.raftlab.scenario();
    return {
      ...sc,
      title: '<script>window.__pwned = 1</script>',
      tour: [{ at: 0, text: '<img src=x onerror="window.__pwned = 2"> **hi**', question: { prompt: '<iframe src="javascript:alert(1)">', choices: ['<b>x</b>', 'y'], answer: 0 } }],
    };
  });
  const htmlLink = await page.evaluate((sc) => {
    window.raftlab.load(sc);
    return window.raftlab.shareUrl();
  }, htmlScenario);
  const cases: { name: string; hash: string; message: RegExp }[] = [
    { name: 'truncated', hash: hash.slice(0, Math.floor(hash.length / 2)), message: /damaged|incomplete/ },
    { name: 'garbage', hash: '#s=%%%<script>alert(1)</script>', message: /Could not open the shared scenario/ },
    { name: 'unknown-version', hash: s({ v: 99 }), message: /version 99/ },
    { name: 'empty', hash: '#s=', message: /Could not open the shared scenario/ },
  ];
  for (const c of cases) {
    await page.goto('./' + c.hash);
    await expect(page.getByRole('alert').filter({ hasText: 'Could not open' })).toContainText(c.message);
    await expect(page.getByRole('alert').filter({ hasText: 'Could not open' })).toContainText('Showing the default scenario');
    await expect(page.locator('.stage [data-node]')).toHaveCount(5);
    expect(await page.evaluate(() => window.raftlab.scenario().options.nodes.join(','))).toBe('S1,S2,S3,S4,S5');
    const raw = await page.getByTestId('broken-input').inputValue();
    expect(raw).toMatch(/^#?s=/);
    expect(raw.length).toBeGreaterThanOrEqual(2);
    await shot(page, `11-bad-${c.name}`);
  }
  await page.goto(htmlLink.replace(/&t=\d+(&f=[0-9a-f]+)?$/, '&t=0'));
  await expect(page.getByTestId('tour')).toContainText('<script>window.__pwned = 1</script>');
  await expect(page.getByTestId('tour-count')).toHaveText('Step 1 of 1'); // t=0 is the step's time
  await expect(page.getByTestId('tour-text')).toContainText('<img src=x onerror="window.__pwned = 2">');
  await expect(page.getByTestId('tour-text')).toContainText('<iframe src="javascript:alert(1)">');
  await expect(page.locator('.sc-tour img, .sc-tour script, .sc-tour iframe, .sc-tour b')).toHaveCount(0);
  await shot(page, '12-html-in-tour-is-text');
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
});

test('browser back and forward move between loaded scenarios', async ({ page }) => {
  await openLecture(page, 'election');
  const electionTitle = await page.evaluate(() => window.raftlab.scenario().title);
  await openLecture(page, 'figure-7');
  const fig7 = await page.evaluate(() => window.raftlab.scenario().title);
  expect(fig7).not.toBe(electionTitle);
  await page.goBack();
  await expect.poll(() => page.evaluate(() => window.raftlab.scenario().title)).toBe(electionTitle);
  await page.goBack();
  await expect.poll(() => page.evaluate(() => window.raftlab.scenario().title ?? null)).toBeNull();
  await expect(page.getByTestId('tour')).toHaveCount(0);
  await page.goForward();
  await expect.poll(() => page.evaluate(() => window.raftlab.scenario().title)).toBe(electionTitle);
  await page.goForward();
  await expect.poll(() => page.evaluate(() => window.raftlab.scenario().title)).toBe(fig7);
  await expect(page.getByTestId('tour')).toContainText(fig7 ?? '');
});

test('export the scenario, trace, cluster view and space-time diagram; import the file back', async ({ page }) => {
  await openLecture(page, 'replication');
  await page.evaluate(() => window.raftlab.seek(900));
  await page.getByRole('button', { name: 'Share link' }).click();
  const grab = async (testId: string) => {
    const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
    const path = `${SHOTS}/${dl.suggestedFilename()}`;
    await dl.saveAs(path);
    const { readFileSync } = await import('node:fs');
    return { name: dl.suggestedFilename(), path, text: readFileSync(path, testId === 'export-png' ? 'latin1' : 'utf8') };
  };
  const json = await grab('export-scenario');
  expect(json.name).toMatch(/\.json$/);
  expect(JSON.parse(json.text).v).toBe(1);
  const trace = await grab('export-trace');
  const doc = JSON.parse(trace.text) as { format: string; until: number; events: unknown[] };
  expect(doc.format).toBe('raftlab-trace');
  expect(doc.until).toBe(900);
  expect(doc.events.length).toBeGreaterThan(10);
  const inFlight = await page.evaluate(() => window.raftlab.cluster.inFlight().map((m) => m.id));
  expect(inFlight.length).toBeGreaterThan(0);
  const svg = await grab('export-svg');
  expect(svg.text).toMatch(/^<\?xml[^]*<svg[^]*data-node="S1"/);
  expect(svg.text).not.toContain('class=');
  // the messages in flight are in the file as vector shapes, one group each
  for (const id of inFlight) expect(svg.text).toContain(`data-message="${id}"`);
  const png = await grab('export-png');
  expect(png.text.slice(1, 4)).toBe('PNG');
  const st = await grab('export-spacetime');
  expect(st.text).toContain('<svg');
  // open the exported file with the picker: the same scenario and tour
  await page.getByRole('button', { name: 'Close', exact: true }).click();
  await page.evaluate(() => window.raftlab.restart());
  await page.getByRole('button', { name: 'Share link' }).click();
  await page.getByTestId('import-file').setInputFiles(json.path);
  await expect(page.getByTestId('tour')).toBeVisible();
  expect(await page.evaluate(() => window.raftlab.scenario().title)).toBe(JSON.parse(json.text).title);
  await shot(page, '13-imported-file');
});

test('compare side by side: two panes in lockstep, the divergence marked, shared as a link', async ({ page, context, errors }) => {
  // the PreVote lecture, compared with PreVote on, from the stage's Compare button
  await openLecture(page, 'prevote-off');
  await page.getByTestId('compare').click();
  await expect(page.getByRole('dialog', { name: 'Compare side by side' })).toBeVisible();
  await expect(page.getByTestId('compare-preview')).toContainText('A: PreVote off');
  await expect(page.getByTestId('compare-preview')).toContainText('B: PreVote on');
  await page.getByTestId('compare-start').click();
  await expect(page.getByTestId('compare-panes')).toBeVisible();
  await expect(page.locator('.compare-pane')).toHaveCount(2);
  await expect(page.locator('.compare-pane[data-pane="b"] [data-node]')).toHaveCount(5);
  await expect(page.getByTestId('pane-title-a')).toHaveText('PreVote off');
  await expect(page.getByTestId('pane-title-b')).toHaveText('PreVote on');
  // the first divergence is found ahead of the display and marked on the timeline
  await expect(page.getByTestId('divergence-mark')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('diverged-a')).toContainText('became candidate in term 1');
  await expect(page.getByTestId('diverged-b')).toContainText('became precandidate in term 0');

  // seek: both panes show their run at that moment — the lesson of the pair side by side
  await page.evaluate(() => window.raftlab.seek(2300));
  expect(await page.evaluate(() => window.raftlab.comparison()?.now)).toBe(2300);
  await expect(page.locator('.compare-pane[data-pane="a"] [data-node="S1"]')).toHaveAttribute('aria-label', /^S1: follower/);
  await expect(page.locator('.compare-pane[data-pane="b"] [data-node="S1"]')).toHaveAttribute('aria-label', /^S1: leader, term 1/);
  await shot(page, '14-compare');

  // play moves both panes; the clock and pane B agree after pausing
  await page.getByTestId('play').click();
  await page.waitForTimeout(600);
  await page.getByTestId('play').click();
  const [shown, bNow] = await page.evaluate(() => [Math.floor(window.raftlab.displayedTime), window.raftlab.comparison()?.now]);
  expect(shown).toBeGreaterThan(2300);
  expect(bNow).toBe(shown);

  // Share: the link opens the same comparison at the same moment in a new page
  await page.evaluate(() => window.raftlab.seek(2300));
  const url = await page.evaluate(() => window.raftlab.shareUrl());
  expect(await page.evaluate(() => window.raftlab.scenario().compare?.options.features.preVote)).toBe(true);
  const other = await context.newPage();
  watchErrors(other, errors);
  await other.setViewportSize({ width: 1280, height: 720 });
  await other.goto(url);
  await expect(other.getByTestId('compare-panes')).toBeVisible();
  await expect(other.getByTestId('clock')).toHaveText('t = 2.300 s');
  await expect(other.locator('.compare-pane[data-pane="b"] [data-node="S1"]')).toHaveAttribute('aria-label', /^S1: leader, term 1/);
  // clicking the mark jumps both panes there
  await other.getByTestId('divergence-mark').click({ timeout: 20_000 });
  const at = await other.evaluate(() => window.raftlab.comparison()?.divergence?.at);
  expect(at).toBeGreaterThan(0);
  expect(await other.evaluate(() => [window.raftlab.displayedTime, window.raftlab.comparison()?.now])).toEqual([at, at]);
  await expect(other.locator('.compare-pane[data-pane="b"] [data-node="S1"]')).toHaveAttribute('aria-label', /pre-candidate/);
  await shot(other, '15-compare-link-at-divergence');
  await other.close();

  // Exit compare: one stage again, and the link no longer carries a comparison
  await page.getByTestId('exit-compare').click();
  await expect(page.getByTestId('compare-panes')).toHaveCount(0);
  await expect(page.locator('.stage')).toHaveCount(1);
  expect(await page.evaluate(() => window.raftlab.scenario().compare)).toBeUndefined();
});
