// Tours drive the screen instead of covering it (issue 14): the tour is docked beside the stage
// (never over it, the side panel's tabs or the selected server's controls) from 1024×768 to
// 1920×1080 and in an embed at 640×400; a step selects a server, opens a side-panel tab,
// enlarges the logs and scrolls them to its entries; a highlight colour of its own, pulsing;
// clicker keys; a shared tour opens at its start; acting takes the tour off script; the editor
// keeps the app's keys and picks servers by label or Enter; and the small ones.

import type { Locator, Page } from '@playwright/test';
import { expect, test, watchErrors } from './support.ts';

test.beforeEach(() => {
  test.setTimeout(90_000); // several lectures and pages per test, on a busy machine
});

type Box = { x: number; y: number; width: number; height: number };

async function box(l: Locator): Promise<Box> {
  const b = await l.boundingBox();
  if (b === null) throw new Error('not on screen');
  return b;
}

/** Whether two boxes overlap by more than a pixel (borders may touch). */
function overlap(a: Box, b: Box): boolean {
  return a.x + 1 < b.x + b.width && b.x + 1 < a.x + a.width && a.y + 1 < b.y + b.height && b.y + 1 < a.y + a.height;
}

function inside(a: Box, size: { width: number; height: number }): boolean {
  return a.x >= -1 && a.y >= -1 && a.x + a.width <= size.width + 1 && a.y + a.height <= size.height + 1;
}

async function open(page: Page, size: { width: number; height: number }, query = ''): Promise<void> {
  await page.setViewportSize(size);
  await page.goto('./' + query);
  await expect(page.locator('[data-node]').first()).toBeVisible();
  // 1× (first visits start slower): trips to a step take their simulated time, not ten times it
  await page.evaluate(() => window.raftlab.setSpeed(1));
}

async function openLecture(page: Page, id: string): Promise<void> {
  await page.getByTestId('lectures').click();
  await page.locator(`[data-lecture="${id}"]`).click();
  await expect(page.getByTestId('tour')).toBeVisible({ timeout: 15_000 }); // a chunk of its own
}

async function goToStep(page: Page, n: number): Promise<void> {
  await page.getByRole('button', { name: new RegExp(`^Step ${n} at`) }).click();
  await expect(page.getByTestId('tour-count')).toHaveText(new RegExp(`^Step ${n} of`));
}

const count = (page: Page) => page.getByTestId('tour-count');

const SIZES = [
  { width: 1024, height: 768, query: '' },
  { width: 1366, height: 768, query: '' },
  { width: 1920, height: 1080, query: '' },
  { width: 1280, height: 720, query: '?present=1' },
];

for (const size of SIZES) {
  test(`docked at ${size.width}×${size.height}${size.query}: the tour covers neither the stage, the side tabs nor the server's controls`, async ({ page }) => {
    await open(page, size, size.query);
    await openLecture(page, 'figure-8-broken');
    await goToStep(page, 6);
    const tour = await box(page.getByTestId('tour'));
    expect(inside(tour, size), 'the tour is in the window').toBe(true);
    expect(overlap(tour, await box(page.locator('.stage')))).toBe(false);
    const tabs = page.locator('.side [role="tablist"]');
    expect(overlap(tour, await box(tabs))).toBe(false);
    expect(inside(await box(tabs), size)).toBe(true);
    // the last step opens the Safety tab, where the violation the text talks about is
    await expect(page.getByRole('tab', { name: /Safety/ })).toHaveAttribute('aria-selected', 'true');
    await expect(page.locator('.side').getByText('State Machine Safety')).toBeVisible();
    // the tabs take clicks; a selected server's controls are in view, beside the tour
    await page.getByRole('tab', { name: 'Server' }).click();
    await page.keyboard.press('2');
    const crash = page.locator('.side').getByRole('button', { name: 'Crash', exact: true });
    await expect(crash).toBeVisible();
    const crashBox = await box(crash);
    expect(inside(crashBox, size), 'the Crash button is in the window').toBe(true);
    expect(overlap(tour, crashBox)).toBe(false);
    // the text of the step can be read: the panel is not squeezed to its header
    expect((await box(page.getByTestId('tour-text'))).height).toBeGreaterThan(60);
    await page.screenshot({ path: `e2e-artifacts/tours/docked-${size.width}x${size.height}${size.query === '' ? '' : '-present'}.png` });
  });
}

test('in an embed at 640×400 the tour is a column beside the stage, not over it', async ({ page }) => {
  await open(page, { width: 1280, height: 720 });
  await openLecture(page, 'figure-8-broken');
  await goToStep(page, 6);
  const url = await page.evaluate(() => window.raftlab.shareUrl());
  await open(page, { width: 640, height: 400 }, '?embed=1' + url.slice(url.indexOf('#')));
  await expect(page.getByTestId('tour')).toBeVisible();
  const tour = await box(page.getByTestId('tour'));
  const stage = await box(page.locator('.stage'));
  expect(overlap(tour, stage)).toBe(false);
  expect(stage.width).toBeGreaterThan(640 * 0.6);
  expect(inside(tour, { width: 640, height: 400 })).toBe(true);
  await page.screenshot({ path: 'e2e-artifacts/tours/embed-640x400.png' });
});

test('a step shows what its text talks about: a server selected, a side tab, the logs enlarged and scrolled to its entries', async ({ page }) => {
  await open(page, { width: 1366, height: 768 });
  await openLecture(page, 'lab');
  await goToStep(page, 2);
  // "The voters persisted {"term": 1, "voted_for": …}": the step selects 127.0.0.1:8000
  await expect(page.locator('.stage [data-node="127.0.0.1:8000"]')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('tab', { name: 'Server' })).toHaveAttribute('aria-selected', 'true');
  // Figure 8 is about the logs: enlarged while its tour shows them, given back when it closes
  await openLecture(page, 'figure-8-broken');
  await page.getByTestId('tour-next').click();
  await expect(count(page)).toHaveText('Step 1 of 6', { timeout: 20_000 });
  await expect(page.locator('html')).toHaveAttribute('data-logs-large', 'true');
  await page.getByRole('button', { name: 'Close the tour' }).click();
  await expect(page.locator('html')).toHaveAttribute('data-logs-large', 'false');

  // a long log: a step that highlights its second entry scrolls the grid back to it
  await page.evaluate(() => {
    window.raftlab.restart({ seed: 7, nodes: 3, workload: { clients: 3, opsPerSecond: 150 } });
    window.raftlab.seek(4000);
    const s = window.raftlab.scenario();
    const leader = window.raftlab.cluster.leader() ?? 'S1';
    s.tour = [{ at: 4000, text: 'The second entry', highlights: { entries: [{ node: leader, index: 2 }] } }];
    window.raftlab.load(s);
  });
  const leader = await page.evaluate(() => window.raftlab.scenario().tour?.[0].highlights?.entries?.[0].node);
  await goToStep(page, 1);
  expect(Number(await page.getByTestId(`log-row-${leader}`).getAttribute('data-last-index'))).toBeGreaterThan(100);
  const cell = page.locator(`.lg-cell[aria-label^="${leader} entry 2,"]`);
  await expect(cell).toBeVisible();
  const grid = await box(page.getByTestId('log-grid'));
  const c = await box(cell);
  expect(c.x).toBeGreaterThanOrEqual(grid.x);
  expect(c.x + c.width).toBeLessThanOrEqual(grid.x + grid.width);
  await expect(cell).toHaveCSS('outline-style', 'solid');
});

test('the highlight has a colour of its own in every theme, and pulses unless motion is reduced', async ({ page }) => {
  await open(page, { width: 1366, height: 768 });
  await openLecture(page, 'election');
  await goToStep(page, 2);
  const body = page.locator('.stage [data-node="S1"] .body');
  await expect(body).toHaveCSS('stroke', 'rgb(230, 0, 126)');
  await expect(body).toHaveCSS('animation-name', 'tour-pulse-stroke');
  const timer = await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--timer').trim());
  expect(timer).toBe('#e69f00');
  for (const theme of ['dark', 'contrast'] as const) {
    await page.keyboard.press('t');
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
    const [hl, t] = await page.evaluate(() => {
      const css = getComputedStyle(document.documentElement);
      return [css.getPropertyValue('--tour-hl').trim(), css.getPropertyValue('--timer').trim()];
    });
    expect(hl).not.toBe(t);
  }
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await goToStep(page, 5);
  await expect(body).toHaveCSS('animation-name', 'none');
});

test('clickers: PageDown / PageUp step the tour; → / ← too while the tour has focus, not in the log grid or the timeline', async ({ page }) => {
  await open(page, { width: 1366, height: 768 });
  await openLecture(page, 'election');
  await page.keyboard.press('PageDown');
  await expect(count(page)).toHaveText('Step 1 of 7', { timeout: 20_000 });
  await page.keyboard.press('PageDown');
  await expect(count(page)).toHaveText('Step 2 of 7', { timeout: 20_000 });
  await page.keyboard.press('PageUp');
  await expect(count(page)).toHaveText('Step 1 of 7');
  // focus in the tour panel: → is the next step, not one simulation event
  await page.getByTestId('tour-text').click();
  await page.keyboard.press('ArrowRight');
  await expect(count(page)).toHaveText('Step 2 of 7', { timeout: 20_000 });
  await page.keyboard.press('ArrowLeft');
  await expect(count(page)).toHaveText('Step 1 of 7');
  // the timeline keeps its keys: PageDown there moves time back a second (not to a tour step)
  await page.evaluate(() => {
    window.raftlab.pause();
    window.raftlab.seek(1500);
  });
  await page.getByTestId('timeline').focus();
  await page.keyboard.press('PageDown');
  await expect.poll(() => page.evaluate(() => window.raftlab.displayedTime)).toBe(500);
  // the log grid keeps its arrows: → moves between its entries, neither a step nor an event
  await goToStep(page, 6);
  await page.locator('.lg-cell').first().click();
  await page.keyboard.press('ArrowRight');
  await expect(count(page)).toHaveText('Step 6 of 7');
  expect(await page.evaluate(() => window.raftlab.displayedTime)).toBe(400);
});

test('a shared tour opens at its start unless its author chose "Open at this step"', async ({ page, context, errors }) => {
  await open(page, { width: 1366, height: 768 });
  await openLecture(page, 'lab');
  await goToStep(page, 3);
  await page.getByRole('button', { name: 'Share link' }).click();
  const fromStart = await page.getByTestId('share-url').inputValue();
  expect(fromStart).not.toMatch(/&t=/);
  await expect(page.getByTestId('share-opens')).toContainText('at the start');
  await page.getByTestId('share-at-step').check();
  const atStep = await page.getByTestId('share-url').inputValue();
  expect(atStep).toMatch(/&t=600(&|$)/);
  await page.getByRole('button', { name: 'Close', exact: true }).click();

  const other = await context.newPage();
  watchErrors(other, errors);
  await open(other, { width: 1366, height: 768 });
  await other.goto(fromStart);
  await expect(other.getByTestId('tour-count')).toHaveText('8 steps');
  await expect(other.getByTestId('tour-answer')).toHaveCount(0);
  expect(await other.evaluate(() => window.raftlab.displayedTime)).toBe(0);
  await other.goto('about:blank');
  await other.goto(atStep);
  await expect(other.getByTestId('tour-count')).toHaveText('Step 3 of 8');
  await other.close();
});

test('acting during a tour: off script, no narration, one click back to the lecture; no "In the past" note while it plays its script', async ({ page }) => {
  await open(page, { width: 1366, height: 768 });
  await openLecture(page, 'lab');
  const script = await page.evaluate(() => JSON.stringify(window.raftlab.scenario().actions));
  await goToStep(page, 3);
  // at a step of its own script the run is "in the past" (later actions), but that is the tour's plan
  await expect(page.locator('.past-note')).toHaveCount(0);
  await expect(page.getByTestId('tour-highlights')).toHaveCount(1);
  // act: crash a server (a new branch)
  await page.keyboard.press('1');
  await page.keyboard.press('c');
  await expect(page.getByTestId('tour-off-script')).toBeVisible();
  await expect(page.getByTestId('tour-off-script')).toContainText('Off script');
  await expect(page.getByTestId('tour-next')).toBeDisabled();
  await expect(page.getByTestId('tour-highlights')).toHaveCount(0);
  await expect(page.getByTestId('tour-text').locator('details')).not.toHaveAttribute('open', '');
  await page.getByTestId('tour-back-to-script').click();
  await expect(page.getByTestId('tour-off-script')).toHaveCount(0);
  expect(await page.evaluate(() => JSON.stringify(window.raftlab.scenario().actions))).toBe(script);
  await expect(count(page)).toHaveText('Step 3 of 8');
  expect(await page.evaluate(() => window.raftlab.displayedTime)).toBe(600);
  await expect(page.getByTestId('tour-next')).toBeEnabled();
});

test('tour editor: the app keys work, Pick on screen takes a server label and Enter; the question is in view at 1366×768, the legend uncovered', async ({ page }) => {
  await open(page, { width: 1366, height: 768 });
  await page.evaluate(() => {
    window.raftlab.pause();
    window.raftlab.seek(600);
  });
  await page.getByTestId('edit-tour').click();
  await expect(page.getByTestId('tour-editor')).toBeVisible();
  await page.getByTestId('add-step').click();
  // app shortcuts while the editor is open (focus in it, not in a text field)
  await page.getByTestId('pick-on-screen').focus();
  await page.getByTestId('pick-on-screen').blur();
  await page.keyboard.press('3');
  await expect(page.locator('.stage [data-node="S3"]')).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('g');
  await expect(page.getByRole('dialog', { name: /Legend/ })).toBeVisible();
  await page.keyboard.press('Escape');
  // the question's prompt is reachable without scrolling, and the log legend is not covered
  const editor = await box(page.getByTestId('tour-editor'));
  const prompt = await box(page.getByTestId('question-prompt'));
  expect(prompt.y + prompt.height).toBeLessThanOrEqual(editor.y + editor.height);
  expect(inside(prompt, { width: 1366, height: 768 })).toBe(true);
  expect(overlap(editor, await box(page.locator('.lg-legend')))).toBe(false);
  expect(overlap(editor, await box(page.locator('.stage')))).toBe(false);
  // Pick on screen: a click on a server's name label picks it
  await page.getByTestId('pick-on-screen').click();
  const servers = page.getByRole('group', { name: 'Servers to highlight' });
  await page.locator('.stage [data-node="S1"] text.name').click();
  await expect(servers.getByRole('checkbox', { name: 'S1' })).toBeChecked();
  // … and Enter on a focused server
  await page.locator('.stage [data-node="S2"]').focus();
  await page.keyboard.press('Enter');
  await expect(servers.getByRole('checkbox', { name: 'S2' })).toBeChecked();
  await page.screenshot({ path: 'e2e-artifacts/tours/editor-1366x768.png' });
});

test('small ones: one "Show tour" button, the whole title, document.title, Next reveals a last question, "1 step", no draft offer over a link, times', async ({ page, context, errors }) => {
  await open(page, { width: 1366, height: 768 });
  await openLecture(page, 'figure-8-broken');
  const title = await page.evaluate(() => window.raftlab.scenario().title ?? '');
  await expect(page.locator('.sc-tour-title')).toHaveText(title);
  const t = await box(page.locator('.sc-tour-title'));
  expect(t.height, 'the title wraps instead of being cut').toBeGreaterThan(25);
  expect(await page.title()).toBe(`${title} · raftlab`);
  await goToStep(page, 6);
  await expect(page.locator('.sc-tour-at')).toHaveText('at 2.335 s');
  await page.getByRole('button', { name: 'Close the tour' }).click();
  await expect(page.getByRole('button', { name: /tour/i })).toHaveCount(2); // Show tour, Edit tour
  await expect(page.getByRole('button', { name: 'Show tour' })).toHaveCount(1);
  await expect(page.getByRole('button', { name: 'Edit tour' })).toHaveCount(1);
  await expect(page.getByRole('button', { name: 'Tour', exact: true })).toHaveCount(0);
  await page.getByRole('button', { name: 'Show tour' }).click();
  await expect(page.getByTestId('tour')).toBeVisible();

  // a one-step tour whose question is on its last step: "1 step", and Next reveals the answer
  await page.evaluate(() => {
    window.raftlab.restart({ seed: 2, nodes: 3 });
    const s = window.raftlab.scenario();
    s.title = 'One question';
    s.tour = [{ at: 1000, text: 'One second in.', question: { prompt: 'Is there a leader?', choices: ['Yes', 'No'], answer: 0 } }];
    window.raftlab.load(s);
  });
  await expect(count(page)).toHaveText('1 step');
  expect(await page.title()).toBe('One question · raftlab');
  await page.getByTestId('tour-next').click();
  await expect(count(page)).toHaveText('Step 1 of 1', { timeout: 20_000 });
  await expect(page.locator('.sc-tour-at')).toHaveText('at 1 s');
  await expect(page.getByTestId('tour-answer')).toHaveCount(0);
  await expect(page.getByTestId('tour-next')).toBeEnabled();
  await page.getByTestId('tour-next').click();
  await expect(page.getByTestId('tour-answer')).toContainText('Answer: Yes');
  await expect(page.getByTestId('tour-next')).toBeDisabled();
  const link = await page.evaluate(() => window.raftlab.shareUrl());

  // a draft kept from an earlier visit is not offered over a shared link
  await page.evaluate((draft) => localStorage.setItem('raftlab.tourDraft', draft), JSON.stringify({ scenario: await page.evaluate(() => window.raftlab.scenario()), savedAt: 1 }));
  const other = await context.newPage();
  watchErrors(other, errors);
  await open(other, { width: 1366, height: 768 });
  await expect(other.getByTestId('draft-offer')).toBeVisible(); // the plain page offers it …
  await other.goto(link); // … a link pasted into the same tab replaces it
  await expect(other.getByTestId('tour')).toBeVisible();
  await expect(other.getByTestId('draft-offer')).toHaveCount(0);
  await other.goto('about:blank');
  await other.goto(link); // and a link opened fresh never shows it
  await expect(other.getByTestId('tour')).toBeVisible();
  await expect(other.getByTestId('draft-offer')).toHaveCount(0);
  await other.close();
});
